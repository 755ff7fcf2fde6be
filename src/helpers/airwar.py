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


# ---------------------------------------------------------------- figures, key figures and tables

CLASS_COLOURS = {
    "ballistic missiles": "#D55E00", "aeroballistic missiles": "#CC79A7", "cruise missiles": "#0072B2",
    "guided missiles": "#56B4E9", "guided bombs": "#999999", "missiles of unknown type": "#BBBBBB",
    "strike drones": "#E69F00", "loitering munitions": "#F0E442", "decoys": "#009E73",
    "drones of unknown type": "#DDDDDD", "reconnaissance drones": "#000000",
}
NO_RECORD_FILL = "#f2f2f2"


def _period_label(stamp: pd.Timestamp, freq: str) -> str:
    return f"{stamp:%b %Y}" if freq == "M" else f"{stamp.day} {stamp:%b %Y}"


def volume_figure(periods: pd.DataFrame, p: AirWarParameters, attribution: str, dprk_periods=()):
    """Launched per period, stacked by class; periods with no record hatched; periods holding an attack with
    North Korean missiles (as the curated record attributes them) marked."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from helpers import plots

    plots.use_house_style()
    table = periods.pivot_table(index="period", columns="class", values="launched", aggfunc="sum", observed=False,
                                dropna=False).reindex(columns=[c for c in CLASS_ORDER if c in p.classes])
    recorded = periods.groupby("period")["record"].any()
    table = table.reindex(recorded.index)
    n = len(table)
    fig, ax = plt.subplots(figsize=(11, 4.6), layout="constrained")
    x = np.arange(n)
    bottom = np.zeros(n)
    shown = []
    for cls in table.columns:
        values = table[cls].astype("Float64").fillna(0).astype(float).to_numpy()
        if values.sum() == 0:
            continue
        ax.bar(x, values, bottom=bottom, width=0.8, color=CLASS_COLOURS[cls], label=cls, zorder=2)
        bottom += values
        shown.append(cls)
    top = max(float(bottom.max()), 1.0)
    for i, rec in enumerate(recorded.to_numpy()):
        if not rec:
            ax.axvspan(i - 0.4, i + 0.4, facecolor=NO_RECORD_FILL, edgecolor="#bbbbbb", hatch="///", linewidth=0,
                       zorder=0)
    marks = [i for i, period in enumerate(table.index) if period in set(dprk_periods)]
    for i in marks:
        ax.plot([i], [bottom[i] + top * 0.05], marker="v", markersize=9, color=plots.DPRK, zorder=4)
    ax.set_ylim(0, top * 1.12)
    step = max(1, n // 18)
    ax.set_xticks(x[::step], [_period_label(t, p.frequency) for t in table.index[::step]],
                  rotation=45 if n > 8 else 0, ha="right" if n > 8 else "center")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylabel("weapons launched")
    ax.set_title(f"Launched per {FREQUENCIES[p.frequency].split(' ')[0]}, by weapon class")
    handles = [Patch(color=CLASS_COLOURS[c], label=c) for c in shown]
    handles.append(Patch(facecolor=NO_RECORD_FILL, edgecolor="#bbbbbb", hatch="///", label="no record (not zero)"))
    if marks:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], marker="v", linestyle="", color=plots.DPRK, markersize=8,
                              label="North Korean missiles attributed (curated record)"))
    fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=8)
    plots.caption(fig, plots.window_label(p.start, p.end), [attribution],
                  note="Launched as the Ukrainian Air Force reported them, one row per weapon model and attack "
                       "window. Hatched: the table has no row for that period, a gap in the record, not zero.")
    data = periods[["period", "class", "launched", "destroyed", "lost", "record"]].copy()
    data["record"] = data["record"].map({True: "recorded", False: "no record"})
    return plots.Chart(fig, data, "launched-by-class")


def rate_figure(periods: pd.DataFrame, roll: pd.DataFrame, p: AirWarParameters, attribution: str):
    """The interception rate per class and period with its 95% interval (hidden under ``MIN_LAUNCHED``),
    and the rolling 4-week rate as a line."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from helpers import plots

    plots.use_house_style()
    classes = [c for c in CLASS_ORDER if c in p.classes
               and periods.loc[periods["class"] == c, "rate_shown"].any()]
    if not classes:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No class had {MIN_LAUNCHED} or more launched with a figure in any period.")
        plots.caption(fig, plots.window_label(p.start, p.end), [attribution])
        return plots.Chart(fig, periods, "interception-rate")
    fig, axes = plt.subplots(len(classes), 1, figsize=(11, 1.9 * len(classes) + 0.8), sharex=True,
                             layout="constrained", squeeze=False)
    for ax, cls in zip(axes[:, 0], classes, strict=True):
        part = periods[(periods["class"] == cls) & periods["rate_shown"]]
        rate = part["rate"].astype(float)
        err = [np.clip(rate - part["rate_low"].astype(float), 0, None), np.clip(part["rate_high"].astype(float) - rate,
                                                                               0, None)]
        every = "month" if p.frequency == "M" else "week"
        ax.errorbar(part["period"], rate, yerr=err, fmt="o", markersize=3.5, color=CLASS_COLOURS[cls],
                    ecolor=CLASS_COLOURS[cls], elinewidth=1, capsize=2, label=f"per {every}, 95% interval")
        line = roll[(roll["class"] == cls) & roll["rate_shown"]]
        ax.plot(line["period"], line["rate"].astype(float), color="#333333", linewidth=1, label="rolling 4 weeks")
        ax.set_ylim(0, 1.05)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(cls, loc="left", fontsize=10)
    axes[0, 0].legend(loc="lower left", frameon=False, fontsize=8, ncol=2, bbox_to_anchor=(0, 1.12))
    fig.supylabel(f"intercepted ({RATE_DEFINITIONS[p.rate_definition]})", fontsize=9)
    plots.caption(fig, plots.window_label(p.start, p.end), [attribution],
                  note=f"Dots: the rate per period with its 95% Wilson interval, shown only where {MIN_LAUNCHED} or "
                       f"more were launched with an interception figure. Line: the rate over the last four weeks.")
    data = periods[["period", "class", "launched_with_figure", "intercepted", "rate", "rate_low", "rate_high",
                    "rate_shown"]]
    return plots.Chart(fig, data, "interception-rate")
