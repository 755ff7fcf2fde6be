"""Notebook 06's page, the whole air war: figures, key figures, tables and the method, from the computation in
``helpers.table.air_war`` (whose names it also gives, as the notebook and the tests know them from here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.strikes import period_labels
from helpers.table.air_war import (  # noqa: F401
    _PERIOD,
    ATTACK_COLUMNS,
    CLASS_OF,
    CLASS_ORDER,
    FREQUENCIES,
    KN23,
    MIN_LAUNCHED,
    NATIONAL,
    RATE_DEFINITIONS,
    RATE_WORDS,
    REPORTERS,
    STRIKE_CLASS_IDS,
    STRIKE_CLASSES,
    AirWarParameters,
    _class_ids,
    _lost,
    _rate,
    _region_parts,
    _with_rate_columns,
    _withheld,
    attacks,
    by_period,
    change_table,
    classified,
    in_window,
    missiles_and_drones,
    monthly_by_class,
    one_row_per_report,
    parameters,
    params,
    partial_periods,
    ranked,
    release_measures,
    report_keys,
    reporter_summary,
    rolling,
    shot_down_only,
    split_places,
    target_oblasts,
    wilson_interval,
    window_text,
    window_totals,
    windows,
)

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
    whole = periods[~periods["partial"].astype(bool)].groupby("period")["launched"].sum(min_count=1).dropna()
    finding = None
    if len(whole):
        peak = whole.idxmax()
        finding = (f"Weapons launched per {FREQUENCIES[p.frequency].split(' ')[0]} in the Air Force's national "
                   f"reports, by class: the most in a whole period, {int(whole.max()):,}, in "
                   f"{_period_label(peak, p.frequency)}.")
    return plots.Chart(fig, data, "launched-by-class", finding)


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
    # a period and class with nothing to rate (no weapon launched with an interception figure) has no rate: the
    # launched-by-class data says which periods have no record at all
    data = data[data["launched_with_figure"].fillna(0) > 0]
    return plots.Chart(fig, data, "interception-rate")


def table_path(external_path: str):
    """The copy of the public table to read (``helpers.table.external.table_parameter``): ``external_path`` when
    given, else the fetched copy; a ``ParameterError`` when there is none."""
    from helpers.table import external

    return external.table_parameter(external_path)


def dprk_dates(ds) -> list[pd.Timestamp]:
    """The days on which the curated record attributes North Korean missiles (its DPRK-use events with more than
    the Air Force's combined label behind them: ``helpers.events.attributed_dates``)."""
    from helpers.events import attributed_dates

    return sorted(attributed_dates(ds))


def key_figures(ds, frame: pd.DataFrame, periods: pd.DataFrame, top: pd.DataFrame, p: AirWarParameters,
                placed: dict, table=None):
    """The page's headline numbers, each in a sentence; the source is the public table (its posts): the copy at
    ``table``, named as the pinned release it is or as a copy that differs from it."""
    import dataclasses

    from helpers import formatting, page
    from helpers.table import external

    source = (external.key_source(table),)
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
    change = latest_change(periods, frame, p)
    if change is not None:
        more = change["launched"] - change["before"]
        words = ("as many as" if more == 0 else
                 f"{abs(more) / change['before']:.0%} {'more' if more > 0 else 'fewer'} than"
                 if change["before"] else "against none")
        figures.insert(1, page.KeyFigure(
            formatting.count(change["launched"]),
            f"{{value}} weapons launched in {_period_label(change['period'], p.frequency)}, the window's last whole "
            f"{FREQUENCIES[p.frequency].split(' ')[0]} in the table: {words} in "
            f"{_period_label(change['previous'], p.frequency)} ({change['before']:,})"
            + (f"; the Air Force withheld the counts of {change['withheld']} of its rows, which are not in it"
               if change["withheld"] else "") + ".", source))
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


def latest_change(periods: pd.DataFrame, frame: pd.DataFrame | None = None,
                  p: AirWarParameters | None = None) -> dict | None:
    """The last whole period with a record and the one before it: weapons launched in each (every class), or
    ``None`` with fewer than two such periods. A partial period (cut by the window or the table) is never one of
    them: a short month is not a fall. ``withheld``: the rows of the last period whose counts the Air Force
    withheld (not in its sum), counted from ``frame`` when it is given."""
    whole = periods[~periods["partial"].astype(bool) & periods["record"].astype(bool)]
    sums = whole.groupby("period")["launched"].sum(min_count=1).dropna().sort_index()
    if len(sums) < 2:
        return None
    withheld = 0
    if frame is not None and p is not None and "withheld" in frame:
        rows = in_window(frame, p)
        rows = rows[rows["withheld"].fillna(False).astype(bool).to_numpy()]
        starts = rows["date"].dt.to_period(_PERIOD[p.frequency]).dt.start_time
        withheld = int((starts == sums.index[-1]).sum())
    return {"period": sums.index[-1], "launched": int(sums.iloc[-1]), "previous": sums.index[-2],
            "before": int(sums.iloc[-2]), "withheld": withheld}


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


def card_days(ds, frame: pd.DataFrame) -> set[pd.Timestamp]:
    """The days that have an attack card (``helpers.table.cards``)."""
    from helpers.table.cards import cards

    return set(cards(ds, frame)["date"])


def attacks_view(top: pd.DataFrame, with_cards: set | None = None):
    from helpers import formatting

    view = top[["rank", "date", "window", "launched", "destroyed", "rows"]].copy()
    if top["withheld"].astype(int).sum():
        view["withheld"] = top["withheld"]
    view["dprk"] = np.where(top["dprk_attributed"], "attributed (curated record)",
                            np.where(top["kn23_label"], f"possible ({KN23} label)", ""))
    links = None
    if with_cards is not None:
        from helpers.events import card_file

        links = {"card": [[("attack card", card_file(d))] if d in with_cards else [("no card", None)]
                          for d in top["date"]]}
    return formatting.table(view, links=links, labels={"card": "Attack card",
                                                       "withheld": "Rows whose counts were withheld (not in launched)",
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


def load_report_view(report, credit: str) -> str:
    """The reader's load report, with the table's attribution and licence (``credit``: the copy used)."""
    import html

    from helpers.strikes import load_report_html

    return f"<p class='attribution'>{html.escape(credit)}</p>" + load_report_html(report, who_reported=False)


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
