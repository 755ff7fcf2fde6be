"""The house rules a new user relies on: pins agree, notebooks carry no outputs, lint is clean,
the README's codebook matches the schema, and CI runs the README's test command."""

from __future__ import annotations

import json
import re
import subprocess
import sys

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


def test_notebooks_are_committed_without_outputs_and_have_a_parameters_cell():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text())
        dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
        assert dirty == [], f"{path.name}: cells {dirty} carry outputs; run nbstripout"
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"


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
