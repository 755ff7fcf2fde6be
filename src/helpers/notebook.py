"""What a notebook cell shows: tables with source links, notes, figures, and recorded values.

``record`` puts a computed value into the notebook's outputs under its own MIME type, so tests and
the report index can read what a run computed without parsing HTML. Front ends and nbconvert show
nothing for that MIME type, so the record is invisible to a reader.
"""

from __future__ import annotations

import json

import pandas as pd

from helpers import safecsv
from helpers.mime import FIGURE_DATA_MIME, RECORD_MIME

__all__ = ["FIGURE_DATA_MIME", "RECORD_MIME", "note", "read_records", "record", "show_figure", "show_html"]


def _jsonable(value):
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, pd.DataFrame):
        dates = {c: value[c].dt.strftime("%Y-%m-%d") for c in value.columns
                 if pd.api.types.is_datetime64_any_dtype(value[c])}
        return json.loads(value.assign(**dates).to_json(orient="records"))
    if value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def record(name: str, value) -> None:
    """Record ``value`` under ``name`` in this cell's outputs (invisible when rendered)."""
    from IPython.display import display

    display({RECORD_MIME: {name: _jsonable(value)}}, raw=True)


def show_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def note(text: str) -> None:
    """A short Markdown note (for example: no events in this window)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def read_records(nb) -> dict:
    """Every value recorded in an executed notebook (a ``nbformat`` node or dict)."""
    found = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RECORD_MIME in data:
                found.update(data[RECORD_MIME])
    return found


def show_figure(fig, name: str, data: pd.DataFrame, finding: str | None = None) -> None:
    """Show ``fig`` as the page shows it (``helpers.figures.figure_html``: title, legend and caption as text,
    a picture for a desktop and one for a phone) and attach the data it draws, which a rendered report
    offers as a CSV download. ``finding`` (what the figure shows) is its alt text."""
    from IPython.display import display

    from helpers.figures import figure_html

    markup = figure_html(fig, name, finding)
    display({"text/html": markup, "text/plain": finding or f"[figure {name}]"}, raw=True)
    csv = safecsv.to_csv(data)  # text a spreadsheet would evaluate is neutralised
    display({FIGURE_DATA_MIME: {"name": name, "csv": csv}, "text/plain": f"[data of figure {name}: "
             f"{len(data)} rows]"}, raw=True)
