"""The scaffold, as a newcomer uses it: `make new-notebook` and `make new-table` in a clone of the project, then
the fast tier and a render there. A file of its own: it is long, and the parallel run balances files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.render
def test_the_scaffold_makes_a_notebook_and_a_table_that_pass_the_fast_tests(tmp_path):
    """`make new-notebook` and `make new-table` in a clone: the notebook, its page, tests, report entry and README
    row; the table, its resource and its codebook entry, with a row citing a source the fixtures lack; then the
    fast tier passes there as it is, and the new report renders."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    for path in subprocess.run(["git", "ls-files", "-m", "-o", "--exclude-standard", "src", "tests", "Makefile",
                                "README.md", "reports/reports.toml", "notebooks"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.split():
        (clone / path).parent.mkdir(parents=True, exist_ok=True)  # what is not committed yet counts too
        (clone / path).write_bytes((ROOT / path).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")} | {"PYTHONPATH": str(clone / "src")}
    make = subprocess.run(["make", "new-notebook", "NAME=strike_log", "TITLE=Strike log: events by category",
                           f"PY={sys.executable}", "STAMP="], cwd=clone, capture_output=True, text=True, env=env,
                          timeout=120)
    assert make.returncode == 0, make.stdout + make.stderr
    number = 1 + max(int(n.name[:2]) for n in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert f"created: notebooks/{number:02d}-strike-log.ipynb" in make.stdout  # the next free number
    assert (clone / "src" / "helpers" / "pages" / "strike_log.py").exists()
    assert 'name = "strike-log"' in (clone / "reports" / "reports.toml").read_text(encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "helpers.scaffold", "notebook", "strike_log", "--title", "x"],
                           cwd=clone, capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 2 and "exists: nothing was created" in again.stderr
    # a table too, with one row citing a source the test fixtures do not hold: nothing to copy by hand
    table = subprocess.run(["make", "new-table", "NAME=intercept_claims", "TITLE=Interception claims",
                            f"PY={sys.executable}", "STAMP="], cwd=clone, capture_output=True, text=True, env=env,
                           timeout=120)
    assert table.returncode == 0, table.stdout + table.stderr
    assert "created: data/intercept_claims.csv" in table.stdout
    fixture_sources = (ROOT / "tests" / "fixtures" / "valid" / "sources.csv").read_text(encoding="utf-8")
    cited = next(line.split(",")[0] for line in (ROOT / "data" / "sources.csv").read_text(encoding="utf-8")
                 .splitlines()[1:] if line.split(",")[0] not in fixture_sources)
    with (clone / "data" / "intercept_claims.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"ic-1,2024-01-02,{cited},\n")
    assert "### `data/intercept_claims.csv`" in (clone / "README.md").read_text(encoding="utf-8")  # the codebook
    valid = subprocess.run([sys.executable, "-m", "helpers.checks"], cwd=clone, capture_output=True, text=True,
                           env=env, timeout=120)
    assert valid.returncode == 0 and "1 intercept_claims" in valid.stdout, valid.stdout
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    fast = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                           "-m", "not kernel and not render and not browser"], cwd=clone, capture_output=True,
                          text=True, env=env, timeout=600)
    assert fast.returncode == 0, fast.stdout[-3000:]
    assert "passed" in fast.stdout.splitlines()[-1]
    out = tmp_path / "out"
    render = subprocess.run([sys.executable, "-m", "helpers.render", "strike-log", "--out", str(out)], cwd=clone,
                            capture_output=True, text=True, env=env, timeout=300)
    assert render.returncode == 0, render.stdout + render.stderr
    assert "events recorded from 1 Sep 2023 to 31 Dec 2025" in (out / "strike-log.html").read_text(encoding="utf-8")
