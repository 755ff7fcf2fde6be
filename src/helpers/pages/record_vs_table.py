"""The curated record's periods beside the public table's, on the curated attack-volume page.

The curated record holds the attacks its sources cover, not every night: a curated weekly total is
the sum of the recorded attacks, and a week with no record may well have had attacks. Shown beside
the public table's national reports for the same periods (counted as the whole-war page counts them:
one post is one attack, missiles and drones in the one taxonomy), a reader sees which periods the
record covers and how far its totals fall short of the Air Force's own full series, and both pages
give one answer for the table's side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import formatting, plots
from helpers.strikes import _PERIOD, KINDS, period_labels
from helpers.table import external
from helpers.table.reporters import NATIONAL, report_keys
from helpers.table.table_frame import classified, kind_of


def table_periods(frame: pd.DataFrame, start, end, frequency: str) -> pd.DataFrame:
    """Missiles and drones launched per period in the table's national reports, with the number of posts
    (attacks); every period of the window kept. Rows with withheld counts count as posts, not as launched."""
    window = frame[(frame["date"] >= start) & (frame["date"] <= end) & (frame["reporter"] == NATIONAL)]
    kind = kind_of(window["class"])
    window = window.assign(kind=kind.to_numpy(), report=report_keys(window).to_numpy(),
                           period=window["date"].dt.to_period(_PERIOD[frequency]).dt.start_time)
    counted = window[window["kind"].isin(KINDS).to_numpy()]
    sums = counted.pivot_table(index="period", columns="kind", values="launched", aggfunc="sum", observed=True)
    posts = window.groupby("period")["report"].nunique()
    calendar = pd.period_range(start, end, freq=_PERIOD[frequency]).start_time
    out = pd.DataFrame({"period": calendar})
    for k in KINDS:
        out[f"table_{k}"] = (sums[k] if k in sums else pd.Series(dtype="float64")).reindex(calendar).to_numpy()
    out["table_posts"] = posts.reindex(calendar).fillna(0).to_numpy()
    return out.astype({"table_missiles": "Int64", "table_drones": "Int64", "table_posts": "int64"})


def beside(periods: pd.DataFrame, frame: pd.DataFrame | None, start, end, frequency: str) -> pd.DataFrame | None:
    """Per period: the curated record's missiles and drones (``<NA>`` and ``recorded`` False where it has
    none) beside the table's national reports; ``None`` without a table."""
    if frame is None:
        return None
    table = table_periods(frame, start, end, frequency)
    record = periods.assign(period=pd.to_datetime(periods["period_start"]).dt.to_period(_PERIOD[frequency])
                            .dt.start_time)
    wide = pd.DataFrame({"period": table["period"]})
    for k in KINDS:
        part = record[record["kind"] == k].set_index("period")
        launched = part["launched"] if len(part) else pd.Series(dtype="Int64")
        wide[f"record_{k}"] = launched.reindex(table["period"]).astype("Int64").to_numpy()
    wide["recorded"] = wide[[f"record_{k}" for k in KINDS]].notna().any(axis=1)
    return wide.merge(table, on="period")


def coverage_words(both: pd.DataFrame) -> str:
    """How much of the table's national total the record holds, in one sentence per kind."""
    parts = []
    for k in KINDS:
        rec, tab = both[f"record_{k}"].sum(min_count=1), both[f"table_{k}"].sum(min_count=1)
        if pd.isna(tab) or int(tab) == 0:
            continue
        held = 0 if pd.isna(rec) else int(rec)
        parts.append(f"{k}: {held:,} in the record, {int(tab):,} in the table's national reports")
    recorded = int(both["recorded"].sum())
    return (f"The record holds figures for {recorded} of the window's {len(both)} periods; " + "; ".join(parts)
            + ".") if parts else "The table's national reports give no missile or drone in this window."


def view(both: pd.DataFrame | None, frequency: str, credit: str | None, start=None, end=None):
    """The table of periods: record beside table, with a coverage column."""
    if both is None:
        return None
    shown = both.copy()
    shown["record"] = np.where(shown["recorded"], "recorded", "no record")
    shown = shown[["period", "record", "record_missiles", "table_missiles", "record_drones", "table_drones",
                   "table_posts"]]
    first, last = both["period"].min(), both["period"].max()
    shown["period"] = period_labels(shown["period"], start if start is not None else first,
                                    end if end is not None else pd.Period(last, _PERIOD[frequency]).end_time,
                                    frequency)  # as every page names a period
    return formatting.table(
        shown, formats={"period": "text", "table_posts": "count"},
        labels={"period": {"D": "Day", "W": "Week", "M": "Month"}[frequency], "record": "Curated record",
                "record_missiles": "Missiles (record)", "table_missiles": "Missiles (table)",
                "record_drones": "Drones (record)", "table_drones": "Drones (table)",
                "table_posts": "Air Force posts (table)"},
        note=coverage_words(both) + " " + credit)


def strip_figure(both: pd.DataFrame | None, frequency: str, credit: str | None, window: str, start=None, end=None):
    """A coverage strip: the table's missiles and drones per period, the record's beside them, and the periods
    the record does not cover marked (a line saying how to ask for it, without a table)."""
    import matplotlib.pyplot as plt

    if both is None:
        from helpers import page

        return page.KeyFigures([], empty=NOT_GIVEN)
    plots.use_house_style()
    fig, axes = plt.subplots(2, 1, figsize=(11, 4.6), sharex=True)
    x = np.arange(len(both))
    for ax, k in zip(axes, KINDS, strict=True):
        table = both[f"table_{k}"].astype("Float64").fillna(0).to_numpy(dtype=float)
        record = both[f"record_{k}"].astype("Float64")
        ax.bar(x - 0.2, table, width=0.4, color="#bdbdbd", label="public table, national reports")
        known = record.notna().to_numpy()
        ax.bar(x[known] + 0.2, record[known].to_numpy(dtype=float), width=0.4, color=plots.DESTROYED,
               label="curated record")
        for i in np.flatnonzero(~known):
            ax.text(x[i] + 0.2, 0, "no\nrecord", ha="center", va="bottom", fontsize=7, color="#666666")
        ax.set_ylabel(f"{k} launched")
        ax.legend(frameon=False, loc="upper left", fontsize=8)
    last = pd.Period(both["period"].max(), _PERIOD[frequency]).end_time
    ticks = period_labels(both["period"], start if start is not None else both["period"].min(),
                          end if end is not None else last, frequency, year=frequency == "M")
    axes[-1].set_xticks(x, ticks, rotation=45, ha="right", fontsize=8)
    axes[0].set_title("The curated record beside the public table, per period")
    fig.tight_layout()
    plots.caption(fig, window, [credit], note=coverage_words(both))
    return plots.Chart(fig, both, "record-beside-table")


NOT_GIVEN = ("Give compare_path (a copy of the public attack table, missile_attacks_daily.csv) to show its "
             "national reports beside the record, period by period.")


def read(ds, compare_path: str):
    """The public table at ``compare_path`` read and classed, with its credit line; ``(None, None)`` when empty."""
    from pathlib import Path

    from helpers import params
    from helpers.table import airforce

    if not compare_path:
        return None, None
    path = Path(compare_path).expanduser()
    if not path.is_file():
        raise params.ParameterError("compare_path", compare_path,
                                    "the path of an existing copy of missile_attacks_daily.csv, or empty for none")
    variant, rows, _ = airforce.load(ds, path)
    return classified(variant, rows), external.attribution(path)


def totals(both: pd.DataFrame | None) -> dict | None:
    """The table's national totals over the window per kind, and its posts (for the key figures)."""
    if both is None:
        return None
    out = {k: both[f"table_{k}"].sum(min_count=1) for k in KINDS}
    return {k: (None if pd.isna(v) else int(v)) for k, v in out.items()} | {"posts": int(both["table_posts"].sum())}
