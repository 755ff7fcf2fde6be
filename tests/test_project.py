"""The house rules a new user relies on: pins agree, notebooks carry no outputs, lint is clean,
the README's codebook matches the schema, and CI runs the README's test command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from helpers import codebook
from helpers.data.schema import read_package

# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_environment_yml_pins_the_same_versions_as_constraints():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = _pins()
    conda = [d for d in env["dependencies"] if isinstance(d, str) and "=" in d]
    mismatches = []
    for dep in conda:
        name, version = dep.split("=", 1)
        if name == "python":
            continue
        pypi = re.sub(r"[-_.]+", "-", CONDA_TO_PYPI.get(name, name)).lower()
        if pins.get(pypi) != version:
            mismatches.append(f"{name}: environment.yml {version}, constraints.txt {pins.get(pypi)}")
    assert mismatches == []
    # every direct dependency of the project is in both files
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["dev"]
    conda_names = {re.sub(r"[-_.]+", "-", CONDA_TO_PYPI.get(d.split("=")[0], d.split("=")[0])).lower()
                   for d in conda}
    for dep in direct:
        key = re.sub(r"[-_.]+", "-", dep).lower()
        assert key in pins, f"{dep} is not pinned in constraints.txt"
        assert key in conda_names, f"{dep} is missing from environment.yml"
    # every package whose version enters a report's fingerprint: a conda user's pages are not stale
    from helpers.render.provenance import PACKAGES

    for name in PACKAGES:
        assert re.sub(r"[-_.]+", "-", name).lower() in conda_names, f"{name} is not pinned in environment.yml"


def test_pre_commit_hooks_pin_the_constrained_versions():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    pins = _pins()
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            assert hook["language"] != "system", f"{hook['id']}: a system hook needs its tool on PATH"
            for dep in hook.get("additional_dependencies", []):
                name, version = dep.split("==")
                assert pins.get(name.lower()) == version, f"{hook['id']}: {dep}, constraints.txt {pins.get(name)}"


def _stored_notebooks() -> dict[str, bytes]:
    """Each notebook as git stores it (the index, what the next commit holds); a notebook git does not
    track yet, or a folder that is not a git checkout, as the file reads."""
    files = {p.name: p.read_bytes() for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    listed = subprocess.run(["git", "ls-files", "-s", "--", "notebooks/*.ipynb"], cwd=ROOT, capture_output=True,
                            text=True)
    if listed.returncode != 0:
        return files
    for line in listed.stdout.splitlines():
        meta, path = line.split("\t", 1)
        blob = meta.split()[1]
        files[path.rsplit("/", 1)[-1]] = subprocess.run(["git", "cat-file", "blob", blob], cwd=ROOT,
                                                         capture_output=True, check=True).stdout
    return files


def test_notebooks_are_stored_without_outputs_and_have_a_parameters_cell():
    stored = _stored_notebooks()
    assert stored
    for name, data in stored.items():
        nb = json.loads(data)
        dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
        assert dirty == [], (f"{name}: cells {dirty} carry outputs in git; run `make notebook-filter` (nbstripout "
                             f"as a git filter), then `git add notebooks/{name}`")
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{name}: needs exactly one cell tagged 'parameters'"


def nb_extra_keys() -> str:
    """The extra keys the project's nbstripout filter strips (``NB_EXTRA_KEYS`` in the Makefile)."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    return " ".join(re.search(r"^NB_EXTRA_KEYS := (.*)$", text, re.M).group(1).split())


def test_committed_notebooks_are_already_in_the_git_filters_form(tmp_path):
    """nbstripout, run as the filter runs it, changes no byte of a notebook as git stores it: a clean
    tree stays clean after `make notebook-filter`, and stripping by hand gives the stored file. (The
    working files may carry outputs from JupyterLab; what git stores is what is checked.)"""
    stored = _stored_notebooks()
    for name, data in stored.items():
        (tmp_path / name).write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "nbstripout", "--extra-keys", nb_extra_keys(),
                          *sorted(str(tmp_path / name) for name in stored)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    changed = [name for name, data in stored.items() if (tmp_path / name).read_bytes() != data]
    assert changed == []


def save_as_jupyterlab_would(source: Path, target: Path) -> None:
    """Open ``source``, run every cell and save, as JupyterLab does: outputs and counts, the kernel's
    language_info, cell metadata it adds, written by nbformat (sources as lists of lines)."""
    import nbformat

    nb = nbformat.read(source, as_version=nbformat.NO_CONVERT)
    for number, cell in enumerate(nb.cells, start=1):
        cell.metadata["jupyter"] = {"source_hidden": False}
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran\n"),
                            nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})]
            cell.metadata["execution"] = {"iopub.execute_input": "2026-12-07T10:00:00.000000Z"}
            cell.metadata["scrolled"] = True
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": "3.11.7"}
    nbformat.write(nb, target)


@pytest.mark.kernel
def test_a_notebook_saved_in_jupyterlab_changes_no_fingerprint_and_git_stores_it_clean(tmp_path):
    from helpers.render.notebook_content import canonicalise, content_fingerprint

    repo = tmp_path / "clone"
    (repo / "notebooks").mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(path, repo / "notebooks" / path.name)
    made = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(repo), "notebook-filter",
                           f"PY={sys.executable}"], capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    subprocess.run([*git, "add", "notebooks"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "notebooks"], cwd=repo, check=True)

    for path in sorted((repo / "notebooks").glob("*.ipynb")):
        committed = ROOT / "notebooks" / path.name
        save_as_jupyterlab_would(committed, path)
        assert any(c.get("outputs") for c in json.loads(path.read_bytes())["cells"])  # the working file keeps them
        assert content_fingerprint(path) == content_fingerprint(committed), path.name
        import nbformat

        opened, original = nbformat.read(path, as_version=4), nbformat.read(committed, as_version=4)
        canonicalise(opened)
        canonicalise(original)
        assert opened == original, f"{path.name}: the kernel would run another notebook"

    diff = subprocess.run(["git", "diff", "--stat"], cwd=repo, capture_output=True, text=True, check=True)
    assert diff.stdout == "", "git sees a change where JupyterLab only saved outputs"
    subprocess.run([*git, "add", "notebooks"], cwd=repo, check=True)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == "", "saving in JupyterLab left something to commit"
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        stored = subprocess.run(["git", "show", f":notebooks/{path.name}"], cwd=repo, capture_output=True,
                                check=True).stdout
        assert stored == path.read_bytes(), f"{path.name}: git would store another file"


@pytest.mark.uses_table
def test_suite_fingerprints_ignore_how_a_notebook_was_saved(tmp_path):
    """Every suite report keeps its fingerprint when its notebook comes back from JupyterLab."""
    import dataclasses

    from helpers.render.jobs import MissingExternal, suite_job
    from helpers.render.provenance import fingerprints
    from helpers.render.suite import load_suite

    checked, skipped = 0, 0
    for spec in load_suite():
        try:
            job = suite_job(spec)
        except MissingExternal:
            skipped += 1
            continue
        saved = tmp_path / spec.notebook.name
        save_as_jupyterlab_would(spec.notebook, saved)
        moved = dataclasses.replace(job, spec=dataclasses.replace(spec, notebook=saved))
        assert fingerprints(moved)["report"] == fingerprints(job)["report"], spec.name
        checked += 1
    from conftest import HAVE_TABLE

    # every report is checked; without the public table, only those built on it are skipped
    assert skipped == (0 if HAVE_TABLE else sum(1 for s in load_suite() if s.external))
    assert checked + skipped == len(load_suite()) and checked >= 3


def test_ruff_is_clean():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "notebooks"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_readme_codebook_is_generated_from_the_datapackage():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = codebook.splice(readme, codebook.render(read_package(ROOT / "data")))
    assert readme == expected, "README codebook is out of date: run `make codebook`"


def test_codebook_names_every_field_of_every_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for resource in read_package(ROOT / "data").resources:
        assert f"### `data/{resource.path}`" in readme
        for field in resource.fields:
            assert f"| `{field.name}` |" in readme


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make reports" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def _plain_env() -> dict:
    """The environment of a new shell: no virtual environment active, only the system's folders on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    return env


@pytest.mark.kernel
def test_the_readmes_papermill_example_runs_as_written_after_activation(tmp_path):
    venv = ROOT / ".venv"
    if not (venv / "bin" / "activate").exists():
        pytest.skip("no .venv here (an ENV=active environment): the README's activation line does not apply")
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(source \.venv/bin/activate\n.*?)```", readme, re.S).group(1)
    assert "papermill notebooks/" in block
    (tmp_path / ".venv").symlink_to(venv)
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=_plain_env(),
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads((tmp_path / "out.ipynb").read_text())["cells"]


@pytest.mark.kernel
def test_make_lab_starts_jupyterlab_as_root_with_lab_args(tmp_path):
    """`make lab` as a container's root: --allow-root is added, LAB_ARGS reach the server, and it serves."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token= --ServerApp.open_browser=False"
    dry = subprocess.run(["make", "-n", "lab", f"LAB_ARGS={args}"], cwd=ROOT, capture_output=True, text=True)
    assert f"--port={port}" in dry.stdout
    assert ("--allow-root" in dry.stdout) == (os.getuid() == 0)
    env = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
                        "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline, body = time.monotonic() + 120, ""
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/01-timeline.ipynb", timeout=5) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert lab.poll() is None, lab.stdout.read()[-2000:]
        assert json.loads(body)["name"] == "01-timeline.ipynb"  # it serves the project's notebooks folder
    finally:
        os.killpg(lab.pid, 15)
        lab.wait(timeout=60)
