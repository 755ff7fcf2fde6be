"""What made a report: fingerprints of every input, the git state, and the provenance block.

The report fingerprint changes whenever anything that shapes the page changes: the dataset
(wherever it was read from), the notebook, the ``helpers`` package and its templates, the suite
entry (title, description, parameters), the versions of the packages that execute and export the
notebook, and the bytes of every external file a parameter names. Paths never enter it: the same
table copied to another folder gives the same fingerprint, and a different table under the same
name does not.
"""

from __future__ import annotations

import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from helpers.paths import PROJECT_ROOT
from helpers.render import fingerprint
from helpers.render.jobs import Job
from helpers.render.notebook_content import content_fingerprint

# Packages whose versions shape a page: they run the notebook, draw its figures, or write its HTML.
PACKAGES = ["pandas", "numpy", "matplotlib", "nbconvert", "nbclient", "nbformat", "papermill", "ipykernel",
            "jinja2", "mistune", "pillow"]
# What a report is made from in the repository (for the commit and the uncommitted-changes flag).
INPUTS = ["data", "notebooks", "src", "reports/reports.toml", "pyproject.toml", "constraints.txt"]


def package_versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return f"python {platform.python_version()}; " + "; ".join(found)


def _versions_key() -> str:
    """The versions that enter the fingerprint: packages, and Python's minor version only."""
    major_minor = ".".join(platform.python_version_tuple()[:2])
    return fingerprint.text_fingerprint(f"python {major_minor}; " + package_versions().split("; ", 1)[1])


def fingerprints(job: Job, versions: str | None = None) -> dict[str, str]:
    """The fingerprint of each input of ``job`` and, under ``report``, of them all together."""
    parameters = {k: (f"file sha-256 {job.external[k].sha256}" if k in job.external else v)
                  for k, v in job.parameters.items()}
    parts = {
        "data": data_part(job),
        "notebook": content_fingerprint(job.spec.notebook),
        "code": fingerprint.code_fingerprint(),
        "parameters": fingerprint.parameters_fingerprint(parameters, job.spec.title, job.spec.description),
        "packages": versions or _versions_key(),
    }
    if job.external:
        parts["external"] = fingerprint.text_fingerprint(
            ";".join(f"{k}={f.sha256}" for k, f in sorted(job.external.items())))
    parts["report"] = fingerprint.combined(parts)
    return parts


# Notebooks whose reports read only part of the dataset: the rows they read make their data fingerprint, so a
# change elsewhere in data/ leaves them current (an attack card reads its day's rows; helpers.pages.attack).
SCOPED_NOTEBOOKS = {"07-attack.ipynb": "attack"}


def data_part(job: Job) -> str:
    """The data fingerprint of ``job``: every file of its dataset folder, or for a scoped notebook the rows it
    reads (``SCOPED_NOTEBOOKS``)."""
    return scoped_data(job.spec.notebook, job.parameters, job.data_folder)


def scoped_data(notebook: Path, parameters: dict, folder: Path) -> str:
    parameter = SCOPED_NOTEBOOKS.get(Path(notebook).name)
    if parameter is not None and parameter in parameters:
        from helpers.pages.attack import input_rows

        return "scoped:" + fingerprint.text_fingerprint(input_rows(folder, parameters[parameter]))
    return fingerprint.data_fingerprint(folder)


def local_fingerprints(notebook: Path, parameters: dict | None = None) -> dict[str, str]:
    """The inputs of a suite report that can be fingerprinted without its external file: the dataset, the
    notebook, the code and the package versions (for a report whose table is not on this machine)."""
    from helpers.paths import data_dir

    return {"data": scoped_data(notebook, parameters or {}, data_dir()), "notebook": content_fingerprint(notebook),
            "code": fingerprint.code_fingerprint(), "packages": _versions_key()}


def recorded_inputs(parts: dict[str, str]) -> dict[str, str]:
    """What a page stores of its inputs: each input's fingerprint and the package versions, so that a
    later check can say which input changed."""
    return {k: v for k, v in parts.items() if k != "report"} | {"versions": package_versions()}


# What each input is, in the words of a stale line.
INPUT_NAMES = {
    "data": "the dataset",
    "notebook": "the notebook",
    "code": "the code (src/helpers)",
    "parameters": "the suite entry (reports/reports.toml: parameters, title or description)",
    "packages": "package versions",
    "external": "the public table's file",
}


def what_changed(recorded: dict[str, str], now: dict[str, str], notebook: str = "") -> list[str]:
    """The inputs whose fingerprints differ between a page's ``recorded`` inputs and ``now``, in words."""
    changed = []
    for key, name in INPUT_NAMES.items():
        if recorded.get(key) == now.get(key):
            continue
        if key == "notebook" and notebook:
            name += f" ({notebook})"
        if key == "packages":
            before = dict(v.rsplit(" ", 1) for v in recorded.get("versions", "").split("; ") if " " in v)
            after = dict(v.rsplit(" ", 1) for v in package_versions().split("; ") if " " in v)
            moved = [f"{k} {before[k]} -> {after[k]}" for k in after if k in before and before[k] != after[k]]
            name += f" ({', '.join(moved)})" if moved else ""
        if key == "external" and not recorded.get(key):
            name = "a public table file it did not read before"
        changed.append(name)
    return changed


def git_state() -> str:
    """The last commit that changed the inputs of a report, and whether they have changed since."""
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", *INPUTS], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *INPUTS], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    if not commit:
        return "no commit yet"
    return commit + (" with uncommitted changes to the inputs" if dirty else " (inputs unchanged since)")


def provenance(job: Job, parts: dict[str, str], git: str) -> dict[str, str]:
    """The provenance block of a page: every input named, every fingerprint, the reproduce command."""
    notebook = job.spec.notebook
    try:
        notebook_shown = notebook.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        notebook_shown = notebook.name + " (outside the project)"
    if job.data_from_env:
        dataset = (f"a copy given by STRIKE_LEDGER_DATA (folder '{job.data_folder.name}'), not this project's "
                   f"data/; fingerprint {parts['data']}")
        git += "; the dataset did not come from this commit"
    else:
        dataset = f"data/ of this project; fingerprint {parts['data']}"
    block = {
        "Notebook": f"{notebook_shown}; fingerprint {parts['notebook']}",
        "Parameters": "; ".join(f"{k} = {v!r}" for k, v in job.shown_parameters().items()),
        "Dataset": dataset + (" (sha-256 of the rows this page reads: its day's events, sources, strikes and claims, "
                              "and the tables every card reads whole; first 16 hex digits)"
                              if parts["data"].startswith("scoped:") else
                              " (sha-256 of every file, first 16 hex digits)"),
    }
    if job.external:
        block["External files"] = "; ".join(f.describe() for _, f in sorted(job.external.items()))
    block |= {
        "Code fingerprint": parts["code"] + " (src/helpers, templates included)",
        "Packages": package_versions() + f"; fingerprint {parts['packages']}",
        "Report fingerprint": parts["report"],
        "Git commit": git,
        "Reproduce with": job.command(),
    }
    return block
