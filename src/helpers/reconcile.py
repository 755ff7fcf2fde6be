"""Reconciling the public Air Force attack table with the curated record.

For each date and weapon class that both cover, the two launched (and destroyed) counts side by
side with their difference, and the curated record's sources beside them. Only pairs covered by
both are compared: a date or class missing from one side is a gap in coverage, not a disagreement.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers import plots, tables
from helpers.data import Dataset
from helpers.strikes import strike_rows

KEY = ["date", "weapon_class"]


def _by_class(ds: Dataset, start, end) -> pd.DataFrame:
    rows = strike_rows(ds, start, end)
    rows["weapon_class"] = rows["weapon_class"].astype("string")
    return rows.groupby(KEY).agg(
        launched=("launched", lambda s: s.sum(min_count=1)),
        destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        source_ids=("source_id", lambda s: ";".join(sorted(set(s.astype("string"))))),
    )


def reconcile(curated: Dataset, external: Dataset, start, end) -> pd.DataFrame:
    """Date and weapon class pairs covered by both, with both counts and the differences
    (external minus curated), largest absolute launched difference first."""
    a, b = _by_class(curated, start, end), _by_class(external, start, end)
    both = a.merge(b, how="inner", left_index=True, right_index=True, suffixes=("_curated", "_external"))
    out = pd.DataFrame({
        "curated_launched": both["launched_curated"].astype("Int64"),
        "external_launched": both["launched_external"].astype("Int64"),
        "launched_difference": (both["launched_external"] - both["launched_curated"]).astype("Int64"),
        "curated_destroyed": both["destroyed_curated"].astype("Int64"),
        "external_destroyed": both["destroyed_external"].astype("Int64"),
        "destroyed_difference": (both["destroyed_external"] - both["destroyed_curated"]).astype("Int64"),
        "curated_sources": both["source_ids_curated"],
    }).reset_index()
    order = out["launched_difference"].abs().fillna(-1).sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


def table_html(ds: Dataset, rec: pd.DataFrame) -> str:
    if rec.empty:
        return "<p><strong>No date and weapon class is covered by both in this window.</strong></p>"
    view = rec.drop(columns=["curated_sources"])
    src = ds.sources.set_index("source_id")
    links = [[(src.loc[s, "publisher"], src.loc[s, "url"]) for s in str(ids).split(";") if s in src.index]
             for ids in rec["curated_sources"]]
    return tables.to_html(view, links={"curated sources": links})


def figure(ds: Dataset, rec: pd.DataFrame, start, end) -> plots.Chart:
    """Launched difference (external minus curated) per date, one colour per weapon class."""
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 4))
    if rec.empty:
        plots.empty_note(ax, "No date and weapon class covered by both sources in this window.")
        return plots.Chart(fig, rec, "reconciliation")
    for i, (cls, part) in enumerate(rec.groupby("weapon_class")):
        ax.scatter(part["date"], part["launched_difference"].astype(float), label=cls.replace("_", " "),
                   color=plots.OKABE_ITO[i % 8], s=40, zorder=3)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_ylabel("launched: public table minus curated")
    ax.set_title("Where the public attack table and the curated record disagree")
    ax.legend(frameon=False, fontsize=8, loc="best")
    fig.autofmt_xdate()
    fig.tight_layout()
    ids = {s for v in rec["curated_sources"] for s in str(v).split(";")}
    pubs = sorted(set(ds.sources.loc[ds.sources["source_id"].isin(ids), "publisher"]))
    plots.caption(fig, plots.window_label(pd.Timestamp(start), pd.Timestamp(end)),
                  pubs + ["Ukrainian Air Force posts (public attack table)"],
                  note="Only date and class pairs both sources cover; 0 means they agree.")
    return plots.Chart(fig, rec, "reconciliation")
