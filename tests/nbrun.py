"""Running a notebook for real: papermill, a fresh kernel, the project's data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
from conftest import ROOT

from helpers.notebook import read_records

NOTEBOOKS = ROOT / "notebooks"


def run(name: str, tmp_path: Path, cwd: Path | None = None, **parameters) -> dict:
    """Execute ``notebooks/<name>.ipynb`` with ``parameters``; return what it recorded."""
    out = tmp_path / f"{name}-{len(list(tmp_path.glob('*.ipynb')))}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=parameters,
                               kernel_name="python3", progress_bar=False, cwd=str(cwd or tmp_path))
    return read_records(nbformat.read(out, as_version=4))


def error_of(name: str, tmp_path: Path, **parameters) -> str:
    """The error line a user sees when the notebook fails with ``parameters``, found in this process: the
    notebook's own code cells run in order, ``parameters`` set after its parameters cell as papermill injects
    them, up to the first error (``ExceptionName: message``, as papermill reports it). No kernel starts, so a
    bad-parameter check costs milliseconds; ``error_in_kernel`` runs the same through papermill."""
    import os

    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    namespace: dict = {"__name__": "__main__"}
    here = os.getcwd()
    os.chdir(tmp_path)  # as papermill runs it (cwd=tmp_path)
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            try:
                exec(compile(cell.source, f"{name}.ipynb", "exec"), namespace)  # noqa: S102 (the notebook's code)
            except Exception as exc:  # noqa: BLE001 (any error is what the user would see)
                return f"{type(exc).__name__}: {exc}"
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(parameters)
    finally:
        os.chdir(here)
        import matplotlib.pyplot as plt

        plt.close("all")
    raise AssertionError(f"{name} ran without error for {parameters}")


def error_in_kernel(name: str, tmp_path: Path, **parameters) -> str:
    """The error line a user sees when the notebook fails with ``parameters``, from a real kernel (papermill)."""
    try:
        run(name, tmp_path, **parameters)
    except papermill.PapermillExecutionError as exc:
        return f"{exc.ename}: {exc.evalue}"
    raise AssertionError(f"{name} ran without error for {parameters}")
