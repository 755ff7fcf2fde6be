"""``index.html``: the front page of an output folder, each report described by what its page says of itself.

It opens with the project in two sentences and how recent the data are, then the figure each theme's lead
page opens with, then the reports by theme (``reports.toml``'s ``theme``) with what each shows and its key
figure, then the latest entries of the change feed (``changes.xml``). Parameters and fingerprints are in
each page's provenance block, not here.

Every page carries its title, description, parameters and fingerprint in its head, so the index
describes each page as it was rendered (a suite report, or one rendered with other parameters),
never as a suite file now says it should be. Pages that were not made by the renderer are left out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from helpers.render.html import SEAL_TAG, read_fingerprint, read_meta, seal, seal_intact
from helpers.render.output import write_if_changed
from helpers.render.suite import THEMES

INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
LEDE = ("Strike Ledger follows the North Korean ballistic missiles (KN-23/KN-24, \u201cHwasong-11\u201d) that Russia "
        "fired at Ukraine from the end of 2023, in the weeks of its largest missile and drone barrages. Every "
        "figure is cited to its source, disagreeing sources are shown side by side, and the Ukrainian Air Force's "
        "public attack table is read as the Air Force reported it.")
LICENCES = ("The curated dataset is CC BY 4.0 (Strike Ledger contributors). Pages built from the public attack "
            "table (\u201cMassive Missile Attacks on Ukraine\u201d by Petro Ivaniuk, Kaggle) carry its licence, CC "
            "BY-NC-SA 4.0; maps use geoBoundaries' outlines (ODbL 1.0) and GeoNames cities (CC BY 4.0). Each "
            "page's provenance says how to make it again.")
LATEST_CHANGES = 5


@dataclass(frozen=True)
class Entry:
    """What the front page says of one page, read from that page's head."""

    file: str
    title: str
    description: str
    theme: str
    lead_value: str
    lead_sentence: str
    data_dates: str


def _entry(page: Path) -> Entry | None:
    if not page.is_file():  # a folder named like a page is no page
        return None
    text = page.read_text(encoding="utf-8", errors="replace")
    if read_fingerprint(text) is None:
        return None
    theme = read_meta(text, "theme") or "more"
    return Entry(page.name, read_meta(text, "title") or page.stem, read_meta(text, "description") or "",
                 theme if theme in THEMES else "more", read_meta(text, "lead-value") or "",
                 read_meta(text, "lead-sentence") or "", read_meta(text, "data-dates") or "")


def _lead(entry: Entry) -> str:
    """The entry's lead key figure as HTML: the value in bold inside its sentence."""
    if not entry.lead_sentence:
        return ""
    before, _, after = entry.lead_sentence.partition("{value}")
    return f"{html.escape(before)}<strong>{html.escape(entry.lead_value)}</strong>{html.escape(after)}"


def _dates(entries: list[Entry]) -> str:
    """How recent the data are: the latest curated date any page gives, and each release of the table used."""
    record, tables = [], []
    for e in entries:
        for part in filter(None, (p.strip() for p in e.data_dates.split(";"))):
            if part.startswith("curated record to "):
                record.append(part.removeprefix("curated record to "))
            elif part.startswith("public attack table: ") and part not in tables:
                tables.append(part)
    words = []
    if record:
        latest = max(record, key=lambda d: datetime.strptime(d, "%d %b %Y"))
        words.append(f"Curated record: events to {latest}.")
    words += [f"{t[0].upper()}{t[1:]}." for t in tables]
    return " ".join(words)


def _changes(out_dir: Path) -> str:
    """The latest entries of the change feed (``changes.xml``), newest first."""
    from helpers.render.feed import read_entries

    entries = read_entries(out_dir / "changes.xml")[:LATEST_CHANGES]
    if not entries:
        return ""
    items = "".join(f"<li><time datetime=\"{html.escape(e.updated[:10], quote=True)}\">"
                    f"{html.escape(e.updated[:10])}</time>: {html.escape(e.title)}</li>" for e in entries)
    return ('<section aria-labelledby="changes"><h2 id="changes">What changed</h2>'
            f'<ul class="changes">{items}</ul><p><a href="changes.xml">All changes (Atom feed)</a></p></section>')


def index_page(out_dir: Path) -> str:
    entries = [e for page in sorted(out_dir.glob("*.html")) if page.name != "index.html"
               for e in [_entry(page)] if e is not None]
    by_theme = {t: [e for e in entries if e.theme == t] for t in THEMES}
    # one headline per theme of findings (the dataset's size is no finding)
    headlines = [group[0] for theme, group in by_theme.items()
                 if theme not in ("dataset", "more", "cards") and group and group[0].lead_sentence][:5]
    heads = "".join(f"<li>{_lead(e)} <a href=\"{html.escape(e.file, quote=True)}\">{html.escape(e.title)}</a></li>"
                    for e in headlines)
    sections = []
    for theme, group in by_theme.items():
        if not group:
            continue
        if theme == "cards":
            sections.append(_cards(group))
            continue
        items = "".join(
            f'<li><h3><a href="{html.escape(e.file, quote=True)}">{html.escape(e.title)}</a></h3>'
            f'<p class="what">{html.escape(e.description)}</p>'
            + (f'<p class="key">{_lead(e)}</p>' if e.lead_sentence else "") + "</li>" for e in group)
        sections.append(f'<section class="theme" aria-labelledby="theme-{theme}"><h2 id="theme-{theme}">'
                        f'{html.escape(THEMES[theme])}</h2><ul class="reports">{items}</ul></section>')
    dates = _dates(entries)
    from helpers.render.feed import read_entries

    newest = read_entries(out_dir / "changes.xml")[:1]
    if newest:
        day = datetime.strptime(newest[0].updated[:10], "%Y-%m-%d")
        dates = f"Updated {day.day} {day:%b %Y}. {dates}".strip()
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">
{SEAL_TAG}
<title>Strike Ledger: North Korean missiles and Russia's strikes on Ukraine</title>
<link rel="alternate" type="application/atom+xml" title="Strike Ledger: what changed" href="changes.xml">
<style>
{_css()}
</style>
</head>
<body>
<main class="front">
<header><h1>Strike Ledger</h1>
<p class="lede">{html.escape(LEDE)}</p>
{f'<p class="dates">{html.escape(dates)}</p>' if dates else ""}</header>
{_headlines(heads)}
{chr(10).join(sections)}
{_changes(out_dir)}
<footer><p class="attribution">{html.escape(LICENCES)}</p></footer>
</main>
</body>
</html>
"""


def _cards(group: list[Entry]) -> str:
    """The attack cards by year, each a line: its date, the weapons launched, and why it has a card."""
    years: dict[str, list[str]] = {}
    for e in group:  # the files sort by date (attack-YYYY-MM-DD)
        day = e.title.removeprefix("The attack of ")
        why = e.description.partition(": ")[2].rstrip(".")
        value = (f" <strong>{html.escape(e.lead_value)}</strong> launched;" if e.lead_value else "")
        years.setdefault(day[-4:], []).append(
            f'<li><a href="{html.escape(e.file, quote=True)}">{html.escape(day)}</a>:{value} {html.escape(why)}</li>')
    body = "".join(f'<h3>{y}</h3><ul class="cardlist">{"".join(items)}</ul>' for y, items in years.items())
    return (f'<section class="theme" aria-labelledby="theme-cards"><h2 id="theme-cards">{html.escape(THEMES["cards"])}'
            f"</h2><p>One page per attack: every mass strike and North Korean missile use in the curated record, and "
            f"the ten largest reports of each year in the public table.</p>{body}</section>")


def _headlines(items: str) -> str:
    if not items:
        return ""
    return ('<section aria-labelledby="headlines"><h2 id="headlines">The figures that matter</h2>'
            f'<ul class="key-figures">{items}</ul></section>')


def _css() -> str:
    from helpers.render.html import minified_css

    return minified_css((Path(__file__).resolve().parent / "templates" / "ledger" / "ledger.css").read_text(
        encoding="utf-8"))


def sealed_index(out_dir: Path) -> str:
    """The index of ``out_dir`` as it is written: sealed like every page."""
    return seal(index_page(out_dir))


def index_problems(out_dir: Path) -> list[str]:
    """What is wrong with ``out_dir/index.html``: missing, edited after it was written, or not the index of
    the pages beside it (an entry added, removed or changed by hand). Empty when it is exactly what the
    renderer writes for those pages."""
    page = out_dir / "index.html"
    if not page.is_file() or page.is_symlink():
        return ["index.html: missing" if not page.exists() else "index.html: not a file the renderer wrote"]
    text = page.read_text(encoding="utf-8", errors="replace")
    if not seal_intact(text):
        return ["index.html: edited after it was written (its bytes no longer match its seal)"]
    if text != sealed_index(out_dir):
        return ["index.html: stale: it does not list the pages beside it as they are (an entry added, removed or "
                "changed since it was written)"]
    return []


def write_index(out_dir: Path) -> bool:
    """Write ``out_dir/index.html`` when its content changes; True if it was written."""
    return write_if_changed(out_dir / "index.html", sealed_index(out_dir))
