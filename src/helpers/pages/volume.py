"""Notebook 02, attack volume: its parameters, key figures, figure, tables and method note.

The strike figures come from ``helpers.strikes`` (the core every analysis shares); this module only
chooses what notebook 02 shows and how. It imports core modules only, never another notebook's.

The figure keeps three promises a reader takes for granted: every period of the window is on the
axis, a period with no record says so instead of passing for a quiet one (or for zero); the attacks
with North Korean missiles are marked where they happened; and an interception rate is drawn with
its uncertainty, and not as a comparable point when it rests on a handful of weapons.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator, PercentFormatter

from helpers import formatting, page, params, plots, sources
from helpers.data import Dataset
from helpers.strikes import (
    ATTACK_KEY,
    CLASS_WORDS,
    FREQUENCIES,
    KINDS,
    alternative_reports,
    attack_sizes,
    kind_totals,
    largest_attacks,
    period_label,
    period_range,
    strike_rows,
    summarise,
    summarise_kinds,
    weapon_kind,
    window_totals,
)
from helpers.weapons import class_choices, origin_choices, weapon_table

MIN_FOR_RATE = 10  # fewer launched with an interception figure than this: the rate is greyed, not compared
NO_RECORD = "no record"
RECORDED = "recorded"
NO_LAUNCHED = "no launched figure"
ATTRIBUTED, POSSIBLE = "attributed", "possible"
DPRK_WORDS = {ATTRIBUTED: "attributed", POSSIBLE: "possible (Iskander-M/KN-23 label)", "": "none recorded"}
ORIGIN_WORDS = {"RUS": "Russia", "PRK": "North Korea", "IRN": "Iran",
                "PRK/RUS": "Russia or North Korea (Iskander-M/KN-23 label)", "unknown": "not known"}
ATTACK_WORDS = {"main": "main (overnight)", "additional": "additional, same day"}  # the public table: its window
RATE_COLOURS = {"missiles": plots.DESTROYED, "drones": "#009E73"}
NO_RECORD_FILL = "#eeeeee"


@dataclass(frozen=True)
class VolumeParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    frequency: str
    classes: list[str] | None
    origins: list[str] | None
    top_n: int

    @property
    def filtered(self) -> bool:
        return self.classes is not None or self.origins is not None


def parameters(ds: Dataset, start_date, end_date, frequency, weapon_classes, origins, top_n) -> VolumeParameters:
    """Check the attack-volume notebook's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    freq = params.as_choice("frequency", frequency, list(FREQUENCIES))
    classes = params.as_subset("weapon_classes", weapon_classes, class_choices(ds)) if weapon_classes else None
    chosen = params.as_subset("origins", origins, origin_choices(ds)) if origins else None
    return VolumeParameters(start, end, freq, classes, chosen, params.as_positive_int("top_n", top_n, 100))


def period_summary(ds: Dataset, p: VolumeParameters) -> pd.DataFrame:
    """Launched, destroyed and interception rate per period for missiles and drones.

    Without a class or origin filter the report totals stand behind each attack (see
    ``kind_totals``); with one, only the per-model rows can say which weapons they were.
    """
    if p.filtered:
        rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
        rows = rows.assign(kind=weapon_kind(rows["weapon_class"]).astype("string"))
        return summarise(rows, p.frequency, by="kind").drop(columns=["rows"])
    return summarise_kinds(kind_totals(ds, p.start, p.end), p.frequency)


def kinds_counted(ds: Dataset, p: VolumeParameters) -> list[str]:
    """The kinds (missiles, drones) the parameters can count at all: both without a filter, else the
    kinds of the weapons that pass it. A kind the filter excludes is left out, not shown as no record."""
    if not p.filtered:
        return list(KINDS)
    w = weapon_table(ds)
    keep = pd.Series(True, index=w.index)
    if p.classes is not None:
        keep &= w["weapon_class"].isin(p.classes)
    if p.origins is not None:
        keep &= w["origin_label"].isin(p.origins)
    present = set(weapon_kind(w.loc[keep, "weapon_class"]).astype("string"))
    return [k for k in KINDS if k in present]


# ---------------------------------------------------------------- periods


def _dprk_by_period(ds: Dataset, p: VolumeParameters, calendar: pd.DataFrame) -> pd.Series:
    """For each period: ``attributed`` when an event attributes North Korean missiles to a day in it,
    else ``possible`` when a report in it uses the Air Force's Iskander-M/KN-23 label, else ""."""
    used = _dprk_events(ds, p)["date"]
    rows = strike_rows(ds, p.start, p.end)
    possible = rows.loc[rows["dprk_possible"], "date"]
    out = []
    for first, last in zip(calendar["first"], calendar["last"], strict=True):
        if ((used >= first) & (used <= last)).any():
            out.append(ATTRIBUTED)
        elif ((possible >= first) & (possible <= last)).any():
            out.append(POSSIBLE)
        else:
            out.append("")
    return pd.Series(out, index=calendar.index, dtype="string")


def _dprk_events(ds: Dataset, p: VolumeParameters) -> pd.DataFrame:
    ev = ds.events
    return ev[(ev["category"] == "dprk_missile_use") & (ev["date"] >= p.start) & (ev["date"] <= p.end)]


def periods(ds: Dataset, summary: pd.DataFrame, p: VolumeParameters) -> pd.DataFrame:
    """The figure's data: one row per period of the window and kind counted, the periods with no
    record included and flagged (``record`` is "no record"), never dropped or filled with zero.

    Columns: ``period_start`` and ``period_end`` (the days inside the window), ``period`` (in words),
    ``kind``, ``record``, the counts and rate of ``summary`` with its 95% interval, ``rate_in_figure``
    (at least ``MIN_FOR_RATE`` launched with an interception figure) and, for missiles,
    ``north_korean_missiles`` (attributed, possible or empty).
    """
    calendar = period_range(p.start, p.end, p.frequency)
    calendar["label"] = [period_label(f, la, p.frequency) for f, la in zip(calendar["first"], calendar["last"],
                                                                           strict=True)]
    dprk = _dprk_by_period(ds, p, calendar)
    columns = ["launched", "destroyed", "launched_with_figure", "destroyed_with_figure", "interception_rate",
               "rate_low", "rate_high"]
    found = summary.reset_index() if len(summary) else pd.DataFrame(columns=["period", "kind", *columns])
    found["period"] = pd.to_datetime(found["period"]).astype(calendar["period"].dtype)
    found["kind"] = found["kind"].astype("string")
    parts = []
    for kind in kinds_counted(ds, p):
        part = calendar.merge(found[found["kind"] == kind].drop(columns=["kind"]), on="period", how="left")
        part.insert(0, "kind", kind)
        part["north_korean_missiles"] = dprk.to_numpy() if kind == "missiles" else ""
        part["_in_summary"] = part["period"].isin(found.loc[found["kind"] == kind, "period"])
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["period_start", "period_end", "period", "kind", "record", *columns,
                                     "rate_in_figure", "north_korean_missiles"])
    out = pd.concat(parts, ignore_index=True)
    out["record"] = [NO_RECORD if not seen else NO_LAUNCHED if pd.isna(n) else RECORDED
                     for seen, n in zip(out["_in_summary"], out["launched"], strict=True)]
    for c in columns[:4]:
        out[c] = out[c].astype("Int64")
    for c in columns[4:]:
        out[c] = out[c].astype("Float64")
    out["rate_in_figure"] = (out["launched_with_figure"].fillna(0) >= MIN_FOR_RATE).astype(bool)
    out = out.rename(columns={"first": "period_start", "last": "period_end", "label": "period_label"})
    out["kind"] = pd.Categorical(out["kind"], categories=list(KINDS))
    out = out.sort_values(["period_start", "kind"], kind="stable").reset_index(drop=True)
    return out[["period_start", "period_end", "period_label", "kind", "record", *columns, "rate_in_figure",
                "north_korean_missiles"]].rename(columns={"period_label": "period"})


# ---------------------------------------------------------------- figure


# Above this many periods (a daily window of more than a year) each period is not drawn as an artist of its
# own: bars become stepped areas, rates one series, ticks only where a label is shown (a window of 2014-2030 by
# day took 100 s to draw, bar by bar and tick by tick).
DENSE = 400


def _dense_rates(ax, part: pd.DataFrame, kind: str, offset: float) -> None:
    """The interception rates of many periods: solid points with their interval, hollow ones where too few."""
    import numpy as np

    given = part[part["interception_rate"].notna()]
    for solid, frame in given.groupby(given["rate_in_figure"].astype(bool)):
        rate = frame["interception_rate"].astype(float).to_numpy()
        low = np.maximum(rate - frame["rate_low"].astype(float).to_numpy(), 0.0)
        high = np.maximum(frame["rate_high"].astype(float).to_numpy() - rate, 0.0)
        colour = RATE_COLOURS[kind] if solid else "#aaaaaa"
        ax.errorbar(frame.index.to_numpy() + offset, rate, yerr=[low, high], fmt="o", color=colour, ecolor=colour,
                    elinewidth=0.6, capsize=0, markersize=2, markerfacecolor=colour if solid else "white", zorder=3)


def _ticks(ax, labels: list[str]) -> None:
    """Tick marks at each period's start (and the window's end), each label centred under its period;
    labels are thinned, never shifted, when there are too many to read (and beyond ``DENSE`` periods only the
    labelled periods get a tick mark)."""
    n = len(labels)
    step = max(1, math.ceil(n / 26))
    marks = range(0, n + 1, step) if n > DENSE else range(n + 1)
    ax.xaxis.set_major_locator(FixedLocator([i - 0.5 for i in marks]))
    ax.tick_params(axis="x", which="major", length=6, labelbottom=False)
    ax.tick_params(axis="x", which="minor", length=0)
    if n > DENSE:  # each shown label carries its year when the year changed since the last shown one
        shown, year, last_shown = [], None, None
        for i, text in enumerate(labels):
            head, _, given = text.partition("\n")
            year = given or year
            if i % step == 0:
                shown.append((i, head + (f"\n{year}" if year != last_shown else "")))
                last_shown = year
    else:
        shown = [(i, t if i % step == 0 else "") for i, t in enumerate(labels)]
    ax.set_xticks([i for i, _ in shown], [t for _, t in shown], minor=True)
    ax.set_xlim(-0.5, n - 0.5)
    ax.grid(False, axis="x")


def _cut(p: VolumeParameters) -> bool:
    """Whether the window cuts its first or last period (a week that starts before the window)."""
    calendar = period_range(p.start, p.end, p.frequency)
    if calendar.empty:
        return False
    whole_end = pd.Period(calendar["last"].iloc[-1], freq=_FREQ[p.frequency]).end_time.normalize()
    return bool(calendar["first"].iloc[0] != calendar["period"].iloc[0] or calendar["last"].iloc[-1] != whole_end)


_FREQ = {"D": "D", "W": "W-SUN", "M": "M"}


def _tick_labels(frame: pd.DataFrame, freq: str) -> list[str]:
    """Short period labels for the axis: the year only on the first and where it changes."""
    out, year = [], None
    for first, last in zip(frame["period_start"], frame["period_end"], strict=True):
        text = period_label(first, last, freq, year=False)
        if last.year != year:
            text += f"\n{last.year}"
            year = last.year
        out.append(text)
    return out


def _runs(values) -> list[tuple[int, int, object]]:
    """(first position, last position, value) of each run of equal consecutive values."""
    runs: list[tuple[int, int, object]] = []
    for i, value in enumerate(values):
        if runs and runs[-1][2] == value and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, value)
        else:
            runs.append((i, i, value))
    return runs


def figure(ds: Dataset, data: pd.DataFrame, p: VolumeParameters) -> plots.Chart:
    """Launched and shot down per period (one panel per kind), DPRK-attributed attacks marked, periods
    with no record shown as such, and the interception rate with its 95% interval in its own panel."""
    plots.use_house_style()
    kinds = list(dict.fromkeys(data["kind"].astype("string"))) if len(data) else []
    window = plots.window_label(p.start, p.end)
    if not kinds or (data["record"] == NO_RECORD).all():
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No attack volume recorded in this window ({window}).")
        plots.caption(fig, window, [], note="The dataset holds no Air Force figure for any day of this window; "
                                            "that is a gap in the record, not zero.")
        return plots.Chart(fig, data, "attack-volume")
    first = data[data["kind"] == kinds[0]].reset_index(drop=True)
    n = len(first)
    every = FREQUENCIES[p.frequency]
    fig, axes = plt.subplots(len(kinds) + 1, 1, figsize=(11, 3.0 * len(kinds) + 2.6), sharex=True,
                             height_ratios=[3] * len(kinds) + [2.2], layout="constrained")
    x = list(range(n))
    for ax, kind in zip(axes[:-1], kinds, strict=True):
        part = data[data["kind"] == kind].reset_index(drop=True)
        launched = part["launched"].astype("Float64").fillna(0).astype(float)
        top = max(float(launched.max()), 1.0)
        ax.set_ylim(0, top * 1.18)
        for first_i, last_i, rec in _runs(part["record"]):  # one shaded span per run: years of days stay fast
            if rec != RECORDED:
                ax.axvspan(first_i - 0.4, last_i + 0.4, facecolor=NO_RECORD_FILL, edgecolor="#bbbbbb", hatch="///",
                           linewidth=0, zorder=0)
                if n <= 40:
                    for i in range(first_i, last_i + 1):
                        ax.text(i, top * 0.04, "no record" if rec == NO_RECORD else "no count", rotation=90,
                                ha="center", va="bottom", fontsize=8, color="#555555", zorder=1)
        launched_values = part["launched"].astype("Float64").fillna(0).astype(float)
        destroyed_values = part["destroyed"].astype("Float64").fillna(0).astype(float)
        if n > DENSE:  # thousands of periods: one stepped area per series instead of a bar each
            ax.fill_between(x, launched_values, step="mid", color=plots.LAUNCHED, linewidth=0, zorder=2)
            ax.fill_between(x, destroyed_values, step="mid", color=plots.DESTROYED, linewidth=0, zorder=3)
        else:
            ax.bar(x, launched_values, width=0.8, color=plots.LAUNCHED, zorder=2)
            ax.bar(x, destroyed_values, width=0.44, color=plots.DESTROYED, zorder=3)
        if kind == "missiles":
            for i, (mark, height) in enumerate(zip(part["north_korean_missiles"], launched, strict=True)):
                if mark:
                    y = height + top * 0.07 if part.at[i, "record"] == RECORDED else top * 0.6
                    ax.plot([i], [y], marker="v", markersize=10, color=plots.DPRK, zorder=4,
                            markerfacecolor=plots.DPRK if mark == ATTRIBUTED else "white", markeredgewidth=1.6)
        ax.set_title(f"{kind.capitalize()} launched and shot down per {every}")
        ax.set_ylabel("weapons")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # weapons come whole
    rate_ax = axes[-1]
    offsets = {k: (i - (len(kinds) - 1) / 2) * 0.22 for i, k in enumerate(kinds)}
    for kind in kinds:
        part = data[data["kind"] == kind].reset_index(drop=True)
        if n > DENSE:  # one series per kind and kind of point, not an artist per period
            _dense_rates(rate_ax, part, kind, offsets[kind])
            continue
        for i, row in part.iterrows():
            if pd.isna(row["interception_rate"]):
                continue
            rate, low, high = float(row["interception_rate"]), float(row["rate_low"]), float(row["rate_high"])
            solid = bool(row["rate_in_figure"])
            colour = RATE_COLOURS[kind] if solid else "#aaaaaa"
            yerr = [[max(rate - low, 0.0)], [max(high - rate, 0.0)]]  # a bound at 100% may round below it
            rate_ax.errorbar([i + offsets[kind]], [rate], yerr=yerr, fmt="o", color=colour, ecolor=colour,
                             elinewidth=1.4, capsize=3, markersize=5, markerfacecolor=colour if solid else "white",
                             zorder=3)
    rate_ax.set_ylim(0, 1.05)
    rate_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    rate_ax.set_ylabel("shot down")
    rate_ax.set_title(f"Interception rate per {every}, with its 95% interval")
    labels = _tick_labels(first, p.frequency)
    for ax in axes:
        _ticks(ax, labels)
    rate_ax.tick_params(axis="x", which="minor", labelbottom=True,
                        labelrotation=0 if n <= 8 else 45 if n <= 20 else 90)
    if n > 8:
        for t in rate_ax.get_xticklabels(minor=True):
            t.set_horizontalalignment("right" if n <= 20 else "center")
    handles = [Patch(color=plots.LAUNCHED, label="launched"), Patch(color=plots.DESTROYED, label="shot down")]
    if "missiles" in kinds:
        handles += [Line2D([], [], marker="v", linestyle="", markersize=9, color=plots.DPRK,
                           label="North Korean missiles attributed"),
                    Line2D([], [], marker="v", linestyle="", markersize=9, color=plots.DPRK,
                           markerfacecolor="white", markeredgewidth=1.6,
                           label="possible (Iskander-M/KN-23 label)")]
    handles += [Line2D([], [], marker="o", linestyle="-", color=RATE_COLOURS[k], label=f"rate, {k}") for k in kinds]
    handles += [Patch(facecolor=NO_RECORD_FILL, edgecolor="#bbbbbb", hatch="///", label="no record (not zero)"),
                Line2D([], [], marker="o", linestyle="-", color="#aaaaaa", markerfacecolor="white",
                       label=f"rate from fewer than {MIN_FOR_RATE} (not comparable)")]
    fig.legend(handles=handles, loc="outside upper center", ncol=4, frameon=False, fontsize=9)
    used = page_source_ids(ds, p, events=False)
    filt = ""
    if p.filtered:
        filt = (f" Filter: classes {', '.join(p.classes) if p.classes else 'all'}; "
                f"origins {', '.join(p.origins) if p.origins else 'all'} (per-model rows only).")
    cut = " A period cut by the window counts only its days inside it, as its label says." if _cut(p) else ""
    plots.caption(fig, window, sources.publishers(ds, used),
                  note="Counts as the Ukrainian Air Force reported them; a bar with no dark part had no "
                       "interception figure, which is not zero. Hatched, 'no record': the dataset holds no "
                       "figure for that period, which is a gap in the record, not zero. Triangles mark the "
                       "periods with an attack that used North Korean missiles (filled: attributed by an official or "
                       "investigator; open: only possible, from the Air Force's Iskander-M/KN-23 label). "
                       f"Rate: shot down out of launched with an interception figure, with its 95% Wilson "
                       f"interval; grey where fewer than {MIN_FOR_RATE} launched had a figure, too few to "
                       "compare." + cut + filt)
    return plots.Chart(fig, data, "attack-volume")


# ---------------------------------------------------------------- key figures and sources


def page_source_ids(ds: Dataset, p: VolumeParameters, events: bool = True) -> list[str]:
    """Every report behind this page's figures: the per-model rows and report totals of the window
    and, with ``events``, the sources of the North Korean missile uses it marks."""
    ids = list(strike_rows(ds, p.start, p.end, p.classes, p.origins)["source_id"].astype("string"))
    if not p.filtered:
        t = ds.strike_totals
        ids += list(t.loc[(t["date"] >= p.start) & (t["date"] <= p.end), "source_id"].astype("string"))
    if events:
        ev = ds.event_sources
        ids += list(ev.loc[ev["event_id"].isin(_dprk_events(ds, p)["event_id"]), "source_id"].astype("string"))
    return list(dict.fromkeys(ids))


def _kind_source_ids(ds: Dataset, p: VolumeParameters, kind: str) -> list[str]:
    if p.filtered:
        rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
        rows = rows[weapon_kind(rows["weapon_class"]).astype("string") == kind]
        return list(rows["source_id"].astype("string"))
    kt = kind_totals(ds, p.start, p.end)
    return sources.split_ids(kt.loc[kt["kind"] == kind, "source_ids"])


def key_figures(ds: Dataset, summary: pd.DataFrame, p: VolumeParameters, table: dict | None = None) -> page.KeyFigures:
    """The page's headline numbers, computed: per kind what was launched and shot down with the rate
    and its interval; the largest attack; the days with North Korean missiles attributed or possible.
    ``table`` (``helpers.pages.record_vs_table.totals``): the public table's national totals for the window, said
    beside the record's, which holds only the attacks its sources cover."""
    day = formatting.date
    window = f"from {day(p.start)} to {day(p.end)}" if p.start != p.end else f"on {day(p.start)}"
    totals = window_totals(summary) if len(summary) else {}
    figures = []
    for kind in KINDS:
        t = totals.get(kind)
        if not t or t["launched"] is None:
            continue
        with_fig, down = t["launched_with_figure"], t["destroyed_with_figure"]
        if with_fig:
            rate = (f"{formatting.percent(t['interception_rate'])} (95% interval "
                    f"{formatting.percent(t['rate_low'])[:-1]}–{formatting.percent(t['rate_high'])})")
            few = f" (fewer than {MIN_FOR_RATE}: too few to compare)" if with_fig < MIN_FOR_RATE else ""
            tail = (f"; of the {with_fig:,} whose report gives an interception figure, {down:,} were shot down: "
                    f"{rate}{few}.")
        else:
            tail = "; no report gives an interception figure for them, so no rate is computed."
        if table and table.get(kind) is not None:
            said = (f" in the attacks the curated record holds, as the Air Force reported them (its national "
                    f"reports in the public table give {table[kind]:,} over the whole window, in "
                    f"{table['posts']:,} posts)")
        else:
            said = " in the attacks the curated record holds, as the Air Force reported them"
        figures.append(page.KeyFigure(formatting.count(t["launched"]),
                                      f"{{value}} {kind} launched {window}{said}" + tail,
                                      sources.cite(ds, _kind_source_ids(ds, p, kind))))
    top = largest_attacks(ds, p.start, p.end, 1)
    if len(top):
        a = top.iloc[0]
        down = "" if pd.isna(a["destroyed"]) else f", {int(a['destroyed']):,} of them shot down"
        when = " (a second attack that day)" if a["attack"] == "additional" else ""
        if p.filtered:
            when += ", counting all weapons whatever the filter"
        figures.append(page.KeyFigure(formatting.count(a["launched"]),
                                      f"{{value}} missiles and drones in the largest attack of the window, on "
                                      f"{day(a['date'])}{when}{down}.", sources.cite(ds, [a["source_ids"]])))
    events = _dprk_events(ds, p)
    days = sorted(set(events["date"]))
    sizes = attack_sizes(ds, p.start, p.end)
    possible = sorted(set(sizes.loc[(sizes["dprk"] == POSSIBLE) & ~sizes["date"].isin(days), "date"]))
    named = ", ".join(formatting.date(d) for d in days[:6]) + (f" and {len(days) - 6} more" if len(days) > 6 else "")
    more = (f"; on {len(possible)} more the Air Force reported Iskander-M/KN-23 missiles, a label that may "
            "include them" if possible else "")
    figures.append(page.KeyFigure(
        str(len(days)),
        f"{{value}} {'day' if len(days) == 1 else 'days'} in this window with North Korean missiles attributed "
        f"by an official or investigator{f' ({named})' if days else ''}{more}.",
        sources.cite(ds, ds.event_sources.loc[ds.event_sources["event_id"].isin(events["event_id"]), "source_id"])))
    return page.KeyFigures(figures, empty="No attack recorded in this window.")


# ---------------------------------------------------------------- tables


def _note(text: str) -> HTML:
    """A one-line note shown in place of a table that would be empty."""
    return HTML(f"<p>{html.escape(text)}</p>")


def period_table(data: pd.DataFrame) -> formatting.Table:
    """The per-period summary: one row per period of the window, missiles and drones side by side,
    "no record" written where the dataset holds no figure for a kind in that period."""
    kinds = list(dict.fromkeys(data["kind"].astype("string")))
    view = pd.DataFrame({"period": data.loc[data["kind"] == kinds[0], "period"].to_numpy()}) if kinds else \
        pd.DataFrame({"period": []})
    labels, rates, formats = {}, {}, {}
    for kind in kinds:
        part = data[data["kind"] == kind].reset_index(drop=True)
        word = {RECORDED: None, NO_RECORD: "no record", NO_LAUNCHED: "no figure"}
        view[f"{kind}_launched"] = [word[r] or c for r, c in zip(part["record"], part["launched"], strict=True)]
        view[f"{kind}_destroyed"] = part["destroyed"]
        view[f"{kind}_rate"] = part["interception_rate"]
        view[f"{kind}_low"], view[f"{kind}_high"] = part["rate_low"], part["rate_high"]
        labels |= {f"{kind}_launched": f"{kind.capitalize()} launched",
                   f"{kind}_destroyed": f"{kind.capitalize()} shot down",
                   f"{kind}_rate": f"{kind.capitalize()}: interception rate (95% interval)"}
        rates[f"{kind}_rate"] = (f"{kind}_low", f"{kind}_high")
        formats[f"{kind}_launched"] = lambda v: v if isinstance(v, str) else formatting.count(v)
        formats[f"{kind}_destroyed"] = "count"
    table = formatting.table(view, rates=rates, labels=labels, formats=formats,
                             note="No record: the dataset holds no Air Force figure for that period, which is a gap "
                                  "in the record, not a period without attacks. The rate counts only the weapons "
                                  "whose report gives an interception figure.")
    table.numeric |= {f"{kind}_launched" for kind in kinds}  # a count column, "no record" where there is none
    return table


def breakdown(ds: Dataset, p: VolumeParameters, by: str) -> pd.DataFrame:
    """Per-model rows of the window summed by ``weapon_class`` or by origin (``origin_label``, in words: a
    weapon made elsewhere than designed is counted apart, "Iranian design, made in Russia")."""
    rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
    if by == "origin_label" and len(rows):
        labels = rows["origin_label"].astype("string")
        rows = rows.assign(origin_label=rows["origin_words"].astype("string").fillna(labels.map(ORIGIN_WORDS))
                           .fillna(labels))
    if rows.empty:
        return pd.DataFrame(columns=[by, "launched", "destroyed", "launched_with_figure", "launched_no_figure",
                                     "interception_rate", "rate_low", "rate_high"])
    whole = rows.assign(date=p.start)
    out = summarise(whole, "D", by=by).droplevel("period").drop(columns=["rows", "destroyed_with_figure"])
    return out.sort_values("launched", ascending=False).reset_index()


def breakdown_table(ds: Dataset, p: VolumeParameters, by: str) -> formatting.Table:
    """``breakdown`` in words: weapon classes and origins as a reader names them."""
    view = breakdown(ds, p, by)
    if by != "origin_label":  # origins are in words already
        view[by] = [CLASS_WORDS.get(str(v), str(v).replace("_", " ")) for v in view[by]]
    return formatting.table(view, rates={"interception_rate": ("rate_low", "rate_high")},
                            note="Per-model rows only: where a report gives a total but no full split, these "
                                 "sums are smaller than the totals above.")


def largest_table(ds: Dataset, p: VolumeParameters) -> formatting.Table | HTML:
    """The largest attacks with their dates, North Korean missiles in words, and their sources."""
    top = largest_attacks(ds, p.start, p.end, p.top_n)
    if top.empty:
        return _note("No attack with a launched figure is recorded in this window.")
    view = top[["rank", "date", "attack", "launched", "destroyed", "dprk", "basis"]].copy()
    view["dprk"] = view["dprk"].map(DPRK_WORDS)
    view["attack"] = [ATTACK_WORDS.get(str(a), str(a)) for a in view["attack"]]
    return formatting.table(view, formats={"rank": lambda v: str(int(v))}, labels={"rank": "Rank"},
                            links={"sources": [list(sources.cite(ds, [ids], limit=99)) for ids in top["source_ids"]]},
                            note="Attacks are ranked by all the weapons they launched, whatever the page's filter."
                            if p.filtered else None)


def disagreements_table(ds: Dataset, p: VolumeParameters) -> formatting.Table | HTML:
    """Reports that the summary did not use, beside the figure it did use."""
    alt = alternative_reports(ds.strikes, ds.sources, ATTACK_KEY + ["weapon_id"])
    alt = alt[(alt["date"] >= p.start) & (alt["date"] <= p.end)].reset_index(drop=True)
    if alt.empty:
        return _note("No two reports give figures for the same attack and weapon in this window.")
    names = weapon_table(ds)["name"]
    view = alt[["date", "attack", "weapon_id", "launched", "destroyed", "chosen_launched",
                "chosen_destroyed"]].copy()
    view["weapon_id"] = view["weapon_id"].astype("string").map(names).fillna(view["weapon_id"].astype("string"))
    view["attack"] = [ATTACK_WORDS.get(str(a), str(a)) for a in view["attack"]]
    return formatting.table(view, labels={"launched": "Launched (this report)", "destroyed": "Shot down (this report)"},
                            links={"this report": [list(sources.cite(ds, [i])) for i in alt["source_id"]],
                                   "used instead": [list(sources.cite(ds, [i])) for i in alt["chosen_source_id"]]})


# ---------------------------------------------------------------- method


def method(ds: Dataset, p: VolumeParameters, external: str | None = None) -> str:
    """The method and limitations note of this page."""
    limits = [
        f"Every {FREQUENCIES[p.frequency].split(' (')[0]} of the window is shown; a period with no record means "
        "the dataset holds no Air Force figure for it, not that nothing was launched. A period cut by the window "
        "counts only its days inside it.",
        "Missiles and drones are per attack the report's headline total where it gives one; the tables by weapon "
        "class and by origin can only sum the per-model rows, and a report's per-model split is often "
        "incomplete, so those sums can be smaller than the totals.",
        "Decoy drones (Gerbera and others) are usually reported together with strike drones and cannot be "
        "separated: 'drones' counts both, and a decoy shot down counts as a drone shot down.",
        f"In the figure, a rate computed from fewer than {MIN_FOR_RATE} weapons with an interception figure is "
        "greyed: its interval is too wide for it to be compared with another period.",
        "Drones lost to electronic warfare are counted as shot down only where the report counts them so.",
    ]
    if p.filtered:
        limits.append("This page is filtered by weapon class or origin, so only per-model rows count: report "
                      "totals cannot say which weapons they were.")
    if external:
        limits.append(f"Attack volume here comes from a copy of the public Air Force attack table "
                      f"({external}), read as the load report above says; it has no headline totals and its "
                      "rows cite Air Force posts, not the dataset's sources. It counts the Air Force's national "
                      "posts only (the regional air commands repeat part of the same nights), and one post is one "
                      "attack: all its rows, whatever window each gives, dated by the morning its last window "
                      "ended. North Korean missiles are still attributed from the dataset's events.")
    else:
        limits.append("Attack volume comes from the curated strikes.csv and strike_totals.csv, each row citing "
                      "a published report of the Air Force's figures.")
    return page.method_html(ds, page_source_ids(ds, p), ["dates", "unknown", "rate", "dprk", "disagree", "totals"],
                            limits)
