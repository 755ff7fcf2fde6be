"""Which attacks get a card, and the table's reports by size (one post is one attack).

Every curated mass strike and North Korean missile use (``helpers.events.ATTACK_CATEGORIES``) and the
``TOP_PER_YEAR`` largest reports of each year of the public table get a card (``notebooks/07-attack.ipynb``,
named ``helpers.events.card_name``); ``make cards`` writes them into ``reports/reports.toml``, and the pages
that list attacks link each one that has a card.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import Dataset
from helpers.events import ATTACK_CATEGORIES, card_name
from helpers.table.reporters import NATIONAL, report_keys, window_text, windows
from helpers.table.table_frame import kind_of

TOP_PER_YEAR = 10


def reports_by_size(frame: pd.DataFrame | None, reporters=(NATIONAL,)) -> pd.DataFrame:
    """Every report of the table (one post), with its date, window, weapons launched (missiles and drones;
    withheld counts are not in it) and its rows; largest first."""
    columns = ["report", "date", "window", "launched", "rows", "withheld", "reporter"]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=columns)
    rows = frame[frame["reporter"].isin(reporters).to_numpy()]
    rows = rows[kind_of(rows["class"]).isin(["missiles", "drones"]).to_numpy()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    times = windows(rows["attack"])
    parts = pd.DataFrame({"report": report_keys(rows).to_numpy(), "date": rows["date"].to_numpy(),
                          "reporter": rows["reporter"].astype("string").to_numpy(),
                          "start": times["start"].to_numpy(), "end": times["end"].to_numpy(),
                          "launched": rows["launched"].to_numpy(),
                          "withheld": rows["withheld"].fillna(False).to_numpy(dtype=bool)
                          if "withheld" in rows else np.zeros(len(rows), dtype=bool)})
    g = parts.groupby("report", sort=False)
    out = pd.DataFrame({"date": g["date"].max(), "start": g["start"].min(), "end": g["end"].max(),
                        "launched": g["launched"].sum(min_count=1).astype("Int64"), "rows": g.size(),
                        "withheld": g["withheld"].sum(), "reporter": g["reporter"].first()}).reset_index()
    out["window"] = [window_text(a, b) for a, b in zip(out["start"], out["end"], strict=True)]
    out = out.dropna(subset=["launched"]).sort_values(["launched", "date", "report"], ascending=[False, True, True],
                                                      kind="stable")
    return out[columns].reset_index(drop=True)


def cards(ds: Dataset, frame: pd.DataFrame | None = None, top_per_year: int = TOP_PER_YEAR) -> pd.DataFrame:
    """The attacks that get a card, by date: every curated mass strike and North Korean missile use, and the
    ``top_per_year`` largest reports of each year of the table (when it is given). ``why`` says which."""
    events = ds.events[ds.events["category"].isin(ATTACK_CATEGORIES)]
    why: dict[pd.Timestamp, set[str]] = {}
    for _, e in events.iterrows():
        why.setdefault(pd.Timestamp(e["date"]), set()).add(
            "North Korean missile use" if e["category"] == "dprk_missile_use" else "mass strike")
    sized = reports_by_size(frame)
    if len(sized):
        for _, group in sized.groupby(sized["date"].dt.year):
            for rank, (_, r) in enumerate(group.head(top_per_year).iterrows(), start=1):
                why.setdefault(pd.Timestamp(r["date"]), set()).add(f"largest of {r['date'].year} (#{rank})")
    rows = [{"date": d, "name": card_name(d), "why": "; ".join(sorted(w))} for d, w in sorted(why.items())]
    return pd.DataFrame(rows, columns=["date", "name", "why"])
