"""The error a user sees when the data is wrong.

One ``DataError`` carries every problem found, not just the first, so a curator fixes a file in
one pass. Each problem names the file, the row as a spreadsheet shows it (the header is row 1),
the column, the value and the rule it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule at one place in one file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    unit: str = "row"  # what ``row`` counts: a CSV row (header is row 1), or a GeoJSON "feature" (first is 1)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.column is not None:
            where.append(f"{'column' if self.unit == 'row' else 'property'} {self.column!r}")
        value = "" if self.value is None else f"value {quote(self.value)}: "
        return f"{', '.join(where)}: {value}{self.message} [rule: {self.rule}]"


def quote(value: str, limit: int = 80) -> str:
    """The value quoted and escaped, cut so the quoted form stays within ``limit`` characters: a
    file of NUL bytes or binary junk must give a short line, not pages of ``\\x00``."""
    if len(repr(value)) <= limit:
        return repr(value)
    kept, width = [], 3  # the quotes and the ellipsis
    for char in value:
        width += len(repr(char)) - 2
        if width > limit:
            break
        kept.append(char)
    return repr("".join(kept) + "…")


class DataError(ValueError):
    """The dataset breaks its schema or rules; ``problems`` lists every breach."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.rule))
        lines = [f"{len(self.problems)} problem(s) in the dataset:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
