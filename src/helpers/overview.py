"""What the dataset holds: the counts a curator checks before trusting an analysis."""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset


def table_sizes(ds: Dataset) -> pd.DataFrame:
    """Rows per table, in the descriptor's order."""
    return pd.DataFrame(
        {"table": [r.name for r in ds.package.resources],
         "rows": [len(ds[r.name]) for r in ds.package.resources]}
    ).set_index("table")


def events_by_category_and_year(ds: Dataset) -> pd.DataFrame:
    """Events per category (rows, every category shown) and year (columns)."""
    ev = ds.events
    table = pd.crosstab(ev["category"], ev["date"].dt.year, dropna=False)
    table.columns.name = "year"
    return table


def sources_by_kind(ds: Dataset) -> pd.Series:
    """How many sources of each kind the dataset cites."""
    return ds.sources["kind"].value_counts(sort=False).rename("sources")


def strike_day_coverage(ds: Dataset, start: str, end: str) -> pd.DataFrame:
    """For each day from ``start`` to ``end``: per-model rows, totals rows and distinct reports.

    A day with no row at all is a gap in the record, shown as zeros here so it stands out.
    """
    days = pd.date_range(start, end, freq="D", name="date")
    per_model = ds.strikes.groupby("date").size()
    totals = ds.strike_totals.groupby("date").size()
    reports = pd.concat([ds.strikes[["date", "source_id"]], ds.strike_totals[["date", "source_id"]]])
    n_reports = reports.drop_duplicates().groupby("date").size()
    out = pd.DataFrame({
        "per_model_rows": per_model.reindex(days, fill_value=0),
        "total_rows": totals.reindex(days, fill_value=0),
        "reports": n_reports.reindex(days, fill_value=0),
    })
    return out.astype("int64")
