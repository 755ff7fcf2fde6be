"""The whole air war computed from the public attack table: by period and weapon class, rates under both
definitions, attacks (one per post), places and reporters. The page of notebook 06 is ``helpers.pages.airwar``.

Interception rates come in two definitions, because analysts use both without saying so:

- ``shot_down``: shot down / launched, over the rows that give both figures;
- ``shot_down_or_lost``: (shot down + lost) / launched, where "lost" is the table's
  ``not_reach_goal`` (lost to electronic warfare or fell short). The Air Force names such losses
  only when it has them, so a row with no "lost" figure adds none; how many rows gave one is shown.

Every rate carries its 95% Wilson interval and is hidden where fewer than ``MIN_LAUNCHED`` weapons
with a figure were launched in the period: a rate from a handful of missiles says almost nothing.
Periods of the window with no row are kept as "no record", never dropped and never drawn as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import params
from helpers.stats import wilson_interval
from helpers.strikes import FREQUENCIES
from helpers.table.reporters import NATIONAL, REPORTERS, report_keys, window_text, windows
from helpers.table.table_frame import CLASS_OF, CLASS_ORDER, classified, kind_of, one_row_per_report  # noqa: F401

MIN_LAUNCHED = 10
RATE_WORDS = {
    "shot_down_or_lost": "as the Air Force counts it (shot down, or lost to jamming)",
    "shot_down": "shot down only",
}
RATE_DEFINITIONS = {
    "shot_down": "shot down / launched",
    "shot_down_or_lost": "(shot down + lost to electronic warfare or fell short) / launched",
}
STRIKE_CLASSES = [c for c in CLASS_ORDER if c != "reconnaissance drones"]
# The weapon_classes parameter takes the schema's class ids, as notebook 02 does; pages show the group labels.
STRIKE_CLASS_IDS = [i for i, label in CLASS_OF.items() if label in STRIKE_CLASSES]
_PERIOD = {"W": "W-SUN", "M": "M"}


@dataclass(frozen=True)
class AirWarParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    frequency: str
    classes: list[str]  # the groups shown (labels), in CLASS_ORDER
    rate_definition: str
    top_n: int
    class_ids: tuple[str, ...] = tuple(STRIKE_CLASS_IDS)  # the schema's classes counted
    reporters: tuple[str, ...] = (NATIONAL,)  # whose posts are counted (helpers.table.reporters.REPORTERS)


def parameters(start_date, end_date, frequency, weapon_classes, rate_definition, top_n,
               reporters=()) -> AirWarParameters:
    """Check notebook 06's parameters; raise ``ParameterError`` naming the bad one. ``reporters`` empty
    counts the Air Force's national reports only."""
    start, end = params.as_window(start_date, end_date)
    freq = params.as_choice("frequency", frequency, list(_PERIOD))
    ids = _class_ids(weapon_classes)
    classes = [c for c in CLASS_ORDER if c in {CLASS_OF[i] for i in ids}]
    definition = params.as_choice("rate_definition", rate_definition, list(RATE_DEFINITIONS))
    who = params.as_subset("reporters", reporters, list(REPORTERS)) if reporters else [NATIONAL]
    return AirWarParameters(start, end, freq, classes, definition, params.as_positive_int("top_n", top_n, 100),
                            tuple(ids), tuple(r for r in REPORTERS if r in who))


def _class_ids(weapon_classes) -> list[str]:
    """The ``weapon_classes`` parameter: class ids of the schema (``ballistic_missile``), as notebook 02 takes
    them; a label a page shows (``ballistic missiles``) is refused with the id to write instead."""
    if not weapon_classes:
        return list(STRIKE_CLASS_IDS)
    for value in weapon_classes if isinstance(weapon_classes, list) else []:
        ids = [i for i, label in CLASS_OF.items() if label == value and i in STRIKE_CLASS_IDS]
        if ids:
            raise params.ParameterError("weapon_classes", weapon_classes if len(weapon_classes) > 1 else value,
                                        f"{value!r} is the label pages show; write the class id"
                                        f"{'s' if len(ids) > 1 else ''} {', '.join(repr(i) for i in ids)}")
    return params.as_subset("weapon_classes", weapon_classes, STRIKE_CLASS_IDS)


def in_window(frame: pd.DataFrame, p: AirWarParameters, every_reporter: bool = False) -> pd.DataFrame:
    """The rows of the window whose weapon class and reporter were chosen (every reporter's, if asked)."""
    keep = (frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["weapon_class"].isin(p.class_ids)
    if not every_reporter:
        keep &= frame["reporter"].isin(p.reporters)
    return frame[keep]


def reporter_summary(frame: pd.DataFrame, p: AirWarParameters) -> pd.DataFrame:
    """Rows, reports and weapons launched in the window per reporter, and whether the page counts them."""
    window = in_window(frame, p, every_reporter=True)
    grouped = window.assign(report=report_keys(window)).groupby("reporter", observed=True)
    out = pd.DataFrame({"rows": grouped.size(), "reports": grouped["report"].nunique(),
                        "launched": grouped["launched"].sum(min_count=1)}).astype("Int64").reset_index()
    out["counted"] = out["reporter"].isin(p.reporters)
    out["reporter"] = out["reporter"].astype("string").map(REPORTERS)
    return out.sort_values(["counted", "launched"], ascending=[False, False], kind="stable").reset_index(drop=True)


def _lost(frame: pd.DataFrame) -> pd.Series:
    if "not_reach_goal" in frame:
        return frame["not_reach_goal"].astype("Int64")
    return pd.Series(pd.NA, index=frame.index, dtype="Int64")


def _with_rate_columns(frame: pd.DataFrame, definition: str) -> pd.DataFrame:
    """Per-row columns for the rate: launched and intercepted over rows whose figures allow it."""
    launched, destroyed, lost = frame["launched"], frame["destroyed"], _lost(frame)
    both = launched.notna() & destroyed.notna()
    intercepted = destroyed + lost.fillna(0) if definition == "shot_down_or_lost" else destroyed
    ok = (both & (intercepted <= launched)).fillna(False).astype(bool)
    return frame.assign(lost=lost, launched_with_figure=launched.where(ok), intercepted=intercepted.where(ok),
                        lost_reported=lost.notna())


def by_period(frame: pd.DataFrame, p: AirWarParameters, freq: str | None = None) -> pd.DataFrame:
    """Launched, shot down, lost and the interception rate per period and class, every period of the window
    kept (``record`` False where the table has no row for that class and period)."""
    freq = freq or p.frequency
    window = in_window(frame, p)
    window = _with_rate_columns(window, p.rate_definition)
    window = window.assign(period=window["date"].dt.to_period(_PERIOD[freq]).dt.start_time)
    grouped = window.groupby(["period", "class"], observed=True)
    sums = grouped[["launched", "destroyed", "lost", "launched_with_figure", "intercepted"]].sum(min_count=1)
    sums["rows"] = grouped.size()
    sums["rows_with_lost"] = grouped["lost_reported"].sum()
    periods = pd.period_range(p.start, p.end, freq=_PERIOD[freq]).start_time
    full = pd.MultiIndex.from_product([periods, [c for c in CLASS_ORDER if c in p.classes]],
                                      names=["period", "class"])
    out = sums.reindex(full)
    out["record"] = out["rows"].notna()
    out["partial"] = out.index.get_level_values("period").map(partial_periods(frame, p, freq)).to_numpy(dtype=bool)
    out = out.astype({c: "Int64" for c in ["launched", "destroyed", "lost", "launched_with_figure", "intercepted",
                                          "rows", "rows_with_lost"]})
    _rate(out)
    return out.reset_index()


def partial_periods(frame: pd.DataFrame, p: AirWarParameters, freq: str | None = None) -> pd.Series:
    """For each period of the window (by its start), whether part of it lies outside the window or outside the
    days the table covers (its first to its last date): such a period holds fewer days than the others, so its
    count is not comparable with theirs."""
    freq = freq or p.frequency
    span = pd.period_range(p.start, p.end, freq=_PERIOD[freq])
    first, last = frame["date"].min(), frame["date"].max()
    low = max(p.start, first) if pd.notna(first) else p.start
    high = min(p.end, last) if pd.notna(last) else p.end
    partial = (span.start_time < low) | (span.end_time.normalize() > high)
    return pd.Series(partial, index=span.start_time)


def _rate(out: pd.DataFrame) -> None:
    n = out["launched_with_figure"].astype("Float64")
    k = out["intercepted"].astype("Float64")
    out["rate"] = (k / n.where(n > 0)).astype("Float64")
    out["rate_low"], out["rate_high"] = wilson_interval(out["intercepted"], out["launched_with_figure"])
    out["rate_shown"] = (out["launched_with_figure"].fillna(0) >= MIN_LAUNCHED).astype(bool)


def monthly_by_class(frame: pd.DataFrame, p: AirWarParameters) -> pd.DataFrame:
    """The record tests check: period, class, launched, destroyed, lost, rate, rate_low, rate_high (periods
    with a record only)."""
    out = by_period(frame, p)
    out = out[out["record"]]
    return out[["period", "class", "launched", "destroyed", "lost", "rate", "rate_low", "rate_high"]].reset_index(
        drop=True).assign(**{"class": lambda d: d["class"].astype("string")})


def rolling(frame: pd.DataFrame, p: AirWarParameters, weeks: int = 4) -> pd.DataFrame:
    """Each class's interception rate over the last ``weeks`` weeks, week by week (a smoother trend line)."""
    weekly = by_period(frame, p, "W").set_index(["period", "class"])
    parts = []
    for cls, part in weekly.groupby(level="class", observed=True):
        part = part.droplevel("class")
        n = part["launched_with_figure"].astype("Float64").fillna(0).rolling(weeks, min_periods=1).sum()
        k = part["intercepted"].astype("Float64").fillna(0).rolling(weeks, min_periods=1).sum()
        roll = pd.DataFrame({"period": part.index, "class": cls, "launched_with_figure": n.astype("Int64").to_numpy(),
                             "intercepted": k.astype("Int64").to_numpy()})
        parts.append(roll)
    if not parts:
        return pd.DataFrame(columns=["period", "class", "launched_with_figure", "intercepted", "rate", "rate_low",
                                     "rate_high", "rate_shown"])
    out = pd.concat(parts, ignore_index=True)
    _rate(out)
    return out


def change_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Launched per period (all classes together) with the change from the period before; no change is given
    to or from a partial period (fewer days are not fewer weapons)."""
    total = periods.groupby("period", sort=True).agg(
        launched=("launched", lambda s: s.sum(min_count=1)), record=("record", "any"), partial=("partial", "any"))
    total["launched"] = total["launched"].astype("Int64")
    previous = total["launched"].shift(1)
    comparable = ~total["partial"] & ~total["partial"].shift(1, fill_value=False).astype(bool)
    total["change"] = (total["launched"] - previous).astype("Int64").where(comparable)
    prev = previous.astype("Float64")
    share = (total["launched"].astype("Float64") - prev) / prev.where(prev > 0)
    total["change_share"] = share.astype("Float64").where(comparable)
    return total.reset_index()


ATTACK_COLUMNS = ["rank", "date", "window", "launched", "destroyed", "rows", "withheld", "dprk_attributed",
                  "kn23_label"]
KN23 = "Iskander-M/KN-23"


def attacks(frame: pd.DataFrame, p: AirWarParameters, dprk_dates=()) -> pd.DataFrame:
    """The largest attacks of the window: one per report (an Air Force post with all its rows, whatever their
    windows), dated by the morning its last window ended, largest first. Marked: the days on which the curated
    record attributes North Korean missiles, and reports with the Air Force's Iskander-M/KN-23 label (which
    may hold North Korean missiles or Russian ones)."""
    window = in_window(frame, p)
    if window.empty:
        return pd.DataFrame(columns=ATTACK_COLUMNS)
    times = windows(window["attack"])
    label = window["label"].astype("string")
    parts = pd.DataFrame({"report": report_keys(window).to_numpy(), "date": window["date"].to_numpy(),
                          "start": times["start"].to_numpy(), "end": times["end"].to_numpy(),
                          "launched": window["launched"].to_numpy(), "destroyed": window["destroyed"].to_numpy(),
                          "kn23_label": label.str.contains("KN-23", regex=False).fillna(False).to_numpy(dtype=bool),
                          "withheld": _withheld(window)})
    grouped = parts.groupby("report", sort=False)
    out = pd.DataFrame({"date": grouped["date"].max(), "start": grouped["start"].min(), "end": grouped["end"].max(),
                        "launched": grouped["launched"].sum(min_count=1).astype("Int64"),
                        "destroyed": grouped["destroyed"].sum(min_count=1).astype("Int64"),
                        "rows": grouped.size(), "withheld": grouped["withheld"].sum(),
                        "kn23_label": grouped["kn23_label"].any()}).reset_index(drop=True)
    out = out.dropna(subset=["launched"]).sort_values(["launched", "date"], ascending=[False, True], kind="stable")
    out["window"] = [window_text(a, b) for a, b in zip(out["start"], out["end"], strict=True)]
    out["dprk_attributed"] = out["date"].isin({pd.Timestamp(d) for d in dprk_dates})
    out = out.head(p.top_n).reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[ATTACK_COLUMNS]


def _withheld(rows: pd.DataFrame) -> np.ndarray:
    """Rows whose counts the Air Force withheld (``status_data = hidden``; False for tables without it)."""
    if "withheld" not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows["withheld"].fillna(False).to_numpy(dtype=bool)


def split_places(values: pd.Series) -> pd.Series:
    """The table joins several launch places or carriers in one cell with " and "; one item per entry.

    A carrier written with its number of aircraft ("10 x Tu-95MS") is counted under the aircraft type, so
    the ranking is by type; the number of aircraft is not a figure this page uses."""
    text = values.astype("string").fillna("").str.strip()
    items = text[text != ""].str.split(r"\s+and\s+", regex=True).explode().str.strip()
    return items.str.replace(r"^\d+\s*[x×]\s*", "", regex=True)


def ranked(frame: pd.DataFrame, p: AirWarParameters, column: str) -> pd.DataFrame:
    """Launch places (or carriers) ranked by the weapons launched from them, with the rows that named one.

    A row naming several places counts its launched weapons once for each (the table does not split
    them), so the column sums to more than was launched; the note says so."""
    window = in_window(frame, p)
    if column not in window or window[column].isna().all():
        return pd.DataFrame(columns=[column, "rows", "launched"])
    items = split_places(window[column])
    joined = pd.DataFrame({column: items.to_numpy(), "launched": window.loc[items.index, "launched"].to_numpy()})
    out = joined.groupby(column).agg(rows=(column, "size"), launched=("launched", lambda s: s.sum(min_count=1)))
    out = out.astype({"launched": "Int64"}).sort_values(["launched", "rows"], ascending=False, kind="stable")
    return out.head(p.top_n).reset_index()


def target_oblasts(frame: pd.DataFrame, p: AirWarParameters, oblast_of) -> tuple[pd.DataFrame, dict]:
    """Rows naming each oblast as a target (``target``, ``target_main``, ``affected_region``), and the share of
    rows that could be placed in at least one oblast; ``oblast_of`` normalises the table's region names."""
    window = in_window(frame, p)
    placed = pd.Series(False, index=window.index)
    found: dict[str, set] = {}
    for column in ("target", "target_main", "affected_region"):
        if column not in window:
            continue
        for index, text in window[column].astype("string").items():
            if pd.isna(text) or not str(text).strip():
                continue
            for part in _region_parts(str(text)):
                oblast = oblast_of(part)
                if oblast:
                    found.setdefault(oblast, set()).add(index)
                    placed[index] = True
    counts = pd.DataFrame({"oblast": list(found), "rows": [len(v) for v in found.values()]})
    counts = counts.sort_values(["rows", "oblast"], ascending=[False, True]).reset_index(drop=True)
    share = {"rows": int(len(window)), "placed": int(placed.sum()),
             "share_placed": float(placed.mean()) if len(window) else None}
    return counts, share


def _region_parts(text: str) -> list[str]:
    """The place names of a target cell: a list such as ``['Kharkiv oblast', 'Kyiv']`` is parsed by the reader's
    grammar (never evaluated; a malformed list places nothing, and the load report lists it), other text is
    split on " and " and commas."""
    import re

    from helpers.table import airforce

    text = text.strip()
    if text.startswith("["):
        try:
            return airforce.regions(text)
        except ValueError:
            return []
    return [t.strip() for t in re.split(r"\s+and\s+|,", text) if t.strip()]


def window_totals(periods: pd.DataFrame) -> pd.DataFrame:
    """Launched, shot down and the rate over the whole window, per class (for the key figures)."""
    cols = ["launched", "destroyed", "lost", "launched_with_figure", "intercepted"]
    out = periods.groupby("class", observed=True)[cols].sum(min_count=1).astype("Int64")
    _rate(out)
    return out.reset_index()


def missiles_and_drones(periods: pd.DataFrame) -> dict[str, dict]:
    """Launched and shot down over the window for missiles and for drones (strike drones, decoys and drones of
    unknown type), as the curated pages count them (``helpers.strikes.weapon_kind``): loitering munitions,
    guided bombs and reconnaissance drones are neither and are left out of both (the class table shows them)."""
    kind = kind_of(periods["class"]).to_numpy()
    sums = periods.assign(kind=kind).groupby("kind")[["launched", "destroyed", "launched_with_figure",
                                                     "intercepted"]].sum(min_count=1).astype("Int64")
    sums = sums.drop(index="apart", errors="ignore")
    _rate(sums)
    return {k: {c: (None if pd.isna(v) else (float(v) if c.startswith("rate") and c != "rate_shown" else v))
                for c, v in row.items()} for k, row in sums.iterrows()}


__all__ = ["CLASS_ORDER", "FREQUENCIES", "MIN_LAUNCHED", "RATE_DEFINITIONS", "STRIKE_CLASSES", "AirWarParameters",
           "attacks", "by_period", "change_table", "classified", "in_window", "missiles_and_drones",
           "monthly_by_class", "parameters", "ranked", "reporter_summary", "rolling", "split_places", "target_oblasts",
           "window_totals"]


def release_measures(frame: pd.DataFrame, p: AirWarParameters) -> dict:
    """What ``helpers.pages.releases`` compares between two releases: attacks (distinct posts, withheld ones
    included), missiles and drones launched, their rates (the page's definition) and the rows with counts
    withheld, over ``p``'s window and reporters."""
    window = in_window(frame, p)
    rated = _with_rate_columns(window, p.rate_definition)  # the window's sums, without the period grid
    sums = rated.groupby("class", observed=True)[["launched", "destroyed", "launched_with_figure",
                                                 "intercepted"]].sum(min_count=1).reset_index()
    kinds = missiles_and_drones(sums)
    withheld = int(window["withheld"].fillna(False).astype(bool).sum()) if "withheld" in window else 0
    return {"attacks": int(report_keys(window).nunique()),
            "missiles": (kinds.get("missiles") or {}).get("launched"),
            "drones": (kinds.get("drones") or {}).get("launched"),
            "missiles_rate": (kinds.get("missiles") or {}).get("rate"),
            "drones_rate": (kinds.get("drones") or {}).get("rate"), "withheld": withheld}


def shot_down_only(frame: pd.DataFrame, p: AirWarParameters) -> dict[str, tuple[float, int]]:
    """Classes whose rows almost always (90% or more of at least 10) give launched equal to shot down: the table
    then likely records only the weapons shot down, so their rate measures nothing. Class -> (share, rows)."""
    window = frame[(frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["reporter"].isin(p.reporters)]
    found = {}
    for cls in STRIKE_CLASSES:
        part = window[(window["class"] == cls) & window["launched"].notna() & window["destroyed"].notna()]
        if len(part) >= 10:
            share = float((part["launched"] == part["destroyed"]).mean())
            if share >= 0.9:
                found[cls] = (share, len(part))
    return found
