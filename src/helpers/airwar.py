"""Notebook 06, the whole air war: the public attack table by period and weapon class, beside the
curated record.

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
from helpers.weapons import weapon_table

MIN_LAUNCHED = 10
RATE_DEFINITIONS = {
    "shot_down": "shot down / launched",
    "shot_down_or_lost": "(shot down + lost to electronic warfare or fell short) / launched",
}
# The schema's weapon classes, grouped the way air-war trackers group them.
CLASS_OF = {
    "ballistic_missile": "ballistic missiles",
    "aeroballistic_missile": "aeroballistic missiles",
    "cruise_missile": "cruise missiles",
    "anti_ship_missile": "cruise missiles",
    "anti_radiation_missile": "guided missiles",
    "sam_ground_attack": "guided missiles",
    "guided_bomb": "guided bombs",
    "missile_unknown_type": "missiles of unknown type",
    "strike_drone": "strike drones",
    "loitering_munition": "loitering munitions",
    "decoy_drone": "decoys",
    "drone_unknown_type": "drones of unknown type",
    "reconnaissance_drone": "reconnaissance drones",
}
CLASS_ORDER = ["ballistic missiles", "aeroballistic missiles", "cruise missiles", "guided missiles", "guided bombs",
               "missiles of unknown type", "strike drones", "loitering munitions", "decoys", "drones of unknown type",
               "reconnaissance drones"]
STRIKE_CLASSES = [c for c in CLASS_ORDER if c != "reconnaissance drones"]
_PERIOD = {"W": "W-SUN", "M": "M"}


@dataclass(frozen=True)
class AirWarParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    frequency: str
    classes: list[str]
    rate_definition: str
    top_n: int


def parameters(start_date, end_date, frequency, weapon_classes, rate_definition, top_n) -> AirWarParameters:
    """Check notebook 06's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    freq = params.as_choice("frequency", frequency, list(_PERIOD))
    classes = params.as_subset("weapon_classes", weapon_classes, STRIKE_CLASSES) if weapon_classes else STRIKE_CLASSES
    definition = params.as_choice("rate_definition", rate_definition, list(RATE_DEFINITIONS))
    return AirWarParameters(start, end, freq, classes, definition, params.as_positive_int("top_n", top_n, 100))


def classified(variant, rows: pd.DataFrame) -> pd.DataFrame:
    """The table's mapped rows with their weapon class as trackers group them (unmapped labels are left
    out here; the load report lists them)."""
    weapons = weapon_table(variant)
    mapped = rows[rows["weapon_id"].notna().to_numpy()].copy()
    cls = mapped["weapon_id"].astype("string").map(weapons["weapon_class"].astype("string"))
    mapped["weapon_class"] = cls
    mapped["class"] = pd.Categorical(cls.map(CLASS_OF), categories=CLASS_ORDER)
    return mapped.reset_index(drop=True)


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
    window = frame[(frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["class"].isin(p.classes)]
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
    out = out.astype({c: "Int64" for c in ["launched", "destroyed", "lost", "launched_with_figure", "intercepted",
                                          "rows", "rows_with_lost"]})
    _rate(out)
    return out.reset_index()


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
    """Launched per period (all classes together) with the change from the period before."""
    total = periods.groupby("period", sort=True).agg(
        launched=("launched", lambda s: s.sum(min_count=1)), record=("record", "any"))
    total["launched"] = total["launched"].astype("Int64")
    previous = total["launched"].shift(1)
    total["change"] = (total["launched"] - previous).astype("Int64")
    prev = previous.astype("Float64")
    total["change_share"] = ((total["launched"].astype("Float64") - prev) / prev.where(prev > 0)).astype("Float64")
    return total.reset_index()


def attacks(frame: pd.DataFrame, p: AirWarParameters, dprk_dates=()) -> pd.DataFrame:
    """Each attack window of the period (all classes together), largest first, with the days on which the
    curated record attributes North Korean missiles marked."""
    window = frame[(frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["class"].isin(p.classes)]
    if window.empty:
        return pd.DataFrame(columns=["rank", "date", "attack", "launched", "destroyed", "dprk_attributed", "posts"])
    grouped = window.groupby(["date", "attack"], observed=True)
    out = grouped.agg(launched=("launched", lambda s: s.sum(min_count=1)),
                      destroyed=("destroyed", lambda s: s.sum(min_count=1)),
                      posts=("source_id", lambda s: ";".join(sorted({str(v) for v in s.dropna()}))))
    out = out.astype({"launched": "Int64", "destroyed": "Int64"}).reset_index()
    out = out.dropna(subset=["launched"]).sort_values(["launched", "date"], ascending=[False, True], kind="stable")
    dates = {pd.Timestamp(d) for d in dprk_dates}
    out["dprk_attributed"] = out["date"].isin(dates)
    out = out.head(p.top_n).reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def split_places(values: pd.Series) -> pd.Series:
    """The table joins several launch places or carriers in one cell with " and "; one item per entry."""
    text = values.astype("string").fillna("").str.strip()
    return text[text != ""].str.split(r"\s+and\s+", regex=True).explode().str.strip()


def ranked(frame: pd.DataFrame, p: AirWarParameters, column: str) -> pd.DataFrame:
    """Launch places (or carriers) ranked by the weapons launched from them, with the rows that named one.

    A row naming several places counts its launched weapons once for each (the table does not split
    them), so the column sums to more than was launched; the note says so."""
    window = frame[(frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["class"].isin(p.classes)]
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
    window = frame[(frame["date"] >= p.start) & (frame["date"] <= p.end) & frame["class"].isin(p.classes)]
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
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        import re

        return [m.group(2) for m in re.finditer(r"(['\"])(.*?)\1", text)]
    import re

    return [t.strip() for t in re.split(r"\s+and\s+|,", text) if t.strip()]


def window_totals(periods: pd.DataFrame) -> pd.DataFrame:
    """Launched, shot down and the rate over the whole window, per class (for the key figures)."""
    cols = ["launched", "destroyed", "lost", "launched_with_figure", "intercepted"]
    out = periods.groupby("class", observed=True)[cols].sum(min_count=1).astype("Int64")
    _rate(out)
    return out.reset_index()


def missiles_and_drones(periods: pd.DataFrame) -> dict[str, dict]:
    """Launched and shot down over the window for missiles (and bombs) and for drones."""
    drone_classes = {"strike drones", "loitering munitions", "decoys", "drones of unknown type"}
    kind = np.where(periods["class"].astype("string").isin(drone_classes), "drones", "missiles")
    sums = periods.assign(kind=kind).groupby("kind")[["launched", "destroyed", "launched_with_figure",
                                                     "intercepted"]].sum(min_count=1).astype("Int64")
    _rate(sums)
    return {k: {c: (None if pd.isna(v) else (float(v) if c.startswith("rate") and c != "rate_shown" else v))
                for c, v in row.items()} for k, row in sums.iterrows()}


__all__ = ["CLASS_ORDER", "FREQUENCIES", "MIN_LAUNCHED", "RATE_DEFINITIONS", "STRIKE_CLASSES", "AirWarParameters",
           "attacks", "by_period", "change_table", "classified", "missiles_and_drones", "monthly_by_class",
           "parameters", "ranked", "rolling", "split_places", "target_oblasts", "window_totals"]
