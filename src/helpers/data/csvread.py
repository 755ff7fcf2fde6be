"""Reading a CSV file strictly, before any value is looked at.

Spreadsheet exports bring byte-order marks, other encodings, stray quotes and shifted columns.
Each of these is reported as a problem with the file and row; none is silently repaired, because a
repaired row is a row nobody checked.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from helpers.data.errors import Problem
from helpers.data.files import refusal
from helpers.lookalike import describe

BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    """The raw text of a CSV: header and records, each record a dict of column to string."""

    file: str
    header: list[str]
    records: list[dict[str, str]]
    unit = "row"

    @staticmethod
    def row_number(index: int) -> int:
        """Spreadsheet row of record ``index`` (0-based): the header is row 1."""
        return index + 2


def read_table(path: Path, label: str, expected: list[str]) -> tuple[Table | None, list[Problem]]:
    """Read ``path`` as strict UTF-8 CSV whose header must be exactly ``expected``.

    Returns the table, or ``None`` with the problems when the file cannot be read as a table.
    """
    refused = refusal(path)
    if refused:
        return None, [Problem(label, None, None, None, *refused)]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(label, None, None, None, "file exists", "file is missing")]
    except IsADirectoryError:
        return None, [Problem(label, None, None, None, "a file, not a folder", "is a folder; it must be a CSV file")]
    except OSError as exc:
        return None, [Problem(label, None, None, None, "file is readable", f"cannot be read ({exc.strerror})")]
    if b"\x00" in raw:
        # Text never holds NUL; a file that does is binary (a spreadsheet's native format, an image,
        # a disk error). Quote a few escaped bytes so the user can recognise it, never the whole file.
        at = raw.index(b"\x00")
        line = raw[:at].count(b"\n") + 1
        start = max(raw.rfind(b"\n", 0, at) + 1, at - 8)  # a file signature such as PK (zip) stays in view
        excerpt = raw[start : start + 12].decode("latin-1") + ("…" if len(raw) > start + 12 else "")
        return None, [
            Problem(label, line, None, excerpt, "text file (no NUL bytes)",
                    f"contains NUL bytes from line {line}: binary data, not CSV text; export it as CSV (UTF-8)")
        ]
    if raw.startswith(BOM):
        return None, [
            Problem(label, 1, None, None, "encoding utf-8 without BOM",
                    "file starts with a UTF-8 byte-order mark; save it as plain UTF-8 (no BOM)")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end].hex(" ")
        return None, [
            Problem(label, line, None, f"0x{bad}", "encoding utf-8",
                    f"byte at line {line} is not UTF-8; re-save the file as UTF-8")
        ]
    if not text.strip():
        return None, [Problem(label, None, None, None, "header row required", "file is empty")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        return None, [
            Problem(label, len(rows) + 1, None, None, "CSV quoting (RFC 4180)",
                    f"malformed CSV near line {reader.line_num}: {exc}")
        ]

    header, body = rows[0], rows[1:]
    problems = _check_header(label, header, expected)
    if problems:
        return None, problems
    records: list[dict[str, str]] = []
    for index, row in enumerate(body):
        if row == []:
            problems.append(Problem(label, Table.row_number(index), None, None,
                                    "no blank rows", "row is blank"))
            continue
        if len(row) != len(header):
            problems.append(Problem(
                label, Table.row_number(index), None, None, "every row has the header's columns",
                f"row has {len(row)} field(s), the header has {len(header)}",
            ))
            continue
        records.append(dict(zip(header, row, strict=True)))
    if problems:
        return None, problems
    return Table(label, header, records), []


def _check_header(label: str, header: list[str], expected: list[str]) -> list[Problem]:
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, name, None, "unique column names", "column appears twice"))
        seen.add(name)
    for name in expected:
        if name not in header:
            problems.append(Problem(label, 1, name, None, "schema columns",
                                    "column is missing (datapackage.json lists it)"))
    for name in header:
        if name not in expected:
            problems.append(Problem(label, 1, name, None, "schema columns",
                                    f"column is not in datapackage.json{describe(name)}"))
    if not problems and header != expected:
        problems.append(Problem(label, 1, None, None, "schema column order",
                                f"columns are out of order; expected {', '.join(expected)}"))
    return problems
