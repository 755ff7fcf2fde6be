"""One table formatter for every table a report shows, built on pandas' Styler.

Why the Styler: it is pandas' own, maintained HTML writer, already installed with pandas, escapes
every cell (``escape="html"``) before any formatter sees it, and formats per column (thousands,
precision, missing values) without hand-written HTML. great_tables renders richer tables but adds
a dependency and its own CSS to every page for what the Styler does here.

The rules a reader relies on:
- column labels in words (``launched_with_figure`` → "Launched with an interception figure");
- whole numbers with thousands separators, percentages with one decimal, an interception rate
  with its 95% Wilson interval ("72.1% (66.0–77.4%)");
- dates as "29 Dec 2023"; booleans as "yes"/"no"; lists joined with "; "; a dict is refused;
- unknown as "–", with a note under the table saying that "–" means not reported, never zero;
- no index column; a wide table scrolls inside its own box (a phone screen never scrolls sideways);
- a long table shows its first rows, the rest inside a ``<details>`` element.
Dataset text stays escaped: links are built only from http(s) URLs by ``tables.link``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import markupsafe
import pandas as pd

from helpers import tables

UNKNOWN = "–"
UNKNOWN_NOTE = f"{UNKNOWN} not reported: unknown, which is never counted as zero."
LONG_TABLE = 25

# Column labels for the names the analyses use; anything else is turned into words by ``label``.
LABELS = {
    "launched": "Launched",
    "destroyed": "Shot down",
    "lost": "Lost (not shot down)",
    "launched_with_figure": "Launched with an interception figure",
    "launched_no_figure": "Launched with no interception figure",
    "interception_rate": "Interception rate (95% interval)",
    "rate": "Interception rate (95% interval)",
    "chosen_launched": "Launched (figure used)",
    "chosen_destroyed": "Shot down (figure used)",
    "missile_count": "Missiles",
    "weapon_id": "Weapon",
    "weapon_class": "Weapon class",
    "origin_label": "Origin",
    "dprk": "North Korean missiles",
    "oblast": "Oblast",
    "distance_km": "Distance (km)",
    "within_range": "Within range",
    "nearest_launch_area": "Nearest launch area",
    "attributed_by": "Attributed by",
    "uses_without_missile_count": "Uses with no missile count",
    "rows": "Rows",
    "period": "Period",
    "kind": "Kind",
    "basis": "Basis",
}
_ACRONYMS = {"km": "km", "id": "ID", "dprk": "DPRK", "un": "UN", "url": "URL", "csv": "CSV"}


def label(name: str) -> str:
    """A column name in words: the project's label, else ``snake_case`` → "Snake case"."""
    if name in LABELS:
        return LABELS[name]
    words = [_ACRONYMS.get(w, w) for w in re.split(r"[_\s]+", str(name).strip()) if w]
    if not words:
        return ""
    first = words[0] if words[0] in _ACRONYMS.values() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def count(value) -> str:
    """A whole number with thousands separators; unknown as "–"."""
    if _missing(value):
        return UNKNOWN
    return f"{int(value):,}"


def number(value, decimals: int = 1) -> str:
    if _missing(value):
        return UNKNOWN
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def percent(value) -> str:
    """A share (0-1) as a percentage with one decimal; unknown as "–"."""
    if _missing(value):
        return UNKNOWN
    return f"{float(value) * 100:.1f}%"


def rate_with_interval(rate, low, high) -> str:
    """"72.1% (66.0–77.4%)": a rate and its 95% interval; unknown as "–"."""
    if _missing(rate):
        return UNKNOWN
    if _missing(low) or _missing(high):
        return percent(rate)
    return f"{float(rate) * 100:.1f}% ({float(low) * 100:.1f}–{float(high) * 100:.1f}%)"


def listing(parts) -> str:
    """Words joined as a sentence lists them: "a", "a and b", "a, b and c"; "" for none."""
    parts = [str(p) for p in parts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}" if parts else ""


def date(value) -> str:
    """"29 Dec 2023"; unknown as "–"."""
    if _missing(value):
        return UNKNOWN
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def month(value) -> str:
    if _missing(value):
        return UNKNOWN
    return f"{pd.Timestamp(value):%b %Y}"


def boolean(value) -> str:
    if _missing(value):
        return UNKNOWN
    return "yes" if bool(value) else "no"


def text(value) -> str:
    """Text as shown (escaped later by the Styler); lists joined; a dict or other repr is refused."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(text(v) for v in value)
    if isinstance(value, dict):
        raise TypeError("a dict cannot be shown in a table cell; give each value its own column")
    if _missing(value):
        return UNKNOWN
    if isinstance(value, float):
        return number(value)
    if isinstance(value, pd.Timestamp):
        return date(value)
    return str(value)


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


CARD_TEXT = 40


@dataclass
class Table:
    """A formatted table: shown in a notebook (and a report) as escaped, styled HTML."""

    frame: pd.DataFrame
    formats: dict[str, Callable] = field(default_factory=dict)
    links: dict[str, list[list[tuple[str, str]]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    caption: str | None = None
    note: str | None = None
    max_rows: int = LONG_TABLE
    numeric: set[str] = field(default_factory=set)

    def _long_text(self, data: pd.DataFrame, links: dict) -> bool:
        """Whether the table holds prose or source lists (a text column whose cells run past ``CARD_TEXT``
        characters on average): on a phone such a table is shown as one card per row, not squeezed into
        columns a few words wide."""
        if links:
            return True
        for c in data.columns:
            if c in self.numeric:
                continue
            cells = data[c].dropna().astype(str)
            if len(cells) and cells.str.len().mean() > CARD_TEXT:
                return True
        return False

    def _styled(self, frame: pd.DataFrame, links: dict) -> str:
        """The table's HTML, written directly (the markup pandas' Styler wrote for it, without its cost: a
        page of twenty tables spent a third of a second in the Styler). Text cells are escaped before their
        formatter sees them; a missing value shows as ``UNKNOWN``; link cells are built escaped."""
        data = frame.reset_index(drop=True)
        columns = list(data.columns) + [name for name in links if name not in data.columns]  # links come last
        heads = [html.escape(self.labels.get(c) or label(c), quote=True) for c in columns]
        cards = " cards" if self._long_text(data, links) else ""
        lines = [f'<table class="ledger{cards}">', "<thead>", "<tr>"]
        for head in heads:
            lines.append(f'<th scope="col">{head}</th>')
        lines += ["</tr>", "</thead>", "<tbody>"]
        values = {c: data[c].tolist() for c in columns if c not in links}
        for i in range(len(data)):
            lines.append("<tr>")
            for j, c in enumerate(columns):
                if c in links:
                    cell = "; ".join(tables.link(t, u) for t, u in links[c][i]) or UNKNOWN
                else:
                    cell = _cell(values[c][i], self.formats.get(c, text))
                num = ' class="num"' if c in self.numeric else ""
                card = f' data-label="{heads[j]}"' if cards else ""
                lines.append(f"<td{num}{card}>{cell}</td>")
            lines.append("</tr>")
        lines += ["</tbody>", "</table>", ""]
        return "\n".join(lines)

    def to_html(self) -> str:
        frame = self.frame.reset_index(drop=True)
        has_unknown = any(frame[c].map(_missing).any() for c in frame.columns if c not in self.links)
        cap = f"<p class='table-caption'>{html.escape(self.caption)}</p>" if self.caption else ""
        notes = [n for n in (self.note, UNKNOWN_NOTE if has_unknown else None) if n]
        foot = "".join(f"<p class='table-note'>{html.escape(n)}</p>" for n in notes)
        # a scroll box a keyboard can reach (tabindex) and a screen reader can name (role, aria-label)
        heads = [self.labels.get(c) or label(c) for c in frame.columns]
        name = "Table: " + ", ".join(heads[:3]) + (", …" if len(heads) > 3 else "")

        def box(text: str, table: str) -> str:
            named = html.escape(text, quote=True)
            return f"<div class='table-scroll' tabindex='0' role='group' aria-label='{named}'>{table}</div>"

        if len(frame) <= self.max_rows:
            body = box(name, self._styled(frame, self.links))
        else:
            head = frame.head(self.max_rows)
            head_links = {k: v[: self.max_rows] for k, v in self.links.items()}
            rest = frame.iloc[self.max_rows:]
            rest_links = {k: v[self.max_rows:] for k, v in self.links.items()}
            body = (box(name, self._styled(head, head_links))
                    + f"<details class='table-rest'><summary>Show the other {len(rest):,} rows "
                    f"(of {len(frame):,})</summary>"
                    + box(f"{name} (rows {self.max_rows + 1:,} to {len(frame):,})", self._styled(rest, rest_links))
                    + "</details>")
        return f"<div class='ledger-table'>{cap}{body}{foot}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


def _cell(value, formatter: Callable) -> str:
    """One cell as pandas' Styler wrote it with ``escape="html"``: missing -> ``UNKNOWN``; text escaped
    (markupsafe, as the Styler does) before the formatter; other values formatted as they are."""
    if _scalar_missing(value):
        return UNKNOWN
    if isinstance(value, str):
        value = markupsafe.escape(value)
    return str(formatter(value))


def _scalar_missing(value) -> bool:
    try:
        return pd.isna(value) is True
    except (TypeError, ValueError):
        return False


def _kind_of(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_integer_dtype(series):
        return "count"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "text"


_BY_KIND = {"bool": boolean, "date": date, "count": count, "number": number, "text": text}


def table(frame: pd.DataFrame, *, formats: Mapping[str, Callable | str] | None = None,
          labels: Mapping[str, str] | None = None, links: Mapping[str, list] | None = None,
          caption: str | None = None, note: str | None = None, max_rows: int = LONG_TABLE,
          rates: Mapping[str, tuple[str, str]] | None = None) -> Table:
    """``frame`` as a formatted ``Table``.

    ``formats`` maps a column to a formatter or one of "count", "number", "percent", "date",
    "month", "bool", "text" (default: by dtype). ``rates`` maps a rate column to its (low, high)
    columns, which are folded into it as "72.1% (66.0–77.4%)" and not shown apart. ``links`` adds
    columns of (label, url) links, one list per row.
    """
    named = {"count": count, "number": number, "percent": percent, "date": date, "month": month,
             "bool": boolean, "text": text}
    frame = frame.copy()
    if isinstance(frame.index, pd.MultiIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    for c in frame.columns:
        if frame[c].map(lambda v: isinstance(v, dict)).any():
            raise TypeError(f"column {c!r} holds dicts; a table cell shows one value")
    fmt: dict[str, Callable] = {c: _BY_KIND[_kind_of(frame[c])] for c in frame.columns}
    numeric = {c for c in frame.columns if _kind_of(frame[c]) in ("count", "number")}
    for c, f in (formats or {}).items():
        fmt[c] = named[f] if isinstance(f, str) else f
        if f in ("count", "number", "percent"):
            numeric.add(c)
    for c, (low, high) in (rates or {}).items():
        frame[c] = [rate_with_interval(r, lo, hi) for r, lo, hi in zip(frame[c], frame[low], frame[high],
                                                                         strict=True)]
        frame[c] = frame[c].where(frame[c] != UNKNOWN, None)
        frame = frame.drop(columns=[low, high])
        fmt[c] = text
        numeric.add(c)
    return Table(frame, fmt, dict(links or {}), dict(labels or {}), caption, note, max_rows, numeric)
