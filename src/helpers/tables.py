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
_CARD_PAGE = re.compile(r"attack-\d{4}-\d{2}-\d{2}\.html")  # an attack card beside the page (helpers.events)


def link(text: str, url: str | None) -> str:
    """An escaped ``<a>`` to ``url``; plain escaped text when the URL is not http(s) or an attack card's page."""
    label = html.escape(str(text))
    if url is None or pd.isna(url):
        return label
    if _CARD_PAGE.fullmatch(str(url)):
        return f'<a href="{html.escape(str(url), quote=True)}">{label}</a>'
    if not _SAFE_URL.fullmatch(str(url)):
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
