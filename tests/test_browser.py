"""Every rendered report, and the index, opened from file:// in a real Chromium: no network request,
no console error, every image decoded, provenance present, table-of-contents links resolve. And a
dataset carrying script payloads renders them as inert text."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import urllib.parse

import pytest
from browser import browser, chromium_path, must_run, open_page
from conftest import ROOT, make_dataset

pytestmark = [pytest.mark.browser,  # the slow tier: `make test-fast` leaves it out
              pytest.mark.skipif(chromium_path() is None and not must_run(),
                                 reason="no chromium on PATH (install Debian's chromium to run browser tests)")]

ALL = sorted((ROOT / "reports").glob("*.html"))
# The attack cards are one notebook's pages through one template: what this test checks (nothing fetched,
# anchors resolve, every figure offers its data) holds for all or none, so it opens every other page and a
# sample of cards: the first and last, and the ones the cards were asked for first. The publication checker
# and axe still run on every card (tests/test_publication.py, tests/test_pages_a11y.py).
CARDS = [p for p in ALL if p.name.startswith("attack-")]
SAMPLE = {"attack-2023-12-29.html", "attack-2024-01-02.html", "attack-2025-09-07.html"}
REPORTS = [p for p in ALL if p not in CARDS] + [p for i, p in enumerate(CARDS)
                                                 if i in (0, len(CARDS) - 1) or p.name in SAMPLE]


def _not_file(url: str) -> bool:
    return not (url.startswith("file://") or url.startswith("data:"))


def test_chromium_is_present_in_ci():
    assert chromium_path() is not None, "CI must install chromium (.ci/run does it with apt-get)"


@pytest.mark.parametrize("report", REPORTS, ids=[p.name for p in REPORTS])
def test_report_opens_offline_and_complete(report):
    with browser() as b:
        page, visit = open_page(b, report)
        assert [u for u in visit.requests if _not_file(u)] == []
        assert visit.console_errors == [] and visit.page_errors == []
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert all(done and width > 0 for done, width in images)
        if report.name == "index.html":
            links = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
            assert links and all((ROOT / "reports" / href).exists() for href in links)
            return
        assert images or page.locator("table").count(), "a report with neither a figure nor a table"
        assert page.locator("#provenance").count() == 1
        assert "Report fingerprint" in page.locator("#provenance").inner_text()
        anchors = page.evaluate("Array.from(document.querySelectorAll('nav.toc a')).map(a => a.hash.slice(1))")
        assert len(anchors) >= 2
        missing = [a for a in anchors if page.evaluate(f"document.getElementById(decodeURIComponent({a!r})) === null")]
        assert missing == []
        downloads = page.evaluate("Array.from(document.querySelectorAll('a.figure-data')).map(a => a.href)")
        assert len(downloads) == len(page.locator("figure.chart").all())  # every figure offers its data
        assert all(d.startswith("data:text/csv;charset=utf-8,") for d in downloads)
        if downloads:  # the download is the figure's CSV
            href = page.evaluate("document.querySelector('a.figure-data').getAttribute('href')")
            text = urllib.parse.unquote(href.split(",", 1)[1])
            assert "," in text.splitlines()[0] and len(text.splitlines()) >= 2


PAYLOADS = {
    "script": "<script>alert('xss-script')</script>",
    "img": '<img src=x onerror="alert(\'xss-img\')">',
    "link": '<a href="javascript:alert(\'xss-link\')">click</a>',
}


def _poison(folder):
    """Put script payloads into every free-text field the reports show."""
    def rewrite(name, edits):
        path = folder / name
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        for row in rows:
            for column, value in edits.items():
                row[column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    rewrite("events.csv", {"title": PAYLOADS["script"], "summary": PAYLOADS["img"], "place": PAYLOADS["link"],
                           "attributed_by": PAYLOADS["img"]})
    rewrite("sources.csv", {"publisher": PAYLOADS["script"], "title": PAYLOADS["link"]})
    rewrite("claims.csv", {"claim": PAYLOADS["img"], "claimant": PAYLOADS["script"],
                           "claimed_value": PAYLOADS["link"]})


def test_script_payloads_in_the_data_stay_inert_text(tmp_path):
    data = make_dataset(tmp_path)
    _poison(data)
    out = tmp_path / "out"
    env = dict(os.environ, STRIKE_LEDGER_DATA=str(data))
    suite = tmp_path / "suite.toml"
    suite.write_text(
        '[[report]]\nname = "timeline"\nnotebook = "notebooks/01-timeline.ipynb"\ntitle = "t"\n'
        'description = "payload test"\n[report.parameters]\nstart_date = "2024-01-01"\n\n'
        '[[report]]\nname = "dprk"\nnotebook = "notebooks/03-dprk-missiles.ipynb"\ntitle = "d"\n'
        'description = "payload test"\n\n'
        '[[report]]\nname = "claims"\nnotebook = "notebooks/04-claims-check.ipynb"\ntitle = "c"\n'
        'description = "payload test"\n')
    run = subprocess.run([sys.executable, "-m", "helpers.render", "--suite", str(suite), "--out", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    with browser() as b:
        for name in ("timeline", "dprk", "claims"):
            page, visit = open_page(b, out / f"{name}.html")
            assert visit.dialogs == [], f"{name}: a payload ran"
            assert page.evaluate("document.querySelectorAll('script').length") == 0
            assert page.evaluate("Array.from(document.querySelectorAll('a')).filter("
                                 "a => a.href.startsWith('javascript:')).length") == 0
            text = page.inner_text("body")
            assert "<script>alert('xss-script')</script>" in text
            assert [u for u in visit.requests if _not_file(u)] == []
