"""Text in the public table that looks like Python (the ``affected region`` list, the ``border_crossing`` and
``destroyed_types`` mappings), read by a small grammar and bounded patterns, never evaluated."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

BORDER_UNPARSED = "not a {'country': count} mapping"
BORDER_OTHER = "names a country with no column of its own"
REGIONS_UNPARSED = "not a list of quoted names"

# Possessive quantifiers (``*+``): once a run of spaces or a quoted name is read it is never re-split, so a
# cell that almost matches fails in time linear in its length (a greedy ``\s*`` beside another backtracks over
# every split of a long run of spaces: 50 s for one 100 KB cell). Cells are also capped at ``MAX_CELL``.
_QUOTED = r"'(?:[^'\\]|\\.)*+'|\"(?:[^\"\\]|\\.)*+\""
_LIST = re.compile(rf"\[\s*+(?:(?:{_QUOTED})\s*+(?:,\s*+(?:{_QUOTED})\s*+)*+,?\s*+)?\]", re.DOTALL)
_PAIR = re.compile(rf"\s*+({_QUOTED})\s*+:\s*+([^,:'\"{{}}\[\]\s]*+)\s*+", re.DOTALL)
# The longest cell of these columns in both pinned releases is 255 characters; a cell of more than this is
# not parsed (it is listed as not parsing, its text kept).
MAX_CELL = 10_000


def _unquote(item: str) -> str:
    return re.sub(r"\\(.)", r"\1", item[1:-1], flags=re.DOTALL)


def regions(text) -> list[str]:
    """The names in an ``affected region`` cell such as ``['Kharkiv oblast', 'Kyiv']``, in order.

    The cell is Python list syntax written by the table's maintainers; it is parsed by its grammar
    (a bracketed, comma-separated list of quoted names), never evaluated, so no cell can run code.
    An empty or missing cell has no names; anything else raises ``ValueError`` naming the text (the
    reader lists such cells in its report rather than guessing).
    """
    if text is None or text is pd.NA or (isinstance(text, float) and np.isnan(text)):
        return []
    s = str(text).strip()
    if not s:
        return []
    if len(s) > MAX_CELL or not _LIST.fullmatch(s):
        raise ValueError(f"affected region {s!r} is {REGIONS_UNPARSED} such as ['Kharkiv oblast', 'Kyiv']")
    names = [_unquote(m.group(0)).strip() for m in re.finditer(_QUOTED, s)]
    return [n for n in names if n]


def border_crossing(text) -> dict[str, str]:
    """A ``border_crossing`` cell such as ``{'belarus': 1.0, 'russia': 3.0}`` as {country: count text}.

    Countries are lower-cased; the counts stay text, for the reader to check as counts. ``{}`` (the
    table's value when nothing crossed or nothing was said) and an empty cell give an empty mapping.
    Parsed by its grammar, never evaluated; anything else (or a country named twice) raises
    ``ValueError`` naming the text.
    """
    s = "" if text is None or text is pd.NA else str(text).strip()
    if not s:
        return {}
    bad = ValueError(f"border_crossing {s!r} is {BORDER_UNPARSED} such as {{'belarus': 2.0}}")
    if len(s) > MAX_CELL or not (s.startswith("{") and s.endswith("}")):
        raise bad
    inner = s[1:-1].strip()
    if not inner:
        return {}
    out: dict[str, str] = {}
    for part in _split_pairs(inner):
        m = _PAIR.fullmatch(part)
        if not m or not m.group(2):
            raise bad
        country = _unquote(m.group(1)).strip().lower()
        if not country or country in out:
            raise bad
        out[country] = m.group(2)
    return out


def _split_pairs(inner: str) -> list[str]:
    """``inner`` split at the commas outside quotes."""
    parts, current, quote, escaped = [], [], "", False
    for ch in inner:
        if escaped:
            escaped = False
        elif ch == "\\" and quote:
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == ",":
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


_NESTED_ITEM = re.compile(r"'([^'{}:]{1,80})'\s*:\s*\{([^{}]{0,200})\}")
_NESTED_COUNT = re.compile(r"'(launched|destroyed)'\s*:\s*(\d{1,9})(?:\.0+)?\b")


def parse_nested(text: str) -> list[tuple[str, int | None, int | None]]:
    """The sub-types of one ``destroyed_types`` cell: (name, launched, destroyed), a count ``None`` where the
    cell gives none. Read with bounded patterns, never evaluated."""
    out = []
    for name, inner in _NESTED_ITEM.findall(str(text)[:2000]):
        counts = {k: int(v) for k, v in _NESTED_COUNT.findall(inner)}
        out.append((name.strip(), counts.get("launched"), counts.get("destroyed")))
    return out
