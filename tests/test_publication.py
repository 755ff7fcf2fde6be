"""Every committed report page is a publication: the rules of ``helpers.render.publication`` hold on
each page of ``reports/`` (the HTML rules, and the layout in a real Chromium at 390 and 1280 px).

The checker itself is tested on small hand-written pages: one that follows every rule passes, and
each broken copy breaks exactly one rule and gets exactly one line naming it, so the page test can
fail and says where.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from browser import browser, chromium_path, must_run
from conftest import ROOT

from helpers.render.publication import MAX_PER_RULE, check_html, check_layout, check_page, pages
from helpers.render.screenshot import take

pytestmark = pytest.mark.browser  # the slow tier: `make test-fast` leaves it out

COMMITTED = pages(ROOT / "reports")
needs_chromium = pytest.mark.skipif(chromium_path() is None and not must_run(),
                                    reason="no chromium on PATH (install Debian's chromium to run browser tests)")

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

# A page that follows every rule; the text rules must not read the style, comments or provenance.
GOOD = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>North Korean missiles in Ukraine</title>
<style>.table-scroll {{ overflow-x: auto; }} img {{ max-width: 100%; }} .x {{ width: 0.12345em; }}</style></head>
<body><main>
<header class="ledger-header"><p><a href="index.html">All reports</a></p><h1>North Korean missiles in Ukraine</h1>
<p class="description">Each reported use, places and casualties.</p></header>
<!-- rate 0.713115, {{'a': 1}} -->
<h2 id="Key-figures">Key figures<a class="anchor-link" href="#Key-figures">¶</a></h2>
<ul class="key-figures"><li>Russia launched <strong>1,234</strong> missiles at Ukraine in the window; 72.1% were
shot down. None of the reports gives a figure for 3 Jan 2024.</li></ul>
<h2 id="Volume">Volume<a class="anchor-link" href="#Volume">¶</a></h2>
<img class="figure" src="data:image/png;base64,{PNG}" alt="Missiles launched per week, 1 Dec 2023 to 29 Feb 2024.">
<div class="ledger-table"><div class="table-scroll"><table class="ledger">
<thead><tr><th>Date</th><th>Interception rate (95% interval)</th><th>Launched</th></tr></thead>
<tbody><tr><td>29 Dec 2023</td><td>72.1% (66.0–77.4%)</td><td class="num">1,234</td></tr>
<tr><td>30 Dec 2023</td><td>–</td><td class="num">–</td></tr></tbody></table></div>
<p class="table-note">– not reported: unknown, which is never counted as zero.</p></div>
<h2 id="Method-and-limitations">Method and limitations<a class="anchor-link" href="#Method-and-limitations">¶</a></h2>
<ul class="method"><li>Dates are Kyiv dates.</li></ul>
<section class="provenance" id="provenance"><h2>Provenance</h2><dl><dt>Dataset</dt><dd>sha-256 1.234567 of
data/</dd><dt>Parameters</dt><dd>{{'start_date': '2023-12-01'}}</dd></dl></section>
</main></body></html>
"""

# Each case: (text to replace, its replacement, what the one problem line says).
BROKEN = {
    "NA in a cell": ('<td class="num">–</td>', '<td class="num">&lt;NA&gt;</td>',
                     'table 1 in section "Volume", row 2, column "Launched": shows "<NA>" for a missing value'),
    "nan in a cell": ('<td class="num">–</td>', '<td class="num">nan</td>', 'column "Launched": shows "nan"'),
    "NaN in a sentence": ("72.1% were", "NaN% were", 'section "Key figures": shows "NaN" for a missing value'),
    "NaT in a cell": ("<td>30 Dec 2023</td>", "<td>NaT</td>", 'row 2, column "Date": shows "NaT"'),
    "None in a cell": ("<td>–</td>", "<td>None</td>", 'column "Interception rate (95% interval)": shows "None"'),
    "raw float in a cell": ("72.1% (66.0–77.4%)", "0.713115",
                            'row 1, column "Interception rate (95% interval)": raw number "0.713115"'),
    "raw float in a sentence": ("72.1% were", "0.7211 were", 'section "Key figures": raw number "0.7211"'),
    "snake_case label": ("<th>Launched</th>", "<th>launched_with_figure</th>",
                         'header, column "launched_with_figure": snake_case label "launched_with_figure"'),
    "dict": ("<ul class=\"method\">", "<pre>{'ballistic_launched': 68, 'dprk': 12}</pre><ul class=\"method\">",
             'section "Method and limitations": Python repr "{\'"'),
    "list": ("1,234</strong>", "1,234</strong> ['KN-23', 'KN-24']", 'section "Key figures": Python repr "[\'"'),
    "Timestamp": ("<td>29 Dec 2023</td>", "<td>Timestamp('2023-12-29 00:00:00')</td>",
                  'row 1, column "Date": Python repr "Timestamp("'),
    "Series repr": ("<ul class=\"method\">", "<pre>0    12\nName: launched, dtype: Int64</pre><ul class=\"method\">",
                    'Python repr "dtype:"'),
    "figure repr": ("<ul class=\"method\">", "<pre>&lt;Figure size 640x480 with 1 Axes&gt;</pre><ul class=\"method\">",
                    'Python repr "<Figure size"'),
    "rows x columns": ("<p class=\"table-note\">", "<p>63 rows × 8 columns</p><p class=\"table-note\">",
                       'truncated-table marker "63 rows × 8 columns"'),
    "ellipsis row": ("<td>30 Dec 2023</td>", "<td>...</td>", 'row 2, column "Date": shows "..." (a truncated table)'),
    "raw pandas table": ('<table class="ledger">', '<table border="1" class="dataframe">',
                         'table 1 in section "Volume": a raw pandas table (class "dataframe")'),
    "two titles": ("<!-- rate", "<h1>03 · North Korean missiles in Ukraine</h1><!-- rate",
                   '2 h1 titles ("North Korean missiles in Ukraine"; "03 · North Korean missiles in Ukraine")'),
    "no title": ("<h1>North Korean missiles in Ukraine</h1>", "", "0 h1 titles (none)"),
    "key figures not first": ('<h2 id="Key-figures">', "<h2>Uses over time</h2><h2 id=\"Key-figures\">",
                              'the first section is "Uses over time", not "Key figures"'),
    "no key figures": ("Key figures<a", "Headline numbers<a", 'no h2 "Key figures" section'),
    "method not last": ('<section class="provenance"', "<h2>Reach</h2><section class=\"provenance\"",
                        'the last section is "Reach", not "Method and limitations"'),
    "no method": ("Method and limitations<a", "Notes<a", 'no h2 "Method and limitations" section'),
    "empty alt": ('alt="Missiles launched per week, 1 Dec 2023 to 29 Feb 2024."', 'alt=""',
                  'image 1 in section "Volume" has no alt text'),
    "no alt": (' alt="Missiles launched per week, 1 Dec 2023 to 29 Feb 2024."', "",
               'image 1 in section "Volume" has no alt text'),
    "placeholder alt": ('alt="Missiles launched per week, 1 Dec 2023 to 29 Feb 2024."',
                        'alt="No description has been provided for this image"',
                        "has only nbconvert's placeholder alt text"),
}


def test_a_page_that_follows_every_rule_passes():
    assert check_html(GOOD, "good.html") == []


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_page_breaking_one_rule_gets_one_line_naming_it(case):
    old, new, expected = BROKEN[case]
    assert GOOD.count(old) == 1, f"the case must change exactly one place: {old!r}"
    problems = check_html(GOOD.replace(old, new), "bad.html")
    assert len(problems) == 1, problems
    assert problems[0].startswith("bad.html: ") and expected in problems[0], problems[0]


def test_many_problems_of_one_kind_are_counted_not_listed():
    rows = "".join(f"<tr><td>{i} Jan 2024</td><td>nan</td><td>1</td></tr>" for i in range(1, 9))
    problems = check_html(GOOD.replace("</tbody>", rows + "</tbody>"), "bad.html")
    assert len(problems) == MAX_PER_RULE + 1
    assert problems[-1] == f"bad.html: {8 - MAX_PER_RULE} more of: missing values shown raw"


def test_command_line_lists_problems_and_fails(tmp_path):
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.html").write_text(GOOD.replace("72.1% were", "0.7211 were"), encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><body>no rules for the index</body></html>", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "helpers.render.publication", "--no-browser", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stdout.splitlines() == ['bad.html: section "Key figures": raw number "0.7211" ("…t Ukraine in the '
                                       'window; 0.7211 were shot down. None of…"); round it (percentages to one '
                                       "decimal)"]
    assert "2 page(s) checked, 1 problem(s)" in run.stderr
    missing = subprocess.run([sys.executable, "-m", "helpers.render.publication", "--no-browser",
                              str(tmp_path / "nowhere")], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.strip() == f"{tmp_path / 'nowhere'}: no such page or folder"


@pytest.mark.parametrize("page", COMMITTED, ids=[p.name for p in COMMITTED])
def test_committed_page_is_a_publication(page):
    problems = check_page(page)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# --- layout, in a real Chromium ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


WIDE = '<div class="wide" style="width: 700px">a figure drawn 700 px wide</div>'
BOXED = ('<div class="table-scroll" tabindex="0" role="group" aria-label="Table: a"><table><tr>'
         '<td style="min-width: 900px">a wide table</td></tr></table></div>')
UNREACHABLE = '<div class="table-scroll"><table><tr><td style="min-width: 900px">a wide table</td></tr></table></div>'
NARROW_FIGURE = (f'<figure class="chart" data-name="small"><img src="data:image/png;base64,{PNG}" width="200" '
                 'height="100" style="width: 200px" alt="a chart"></figure>')


@needs_chromium
def test_layout_passes_a_page_whose_wide_table_scrolls_in_its_box(chromium, tmp_path):
    page = tmp_path / "good.html"
    page.write_text(GOOD.replace("<h2 id=\"Method", BOXED + "<h2 id=\"Method"), encoding="utf-8")
    assert check_layout(chromium, page) == []


@needs_chromium
def test_on_a_phone_a_wide_table_needs_a_box_a_keyboard_reaches_and_a_figure_fills_the_column(chromium, tmp_path):
    page = tmp_path / "phone.html"
    page.write_text(GOOD.replace("<h2 id=\"Method", UNREACHABLE + NARROW_FIGURE + "<h2 id=\"Method"),
                    encoding="utf-8")
    problems = check_layout(chromium, page)
    assert len(problems) == 2, problems
    assert problems[0].startswith("phone.html: at 390 px wide 1 element(s) wider than the screen outside a labelled "
                                  "scroll box a keyboard can reach (e.g. table")
    assert problems[1].startswith("phone.html: at 390 px wide 1 figure(s) not as wide as the text column (")
    assert problems[1].endswith("px): small 200 px")


@needs_chromium
def test_layout_fails_a_page_wider_than_a_phone(chromium, tmp_path):
    page = tmp_path / "wide.html"
    page.write_text(GOOD.replace("<h2 id=\"Method", WIDE + "<h2 id=\"Method"), encoding="utf-8")
    problems = check_layout(chromium, page)
    assert len(problems) == 1, problems
    assert problems[0].startswith("wide.html: at 390 px wide the page is ")
    assert 'div.wide in section "Volume" reaches ' in problems[0]


@needs_chromium
def test_layout_fails_a_page_wider_than_a_laptop(chromium, tmp_path):
    page = tmp_path / "wider.html"
    page.write_text(GOOD.replace("<h2 id=\"Method", WIDE.replace("700px", "1500px") + "<h2 id=\"Method"),
                    encoding="utf-8")
    problems = check_layout(chromium, page)
    assert [p.split(" the page")[0] for p in problems] == ["wider.html: at 390 px wide", "wider.html: at 1280 px wide"]


@needs_chromium
def test_layout_fails_a_page_without_a_phone_viewport(chromium, tmp_path):
    """Without ``width=device-width`` a phone lays the page out 980 px wide and shrinks it."""
    page = tmp_path / "desktop.html"
    page.write_text(GOOD.replace('<meta name="viewport" content="width=device-width, initial-scale=1.0">', ""),
                    encoding="utf-8")
    problems = check_layout(chromium, page)
    assert len(problems) == 1 and problems[0].startswith("desktop.html: at 390 px wide the page is 980 px wide")


@needs_chromium
@pytest.mark.parametrize("page", COMMITTED, ids=[p.name for p in COMMITTED])
def test_committed_page_fits_a_phone_and_a_laptop(chromium, page):
    problems = check_layout(chromium, page)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@needs_chromium
def test_screenshots_show_the_top_of_a_page_down_to_its_key_figures(chromium, tmp_path):
    from PIL import Image

    page = tmp_path / "page.html"
    page.write_text(GOOD.replace("<!-- rate", '<div style="height: 900px">a long introduction</div><!-- rate'),
                    encoding="utf-8")
    done = take(page, tmp_path / "docs", chromium)
    assert [line.split(",")[0] for line in done] == ["report-1280.png: top of the page to the end of the key figures",
                                                     "report-390.png: first screen"]
    wide = Image.open(tmp_path / "docs" / "report-1280.png")
    phone = Image.open(tmp_path / "docs" / "report-390.png")
    assert wide.mode == phone.mode == "P", "palette PNGs keep the README light"
    assert wide.width == 1280 and 900 < wide.height < 1400, wide.size
    assert phone.size == (390, 844)
    written = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "docs").iterdir()}
    again = take(page, tmp_path / "docs", chromium)  # the same page again: docs/ is left as it was
    assert [line.rsplit(", ", 1)[1] for line in again] == ["unchanged", "unchanged"]
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "docs").iterdir()} == written

    page.write_text(GOOD.replace("Key figures<a", "Headline numbers<a"), encoding="utf-8")
    done = take(page, tmp_path / "docs", chromium)
    assert done[0].startswith("report-1280.png: top of the page: it has no Key figures section")
    assert Image.open(tmp_path / "docs" / "report-1280.png").size == (1280, 720)
