"""North Korean missiles in Ukraine: uses, places, casualties, share of ballistic launches, reach.

The share is bounded, not guessed: the Air Force often reports "Iskander-M/KN-23" as one label,
so the share of ballistic missiles that were North Korean lies between what the dataset's events
attribute to North Korea and that plus everything launched under the combined label.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from helpers import geo, params, plots, tables
from helpers.data import Dataset
from helpers.events import CONFIDENCE_ORDER, event_sources, filter_events
from helpers.sources import grouped_links, publishers
from helpers.strikes import strike_rows


@dataclass(frozen=True)
class DprkParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    range_km: float
    min_confidence: str


def parameters(ds: Dataset, start_date, end_date, range_km, min_confidence) -> DprkParameters:
    """Check the DPRK-missiles notebook's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    return DprkParameters(start, end, params.as_positive_number("range_km", range_km),
                          params.as_choice("min_confidence", min_confidence, CONFIDENCE_ORDER))


def uses(ds: Dataset, p: DprkParameters) -> pd.DataFrame:
    """Reported uses of North Korean missiles in the window, at least ``min_confidence``."""
    return filter_events(ds, p.start, p.end, ["dprk_missile_use"], None, p.min_confidence)


def uses_html(ds: Dataset, events: pd.DataFrame) -> str:
    if events.empty:
        return "<p><strong>No reported use of North Korean missiles in this window.</strong></p>"
    srcs = event_sources(ds, events["event_id"])
    view = events[["date", "place", "oblast", "missile_count", "killed", "injured", "attributed_by", "confidence"]]
    return tables.to_html(view, links={"sources": grouped_links(srcs, "event_id", events["event_id"])})


def by_oblast(events: pd.DataFrame) -> pd.DataFrame:
    """Uses, missiles, killed and injured per oblast (known figures summed; unknown kept apart)."""
    ev = events.assign(oblast=events["oblast"].astype("string").fillna("not given"))
    grouped = ev.groupby("oblast")
    out = pd.DataFrame({
        "uses": grouped.size(),
        "missiles": grouped["missile_count"].sum(min_count=1),
        "uses_without_missile_count": grouped["missile_count"].apply(lambda s: int(s.isna().sum())),
        "killed": grouped["killed"].sum(min_count=1),
        "injured": grouped["injured"].sum(min_count=1),
    })
    return out.sort_values(["uses", "oblast"], ascending=[False, True])


def casualties(events: pd.DataFrame) -> dict:
    """Killed and injured over the uses, with how many uses reported no figure."""
    return {
        "uses": int(len(events)),
        "killed": int(events["killed"].sum()) if events["killed"].notna().any() else None,
        "injured": int(events["injured"].sum()) if events["injured"].notna().any() else None,
        "uses_without_killed_figure": int(events["killed"].isna().sum()),
        "uses_without_injured_figure": int(events["injured"].isna().sum()),
    }


def ballistic_share(ds: Dataset, events: pd.DataFrame, p: DprkParameters) -> dict:
    """Share of ballistic missiles launched in the window that were North Korean, as a range.

    ``attributed``: missiles the dataset's events attribute to North Korea (uses with a count).
    ``combined_label``: launched under the Air Force's Iskander-M/KN-23 label, which may or may not
    be North Korean. The denominator is every ballistic missile in the per-model rows.
    """
    rows = strike_rows(ds, p.start, p.end)
    ballistic = rows[rows["weapon_class"] == "ballistic_missile"]
    launched = ballistic["launched"].sum(min_count=1)
    combined = ballistic.loc[ballistic["dprk_possible"] & ~ballistic["dprk"], "launched"].sum(min_count=1)
    attributed = events["missile_count"].sum(min_count=1)
    out = {
        "ballistic_launched": None if pd.isna(launched) else int(launched),
        "attributed_dprk": None if pd.isna(attributed) else int(attributed),
        "combined_label": 0 if pd.isna(combined) else int(combined),
    }
    if out["ballistic_launched"]:
        low = (out["attributed_dprk"] or 0) / out["ballistic_launched"]
        high = min(1.0, ((out["attributed_dprk"] or 0) + out["combined_label"]) / out["ballistic_launched"])
        out["share_low"], out["share_high"] = round(low, 4), round(high, 4)
    else:
        out["share_low"] = out["share_high"] = None
    return out


def uses_figure(ds: Dataset, events: pd.DataFrame, p: DprkParameters) -> plots.Chart:
    """Missiles per reported use over time (a hollow marker where the count was not reported)."""
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 3.5))
    data = events[["date", "place", "oblast", "missile_count", "killed", "injured"]]
    if events.empty:
        plots.empty_note(ax, f"No reported use of North Korean missiles ({plots.window_label(p.start, p.end)}).")
        return plots.Chart(fig, data, "dprk-uses")
    known = events[events["missile_count"].notna()]
    unknown = events[events["missile_count"].isna()]
    ax.vlines(known["date"], 0, known["missile_count"].astype(float), color=plots.DPRK, linewidth=3)
    ax.scatter(known["date"], known["missile_count"].astype(float), color=plots.DPRK, zorder=3,
               label="missiles reported")
    ax.scatter(unknown["date"], [0.5] * len(unknown), facecolor="white", edgecolor=plots.DPRK, zorder=3,
               label="use reported, count not given")
    ax.set_ylabel("North Korean missiles")
    ax.set_title("Reported uses of North Korean ballistic missiles")
    ax.set_xlim(p.start - pd.Timedelta(days=3), p.end + pd.Timedelta(days=3))
    ax.legend(frameon=False, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    plots.caption(fig, plots.window_label(p.start, p.end),
                  publishers(ds, event_sources(ds, events["event_id"])["source_id"]),
                  note=f"{len(events)} uses at confidence {p.min_confidence} or above.")
    return plots.Chart(fig, data, "dprk-uses")


def reach_table(ds: Dataset, p: DprkParameters) -> pd.DataFrame:
    """Every city of the gazetteer with its distance to the nearest reported launch area."""
    places = ds.places
    areas, cities = places[places["kind"] == "launch_area"], places[places["kind"] == "city"]
    if areas.empty or cities.empty:
        return pd.DataFrame(columns=["city", "oblast", "nearest_launch_area", "distance_km", "within_range",
                                     "city_id", "nearest_launch_area_id"])
    return geo.reach(areas, cities, p.range_km)


def reach_figure(ds: Dataset, p: DprkParameters) -> plots.Chart:
    """A plain map: cities (filled inside the range), launch areas, and range circles around them."""
    plots.use_house_style()
    places = ds.places
    areas, cities = places[places["kind"] == "launch_area"], places[places["kind"] == "city"]
    fig, ax = plt.subplots(figsize=(9, 7))
    table = reach_table(ds, p)
    if areas.empty or cities.empty:
        plots.empty_note(ax, "No launch areas or cities in the gazetteer.")
        return plots.Chart(fig, table, "reach")
    data, table = table, table.set_index("city_id")  # by id: two cities may share a name
    inside = cities["place_id"].map(table["within_range"]).fillna(False).astype(bool)
    label = cities["place_id"].map(table["city"])
    for _, a in areas.iterrows():
        lats, lons = geo.circle(a["lat"], a["lon"], p.range_km)
        ax.plot(lons, lats, color=plots.DPRK, linewidth=0.8, alpha=0.6)
    ax.scatter(cities.loc[inside, "lon"], cities.loc[inside, "lat"], color=plots.DESTROYED, s=25,
               label=f"city within {p.range_km:.0f} km")
    ax.scatter(cities.loc[~inside, "lon"], cities.loc[~inside, "lat"], facecolor="white",
               edgecolor=plots.DESTROYED, s=25, label="city beyond range")
    ax.scatter(areas["lon"], areas["lat"], marker="^", color=plots.DPRK, s=60, label="reported launch area")
    for i, c in cities.iterrows():
        ax.annotate(str(label[i]), (c["lon"], c["lat"]), fontsize=7, xytext=(3, 3), textcoords="offset points",
                    parse_math=False)
    ax.set_xlim(21.5, 41.5)
    ax.set_ylim(43.5, 53.5)
    ax.set_aspect(1 / 0.65)  # roughly equal distances at Ukraine's latitude
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(f"Reach of a {p.range_km:.0f} km missile from the reported launch areas")
    ax.legend(frameon=False, loc="lower left", fontsize=8)
    fig.tight_layout()
    used = list(places["source_id"]) + list(areas["reported_by_source_id"].dropna())
    plots.caption(fig, "launch areas as reported to date", publishers(ds, used),
                  note="Great-circle distances; no basemap. Launch areas stand for regions, not sites.")
    return plots.Chart(fig, data, "reach")
