"""The timeline and claims-check reports of the suite, rendered for real and read as a reader gets
them: sections in the publication order, nothing of pandas on the page, the seed article claim by
claim and never again in the general list, and a claims page short enough to read (it was 18,000
px tall at 1280 px wide when every claim was one long table)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from browser import browser, chromium_path, must_run
from bs4 import BeautifulSoup
from conftest import ROOT

import helpers.data
from helpers.pages import claims as cc

pytestmark = pytest.mark.browser  # the slow tier: `make test-fast` leaves it out

NAMES = ("timeline", "claims-check")
SECTIONS = {
    "timeline": ["Key figures", "The timeline", "Events and their sources", "Method and limitations"],
    "claims-check": ["Key figures", "Verdicts at a glance", "The seed article, claim by claim",
                     "Other claims, by verdict", "Method and limitations"],
}
CLAIMS_PAGE_MAX_PX = 12_500  # at 1280 px wide, in 16 px type (long verdict lists fold after 8 claims)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    run = subprocess.run([sys.executable, "-m", "helpers.render", "--out", str(out), "--force", *NAMES],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return {name: out / f"{name}.html" for name in NAMES}


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _heading(tag) -> str:
    return tag.get_text(" ", strip=True).rstrip("¶").strip()


def _section(soup, title: str) -> str:
    """The text of the page between the h2 ``title`` and the next h2."""
    start = next(h for h in soup.find_all("h2") if _heading(h) == title)
    parts = []
    for el in start.find_all_next():
        if el.name == "h2":
            break
        if el.name in ("p", "td", "th", "li", "h3", "summary"):
            parts.append(el.get_text(" ", strip=True))
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_one_title_and_the_sections_in_publication_order(pages, name):
    soup = _soup(pages[name])
    assert len(soup.find_all("h1")) == 1
    assert [_heading(h) for h in soup.find_all("h2") if _heading(h) != "Provenance"] == SECTIONS[name]


@pytest.mark.parametrize("name", NAMES)
def test_nothing_of_pandas_reaches_the_page(pages, name):
    soup = _soup(pages[name])
    provenance = soup.find(id="provenance")
    if provenance is not None:
        provenance.decompose()  # fingerprints there are meant to be exact
    text = soup.get_text(" ")
    assert not re.search(r"<NA>|\bNaN\b|\bnan\b|\bNaT\b|\bNone\b", text)
    assert not re.search(r"(?<![\w.])\d+\.\d{4,}", text)
    assert not re.search(r"rows × \d+ columns|\{'|Timestamp\(", text)
    headers = [th.get_text(strip=True) for th in soup.find_all("th")]
    assert headers and not [h for h in headers if re.search(r"\b[a-z]+_[a-z_]+\b", h)]
    images = soup.find_all("img")
    assert images and all(len(img.get("alt", "")) > 40 for img in images)


def test_the_claims_page_leads_with_the_verdicts_and_shows_the_seed_article_once(pages):
    ds = helpers.data.load()
    checked = cc.check_claims(ds)
    seed = cc.seed_claims(ds, checked)
    counts = cc.verdict_counts(seed)
    soup = _soup(pages["claims-check"])
    keys = _section(soup, "Key figures")
    assert f"{counts[cc.CONTRADICTED]} of {len(seed)} statements in the seed article are contradicted" in keys
    for verdict, n in cc.verdict_counts(checked).items():
        assert re.search(rf"\b{n}\b", keys), verdict
    seed_text = _section(soup, "The seed article, claim by claim")
    others = _section(soup, "Other claims, by verdict")
    for claim in seed["claim"]:
        assert claim in seed_text
        assert claim not in others
    for claim in cc.other_claims(ds, checked)["claim"]:
        assert claim in others
    # what the data cannot compute is assessed from the sources, shown apart, a table per verdict, each
    # claim with its reasoning; "not checkable" is left only for claims nobody could judge
    assessed = checked[checked["basis"] == "assessed"]
    others_assessed = cc.other_claims(ds, checked).query("basis == 'assessed'")
    assert f"Assessed from the sources ({len(others_assessed)})" in others
    for reasoning in others_assessed["assessed_reasoning"]:
        assert reasoning in others
    for reasoning in cc.seed_claims(ds, checked).query("basis == 'assessed'")["assessed_reasoning"]:
        assert reasoning in seed_text
    left = int((checked["basis"] == cc.NOT_CHECKABLE).sum())
    assert ("Not checkable (" in others) == bool(left)
    assert len(assessed) + left == int((checked["verdict"] == cc.NOT_CHECKABLE).sum())


@pytest.mark.skipif(chromium_path() is None and not must_run(), reason="no chromium on PATH")
def test_pages_fit_a_phone_and_the_claims_page_is_short_enough_to_read(pages):
    heights = {}
    with browser() as b:
        for name, path in pages.items():
            for width in (390, 1280):
                context = b.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(path.resolve().as_uri(), wait_until="load")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
                heights[name, width] = page.evaluate("document.documentElement.scrollHeight")
                context.close()
    assert heights["claims-check", 1280] < CLAIMS_PAGE_MAX_PX, heights
