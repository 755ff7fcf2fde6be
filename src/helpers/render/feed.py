"""``changes.xml``: what changed, as an Atom feed a reader can follow.

One entry per report whose content changed (a new fingerprint), saying which inputs changed in words
(the dataset, the public table's release, the code, the notebook); one entry per data correction that
``data/CHANGELOG.md`` records. Entries accumulate: each build adds those it has not written yet and keeps
the rest, newest first. Nothing depends on the clock: an entry about a report is dated by the latest commit
of the project (or, outside git, by the newest changelog entry), so the same inputs give the same feed.
"""

from __future__ import annotations

import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import PROJECT_ROOT

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "changes.xml"
CHANGELOG = PROJECT_ROOT / "data" / "CHANGELOG.md"
_NS = uuid.uuid5(uuid.NAMESPACE_URL, "strike-ledger")
_SECTION = re.compile(r"^## (\d{4}-\d{2}-\d{2}): (.+)$")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str  # RFC 3339, UTC
    summary: str
    link: str = "index.html"


def entry_id(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, '/'.join(parts))}"


def changelog_entries(path: Path = CHANGELOG) -> list[FeedEntry]:
    """One feed entry per section of ``data/CHANGELOG.md`` (``## YYYY-MM-DD: title``, then its lines)."""
    if not path.is_file():
        return []
    entries, current, lines = [], None, []

    def close():
        if current is not None:
            day, title = current
            body = " ".join(line.removeprefix("- ").strip() for line in lines
                            if line.strip() and not line.startswith("figures:"))
            entries.append(FeedEntry(entry_id("data", day, title), f"Data: {title}", f"{day}T00:00:00Z", body,
                                     "dataset.html"))

    for line in path.read_text(encoding="utf-8").splitlines():
        m = _SECTION.match(line)
        if m:
            close()
            current, lines = (m.group(1), m.group(2).strip()), []
        elif current is not None:
            lines.append(line)
    close()
    return entries


def build_date(root: Path = PROJECT_ROOT) -> str:
    """When the inputs were last committed (UTC), else the newest changelog entry's day."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             timeout=20, check=False)
        seconds = int(out.stdout.strip())
        import datetime as dt

        return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OSError, ValueError, subprocess.SubprocessError):
        days = sorted(e.updated for e in changelog_entries())
        return days[-1] if days else "2023-12-29T00:00:00Z"


def report_entry(name: str, title: str, fingerprint: str, changed: list[str], updated: str) -> FeedEntry:
    """The entry for a report rendered with new content: ``changed`` says which inputs changed, in words
    (empty: first rendered)."""
    what = ("; ".join(changed) + " changed") if changed else "first rendered"
    return FeedEntry(entry_id("report", name, fingerprint), f"Report updated: {title}", updated,
                     f"{title}: {what} (fingerprint {fingerprint}).", f"{name}.html")


def read_entries(path: Path) -> list[FeedEntry]:
    """The entries of an existing feed, newest first; none when there is no readable feed."""
    if not path.is_file():
        return []
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError:
        return []
    out = []
    for e in root.findall(f"{{{ATOM}}}entry"):
        link = e.find(f"{{{ATOM}}}link")
        out.append(FeedEntry(e.findtext(f"{{{ATOM}}}id", ""), e.findtext(f"{{{ATOM}}}title", ""),
                             e.findtext(f"{{{ATOM}}}updated", ""), e.findtext(f"{{{ATOM}}}summary", ""),
                             link.get("href", "index.html") if link is not None else "index.html"))
    return _ordered(out)


def _ordered(entries: list[FeedEntry]) -> list[FeedEntry]:
    unique = {e.id: e for e in entries}
    return sorted(unique.values(), key=lambda e: (e.updated, e.id), reverse=True)


def feed_xml(entries: list[FeedEntry]) -> str:
    """The Atom document (RFC 4287) for ``entries``."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Strike Ledger: what changed"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = entry_id("feed")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = entries[0].updated if entries else "2023-12-29T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Strike Ledger contributors"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href="index.html")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=FEED_NAME)
    for e in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(item, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(item, f"{{{ATOM}}}updated").text = e.updated
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", href=e.link)
        ET.SubElement(item, f"{{{ATOM}}}summary").text = e.summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def write_feed(out_dir: Path, new: list[FeedEntry], changelog: Path = CHANGELOG) -> bool:
    """Add ``new`` and the changelog's entries to ``out_dir/changes.xml`` (kept entries stay); True if written."""
    from helpers.render.output import write_if_changed

    path = out_dir / FEED_NAME
    entries = _ordered(read_entries(path) + changelog_entries(changelog) + list(new))
    return write_if_changed(path, feed_xml(entries))
