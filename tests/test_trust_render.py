"""Trust, through the renderer's command line: a forged page, a hand-made index entry, a tampered table.

A seal is an unkeyed sha-256 of the page: it catches accidents, and anyone can recompute it. `--verify`
renders every report again and compares bytes, which no edit survives.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HAVE_TABLE, ROOT

from helpers.render.html import seal_intact
from helpers.render.stale import stale_reports

pytestmark = pytest.mark.render  # the slow tier: `make test-fast` leaves it out

SEAL = re.compile(r'(<meta name="strike-ledger-page-sha256" content=")([0-9a-f]*)(">)')


def render(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.render", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env=env)


def forge(page: Path, old: str, new: str) -> None:
    """Edit ``page`` and recompute its seal the way the renderer computes it: what a forger would do."""
    text = page.read_text(encoding="utf-8")
    assert old in text
    text = SEAL.sub(r"\g<1>\g<3>", text.replace(old, new, 1))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    page.write_text(SEAL.sub(lambda m: m.group(1) + digest + m.group(3), text), encoding="utf-8")


@pytest.fixture
def copy(tmp_path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", out)
    return out


@pytest.mark.uses_table
def test_a_forged_seal_passes_check_and_verify_catches_it(copy):
    page = copy / "claims-check.html"
    figure = re.search(r"<strong>\d+ of \d+</strong>", page.read_text(encoding="utf-8")).group(0)
    forge(page, figure, "<strong>999 of 999</strong>")  # a key figure changed, the seal recomputed
    assert seal_intact(page.read_text(encoding="utf-8"))
    assert stale_reports(copy) == []  # the seal and the fingerprint cannot tell
    run = render("--check", "--verify", "--out", str(copy), "claims-check")  # that page alone
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines()[0] == ("claims-check.html: differs from what its inputs render now (edited after "
                                          "rendering, or stale): run make reports")
    assert "1 problem(s): the committed reports are not what their inputs render" in run.stdout


@pytest.mark.uses_table
def test_verify_passes_on_the_committed_reports_and_names_what_it_could_not_verify():
    run = render("--check", "--verify", "--strict")
    if HAVE_TABLE:
        assert run.returncode == 0, run.stdout + run.stderr
        from helpers.render.suite import load_suite

        assert re.fullmatch(rf"verified: {len(load_suite())} report\(s\) and the index are byte for byte what their "
                            r"inputs render \(\d+ s\)", run.stdout.strip()), run.stdout
    else:
        assert run.returncode == 1, run.stdout + run.stderr
        assert "not verified: it needs missile_attacks_daily.csv" in run.stdout
        assert run.stdout.strip().endswith("; --strict: that is a failure")


def test_a_hand_made_index_entry_is_caught_by_check_and_mended_by_make_reports(copy):
    index = copy / "index.html"
    forge(index, '<ul class="reports">', '<ul class="reports"><li><h3><a href="fake.html">A report nobody rendered</a>'
                                         '</h3></li>')
    assert stale_reports(copy, not_checked=[]) == [
        "index.html: stale: it does not list the pages beside it as they are (an entry added, removed or changed "
        "since it was written)"]
    (copy / "fake.html").write_text('<meta name="strike-ledger-fingerprint" content="0123456789abcdef">')
    assert "fake.html: not a report of the suite (reports.toml); remove it" in stale_reports(copy, not_checked=[])
    (copy / "fake.html").unlink()
    env = os.environ | {"STRIKE_LEDGER_EXTERNAL": str(copy / "none"), "STRIKE_LEDGER_CACHE": str(copy / "none")}
    run = render("claims-check", "--out", str(copy), env=env)  # up to date: nothing rendered, the index mended
    assert run.returncode == 0, run.stdout + run.stderr
    assert index.read_bytes() == (ROOT / "reports" / "index.html").read_bytes()


def test_strict_goes_with_check():
    run = render("--strict")
    assert run.returncode == 2 and run.stderr.strip() == "error: --strict goes with --check or --verify"


@pytest.mark.needs_table
def test_a_page_built_from_a_tampered_table_says_so_where_a_reader_looks(tmp_path):
    """One figure of the current release changed: the page opens with a warning, every key figure names the copy
    as not the pinned release, and the provenance says so beside the copy's sha-256."""
    import html

    from conftest import CURRENT_TABLE

    folder = tmp_path / "mine"
    folder.mkdir()
    text = CURRENT_TABLE.read_text(encoding="utf-8")
    (folder / "missile_attacks_daily.csv").write_text(text.replace(",36.0,", ",360.0,", 1), encoding="utf-8")
    env = os.environ | {"STRIKE_LEDGER_EXTERNAL": str(folder)}
    run = render("--notebook", "notebooks/06-air-war.ipynb", "-p", "start_date=2025-09-01", "-p",
                 "end_date=2025-09-30", "--name", "tampered", "--out", str(tmp_path / "out"), env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    page = html.unescape((tmp_path / "out" / "tampered.html").read_text(encoding="utf-8"))
    opening = page[page.index('class="ledger-header"'):page.index("</header>")]
    assert "a copy that differs from every pinned release of the public attack table" in opening
    key = page[page.index("class='key-figures'"):]
    key = key[:key.index("</ul>")]
    assert key.count("Source: ") >= 3
    assert key.count("Public attack table (Petro Ivaniuk, Kaggle), a copy that differs from the pinned release") \
        == key.count("Public attack table")
    assert "Kaggle version 211" not in key
    assert "a copy that differs from every pinned release of the public table" in page[page.index('id="provenance"'):]


def test_the_committed_table_pages_name_the_pinned_release_and_carry_no_warning():
    page = (ROOT / "reports" / "air-war-monthly.html").read_text(encoding="utf-8")
    assert 'class="input-warning"' not in page
    assert "Public attack table (Petro Ivaniuk), Kaggle version 211 of 19 Sep 2026" in page
    assert "the pinned release Kaggle version 211 of 19 Sep 2026" in page  # provenance, beside its sha-256


def test_verify_of_named_reports_checks_those_and_refuses_a_name_not_in_the_suite():
    run = render("--check", "--verify", "dataset")
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(r"verified: 1 report\(s\) are byte for byte what their inputs render \(\d+ s\)",
                        run.stdout.strip()), run.stdout
    bad = render("--check", "--verify", "no-such-report")
    assert bad.returncode == 2 and "--verify: no report of the suite is called 'no-such-report'" in bad.stderr
