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
from helpers.strikes import DRONE_CLASSES, FREQUENCIES, OWN_KINDS, period_labels
from helpers.table.reporters import NATIONAL, REPORTERS, report_keys, window_text, windows
from helpers.table.table_frame import CLASS_OF, CLASS_ORDER, classified, one_row_per_report  # noqa: F401 (re-exported)
from helpers.weapons import CLASS_PLURAL

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
    drone_classes = {CLASS_PLURAL[c] for c in DRONE_CLASSES}
    apart = {CLASS_PLURAL[c] for c in OWN_KINDS}
    cls = periods["class"].astype("string")
    kind = np.where(cls.isin(drone_classes), "drones", np.where(cls.isin(apart), "apart", "missiles"))
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


# ---------------------------------------------------------------- figures, key figures and tables

CLASS_COLOURS = {
    "ballistic missiles": "#D55E00", "aeroballistic missiles": "#CC79A7", "cruise missiles": "#0072B2",
    "anti-ship missiles": "#332288", "air-defence missiles fired at ground targets": "#56B4E9",
    "anti-radiation missiles": "#117733", "guided bombs": "#7F7F7F", "missiles of unknown type": "#4D4D4D",
    "missiles of several types counted together": "#882255",
    "strike drones": "#E69F00", "loitering munitions": "#F0E442", "decoys": "#009E73",
    "drones of unknown type": "#A6761D", "reconnaissance drones": "#000000",
}
NO_RECORD_FILL = "#f2f2f2"
LOST_APART_FILL = "#e8eef7"


def _runs(positions) -> list[tuple[int, int]]:
    """Consecutive positions as (first, last) runs: one shaded span per run, not one per period."""
    runs: list[list[int]] = []
    for i in positions:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [(a, b) for a, b in runs]


def _counted(p: AirWarParameters) -> str:
    """Whose reports a page counts, in words."""
    names = [REPORTERS[r] for r in p.reporters]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _period_label(stamp: pd.Timestamp, freq: str) -> str:
    return f"{stamp:%b %Y}" if freq == "M" else f"{stamp.day} {stamp:%b %Y}"


def _bars(ax, x, bottom, heights, colour, width: float = 0.8) -> None:
    """Bars as one collection: hundreds of periods and classes draw as one artist per class, not one patch
    per bar (which made this figure slow to build and to save)."""
    from matplotlib.collections import PolyCollection

    half = width / 2
    verts = [[(xi - half, b), (xi - half, b + h), (xi + half, b + h), (xi + half, b)]
             for xi, b, h in zip(x, bottom, heights, strict=True) if h > 0]
    ax.add_collection(PolyCollection(verts, facecolors=colour, edgecolors="none", zorder=2))


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
    fig, ax = plt.subplots(figsize=(11, 4.6))
    fig.subplots_adjust(left=0.07, right=0.73, top=0.92, bottom=0.2)  # the legend sits right of the axes
    x = np.arange(n)
    bottom = np.zeros(n)
    shown = []
    for cls in table.columns:
        values = table[cls].astype("Float64").fillna(0).astype(float).to_numpy()
        if values.sum() == 0:
            continue
        _bars(ax, x, bottom, values, CLASS_COLOURS[cls])
        bottom += values
        shown.append(cls)
    top = max(float(bottom.max()), 1.0)
    partial = periods.groupby("period")["partial"].any().reindex(table.index).fillna(False).to_numpy(dtype=bool)
    for i, rec in enumerate(recorded.to_numpy()):
        if not rec:
            ax.axvspan(i - 0.4, i + 0.4, facecolor=NO_RECORD_FILL, edgecolor="#bbbbbb", hatch="///", linewidth=0,
                       zorder=0)
        elif partial[i]:
            ax.axvspan(i - 0.45, i + 0.45, facecolor="none", edgecolor="#555555", hatch="..", linewidth=0, zorder=3)
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
    if partial.any():
        handles.append(Patch(facecolor="none", edgecolor="#555555", hatch="..", label="partial period (fewer days)"))
    if marks:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], marker="v", linestyle="", color=plots.DPRK, markersize=8,
                              label="North Korean missiles attributed (curated record)"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.74, 0.92), frameon=False, fontsize=8)
    plots.caption(fig, plots.window_label(p.start, p.end), [attribution],
                  note=f"Launched, as given in {_counted(p)}. Hatched: the table has no row for that period, a "
                       "gap in the record, not zero. Dotted: a partial period, first or last of the window or of the "
                       "table, with fewer days than the others.")
    data = periods[["period", "class", "launched", "destroyed", "lost", "record", "partial"]].copy()
    data["record"] = data["record"].map({True: "recorded", False: "no record"})
    return plots.Chart(fig, data, "launched-by-class")


def _fractional_positions(stamps: pd.Series, order, freq: str) -> np.ndarray:
    """Where each week falls on an axis of periods (months or weeks) numbered 0, 1, 2, ...: the weeks of a
    month axis sit between its month ticks, in proportion to the days."""
    index = {pd.Timestamp(t): i for i, t in enumerate(order)}
    stamps = pd.to_datetime(stamps)
    periods = stamps.dt.to_period(_PERIOD[freq])
    start, end = periods.dt.start_time, periods.dt.end_time
    base = start.map(index).astype("float64")
    fraction = (stamps - start).dt.total_seconds() / (end - start).dt.total_seconds()
    return (base - 0.4 + 0.8 * fraction).to_numpy(dtype="float64")


MIN_PERIODS = 3  # a class's rate panel needs a rate in at least this many periods


def rate_figure(periods: pd.DataFrame, roll: pd.DataFrame, p: AirWarParameters, attribution: str,
                leave_out=()):
    """The interception rate per class and period with its 95% interval (hidden under ``MIN_LAUNCHED``),
    and the rolling 4-week rate as a line."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from helpers import plots

    plots.use_house_style()
    shown = {c: int(periods.loc[periods["class"] == c, "rate_shown"].sum()) for c in CLASS_ORDER if c in p.classes}
    # a class with a rate in fewer than MIN_PERIODS periods has no trend to draw: named in the caption instead
    classes = [c for c, n in shown.items() if n >= MIN_PERIODS and c not in set(leave_out)]
    few = [c for c, n in shown.items() if 0 < n < MIN_PERIODS and c not in set(leave_out)]
    if not classes:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No class had {MIN_LAUNCHED} or more launched with a figure in any period.")
        plots.caption(fig, plots.window_label(p.start, p.end), [attribution])
        return plots.Chart(fig, periods, "interception-rate")
    # Periods are placed by their position, with fixed tick labels: date axes re-tick every small panel on each
    # draw, which made this figure the slowest part of the page.
    order = sorted(periods["period"].unique())
    position = {t: i for i, t in enumerate(order)}
    height = 1.5 * len(classes) + 1.0
    fig, axes = plt.subplots(len(classes), 1, figsize=(11, height), squeeze=False)
    fig.subplots_adjust(left=0.08, right=0.98, top=1 - 0.55 / height, bottom=0.7 / height, hspace=0.55)
    every = "month" if p.frequency == "M" else "week"
    for ax, cls in zip(axes[:, 0], classes, strict=True):
        part = periods[(periods["class"] == cls) & periods["rate_shown"]]
        x = part["period"].map(position).to_numpy()
        colour = CLASS_COLOURS[cls]
        # one collection of interval lines and one of points: hundreds of periods draw as two artists
        ax.vlines(x, part["rate_low"].astype(float), part["rate_high"].astype(float), color=colour, linewidth=1)
        ax.scatter(x, part["rate"].astype(float), s=10, color=colour, zorder=3, label=f"per {every}, 95% interval")
        apart = periods.loc[(periods["class"] == cls) & (periods["lost"].fillna(0) > 0), "period"].map(position)
        for first, last in _runs(sorted(apart)):
            ax.axvspan(first - 0.5, last + 0.5, facecolor=LOST_APART_FILL, linewidth=0, zorder=0)
        line = roll[roll["class"] == cls]  # weeks without enough launched break the line, never bridge it
        weekly = _fractional_positions(line["period"], order, p.frequency)
        ax.plot(weekly, line["rate"].astype("Float64").where(line["rate_shown"]).astype(float),
                color="#333333", linewidth=1, label="rolling 4 weeks")
        ax.set_ylim(0, 1.05)
        ax.set_yticks([0, 0.5, 1.0])
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(cls, loc="left", fontsize=10)
        ax.set_xlim(-0.6, len(order) - 0.4)
        ax.set_xticks([])  # only the bottom panel carries period labels
    step = max(1, len(order) // 14)
    axes[-1, 0].set_xticks(range(0, len(order), step),
                           [_period_label(pd.Timestamp(t), p.frequency) for t in order[::step]],
                           rotation=45 if len(order) > 8 else 0, ha="right" if len(order) > 8 else "center")
    axes[-1, 0].set_xlim(-0.6, len(order) - 0.4)
    from matplotlib.patches import Patch

    handles, _ = axes[0, 0].get_legend_handles_labels()
    handles.append(Patch(facecolor=LOST_APART_FILL, label="losses to jamming reported apart"))
    axes[0, 0].legend(handles=handles, loc="lower right", frameon=False, fontsize=8, ncol=3, bbox_to_anchor=(1, 1.0))
    fig.supylabel(f"intercepted ({RATE_DEFINITIONS[p.rate_definition]})", fontsize=9)
    plots.caption(fig, plots.window_label(p.start, p.end), [attribution],
                  note=f"Dots: the rate per period with its 95% Wilson interval, shown only where {MIN_LAUNCHED} or "
                       f"more were launched with an interception figure. Line: the rate over the last four weeks. "
                       "Shaded: periods in which the table gives weapons lost to jamming apart; elsewhere the Air "
                       "Force folds them into shot down or does not give them, so a rate compared across the edge "
                       "of the shading compares two ways of reporting."
                       + (f" Not drawn, with a rate in fewer than {MIN_PERIODS} periods (the table below gives their "
                          f"totals): {', '.join(few)}." if few else ""))
    data = periods[["period", "class", "launched_with_figure", "intercepted", "rate", "rate_low", "rate_high",
                    "rate_shown"]]
    return plots.Chart(fig, data, "interception-rate")


def table_path(external_path: str):
    """The copy of the public table to read: ``external_path`` when given, else the fetched copy (or the one
    ``STRIKE_LEDGER_EXTERNAL`` points at)."""
    from pathlib import Path

    from helpers.table import external

    if external_path:
        path = Path(external_path).expanduser()
        if not path.is_file():
            raise params.ParameterError("external_path", external_path,
                                        "the path of an existing copy of missile_attacks_daily.csv, or empty for "
                                        "the fetched copy")
        return path
    found = external.locate()
    if found is None:
        raise params.ParameterError("external_path", external_path,
                                    f"a path: no fetched copy was found (run `make external`, or set "
                                    f"{external.ENV_VAR} to a folder holding missile_attacks_daily.csv)")
    return found.path


def dprk_dates(ds) -> list[pd.Timestamp]:
    """The days on which the curated record attributes North Korean missiles (its DPRK-use events)."""
    ev = ds.events
    return sorted(set(ev.loc[ev["category"] == "dprk_missile_use", "date"]))


def key_figures(ds, frame: pd.DataFrame, periods: pd.DataFrame, top: pd.DataFrame, p: AirWarParameters,
                placed: dict):
    """The page's headline numbers, each in a sentence; the source is the public table (its posts)."""
    import dataclasses

    from helpers import formatting, page
    from helpers.table import external

    source = ((f"Public attack table ({external.AUTHOR}, Kaggle)", external.DATASET_URL),)
    figures = []
    other = "shot_down" if p.rate_definition == "shot_down_or_lost" else "shot_down_or_lost"
    kinds = missiles_and_drones(periods)
    kinds_other = missiles_and_drones(by_period(frame, dataclasses.replace(p, rate_definition=other)))
    for kind in ("missiles", "drones"):
        k = kinds.get(kind)
        if not k or k["launched"] is None:
            continue
        rates = []
        for words, r in ((RATE_WORDS[p.rate_definition], k), (RATE_WORDS[other], kinds_other.get(kind) or {})):
            if r.get("rate") is not None:
                rates.append(f"{words}: {formatting.rate_with_interval(r['rate'], r['rate_low'], r['rate_high'])}")
        figures.append(page.KeyFigure(formatting.count(k["launched"]),
                                      f"{{value}} {kind} launched in the window, in {_counted(p)}; intercepted "
                                      + "; ".join(rates) + ".", source))
    if len(top):
        a = top.iloc[0]
        figures.append(page.KeyFigure(formatting.count(a["launched"]),
                                      f"{{value}} weapons in the largest attack (one post listing {a['rows']} "
                                      f"weapon models), reported on the morning of {formatting.date(a['date'])}.",
                                      source))
    totals = window_totals(periods)
    ballistic = totals[totals["class"] == "ballistic missiles"]
    if len(ballistic) and pd.notna(ballistic.iloc[0]["launched"]):
        b = ballistic.iloc[0]
        rate = formatting.rate_with_interval(b["rate"], b["rate_low"], b["rate_high"])
        figures.append(page.KeyFigure(formatting.count(b["launched"]),
                                      f"{{value}} ballistic missiles launched; intercepted "
                                      f"{RATE_WORDS[p.rate_definition]}: {rate}.", source))
    marked = int(top["dprk_attributed"].sum()) if len(top) else 0
    labelled = int(top["kn23_label"].sum()) if len(top) else 0
    days = [d for d in dprk_dates(ds) if p.start <= d <= p.end]
    if days:
        figures.append(page.key_figure(ds, str(len(days)),
                                       f"{{value}} days on which the curated record attributes North Korean "
                                       f"missiles ({marked} of them among the {len(top)} largest attacks; "
                                       f"{labelled} of those {len(top)} attacks carry the Air Force's {KN23} label).",
                                       ds.event_sources.loc[ds.event_sources["event_id"].isin(
                                           ds.events.loc[ds.events["category"] == "dprk_missile_use", "event_id"]),
                                           "source_id"].head(6)))
    if placed.get("rows"):
        figures.append(page.KeyFigure(formatting.percent(placed["share_placed"]),
                                      f"{{value}} of the window's {placed['rows']:,} rows name a target that "
                                      "could be placed in an oblast.", source))
    return page.KeyFigures(figures[:6], empty="The public table has no row in this window.")


def class_table(periods: pd.DataFrame):
    """The window's totals per class, with the rate and its interval."""
    from helpers import formatting

    totals = window_totals(periods)
    totals = totals[totals["launched"].notna()]
    totals["class"] = totals["class"].astype("string")
    view = totals[["class", "launched", "destroyed", "lost", "launched_with_figure", "rate", "rate_low", "rate_high"]]
    return formatting.table(view, labels={"class": "Weapon class", "rate": "Intercepted (95% interval)",
                                          "lost": "Lost (electronic warfare, fell short)"},
                            rates={"rate": ("rate_low", "rate_high")})


def change_view(periods: pd.DataFrame, p: AirWarParameters):
    from helpers import formatting

    change = change_table(periods)
    change["record"] = np.where(change["partial"], "partial period",
                                np.where(change["record"], "recorded", "no record"))
    change = change.drop(columns=["partial"])
    change["period"] = period_labels(change["period"], p.start, p.end, p.frequency)  # as every page names it
    return formatting.table(change, formats={"period": "text", "change_share": "percent"},
                            labels={"period": "Period", "change": "Change from the period before",
                                    "change_share": "Change (%)", "record": "Record"},
                            note="A partial period (the first or last of the window, or of the table) has fewer days "
                                 "than the others: no change is given to or from it.")


def attacks_view(top: pd.DataFrame):
    from helpers import formatting

    view = top[["rank", "date", "window", "launched", "destroyed", "rows"]].copy()
    if top["withheld"].astype(int).sum():
        view["withheld"] = top["withheld"]
    view["dprk"] = np.where(top["dprk_attributed"], "attributed (curated record)",
                            np.where(top["kn23_label"], f"possible ({KN23} label)", ""))
    return formatting.table(view, labels={"withheld": "Rows whose counts were withheld (not in launched)",
                                          "date": "Date (morning the report's last window ended)",
                                          "window": "Window (earliest start to latest end of the post's rows)",
                                          "rows": "Rows (weapon models)", "dprk": "North Korean missiles"},
                            note="One attack is one Air Force post: all its rows together, whatever the window each "
                                 "row gives. \"Possible\": the post reports missiles under the Air Force's "
                                 f"{KN23} label, which counts North Korean and Russian missiles together.")


def reporter_view(summary: pd.DataFrame):
    from helpers import formatting

    view = summary.copy()
    view["counted"] = view["counted"].map({True: "counted", False: "left out"})
    return formatting.table(view, labels={"reporter": "Reporter", "rows": "Rows", "reports": "Reports (posts)",
                                          "launched": "Launched (as they report it)", "counted": "On this page"},
                            note="Regional air commands report on their own region, in part the same weapons as the "
                                 "national report; adding them to it would count those weapons twice.")


def ranked_view(table: pd.DataFrame, column: str, what: str):
    from helpers import formatting

    return formatting.table(table, labels={column: what, "rows": "Rows naming it"},
                            note="A row naming several places counts its weapons once for each, so the column "
                                 "adds up to more than was launched.")


def periods_of(dates, p: AirWarParameters) -> list[pd.Timestamp]:
    """The start of the period (of ``p.frequency``) holding each of ``dates`` inside the window."""
    inside = [pd.Timestamp(d) for d in dates if p.start <= pd.Timestamp(d) <= p.end]
    return sorted({pd.Timestamp(d).to_period(_PERIOD[p.frequency]).start_time for d in inside})


def targets_map(ds, targets: pd.DataFrame, placed: dict, p: AirWarParameters, credit: str):
    """The oblasts the table names as targets, shaded by the rows naming them, on the oblast outlines
    (``credit``: the table's attribution, naming the copy used)."""
    from helpers import maps, plots

    window = plots.window_label(p.start, p.end)
    share = "no row" if not placed.get("rows") else \
        f"{placed['placed']:,} of {placed['rows']:,} rows ({placed['share_placed'] * 100:.1f}%)"
    if targets.empty:
        import matplotlib.pyplot as plt

        plots.use_house_style()
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, "No row of the window names an oblast as its target.")
        plots.caption(fig, window, [credit])
        return plots.Chart(fig, targets, "target-oblasts")
    values = targets.rename(columns={"rows": "uses"})
    panel = maps.Panel("uses", "Rows naming the oblast as a target", ("row", "rows"),
                       lambda row: f"{str(row['oblast']).replace(' Oblast', '')} {int(row['uses']):,}")
    fig, _ = maps.choropleth(ds, values, [panel], figsize=(9, 6.4), none_label="not named as a target")
    plots.caption(fig, window, [credit, maps.attribution(ds)],
                  note=f"Rows placed in at least one oblast: {share}; the others name a direction or the whole "
                       "country. An oblast named in several rows of one attack counts once per row.")
    return plots.Chart(fig, targets, "target-oblasts")


def curated_comparison(ds, frame: pd.DataFrame, p: AirWarParameters):
    """Launched per day and weapon class in the public table beside the curated record, on the days the curated
    record gives per-model figures (the reconciliation report lists every pair with its sources)."""
    from helpers import formatting, page
    from helpers.strikes import strike_rows

    curated = strike_rows(ds, p.start, p.end)
    if curated.empty:
        return page.KeyFigures([], empty="The curated record gives no per-model figure in this window.")
    cur = curated.groupby(["date", "weapon_class"], observed=True)["launched"].sum(min_count=1)
    pub = frame[frame["date"].isin(set(curated["date"])) & frame["reporter"].isin(p.reporters)].groupby(
        ["date", "weapon_class"], observed=True)["launched"].sum(min_count=1)
    both = pd.concat({"curated": cur, "public_table": pub}, axis=1).dropna(how="all")
    both = both.astype("Int64").reset_index()
    both["difference"] = (both["public_table"] - both["curated"]).astype("Int64")
    both["weapon_class"] = both["weapon_class"].astype("string").str.replace("_", " ")
    agree = int((both["difference"] == 0).sum())
    compared = int(both["difference"].notna().sum())
    note = (f"{compared} day and class pairs are in both; {agree} agree exactly on launched. "
            "The curated record may hold a report's headline total where the table itemises the models, and the "
            "table may hold an updated count. On the key days many curated rows copy the table's own posts (sources "
            "of kind dataset), so those agree by construction; the reconciliation report (notebook 05) marks them "
            "and shows each pair's sources.")
    order = both.assign(_abs=both["difference"].abs().fillna(-1)).sort_values(["_abs", "date"],
                                                                                ascending=[False, True])
    return formatting.table(order.drop(columns=["_abs"]),
                            labels={"weapon_class": "Weapon class", "curated": "Curated record",
                                    "public_table": "Public table", "difference": "Table minus record"},
                            note=note)


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


def load_report_view(report, credit: str) -> str:
    """The reader's load report, with the table's attribution and licence (``credit``: the copy used)."""
    import html

    from helpers.strikes import load_report_html

    return f"<p class='attribution'>{html.escape(credit)}</p>" + load_report_html(report, who_reported=False)


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


def _equal_note(frame: pd.DataFrame, p: AirWarParameters) -> str:
    """Say where the table likely records only the weapons shot down, with the share, so a rate of about 100%
    is not read as a measured success (those classes are left out of the rate figure)."""
    notes = [f"{cls}: launched equals shot down in {share * 100:.0f}% of {rows:,} rows"
             for cls, (share, rows) in shot_down_only(frame, p).items()]
    if not notes:
        return ""
    return (" In this table, " + "; ".join(notes) + ", which suggests that only the weapons shot down are "
            "recorded: read those launched figures as a floor and those rates as uninformative (the rate figure leaves "
            "them out).")


def method(ds, p: AirWarParameters, placed: dict, frame: pd.DataFrame | None = None,
           credit: str | None = None) -> str:
    """Method and limitations of the air-war page, with the table's licence (``credit``: the attribution naming
    the copy used)."""
    import html

    from helpers import page
    from helpers.table import external

    left = ""
    if frame is not None:
        summary = reporter_summary(frame, p)
        out = summary[~summary["counted"]]
        if len(out):
            left = (f" Left out: {int(out['rows'].sum()):,} rows ({int(out['launched'].fillna(0).sum()):,} weapons as "
                    "they report them) from " + ", ".join(out["reporter"]) + "; the table under Who reported lists "
                    "them, and the reporters parameter adds them.")
    limits = [
        f"Interception rate, as chosen for this page ({p.rate_definition}): {RATE_DEFINITIONS[p.rate_definition]}. "
        "The Air Force, AFP and the Kyiv Dialogue monitor count weapons lost to electronic warfare as neutralised "
        "(shot_down_or_lost, the default); the strict rate (shot_down) counts only those shot down, and the key "
        "figures give both. The table gives such losses apart only in some periods (shaded on the rate figure); "
        "elsewhere they are folded into shot down or not given, so a change of rate across that edge is a change "
        f"of reporting before it is a change of defence. Rates are hidden where fewer than {MIN_LAUNCHED} weapons "
        "with an interception figure were launched in the period.",
        f"Counted: {_counted(p)}. One attack is one post: all its rows (one per weapon model, each with its own "
        "window) together, dated by the morning its last window ended (Kyiv time)." + left,
        "Where the table repeats a window and model, one row is used (the one with both counts, then the later), "
        "never both. Labels naming several weapons are kept whole and classed by their members; labels the project "
        "cannot map are listed in the load report and left out of the sums.",
        "The first and last periods of the window or of the table can be partial (fewer days): they are dotted on "
        "the volume figure and get no change from the period before.",
        "Decoy drones are not separated from strike drones where the Air Force reports them under one Shahed "
        "label; reconnaissance drones are kept apart and not counted as strike weapons."
        + (_equal_note(frame, p) if frame is not None else ""),
        "Launch places and carriers are as the posts name them; a row naming several counts its weapons once for "
        "each. Target oblasts come from the table's target and affected-region columns"
        + (f"; {placed['share_placed'] * 100:.1f}% of the window's rows could be placed in an oblast."
           if placed.get("rows") else "."),
        "The table is edited in place between releases; the release used is identified by its sha-256 in the "
        "provenance below, and python -m helpers.table.airforce_diff OLD NEW lists what changed between two releases.",
        f"{credit or external.ATTRIBUTION} Licence: {external.LICENCE} ({external.LICENCE_URL}); non-commercial use, "
        "share alike, with attribution.",
    ]
    body = page.method_html(ds, [], ["dates", "unknown", "dprk"], limits)
    return body.replace("No source stands behind a figure in this window.",
                        html.escape("The figures of this page come from the public attack table (its rows cite "
                                    "Air Force posts), except the North Korean days, from the curated record."))
