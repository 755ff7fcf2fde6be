"""The story in time: filtering events and drawing them in one lane per category.

Mass strikes are drawn as volume (launched per attack) under the event lanes, so the DPRK
missile uses can be seen against the barrages they were part of.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from helpers import params, plots, tables
from helpers.data import Dataset
from helpers.events import CONFIDENCE_ORDER, event_sources, filter_events
from helpers.sources import grouped_links, publishers
from helpers.strikes import attack_sizes
from helpers.weapons import origin_choices


def timeline_figure(events: pd.DataFrame, sizes: pd.DataFrame, start, end, categories: list[str]):
    """Event lanes (one per category) above a bar chart of launched per attack (``sizes``) in the window."""
    plots.use_house_style()
    if events.empty and sizes.empty:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No events in this window ({plots.window_label(start, end)}).")
        return fig
    fig, (lanes, bars) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    for i, category in enumerate(categories):
        sub = events[events["category"] == category]
        lanes.scatter(sub["date"], [i] * len(sub), s=60, color=plots.OKABE_ITO[i % 8], zorder=3,
                      edgecolor="white", linewidth=0.8, label=category)
    lanes.set_yticks(range(len(categories)), [c.replace("_", " ") for c in categories])
    lanes.set_ylim(-0.7, len(categories) - 0.3)
    lanes.set_title("Events by category")
    if sizes.empty:
        bars.text(0.5, 0.5, "no attack volume recorded in this window", ha="center", va="center",
                  transform=bars.transAxes)
    else:
        colours = [plots.DPRK if d else plots.LAUNCHED for d in sizes["dprk"]]
        bars.bar(sizes["date"], sizes["launched"].astype("float").fillna(0), color=colours, width=0.8)
        bars.set_ylabel("launched per attack")
        bars.set_title("Attack volume (orange: attack with North Korean missiles attributed or possible)")
    pad = pd.Timedelta(days=max(1, (end - start).days // 50))
    bars.set_xlim(start - pad, end + pad)
    fig.autofmt_xdate()
    fig.tight_layout()
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
        pd.DataFrame({"date": events["date"], "lane": events["category"].astype("string"),
                      "label": events["title"], "launched": pd.NA}),
        pd.DataFrame({"date": sizes["date"], "lane": "attack volume", "label": sizes["attack"],
                      "launched": sizes["launched"]}),
    ], ignore_index=True).sort_values(["date", "lane"], kind="stable")
    shown = event_sources(ds, events["event_id"])["source_id"]
    strike_sources = [i for ids in sizes["source_ids"] for i in str(ids).split(";")]
    plots.caption(fig, plots.window_label(p.start, p.end),
                  publishers(ds, list(shown) + strike_sources),
                  note=f"{len(events)} events; bars: launched per attack as the Ukrainian Air Force reported it.")
    return plots.Chart(fig, data, "timeline")


def event_table_html(ds: Dataset, events: pd.DataFrame) -> str:
    """The events as an HTML table, each row linked to its sources."""
    if events.empty:
        return "<p><strong>No events in this window.</strong> Widen the dates or the categories.</p>"
    srcs = event_sources(ds, events["event_id"])
    view = events[["date", "category", "title", "place", "oblast", "killed", "injured", "confidence"]].copy()
    view["category"] = view["category"].astype("string").str.replace("_", " ")
    return tables.to_html(view, links={"sources": grouped_links(srcs, "event_id", events["event_id"])})
