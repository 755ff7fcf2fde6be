"""Dataset text never reaches HTML unescaped."""

from __future__ import annotations

import pandas as pd

from helpers import formatting, tables
from helpers.sources import grouped_links

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_cells_and_links_are_escaped():
    df = pd.DataFrame({"title": [PAYLOAD], "killed": pd.array([None], dtype="Int64")})
    out = formatting.table(df, links={"sources": [[(PAYLOAD, "javascript:alert(3)"),
                                                   ("Reuters", 'https://example.org/a"onmouseover="x')]]}).to_html()
    assert "<script>" not in out and "<img" not in out and "javascript:" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # the quote in the URL cannot close the attribute: the URL is not http(s)-safe, so no link at all
    assert 'onmouseover="x' not in out
    assert out.count("<a ") == 0
    assert f'>{formatting.UNKNOWN}</td>' in out and ">0</td>" not in out  # unknown killed: the unknown mark


def test_safe_links_are_kept():
    out = tables.link("Kyiv Independent", "https://kyivindependent.com/x?a=1&b=2")
    assert out == ('<a href="https://kyivindependent.com/x?a=1&amp;b=2" rel="noopener noreferrer">'
                   "Kyiv Independent</a>")


def test_source_links_group_by_key():
    src = pd.DataFrame({"event_id": ["e1", "e1", "e2"], "publisher": ["A", "B", "C"],
                        "url": ["https://a", "https://b", "https://c"]})
    assert grouped_links(src, "event_id", ["e2", "e1", "e3"]) == [
        [("C", "https://c")], [("A", "https://a"), ("B", "https://b")], []]
