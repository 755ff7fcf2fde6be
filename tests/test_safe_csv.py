"""CSV downloads neutralise what a spreadsheet would evaluate (OWASP's CSV-injection rule) and
leave numbers as numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from helpers import notebook, safecsv
from helpers.mime import FIGURE_DATA_MIME


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("cell", [
    '=HYPERLINK("http://example.org/x","click")',
    "+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "-",
    "=",
    "-inf",
])
def test_each_trigger_gets_a_leading_quote(cell):
    frame = pd.DataFrame({"title": [cell]})
    assert rows(safecsv.to_csv(frame)) == [["title"], ["'" + cell]]


@pytest.mark.parametrize("cell", ["Kharkiv", "'already quoted", " =not first", "Kh-101", "3=3", "a@b.org", ""])
def test_ordinary_text_is_unchanged(cell):
    assert safecsv.neutralise(cell) == cell


@pytest.mark.parametrize("cell", ["-5", "+3.5", "-0.25", "+12", "-.5", "-1e3", "+2E-4"])
def test_a_text_cell_that_is_just_a_number_stays(cell):
    assert safecsv.neutralise(cell) == cell


def test_numeric_boolean_and_date_columns_are_written_as_before():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2024-01-02", "2024-01-03"]),
        "difference": pd.array([-5, None], dtype="Int64"),
        "share": [-0.25, 1.5],
        "plain": [-3, 4],
        "flag": [True, False],
    })
    plain = frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
    assert safecsv.to_csv(frame) == plain
    assert rows(plain)[1] == ["2024-01-02", "-5", "-0.25", "-3", "True"]


def test_every_text_kind_of_column_and_the_header_are_covered():
    frame = pd.DataFrame({
        "object": pd.Series(["=1+1", None], dtype=object),
        "string": pd.Series(["@x", pd.NA], dtype="string"),
        "category": pd.Categorical(["+x", "ok"]),
        "mixed": pd.Series(["-x", -7], dtype=object),
        "=header": [1, 2],
    })
    got = rows(safecsv.to_csv(frame))
    assert got == [["object", "string", "category", "mixed", "'=header"],
                   ["'=1+1", "'@x", "'+x", "'-x", "1"],
                   ["", "", "ok", "-7", "2"]]
    assert list(frame.columns)[-1] == "=header" and frame.loc[0, "object"] == "=1+1"  # the input is not changed


def test_repeated_and_multilevel_column_names():
    frame = pd.DataFrame([["=a", "=b"]], columns=["x", "x"])
    assert rows(safecsv.to_csv(frame)) == [["x", "x"], ["'=a", "'=b"]]
    multi = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("=k", "a"), ("k", "@b")]))
    assert rows(safecsv.to_csv(multi))[:2] == [["'=k", "k"], ["a", "'@b"]]


def test_show_figure_embeds_the_neutralised_csv():
    """The figure's data as the report receives it, through IPython's own display machinery: the
    one path every CSV download takes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    fig, _ = plt.subplots()
    with capture_output() as shown:
        notebook.show_figure(fig, "events", pd.DataFrame({"title": ["=HYPERLINK(\"x\")"], "killed": [-1]}))
    payload = next(o.data[FIGURE_DATA_MIME] for o in shown.outputs if FIGURE_DATA_MIME in o.data)
    assert rows(payload["csv"]) == [["title", "killed"], ["'=HYPERLINK(\"x\")", "-1"]]


def test_line_breaks_and_quotes_inside_cells_survive_a_round_trip():
    cells = ["a\rb", "c\nd", "e\r\nf", 'say "x", then y', "plain"]
    text = safecsv.to_csv(pd.DataFrame({"text": cells}))
    assert text.endswith("plain\n") and "\r\n" not in text.replace("e\r\nf", "")
    assert [r[0] for r in csv.reader(io.StringIO(text, newline=""))] == ["text", *cells]
