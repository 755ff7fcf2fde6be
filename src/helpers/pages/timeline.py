"""The story in time: filtering events and drawing them in one lane per category.

Mass strikes are drawn as volume (launched per attack) under the event lanes, so the DPRK
missile uses can be seen against the barrages they were part of. Over a window of two years a day
is about one pixel wide, so an attack drawn as a one-day bar is a hairline; attacks are drawn as
stems topped by a dot, which stay visible whatever the window, and as bars only when the window is
short enough for a day to be a readable width.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers import formatting, page, params, plots
from helpers.data import Dataset
from helpers.events import ATTACK_CATEGORIES, CONFIDENCE_ORDER, card_file, event_sources, filter_events
from helpers.sources import publishers, ranked_links
from helpers.strikes import attack_sizes
from helpers.weapons import origin_choices

# Each category in words, as a lane label and a table cell, and in the plural, for sentences.
CATEGORY_LABELS = {
    "arms_transfer": "Arms transfer",
    "dprk_missile_use": "North Korean missile use",
    "mass_strike": "Mass strike",
    "statement": "Statement",
    "investigation": "Investigation",
    "diplomacy": "Diplomacy",
    "sanction": "Sanctions",
    "un_action": "UN action",
}
CATEGORY_PLURALS = {
    "arms_transfer": ("arms transfer", "arms transfers"),
    "dprk_missile_use": ("reported use of North Korean missiles", "reported uses of North Korean missiles"),
    "mass_strike": ("mass strike", "mass strikes"),
    "statement": ("statement", "statements"),
    "investigation": ("investigation", "investigations"),
    "diplomacy": ("diplomatic step", "diplomatic steps"),
    "sanction": ("sanctions round", "sanctions rounds"),
    "un_action": ("UN action", "UN actions"),
}
# A lane's colour says what it is: the uses of North Korean missiles share the colour of the attacks
# they were attributed to, the mass strikes the colour of the other attacks.
CATEGORY_COLOURS = {
    "arms_transfer": "#0072B2",
    "dprk_missile_use": plots.DPRK,
    "mass_strike": plots.LAUNCHED,
    "statement": "#CC79A7",
    "investigation": "#009E73",
    "diplomacy": "#000000",
    "sanction": "#E69F00",
    "un_action": "#7F7F7F",
}
# The attack bars: North Korean missiles attributed by an event, possible by the Air Force's label, or none.
VOLUME_COLOURS = {"attributed": plots.DPRK, "possible": "#E69F00", "": plots.LAUNCHED}
VOLUME_LABELS = {
    "attributed": "North Korean missiles\nattributed",
    "possible": "North Korean missiles\npossible (Iskander-M/KN-23\nlabel)",
    "": "no North Korean\nmissile recorded",
}
BARS_UP_TO_DAYS = 92  # up to about a quarter, a one-day bar is at least a few pixels wide


def category_label(category: str) -> str:
    """A category in words ("dprk_missile_use" → "North Korean missile use")."""
    return CATEGORY_LABELS.get(str(category), formatting.label(str(category)))


def _plural(category: str, n: int) -> str:
    one, many = CATEGORY_PLURALS.get(str(category), (str(category).replace("_", " "),) * 2)
    return f"{n:,} {one if n == 1 else many}"


def _n(n: int, noun: str) -> str:
    """"1 use", "7 uses"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _verb(n: int, verb: str) -> str:
    """"gives" for one, "give" for several."""
    return f"{verb}s" if n == 1 else verb


def _colour(category: str, i: int) -> str:
    return CATEGORY_COLOURS.get(str(category), plots.OKABE_ITO[i % len(plots.OKABE_ITO)])


def timeline_figure(events: pd.DataFrame, sizes: pd.DataFrame, start, end, categories: list[str]):
    """Event lanes (one per category) above the size of each attack (``sizes``) in the window.

    The lanes are named on the axis in their own colour; legends beside the panels, outside the
    data, explain the attack colours and the hollow dots of events dated only to the month.
    """
    plots.use_house_style()
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if events.empty and sizes.empty:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No events and no attacks recorded in this window ({plots.window_label(start, end)}).")
        return fig
    fig, (lanes, bars) = plt.subplots(2, 1, figsize=(11, 7), sharex=True, layout="constrained",
                                      gridspec_kw={"height_ratios": [3, 2]})
    month_only = events.get("date_precision", pd.Series("day", index=events.index)).astype("string") == "month"
    # events of one lane on one day are spread a little apart, so two events never look like one
    lane_of = {c: i for i, c in enumerate(categories)}
    same_day = events.groupby(["category", "date"], observed=True).cumcount()
    per_day = events.groupby(["category", "date"], observed=True)["date"].transform("size")
    y = events["category"].map(lane_of).astype("float") + (same_day - (per_day - 1) / 2) * 0.2
    for i, category in enumerate(categories):
        colour = _colour(category, i)
        for hollow in (False, True):
            mine = (events["category"] == category) & (month_only == hollow)
            lanes.scatter(events.loc[mine, "date"], y[mine], s=70, zorder=3, linewidth=1.5 if hollow else 0.8,
                          facecolor="white" if hollow else colour, edgecolor=colour if hollow else "white")
    lanes.set_yticks(range(len(categories)), [category_label(c) for c in categories])
    for i, (tick, category) in enumerate(zip(lanes.get_yticklabels(), categories, strict=True)):
        tick.set_color(_colour(category, i))
        tick.set_fontweight("bold")
    lanes.set_ylim(-0.7, len(categories) - 0.3)
    lanes.set_title("Events by category")
    lanes.grid(axis="y", alpha=0.15)

    handles = []
    if sizes.empty:
        bars.text(0.5, 0.5, "No attack with a recorded size in this window.", ha="center", va="center",
                  transform=bars.transAxes, parse_math=False)
    else:
        span_days = (end - start).days + 1
        known = sizes[sizes["launched"].notna()]
        known = known.assign(_later=known["attack"] != "main").sort_values(["date", "_later"], kind="stable")
        # two attacks on one day (a main and an additional one) are stacked, not drawn over each other
        height = known["launched"].astype("float")
        bottom = height.groupby(known["date"]).cumsum() - height
        for kind in ("", "possible", "attributed"):  # North Korean attacks drawn last, on top
            mine = known["dprk"] == kind
            if not mine.any():
                continue
            colour = VOLUME_COLOURS[kind]
            if span_days <= BARS_UP_TO_DAYS:
                bars.bar(known.loc[mine, "date"], height[mine], bottom=bottom[mine], width=0.8, color=colour,
                         edgecolor="white", linewidth=0.6, zorder=3)
            else:
                top = bottom[mine] + height[mine]
                bars.vlines(known.loc[mine, "date"], bottom[mine], top, color=colour, linewidth=2.2, zorder=3)
                bars.scatter(known.loc[mine, "date"], top, s=42, color=colour, edgecolor="white", linewidth=0.6,
                             zorder=4)
            handles.insert(0, Patch(color=colour, label=VOLUME_LABELS[kind]))  # listed North Korean first
        unknown = sizes[sizes["launched"].isna()]
        if len(unknown):
            bars.scatter(unknown["date"], [0] * len(unknown), marker="x", s=50, color="#555555", zorder=4,
                         clip_on=False)
            handles.append(Line2D([], [], marker="x", color="#555555", linestyle="none",
                                  label="attack recorded,\nsize not reported"))
        bars.set_ylim(bottom=0, top=float((bottom + height).max()) * 1.1 if len(known) else 1)
        bars.set_ylabel("launched per attack")
    bars.set_title("Attack volume: missiles and drones launched per attack")
    if month_only.any():
        lanes.legend(handles=[Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#333333",
                                     linestyle="none", label="event dated to the\nmonth only (drawn\non the 1st)")],
                     loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    pad = pd.Timedelta(days=max(1, (end - start).days // 50))
    bars.set_xlim(start - pad, end + pad)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    bars.xaxis.set_major_locator(locator)
    bars.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if handles:
        bars.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, labelspacing=0.9)
    return fig


@dataclass(frozen=True)
class TimelineParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    categories: list[str]
    origins: list[str] | None
    min_confidence: str


def parameters(ds: Dataset, start_date, end_date, categories, origins, min_confidence) -> TimelineParameters:
    """Check the timeline notebook's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    cats = params.as_subset("categories", categories, list(ds.events["category"].cat.categories))
    chosen_origins = None
    if origins:
        chosen_origins = params.as_subset("origins", origins, origin_choices(ds))
    level = params.as_choice("min_confidence", min_confidence, CONFIDENCE_ORDER)
    return TimelineParameters(start, end, cats, chosen_origins, level)


def select(ds: Dataset, p: TimelineParameters) -> pd.DataFrame:
    return filter_events(ds, p.start, p.end, p.categories, p.origins, p.min_confidence)


def figure(ds: Dataset, events: pd.DataFrame, p: TimelineParameters) -> plots.Chart:
    """The timeline figure with its caption (window and the publishers behind what it shows)."""
    sizes = attack_sizes(ds, p.start, p.end)
    fig = timeline_figure(events, sizes, p.start, p.end, p.categories)
    data = pd.concat([
        pd.DataFrame({"date": events["date"], "lane": events["category"].map(category_label).astype("string"),
                      "label": events["title"], "launched": pd.NA, "north_korean_missiles": pd.NA}),
        pd.DataFrame({"date": sizes["date"], "lane": "attack volume", "label": sizes["attack"],
                      "launched": sizes["launched"],
                      "north_korean_missiles": sizes["dprk"].replace("", "none recorded")}),
    ], ignore_index=True).sort_values(["date", "lane"], kind="stable")
    shown = event_sources(ds, events["event_id"])["source_id"]
    plots.caption(fig, plots.window_label(p.start, p.end), publishers(ds, list(shown) + list(sizes["source_ids"])),
                  note=f"{len(events)} events; {len(sizes)} attacks with a report in the dataset, drawn by the "
                       "number of missiles and drones the Ukrainian Air Force reported launched. A day with no "
                       "attack drawn has no report in this dataset, which does not mean there was no attack.")
    largest = ""
    if len(sizes) and sizes["launched"].notna().any():
        top = sizes.loc[sizes["launched"].idxmax()]
        largest = f", the largest {int(top['launched']):,} on {formatting.date(top['date'])}"
    finding = (f"{len(events)} events from {formatting.date(p.start)} to {formatting.date(p.end)} in lanes by "
               f"category, above {len(sizes)} attacks drawn by the weapons launched{largest}.")
    return plots.Chart(fig, data, "timeline", finding)


def _event_links(ds: Dataset, event_ids, per_event: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """Each event's sources as (publisher, url), primary sources first."""
    src = event_sources(ds, event_ids)
    return {e: ranked_links(ds, list(g["source_id"]), per_event) for e, g in src.groupby("event_id")}


def _where(event: pd.Series) -> str | None:
    parts = [str(v) for v in (event.get("place"), event.get("oblast")) if v is not None and pd.notna(v)]
    if len(parts) == 2 and parts[1] == f"{parts[0]} City":
        parts = parts[1:]  # "Kyiv, Kyiv City" says Kyiv twice
    return ", ".join(parts) or None


def key_figures(ds: Dataset, events: pd.DataFrame, p: TimelineParameters) -> page.KeyFigures:
    """What the window holds: its events by category, the uses of North Korean missiles, the largest
    attack and how many attacks North Korean missiles were attributed to, each with its sources."""
    figures = []
    if len(events):
        first, last = events.iloc[0], events.iloc[-1]
        counts = events["category"].astype("string").value_counts()
        parts = [_plural(c, int(n)) for c, n in counts.items()]
        breakdown = formatting.listing(parts)
        top = _event_links(ds, [first["event_id"], last["event_id"]], 1)
        ends = (f"The first, on {formatting.date(first['date'])}: {first['title']}; the latest, on "
                f"{formatting.date(last['date'])}: {last['title']}." if len(events) > 1 else
                f"On {formatting.date(first['date'])}: {first['title']}.")
        figures.append(page.KeyFigure(
            f"{len(events):,}",
            f"{{value}} {'event' if len(events) == 1 else 'events'} in the window: {breakdown}. {ends}",
            tuple(top.get(first["event_id"], []) + [s for s in top.get(last["event_id"], [])
                                                    if s not in top.get(first["event_id"], [])])))
    uses = events[events["category"] == "dprk_missile_use"]
    if len(uses):
        first, last = uses.iloc[0], uses.iloc[-1]
        top = _event_links(ds, [first["event_id"], last["event_id"]], 1)
        where = _where(first)
        sentence = (f"{{value}} reported {'use' if len(uses) == 1 else 'uses'} of North Korean missiles, the first on "
                    f"{formatting.date(first['date'])}" + (f" ({where})" if where else ""))
        if len(uses) > 1:
            where = _where(last)
            sentence += f", the latest on {formatting.date(last['date'])}" + (f" ({where})" if where else "")
        counted = uses["missile_count"].dropna()
        silent = len(uses) - len(counted)
        if len(counted):
            sentence += (f". North Korean missiles counted: {int(counted.sum()):,}, in the {_n(len(counted), 'use')} "
                         f"that {_verb(len(counted), 'give')} a number"
                         + (f"; {_n(silent, 'use')} {_verb(silent, 'give')} none (unknown, not zero)." if silent
                            else "."))
        else:
            sentence += ". No report of these uses gives a number of missiles."
        figures.append(page.KeyFigure(f"{len(uses):,}", sentence, tuple(
            top.get(first["event_id"], []) + [s for s in top.get(last["event_id"], [])
                                              if s not in top.get(first["event_id"], [])])))
    sizes = attack_sizes(ds, p.start, p.end)
    known = sizes.dropna(subset=["launched"])
    if len(known):
        largest = known.sort_values(["launched", "date"], ascending=[False, True], kind="stable").iloc[0]
        dprk = {"attributed": "; North Korean missiles were attributed to it",
                "possible": "; its report's Iskander-M/KN-23 label allows North Korean missiles",
                }.get(largest["dprk"], "")
        figures.append(page.KeyFigure(
            f"{int(largest['launched']):,}",
            f"{{value}} missiles and drones launched on {formatting.date(largest['date'])}, the largest of the "
            f"{len(known):,} attacks with a recorded size in the window{dprk}.",
            tuple(ranked_links(ds, [largest["source_ids"]], 3))))
        attributed = known[known["dprk"] == "attributed"]
        possible = int((known["dprk"] == "possible").sum())
        # one source per attack: the first-ranked source of the first use reported that day
        uses_all = ds.events[(ds.events["category"] == "dprk_missile_use")
                             & ds.events["date"].isin(set(attributed["date"]))].sort_values(["date", "event_id"])
        first_use = uses_all.drop_duplicates("date")["event_id"]
        links = _event_links(ds, first_use, 1)
        cited = list(dict.fromkeys(s for e in first_use for s in links.get(e, [])))
        figures.append(page.KeyFigure(
            f"{len(attributed):,} of {len(known):,}",
            "{value} attacks had North Korean missiles attributed to them (a reported use of North Korean "
            "missiles that day)"
            + (f"; in {possible:,} more the Air Force's combined Iskander-M/KN-23 label allows them." if possible
               else "."),
            tuple(cited)))
    return page.KeyFigures(figures, empty="No events and no attacks recorded in this window.")


def event_table(ds: Dataset, events: pd.DataFrame) -> formatting.Table:
    """The events, one row each, with every source linked (primary sources first)."""
    links = _event_links(ds, events["event_id"])
    month_only = events["date_precision"].astype("string") == "month"
    view = pd.DataFrame({
        "date": [formatting.month(d) if m else formatting.date(d) for d, m in zip(events["date"], month_only,
                                                                                  strict=True)],
        "category": events["category"].map(category_label).astype("string"),
        "event": events["title"],
        "where": [_where(e) for _, e in events.iterrows()],
        "killed": events["killed"],
        "injured": events["injured"],
        "confidence": events["confidence"].astype("string"),
    })
    note = ("Figures are those of the best-supported source; each source's own figure is in event_sources.csv."
            + (" A month alone (\"Feb 2024\") means only the month is known." if month_only.any() else ""))
    cards = [[("attack card", card_file(d))] if c in ATTACK_CATEGORIES else [("not an attack", None)]
             for d, c in zip(events["date"], events["category"].astype(str), strict=True)]
    return formatting.table(view, links={"card": cards, "sources": [links.get(e, []) for e in events["event_id"]]},
                            labels={"card": "Attack card"}, caption=f"{len(events):,} events in the window",
                            note=note)


def event_table_html(ds: Dataset, events: pd.DataFrame) -> str:
    """``event_table`` as HTML, or a line saying there is nothing in the window."""
    if events.empty:
        return "<p><strong>No events in this window.</strong> Widen the dates or the categories.</p>"
    return event_table(ds, events).to_html()


def method_html(ds: Dataset, events: pd.DataFrame, p: TimelineParameters) -> str:
    """How the timeline is made and what it cannot show."""
    sizes = attack_sizes(ds, p.start, p.end)
    shown = list(event_sources(ds, events["event_id"])["source_id"]) + list(sizes["source_ids"])
    limits = [
        "The lanes hold the events this dataset records, not every event of the war; the attacks drawn are "
        f"only those whose Air Force report it holds ({len(sizes):,} in this window). A day with no attack "
        "drawn has no report here: that is a gap in the record, not a day without attacks.",
        "An attack's size counts missiles and drones together, as launched; the Air Force's own figures, "
        "not independently verified.",
        "Each event has one category and one date; events of one lane on the same day are drawn a little "
        "apart, and close days overlap at this scale (the table lists each event). An event known only to "
        "the month is drawn on the 1st as a hollow dot.",
        "Confidence: high when an official primary source or two independent credible sources report the "
        "event, otherwise medium or low; this page shows events of at least "
        f"'{p.min_confidence}' confidence.",
    ]
    return page.method_html(ds, shown, conventions=["dates", "unknown", "dprk", "totals", "disagree"],
                            limits=limits)
