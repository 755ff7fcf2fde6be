"""Every committed page, the front page included, passes axe-core (WCAG 2.1 A and AA, and axe's best
practices) in the real Chromium at 1280 and 390 px; a page with a known fault fails, so the check can fail."""

from __future__ import annotations

import pytest
from axe import available, violations
from browser import browser, chromium_path, must_run
from conftest import ROOT

pytestmark = pytest.mark.browser

PAGES = sorted((ROOT / "reports").glob("*.html"))
needs_axe = pytest.mark.skipif((chromium_path() is None or not available()) and not must_run(),
                               reason="needs chromium on PATH and axe-core (`make test` installs it with npm ci)")


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@needs_axe
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_committed_page_has_no_accessibility_violation(chromium, page, width):
    found = violations(chromium, page, width)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


@needs_axe
def test_a_page_with_known_faults_fails(chromium, tmp_path):
    page = tmp_path / "faulty.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
                    '<main><h1>Title</h1><h4>Skipped levels</h4><img src="data:image/png;base64,iVBORw0KGgo=">'
                    '<p style="color:#c8c8c8">text a reader can hardly see</p>'
                    "</main></body></html>", encoding="utf-8")
    rules = {line.split(": ")[1].split(" (")[0] for line in violations(chromium, page, 1280)}
    assert {"image-alt", "heading-order", "color-contrast"} <= rules
