"""Tables with source links, rendered to HTML safely.

Dataset text comes from the open internet: a title or a URL may carry markup. Every cell is
escaped, and a link is only made from an http(s) URL (the schema already refuses others), so no
dataset value can become a tag, an attribute or a script in a notebook or a report.
"""

from __future__ import annotations

import html
import re

import pandas as pd

_SAFE_URL = re.compile(r"https?://[^\s<>\"']+")


def link(text: str, url: str | None) -> str:
    """An escaped ``<a>`` to ``url``; plain escaped text when the URL is not http(s)."""
    label = html.escape(str(text))
    if url is None or pd.isna(url) or not _SAFE_URL.fullmatch(str(url)):
        return label
    return f'<a href="{html.escape(str(url), quote=True)}" rel="noopener noreferrer">{label}</a>'


def cell(value) -> str:
    """One escaped cell; missing values show as an empty cell, never as 0 or 'nan'."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:,.4g}"
    return html.escape(str(value))


def to_html(df: pd.DataFrame, links: dict[str, list[list[tuple[str, str]]]] | None = None,
            caption: str | None = None) -> str:
    """``df`` as an HTML table; ``links`` adds columns whose cells are lists of (label, url) links."""
    links = links or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in list(df.columns) + list(links))
    body = []
    for i, row in enumerate(df.itertuples(index=False)):
        cells = [f"<td>{cell(v)}</td>" for v in row]
        cells += ["<td>" + "; ".join(link(t, u) for t, u in links[c][i]) + "</td>" for c in links]
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table class="ledger">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")
