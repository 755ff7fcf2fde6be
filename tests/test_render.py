"""Rendering: the bad-input catalog, reproducibility, offline HTML, and committed reports up to date.

Every bad-input case runs the real command line and asserts the message a user sees and that a
previous good report in the output folder is left byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import HAVE_TABLE, ROOT

from helpers.render import contract
from helpers.render.html import read_fingerprint
from helpers.render.index import write_index
from helpers.render.stale import stale_reports
from helpers.render.suite import load_suite

pytestmark = pytest.mark.render  # the slow tier: `make test-fast` leaves it out

GOOD = "<html>previous good report</html>\n"


def render(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.render", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("claims-check", "adhoc"):
        (folder / f"{name}.html").write_text(GOOD)
    return folder


def untouched(out: Path) -> bool:
    return all((out / f"{n}.html").read_text() == GOOD for n in ("claims-check", "adhoc"))


def _notebook(tmp_path: Path, source: str | None) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Test", "id": "a"}]
    if source is not None:
        cells.append({"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": source,
                      "outputs": [], "execution_count": None, "id": "b"})
    cells.append({"cell_type": "code", "metadata": {}, "source": "print(code)", "outputs": [],
                  "execution_count": None, "id": "c"})
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "probe.ipynb"
    path.write_text(json.dumps(nb))
    return path


VOLUME = "notebooks/02-attack-volume.ipynb"

PRE_KERNEL_CASES = {
    "unknown-report": (["no-such-report"],  # the suite's names, in its order (a new report needs no edit here)
                       "error: unknown report 'no-such-report'; the suite has: "
                       + ", ".join(spec.name for spec in load_suite())),
    "unknown-parameter": (["--notebook", VOLUME, "-p", "colour=red", "--name", "adhoc"],
                          "error: parameter 'colour' is not declared by 02-attack-volume.ipynb; allowed: "
                          "start_date (a date YYYY-MM-DD, default '2023-12-29'); end_date (a date YYYY-MM-DD, "
                          "default '2024-01-08'); frequency (text, default 'D'); weapon_classes (a list, default "
                          "[]); origins (a list, default []); top_n (a whole number, default 10); "
                          "strikes_source (text, default 'curated'); compare_path (text, default '')"),
    "bad-type": (["--notebook", VOLUME, "-p", "top_n=ten", "--name", "adhoc"],
                 "error: parameter top_n = 'ten' is not a whole number (default 10)"),
    "bad-date": (["--notebook", VOLUME, "-p", "start_date=2024-02-30", "--name", "adhoc"],
                 "error: parameter start_date = '2024-02-30' is not a date written YYYY-MM-DD"),
    "end-before-start": (["--notebook", VOLUME, "-p", "start_date=2024-01-08", "-p", "end_date=2024-01-01",
                          "--name", "adhoc"],
                         "error: parameter end_date = '2024-01-01' is before start_date = '2024-01-08'; "
                         "end_date must be on or after start_date"),
    "missing-notebook": (["--notebook", "notebooks/99-nothing.ipynb", "--name", "adhoc"],
                         f"error: notebook {ROOT / 'notebooks/99-nothing.ipynb'} does not exist"),
    "not-name-value": (["--notebook", VOLUME, "-p", "frequency", "--name", "adhoc"],
                       "error: -p 'frequency': write parameters as NAME=VALUE"),
}


@pytest.mark.parametrize("case", PRE_KERNEL_CASES, ids=list(PRE_KERNEL_CASES))
def test_bad_input_is_refused_before_any_kernel(case, out):
    args, message = PRE_KERNEL_CASES[case]
    run = render(*args, "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.strip() == message
    assert run.stdout == ""
    assert untouched(out)


def test_notebook_without_parameters_cell(tmp_path, out):
    nb = _notebook(tmp_path, None)
    run = render("--notebook", str(nb), "--name", "adhoc", "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.strip() == ("error: notebook probe.ipynb has no cell tagged 'parameters'; "
                                  "tag the cell that declares its parameters")
    assert untouched(out)


def test_malformed_suite_file(tmp_path, out):
    suite = tmp_path / "reports.toml"
    suite.write_text('[[report]]\nname = "x"\nnotebook = "notebooks/01-timeline.ipynb\n')
    run = render("--suite", str(suite), "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.startswith("error: reports.toml: not valid TOML: ")
    assert "line 3" in run.stderr
    suite.write_text('[[report]]\nname = "x"\nnotebook = "notebooks/01-timeline.ipynb"\n')
    run = render("--suite", str(suite), "--out", str(out))
    assert run.stderr.strip() == "error: reports.toml, report 1: missing or not text: title, description"
    assert untouched(out)


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = render("claims-check", "--out", str(blocker / "reports"))
    assert run.returncode == 2
    assert run.stderr.strip() == f"error: output folder {blocker / 'reports'} is not writable (Not a directory)"


def test_kernel_error_keeps_the_good_report_and_the_failed_notebook(out):
    failed = ROOT / "build" / "failed" / "adhoc.ipynb"
    failed.unlink(missing_ok=True)
    run = render("--notebook", VOLUME, "-p", "frequency=Q", "--name", "adhoc", "--out", str(out))
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert re.fullmatch(r"\[1/1\] adhoc: FAILED: cell 3: ParameterError: parameter 'frequency' = 'Q' is not "
                        r"allowed: one of 'D', 'W', 'M' \(\d+\.\d s\)", lines[0])
    assert re.fullmatch(r"rendered 0 of 1 report\(s\) in \d+\.\d s; failed: adhoc "
                        r"\(executed notebook kept in build/failed/adhoc\.ipynb\)", lines[-1])
    assert "Traceback" not in run.stdout + run.stderr
    assert untouched(out)
    assert failed.exists() and "ParameterError" in failed.read_text()
    assert not list(out.glob(".*.tmp"))


def test_one_failure_does_not_stop_the_others(tmp_path):
    suite = tmp_path / "reports.toml"
    suite.write_text(
        '[[report]]\nname = "bad"\nnotebook = "notebooks/04-claims-check.ipynb"\ntitle = "Bad"\n'
        'description = "a verdict that does not exist"\n[report.parameters]\nverdicts = ["maybe"]\n\n'
        '[[report]]\nname = "good"\nnotebook = "notebooks/04-claims-check.ipynb"\ntitle = "Good"\n'
        'description = "all claims"\n')
    out = tmp_path / "out"
    run = render("--suite", str(suite), "--out", str(out))
    assert run.returncode == 1
    assert "[1/2] bad: FAILED: cell 3: ParameterError: parameter 'verdicts' = 'maybe' is not allowed" in run.stdout
    assert re.search(r"^\[2/2\] good: ok \(\d+\.\d s\): (.+)$", run.stdout, re.M).group(1) == str(out / "good.html")
    assert (out / "good.html").exists() and not (out / "bad.html").exists()


def test_text_values_keep_leading_zeros_and_are_typed_by_declaration(tmp_path):
    nb = _notebook(tmp_path, 'code: str = "0001"  # a code\nn: int = 1  # a count\nitems: list = []  # a list\n'
                             'flag: bool = False  # a switch')
    typed = contract.check(nb, {"code": "0123", "n": "7", "items": "a, b", "flag": "true"}, as_text=True)
    assert typed == {"code": "0123", "n": 7, "items": ["a", "b"], "flag": True}
    with pytest.raises(contract.ContractError, match=r"parameter n = 7.5 is not a whole number \(default 1\)"):
        contract.check(nb, {"n": 7.5})


def test_yaml_parameter_file_keeps_codes_as_text(tmp_path, out):
    params = tmp_path / "p.yaml"
    params.write_text("start_date: 2024-01-01\nend_date: 2024-01-02\ntop_n: 03\norigins: [PRK/RUS]\n")
    run = render("--notebook", VOLUME, "--params", str(params), "--name", "yaml-run", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "yaml-run.html").read_text()
    assert "start_date = &#x27;2024-01-01&#x27;" in page and "top_n = 3" in page


@pytest.mark.uses_table
def test_committed_reports_are_up_to_date():
    assert stale_reports() == []


def test_committed_reports_are_offline_and_carry_provenance():
    pages = sorted((ROOT / "reports").glob("*.html"))
    assert {p.stem for p in pages} >= {"index", "timeline", "winter-2023-24-weekly", "barrage-2023-12-29",
                                       "dprk-missiles", "claims-check"}
    for page in pages:
        text = page.read_text()
        assert "<script" not in text, page.name
        assert not re.search(r'(src|href)="(?!data:|#|https?://[^"]*"\s*rel="noopener)[a-z]+://', text), page.name
        assert not re.search(r'src="https?:', text), page.name
        if page.stem != "index":
            assert read_fingerprint(text) and 'id="provenance"' in text
            assert "<dt>Dataset</dt><dd>data/ of this project; fingerprint" in text and "Reproduce with" in text


def test_rendering_again_alone_gives_the_committed_bytes(tmp_path):
    """The suite runs several notebooks per kernel, reset in between; rendering one report on its own
    (the first notebook of its kernel) must give the committed file byte for byte."""
    out = tmp_path / "out"
    run = render("claims-check", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "claims-check.html").read_bytes() == (ROOT / "reports" / "claims-check.html").read_bytes()


@pytest.mark.uses_table
def test_rendering_the_suite_twice_gives_identical_files(tmp_path):
    """`make reports` on the same inputs: every file byte for byte the committed one (the attack cards, 70 pages
    of one notebook, by a sample; `make verify` renders every one). Without the public table (a bare clone) the
    reports built on it are skipped, each with one line, and every other report is still byte for byte the
    committed one."""
    specs = load_suite()
    cards = [s.name for s in specs if s.theme == "cards"]
    names = [s.name for s in specs if s.theme != "cards"] + [n for i, n in enumerate(cards) if i in (0, len(cards) - 1)
                                                             or n in ("attack-2023-12-29", "attack-2025-09-07")]
    out = tmp_path / "out"
    run = render("--out", str(out), *names)
    assert run.returncode == 0, run.stdout + run.stderr
    on_table = {s.name for s in specs if s.external}
    expected = sorted(f"{n}.html" for n in names if HAVE_TABLE or n not in on_table)
    assert sorted(p.name for p in out.glob("*.html") if p.name != "index.html") == expected
    if not HAVE_TABLE:
        skipped = [line for line in run.stdout.splitlines() if ": skipped: it needs " in line]
        assert len(skipped) == len([n for n in names if n in on_table])
    for name in expected:  # the index of the whole suite is checked byte for byte by `make verify`'s test
        assert (out / name).read_bytes() == (ROOT / "reports" / name).read_bytes(), name


@pytest.mark.uses_table
def test_check_names_the_pages_it_cannot_check_without_the_table(tmp_path):
    env = os.environ | {"STRIKE_LEDGER_EXTERNAL": str(tmp_path / "none"), "STRIKE_LEDGER_CACHE": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "helpers.render", "--check"], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    on_table = [s.name for s in load_suite() if s.external]
    assert on_table and lines[:-1] == [
        f"{name}.html: not checked: it needs missile_attacks_daily.csv, which is not on this machine (run "
        "`make external`, or set STRIKE_LEDGER_EXTERNAL to a folder holding it)" for name in on_table]
    assert lines[-1] == f"the reports checked are up to date; {len(on_table)} report(s) not checked (see above)"


def test_a_stale_page_says_which_input_changed(tmp_path):
    """A committed page checked against a suite whose notebook was edited: the line names the notebook;
    a notebook only saved again (other ids, outputs, metadata) leaves it up to date."""
    import json

    spec = next(s for s in load_suite() if s.name == "claims-check")
    notebook = tmp_path / spec.notebook.name
    out = tmp_path / "reports"
    out.mkdir()
    shutil.copy(ROOT / "reports" / "claims-check.html", out)
    write_index(out)
    suite = tmp_path / "reports.toml"
    entry = tomllib.loads((ROOT / "reports" / "reports.toml").read_text())["report"]
    entry = next(e for e in entry if e["name"] == "claims-check")
    assert "parameters" not in entry
    suite.write_text(f'[[report]]\nname = "claims-check"\nnotebook = "{notebook}"\n'
                     f'title = {json.dumps(entry["title"])}\ndescription = {json.dumps(entry["description"])}\n')
    nb = json.loads(spec.notebook.read_text())
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"saved-{i}"
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    notebook.write_text(json.dumps(nb))
    assert stale_reports(out, suite) == []
    nb["cells"].append({"cell_type": "markdown", "id": "new", "metadata": {}, "source": "One more sentence."})
    notebook.write_text(json.dumps(nb))
    assert stale_reports(out, suite) == ["claims-check.html: stale: changed since it was rendered: the notebook "
                                         "(04-claims-check.ipynb)"]


def test_what_changed_names_each_input_and_the_packages_that_moved():
    from helpers.render.provenance import package_versions, what_changed

    now = {"data": "d", "notebook": "n", "code": "c", "parameters": "p", "packages": "k"}
    versions = package_versions().replace("mistune ", "mistune 0.0.1-was-", 1)
    recorded = {"data": "D", "notebook": "n", "code": "C", "parameters": "p", "packages": "K", "versions": versions}
    changed = what_changed(recorded, now)
    assert changed[:2] == ["the dataset", "the code (src/helpers)"]
    assert changed[2].startswith("package versions (mistune 0.0.1-was-") and changed[2].endswith(")")


@pytest.mark.uses_table
def test_make_reports_fails_loudly_when_it_leaves_a_table_page_stale(tmp_path):
    """Without the public table, a table page whose other inputs changed since it was rendered cannot be brought
    up to date: the renderer names it and what changed, and exits 1; a table page that is still current is only
    skipped, with its one line."""
    import re as regex

    page = "air-war-winter-2023-24-weekly"
    suite = tmp_path / "reports.toml"
    spec = (ROOT / "reports" / "reports.toml").read_text(encoding="utf-8")
    suite.write_text(regex.search(r'\[\[report\]\]\nname = "' + page + r'".*?(?=\n\[\[report\]\]|\Z)', spec,
                                  flags=regex.S).group(0).replace('"notebooks/', f'"{ROOT}/notebooks/'),
                     encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    committed = (ROOT / "reports" / f"{page}.html").read_text(encoding="utf-8")
    env = os.environ | {"STRIKE_LEDGER_EXTERNAL": str(tmp_path / "none"), "STRIKE_LEDGER_CACHE": str(tmp_path)}

    def render_without_table():
        return subprocess.run([sys.executable, "-m", "helpers.render", "--suite", str(suite), "--out", str(out)],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)

    (out / f"{page}.html").write_text(committed, encoding="utf-8")
    current = render_without_table()
    assert current.returncode == 0, current.stderr
    assert current.stdout.startswith(f"{page}: skipped: it needs missile_attacks_daily.csv")
    code = regex.search(r"&quot;code&quot;: &quot;([0-9a-f]+)&quot;", committed).group(1)
    (out / f"{page}.html").write_text(committed.replace(code, "0" * len(code), 1), encoding="utf-8")
    stale = render_without_table()
    assert stale.returncode == 1
    assert f"{page}.html: left stale: changed since it was rendered: the code (src/helpers)" in stale.stderr
    assert "run `make external` (or set STRIKE_LEDGER_EXTERNAL) and `make reports`" in stale.stderr
