"""The front page (``reports/index.html``), the change feed (``reports/changes.xml``) and the data changelog
(``data/CHANGELOG.md``) that ``make validate`` keeps in step with the figures."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys

import feedparser
import pytest
from conftest import DATA, ROOT

from helpers.data import changelog
from helpers.render.feed import FeedEntry, changelog_entries, read_entries, write_feed
from helpers.render.html import read_fingerprint
from helpers.render.suite import THEMES, load_suite

INDEX = ROOT / "reports" / "index.html"
FEED = ROOT / "reports" / "changes.xml"


def test_the_front_page_leads_with_the_story_its_dates_and_headline_figures():
    page = INDEX.read_text(encoding="utf-8")
    assert page.count("<main") == 1 and "<h1>Strike Ledger</h1>" in page
    assert "North Korean ballistic missiles" in page.split("</header>")[0]
    dates = re.search(r'<p class="dates">(.*?)</p>', page).group(1)
    assert re.match(r"Updated \d{1,2} [A-Z][a-z]{2} \d{4}\. Curated record: events to ", dates)
    assert "Kaggle version 211" in dates
    headlines = re.search(r'<section aria-labelledby="headlines">(.*?)</section>', page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", headlines, re.S)
    assert 3 <= len(items) <= 5 and 'href="dataset.html"' not in headlines
    assert all("<strong>" in i and re.search(r'<a href="[a-z0-9-]+\.html">', i) for i in items)
    # parameters and fingerprints are each page's provenance, not the front page's
    assert "Fingerprint" not in page and "external_path" not in page


def test_the_front_page_groups_every_report_by_its_theme_with_what_it_shows():
    page = INDEX.read_text(encoding="utf-8")
    rendered = {p.stem for p in (ROOT / "reports").glob("*.html")} - {"index"}
    for name in rendered:  # every page there (a report added to the suite but not yet rendered has none)
        assert f'href="{name}.html"' in page
    specs = [s for s in load_suite() if s.name in rendered]
    used = [t for t in THEMES if any(s.theme == t for s in specs)]
    order = [page.index(f'id="theme-{t}"') for t in used]
    assert order == sorted(order)  # the sections in the order THEMES gives
    assert '<a href="changes.xml">' in page and page.count("<time ") >= 1


def test_the_feed_is_atom_a_feed_reader_parses_with_an_entry_for_every_page_as_it_is():
    feed = feedparser.parse(FEED.read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "Strike Ledger: what changed"
    assert feed.entries and all(e.id.startswith("urn:uuid:") and e.updated_parsed and e.link for e in feed.entries)
    summaries = " ".join(e.summary for e in feed.entries)
    for spec in load_suite():
        if not (ROOT / "reports" / f"{spec.name}.html").is_file():
            continue  # not rendered yet
        fingerprint = read_fingerprint((ROOT / "reports" / f"{spec.name}.html").read_text(encoding="utf-8"))
        assert f"fingerprint {fingerprint}" in summaries, spec.name
    titles = [e.title for e in feed.entries]
    for entry in changelog_entries():
        assert entry.title in titles  # every data correction the changelog records


def test_the_feed_keeps_its_entries_and_adds_new_ones_newest_first(tmp_path):
    log = tmp_path / "CHANGELOG.md"
    log.write_text("# Data changelog\n\n## 2026-01-02: a correction\n- x: 1 -> 2 (source s)\nfigures: a=1\n",
                   encoding="utf-8")
    first = FeedEntry("urn:uuid:1", "Report updated: A", "2026-01-05T00:00:00Z", "A: the dataset changed.", "a.html")
    assert write_feed(tmp_path, [first], log)
    assert not write_feed(tmp_path, [first], log)  # the same inputs: the same bytes, nothing written
    later = FeedEntry("urn:uuid:2", "Report updated: B", "2026-02-01T00:00:00Z", "B: the code changed.", "b.html")
    write_feed(tmp_path, [later], log)
    entries = read_entries(tmp_path / "changes.xml")
    assert [e.title for e in entries] == ["Report updated: B", "Report updated: A", "Data: a correction"]
    assert entries[2].summary == "x: 1 -> 2 (source s)"
    assert feedparser.parse((tmp_path / "changes.xml").read_bytes()).bozo == 0


def test_the_changelog_is_in_step_with_the_data():
    assert changelog.problems(DATA) == []


def test_a_figure_changed_without_a_changelog_entry_fails_validate(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "strikes.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns, rows = reader.fieldnames, list(reader)
    # a figure with no quote to contradict it (listed in weak_only.csv): only the changelog can notice the edit
    row = next(r for r in rows if r["launched"] and not r["quote"])
    row["launched"] = str(int(row["launched"]) + 1)
    with (data / "strikes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    [line] = changelog.problems(data)
    assert line.startswith("data/CHANGELOG.md: figures changed since its newest entry in strikes: add an entry")
    assert line.endswith(f"`{changelog.line(data)}`")
    run = subprocess.run([sys.executable, "-m", "helpers.checks", str(data)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1 and "changelog: data/CHANGELOG.md: figures changed" in run.stdout
    (data / "CHANGELOG.md").unlink()
    assert changelog.problems(data)[0].startswith("data/CHANGELOG.md: missing")


@pytest.mark.parametrize("theme", ["nope"])
def test_an_unknown_theme_is_a_clear_suite_error(tmp_path, theme):
    from helpers.render.suite import SuiteError

    suite = tmp_path / "reports.toml"
    suite.write_text(f'[[report]]\nname = "a"\nnotebook = "notebooks/01-timeline.ipynb"\ntitle = "A"\n'
                     f'description = "B"\ntheme = "{theme}"\n', encoding="utf-8")
    with pytest.raises(SuiteError, match=f"theme '{theme}' is not one of story, attacks"):
        load_suite(suite)
