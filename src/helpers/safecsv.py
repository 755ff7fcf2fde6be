"""CSV text that is safe to open in a spreadsheet.

Figure data is offered as a CSV download, and its text cells come from the dataset and from files
users bring (event titles, place names, publishers, weapon labels). A spreadsheet evaluates a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or carriage return) as a formula,
so a title such as ``=HYPERLINK("http://...")`` or ``+cmd|' /C calc'!A0`` would run when the download
is opened. Following OWASP's guidance on CSV injection, such a text cell gets a leading ``'``, which
spreadsheets show as text and do not evaluate. Numbers stay numbers: numeric columns are written as
they are, and a text cell that is just a number (``-5``, ``+3.5``) is left alone, because a
spreadsheet reads it as that number and nothing else.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would evaluate; anything else as is."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised; numeric, boolean and
    date columns are untouched, so they are written exactly as before."""
    out = frame.copy()
    for i in range(frame.shape[1]):  # by position: column names may repeat
        s = frame.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            out.isetitem(i, s.map(neutralise, na_action="ignore"))
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples([tuple(neutralise(v) for v in c) for c in out.columns],
                                                names=out.columns.names)
    else:
        out.columns = [neutralise(c) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index, dates as YYYY-MM-DD, ``\\n`` line ends), safe to open in a
    spreadsheet: the one writer of every CSV a report embeds.

    Python's CSV writer quotes a field only for the characters of its own line terminator, so with
    ``\\n`` a carriage return inside a cell would be written bare and split the row in a
    spreadsheet. The cells are therefore quoted as for ``\\r\\n`` and each record then ends in
    ``\\n``.
    """
    text = safe_frame(frame).to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    out = io.StringIO()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        record.seek(0)
        record.truncate()
        writer.writerow(row)
        out.write(record.getvalue()[:-2] + "\n")
    return out.getvalue()
