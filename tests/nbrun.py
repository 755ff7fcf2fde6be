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
    """The error line a user sees when the notebook fails with ``parameters``."""
    try:
        run(name, tmp_path, **parameters)
    except papermill.PapermillExecutionError as exc:
        return f"{exc.ename}: {exc.evalue}"
    raise AssertionError(f"{name} ran without error for {parameters}")
