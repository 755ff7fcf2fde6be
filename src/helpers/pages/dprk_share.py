"""The share of Russia's ballistic missiles that were North Korean, on the right base.

The base is every ballistic missile the Air Force's national reports give in the window, from the
public attack table: not the curated rows, which were picked around the days of North Korean
missiles and so overstate the share. The share is a range:

- low: the missiles the curated record's uses attribute to North Korea;
- high: those plus every missile the Air Force reported under its Iskander-M/KN-23 or KN-23 label
  ("possible DPRK": the label does not tell Iskander-M from KN-23), capped at all of them. The high
  end can count an attributed missile twice where the Air Force also filed it under the label, so it
  is an upper bound.

Rows whose counts the Air Force withheld give no count: the base is then a lower bound, and the page
says how many such rows there are. Labels that group ballistic missiles with other classes ("X-47
Kinzhal and Iskander-M/KN-23") are left out of the base and counted apart.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import plots
from helpers.table import external
from helpers.table.reporters import NATIONAL
from helpers.table.table_frame import CLASS_OF, classified

BALLISTIC = CLASS_OF["ballistic_missile"]
MIXED = CLASS_OF["mixed_missiles"]
LABEL_MARK = "KN-23"  # the Air Force's labels "Iskander-M/KN-23" and "KN-23"
COLUMNS = ["period", "ballistic_launched", "labelled", "attributed_dprk", "share_low", "share_high", "withheld",
           "partial"]


def table_or_none(external_path: str):
    """The copy of the public table to use: ``external_path``, else the fetched copy; ``None`` when there is none
    (the page then says the share needs the table)."""
    return external.table_parameter(external_path, required=False)


def public_table(ds, external_path: str):
    """The public table read and classed (``helpers.pages.airwar.classified``) with its credit line, or
    ``(None, None)`` when there is no copy."""
    from helpers.table import airforce

    path = table_or_none(external_path)
    if path is None:
        return None, None
    variant, rows, _ = airforce.load(ds, path)
    return classified(variant, rows), external.attribution(path)


def _national_rows(frame: pd.DataFrame, start, end) -> pd.DataFrame:
    keep = (frame["date"] >= start) & (frame["date"] <= end) & (frame["reporter"] == NATIONAL)
    return frame[keep]


def _sums(rows: pd.DataFrame, attributed) -> dict:
    ballistic = rows[rows["class"] == BALLISTIC]
    withheld = ballistic["withheld"].fillna(False).astype(bool) if "withheld" in ballistic else \
        pd.Series(False, index=ballistic.index)
    counted = ballistic[~withheld.to_numpy()]
    base = counted["launched"].sum(min_count=1)
    labelled = counted.loc[counted["label"].astype("string").str.contains(LABEL_MARK, regex=False).fillna(False)
                           .to_numpy(dtype=bool), "launched"].sum(min_count=1)
    mixed = rows[(rows["class"] == MIXED)
                 & rows["label"].astype("string").str.contains(LABEL_MARK, regex=False).fillna(False)]
    out = {"ballistic_launched": None if pd.isna(base) else int(base),
           "combined_label": 0 if pd.isna(labelled) else int(labelled),
           "labelled": 0 if pd.isna(labelled) else int(labelled),
           "attributed_dprk": None if attributed is None or pd.isna(attributed) else int(attributed),
           "withheld": int(withheld.sum()), "mixed_rows": len(mixed),
           "mixed_launched": int(mixed["launched"].sum()) if mixed["launched"].notna().any() else 0}
    n = out["ballistic_launched"]
    if n:
        a = out["attributed_dprk"] or 0
        out["share_low"] = round(min(1.0, a / n), 4)
        out["share_high"] = round(min(1.0, (a + out["combined_label"]) / n), 4)
    else:
        out["share_low"] = out["share_high"] = None
    return out


def share(frame: pd.DataFrame | None, uses: pd.DataFrame, start, end) -> dict | None:
    """The window's share as a range, with its counts (see the module's docstring); ``None`` without the table."""
    if frame is None:
        return None
    return _sums(_national_rows(frame, start, end), _attributed(uses))


def _attributed(uses: pd.DataFrame):
    """Missiles the uses attribute to North Korea: 0 where there is no use, unknown where uses give no count."""
    return 0 if uses.empty else uses["missile_count"].sum(min_count=1)


def by_quarter(frame: pd.DataFrame | None, uses: pd.DataFrame, start, end) -> pd.DataFrame | None:
    """The share per quarter of the window (``partial`` where the quarter is cut by the window or the table);
    ``None`` without the table."""
    if frame is None:
        return None
    rows = _national_rows(frame, start, end)
    quarters = pd.period_range(start, end, freq="Q")
    first, last = max(start, frame["date"].min()), min(end, frame["date"].max())
    out = []
    for q in quarters:
        in_q = rows[(rows["date"] >= q.start_time) & (rows["date"] <= q.end_time)]
        u = uses[(uses["date"] >= q.start_time) & (uses["date"] <= q.end_time)]
        s = _sums(in_q, _attributed(u))
        out.append({"period": q.start_time, **{k: s[k] for k in COLUMNS[1:-1]},
                    "partial": bool(q.start_time < first or q.end_time.normalize() > last)})
    frame_out = pd.DataFrame(out, columns=COLUMNS)
    return frame_out.astype({"ballistic_launched": "Int64", "labelled": "Int64", "attributed_dprk": "Int64",
                             "share_low": "Float64", "share_high": "Float64"})


NO_TABLE = ("The share needs the public attack table, which is not on this machine: run `make external`, or "
            "give external_path.")


def quarters_figure(quarters: pd.DataFrame | None, credit: str | None, window: str):
    """Ballistic missiles per quarter in the national reports, the part under the KN-23 labels, and the
    missiles the curated uses attribute to North Korea (a line saying the table is needed, without it)."""
    if quarters is None:
        from helpers import page

        return page.KeyFigures([], empty=NO_TABLE)
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 4.2))
    if quarters.empty or quarters["ballistic_launched"].isna().all():
        plots.empty_note(ax, "The public table gives no ballistic missile in this window.")
        plots.caption(fig, window, [credit])
        return plots.Chart(fig, quarters, "dprk-share-by-quarter")
    x = np.arange(len(quarters))
    base = quarters["ballistic_launched"].astype("Float64").fillna(0).to_numpy(dtype=float)
    labelled = quarters["labelled"].astype("Float64").fillna(0).to_numpy(dtype=float)
    attributed = quarters["attributed_dprk"].astype("Float64").fillna(0).to_numpy(dtype=float)
    partial = quarters["partial"].to_numpy(dtype=bool)
    ax.bar(x, base, color="#d9d9d9", label="ballistic missiles, all labels", hatch=None)
    ax.bar(x, labelled, color="#E69F00", label="of which under the Iskander-M/KN-23 or KN-23 label")
    ax.scatter(x[attributed > 0], attributed[attributed > 0], color=plots.DPRK, zorder=3, s=40,
               label="attributed to North Korea (curated uses)")
    for i in np.flatnonzero(partial):
        ax.bar(x[i], base[i], fill=False, edgecolor="#555555", linestyle=":", linewidth=1.2)
    labels = [f"Q{p.quarter} {p.year}" + (" (partial)" if part else "")
              for p, part in zip(quarters["period"], partial, strict=True)]
    ax.set_xticks(x, labels, rotation=30, ha="right", fontsize=9)
    ax.set_ylabel("Ballistic missiles launched")
    ax.set_title("Russia's ballistic missiles per quarter, and the part that may be North Korean")
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    fig.tight_layout()
    plots.caption(fig, window, [credit], note="The Air Force's national reports. Dotted outline: a partial quarter. "
                                              "Rows with withheld counts are not in the bars.")
    return plots.Chart(fig, quarters, "dprk-share-by-quarter")


def quarters_table(quarters: pd.DataFrame | None):
    from helpers import formatting

    if quarters is None:
        return None

    view = quarters.copy()
    view["share"] = [_range_words(lo, hi) for lo, hi in zip(view["share_low"], view["share_high"], strict=True)]
    view["period"] = [f"Q{p.quarter} {p.year}" + (" (partial)" if part else "")
                      for p, part in zip(view["period"], view["partial"], strict=True)]
    view = view[["period", "ballistic_launched", "labelled", "attributed_dprk", "share", "withheld"]]
    return formatting.table(view, formats={"period": "text", "share": "text"},
                            labels={"period": "Quarter", "ballistic_launched": "Ballistic missiles (table)",
                                    "labelled": "Under the KN-23 labels", "attributed_dprk": "Attributed (curated)",
                                    "share": "North Korean share (range)", "withheld": "Rows withheld"},
                            note="Low end: attributed / ballistic; high end: (attributed + labelled) / ballistic, "
                                 "at most 100%.")


def _range_words(low, high) -> str:
    if low is None or pd.isna(low):
        return "no base"
    a, b = round(float(low) * 100), round(float(high) * 100)
    return f"{a}%" if a == b else f"{a}% to {b}%"
