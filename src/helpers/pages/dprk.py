"""North Korean missiles in Ukraine: uses, places, casualties, share of ballistic launches, reach.

The share is bounded, not guessed: the Air Force often reports "Iskander-M/KN-23" as one label,
so the share of ballistic missiles that were North Korean lies between what the dataset's events
attribute to North Korea and that plus everything launched under the combined label. With a few
dozen missiles a share is a rough range, so the page gives it in whole percentages with its counts.

This module builds what the DPRK-missiles page shows (key figures, figures, tables, method note)
from the core modules only: events, strikes, sources, the page parts, maps and geo.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

from helpers import formatting, geo, maps, page, params, plots
from helpers.data import Dataset
from helpers.events import (  # noqa: F401 (GRADE_WORDS and strongest_grade: pages and tests know them from here)
    CONFIDENCE_ORDER,
    GRADE_ORDER,
    GRADE_WORDS,
    card_file,
    event_sources,
    filter_events,
    strongest_grade,
)
from helpers.sources import cite, grouped_links, publishers
from helpers.table import external


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


def grade_counts(ds: Dataset, events: pd.DataFrame) -> pd.Series:
    """How many of ``events`` have each strongest grade, strongest first (grades with none left out)."""
    best = strongest_grade(ds, events["event_id"])
    counts = best.value_counts()
    return pd.Series({g: int(counts[g]) for g in reversed(GRADE_ORDER) if g in counts.index}, dtype="int64")


def _evidence_source_ids(ds: Dataset, events: pd.DataFrame) -> list[str]:
    return list(ds.dprk_evidence.loc[ds.dprk_evidence["event_id"].isin(events["event_id"]), "source_id"])


def uses(ds: Dataset, p: DprkParameters) -> pd.DataFrame:
    """Reported uses of North Korean missiles in the window, at least ``min_confidence``."""
    return filter_events(ds, p.start, p.end, ["dprk_missile_use"], None, p.min_confidence)


def findings(ds: Dataset, p: DprkParameters) -> pd.DataFrame:
    """What prosecutors, forensic institutes, the UN panel and investigators reported in the window."""
    return filter_events(ds, p.start, p.end, ["investigation"], None, p.min_confidence)


# ---------------------------------------------------------------- figures computed


def by_oblast(events: pd.DataFrame) -> pd.DataFrame:
    """Uses, missiles, killed and injured per oblast (known figures summed; unknown kept apart)."""
    columns = ["uses", "missiles", "uses_without_missile_count", "killed", "injured", "uses_without_casualty_figure"]
    if events.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="oblast", dtype="string")).astype("Int64")
    ev = events.assign(oblast=events["oblast"].astype("string").fillna("not given"))
    grouped = ev.groupby("oblast")
    out = pd.DataFrame({
        "uses": grouped.size(),
        "missiles": grouped["missile_count"].sum(min_count=1),
        "uses_without_missile_count": grouped["missile_count"].apply(lambda s: int(s.isna().sum())),
        "killed": grouped["killed"].sum(min_count=1),
        "injured": grouped["injured"].sum(min_count=1),
        "uses_without_casualty_figure": grouped.apply(
            lambda g: int((g["killed"].isna() & g["injured"].isna()).sum()), include_groups=False),
    })
    out = out.sort_values(["uses", "oblast"], ascending=[False, True])
    return pd.concat([out.drop(index="not given", errors="ignore"), out.loc[out.index == "not given"]])


def casualties(events: pd.DataFrame) -> dict:
    """Killed and injured over the uses, with how many uses reported no figure."""
    return {
        "uses": int(len(events)),
        "killed": int(events["killed"].sum()) if events["killed"].notna().any() else None,
        "injured": int(events["injured"].sum()) if events["injured"].notna().any() else None,
        "uses_without_killed_figure": int(events["killed"].isna().sum()),
        "uses_without_injured_figure": int(events["injured"].isna().sum()),
    }


def share_in_words(share: dict | None) -> tuple[str, str]:
    """The ballistic share (``helpers.pages.dprk_share.share``; ``None`` without the public table) as (value,
    sentence) for the page: whole percentages (a share of a few dozen missiles is no more precise than that)
    with the counts it comes from, never a dict."""
    if share is None:
        return "No share", ("{value} of North Korean missiles among Russia's ballistic missiles is given: its base, "
                            "every ballistic missile of the Air Force's national reports, comes from the public "
                            "attack table, which is not on this machine (run `make external`, or give "
                            "external_path).")
    n = share["ballistic_launched"]
    if not n:
        return "No share", ("{value} of North Korean missiles among Russia's ballistic missiles can be given: the "
                            "Air Force's national reports for this window give no ballistic missile.")
    attributed, combined = share["attributed_dprk"] or 0, share["combined_label"]
    low, high = round(share["share_low"] * 100), round(share["share_high"] * 100)
    value = f"{low}%" if low == high else f"{low}% to {high}%"
    more = (f" and up to {combined:,} more reported under the Air Force's Iskander-M/KN-23 or KN-23 label, which "
            "may hold North Korean missiles or not" if combined else "")
    few = " Counts this small give a rough range, not a precise share." if n < 100 else ""
    withheld = (f" {share['withheld']} rows with withheld counts are not in the base, which is therefore a floor."
                if share.get("withheld") else "")
    return value, (f"About {{value}} of the {n:,} ballistic missiles in the Air Force's national reports for this "
                   f"window (public attack table) were North Korean: {attributed:,} attributed to North Korea by "
                   f"the uses of this page{more}.{few}{withheld}")


def reach_table(ds: Dataset, p: DprkParameters) -> pd.DataFrame:
    """Every city of the gazetteer with its distance to the nearest reported launch area."""
    places = ds.places
    areas, cities = places[places["kind"] == "launch_area"], places[places["kind"] == "city"]
    if areas.empty or cities.empty:
        return pd.DataFrame(columns=["city", "oblast", "nearest_launch_area", "distance_km", "within_range",
                                     "city_id", "nearest_launch_area_id"])
    return geo.reach(areas, cities, p.range_km)


def disagreements(ds: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Uses whose sources give different figures (missiles, killed, injured): each figure with the
    publishers that give it, so a disagreement is shown rather than settled silently."""
    given = ds.event_sources[ds.event_sources["event_id"].isin(events["event_id"])]
    src = given.merge(ds.sources[["source_id", "publisher"]], on="source_id", how="left")
    rows = []
    for event_id, group in src.groupby("event_id", sort=False):
        use = events.loc[events["event_id"] == event_id].iloc[0]
        for column, what in (("missile_count", "missiles"), ("killed", "killed"), ("injured", "injured")):
            given = group[group[column].notna()]
            if given[column].nunique() < 2:
                continue
            parts = [f"{int(v):,} ({', '.join(sorted(set(g['publisher'])))})"
                     for v, g in given.groupby(column, sort=True)]
            rows.append({"date": use["date"], "place": use["place"], "figure": what,
                         "figure_used": use[column], "figures_given": "; ".join(parts)})
    return pd.DataFrame(rows, columns=["date", "place", "figure", "figure_used", "figures_given"])


# ---------------------------------------------------------------- key figures


def _event_source_ids(ds: Dataset, events: pd.DataFrame) -> list[str]:
    return list(event_sources(ds, events["event_id"])["source_id"])


def _reach_source_ids(ds: Dataset) -> list[str]:
    places = ds.places
    return list(places["source_id"]) + list(places["reported_by_source_id"].dropna())


def key_figures(ds: Dataset, events: pd.DataFrame, share: dict, reach: pd.DataFrame,
                p: DprkParameters, table=None, nights: page.KeyFigure | None = None) -> page.KeyFigures:
    """The page's headline numbers: uses, missiles attributed, killed and injured (with how many uses
    give no figure), the ballistic share as a range in words, the public table's nights under the
    Iskander-M/KN-23 label (``nights``: ``helpers.pages.dprk_nights.key_figure``) and the cities within range."""
    figures = []
    window = f"from {formatting.date(p.start)} to {formatting.date(p.end)}"
    level = "" if p.min_confidence == "low" else f" (confidence {p.min_confidence} or higher)"
    n = len(events)
    if n:
        oblasts = events["oblast"].dropna().nunique()
        no_oblast = int(events["oblast"].isna().sum())
        where = f" in {oblasts} {'oblast' if oblasts == 1 else 'oblasts'}" + (
            f" ({no_oblast} of them {'names' if no_oblast == 1 else 'name'} no oblast)" if no_oblast else "")
        figures.append(page.KeyFigure(
            f"{n:,}", f"{{value}} reported {'use' if n == 1 else 'uses'} of North Korean missiles against Ukraine "
            f"{window}{level}{where}, the first on {formatting.date(events['date'].min())} and the last on "
            f"{formatting.date(events['date'].max())}.", cite(ds, _event_source_ids(ds, events))))
        counted = events["missile_count"].notna()
        if counted.any():
            figures.append(page.KeyFigure(
                f"{int(events['missile_count'].sum()):,}",
                f"{{value}} North Korean missiles counted in the {int(counted.sum())} uses whose sources give a "
                f"number; the other {int((~counted).sum())} give none, so the true number is higher.",
                cite(ds, _event_source_ids(ds, events[counted]))))
        c = casualties(events)
        if c["killed"] is not None or c["injured"] is not None:
            killed = formatting.count(c["killed"])
            injured = "no figure for the injured" if c["injured"] is None else f"{c['injured']:,} injured"
            figures.append(page.KeyFigure(
                killed, f"{{value}} people killed and {injured} in the uses whose sources give figures; "
                f"{c['uses_without_killed_figure']} of the {n} uses give no number of killed and "
                f"{c['uses_without_injured_figure']} none of injured: unknown, not zero.",
                cite(ds, _event_source_ids(ds, events[events["killed"].notna() | events["injured"].notna()]))))
    if n:
        counts = grade_counts(ds, events)
        parts = [f"{GRADE_WORDS[g]} {c}" for g, c in counts.items()]
        strong = int(counts.get("independent", 0) + counts.get("physical_evidence", 0))
        figures.append(page.KeyFigure(
            f"{strong} of {n}",
            f"{{value}} uses rest on physical evidence or independent confirmation that the missile was North "
            f"Korean; by strongest evidence: {', '.join(parts)}.",
            cite(ds, _evidence_source_ids(ds, events))))
    value, sentence = share_in_words(share)
    from_table = (external.key_source(table),) if share else ()
    figures.append(page.KeyFigure(value, sentence, from_table + cite(ds, _event_source_ids(ds, events))))
    if nights is not None:
        figures.append(nights)
    if len(reach):
        inside = reach[reach["within_range"]]
        farthest = (f"; the farthest of them is {inside.iloc[-1]['city']}, {int(inside.iloc[-1]['distance_km']):,} "
                    f"km from {inside.iloc[-1]['nearest_launch_area']}" if len(inside) else "")
        figures.append(page.KeyFigure(
            f"{len(inside)} of {len(reach)}",
            f"{{value}} Ukrainian cities of the gazetteer lie within {p.range_km:,.0f} km of a reported launch "
            f"area{farthest}.", cite(ds, ds.places["reported_by_source_id"].dropna())))
    if not n:
        figures.insert(0, page.KeyFigure("No", f"{{value}} reported use of North Korean missiles against Ukraine "
                                               f"{window}{level} in the dataset."))
    return page.KeyFigures(figures, empty="No reported use of North Korean missiles in this window.")


# ---------------------------------------------------------------- figures


def uses_figure(ds: Dataset, events: pd.DataFrame, p: DprkParameters) -> plots.Chart:
    """Missiles per reported use over time; a use whose sources give no count is drawn in its own
    lane below the axis ("count not given"), never at a made-up height."""
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 1.6 if events.empty else 3.8))
    data = events[["date", "place", "oblast", "missile_count", "killed", "injured"]]
    if events.empty:
        plots.empty_note(ax, f"No reported use of North Korean missiles ({plots.window_label(p.start, p.end)}).")
        plots.caption(fig, plots.window_label(p.start, p.end), [], note="No use in this window.")
        return plots.Chart(fig, data, "dprk-uses")
    known = events[events["missile_count"].notna()]
    unknown = events[events["missile_count"].isna()]
    top = float(known["missile_count"].max()) if len(known) else 1.0
    lane = -0.18 * max(top, 4)
    ax.vlines(known["date"], 0, known["missile_count"].astype(float), color=plots.DPRK, linewidth=2.5)
    ax.scatter(known["date"], known["missile_count"].astype(float), color=plots.DPRK, zorder=3, s=36,
               label="use with a missile count")
    ax.scatter(unknown["date"], [lane] * len(unknown), facecolor="white", edgecolor=plots.DPRK, zorder=3, s=36,
               linewidths=1.2, label="use reported, count not given")
    ax.axhline(lane / 2, color="#999999", linewidth=0.6, linestyle=":")
    ticks = sorted({0, *range(1, int(top) + 1, max(1, int(top) // 4 or 1)), int(top)})
    ax.set_yticks([lane, *ticks], ["not given", *[str(t) for t in ticks]])
    ax.set_ylim(lane * 1.6, top * 1.15 + 0.5)
    ax.set_ylabel("North Korean missiles")
    ax.set_title("Reported uses of North Korean ballistic missiles")
    ax.set_xlim(p.start - pd.Timedelta(days=3), p.end + pd.Timedelta(days=3))
    span = (p.end - p.start).days
    locator = mdates.MonthLocator(bymonth=range(1, 13, 3 if span > 400 else 1)) if span > 60 else \
        mdates.DayLocator(interval=max(1, span // 8))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y" if span > 60 else "%d %b %Y"))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=2, fontsize=9)
    fig.tight_layout()
    plots.caption(fig, plots.window_label(p.start, p.end),
                  publishers(ds, _event_source_ids(ds, events)),
                  note=f"{len(events)} uses at confidence {p.min_confidence} or above; {len(unknown)} give no "
                       "missile count.")
    most = (f"; the most counted in one use is {int(top):,} missiles" if len(known) else "")
    finding = (f"{len(events)} reported uses of North Korean missiles from {formatting.date(events['date'].min())} "
               f"to {formatting.date(events['date'].max())}; {len(known)} give a missile count{most}.")
    return plots.Chart(fig, data, "dprk-uses", finding)


def _places(events: pd.DataFrame) -> pd.DataFrame:
    located = events[events["lat"].notna() & events["lon"].notna() & events["place"].notna()]
    return (located.groupby("place", as_index=False).agg(lat=("lat", "first"), lon=("lon", "first"))
            .rename(columns={"place": "name"}))


def _count_label(n, one: str, many: str) -> str:
    return f"{int(n):,} {one if int(n) == 1 else many}"


def choropleth_figure(ds: Dataset, events: pd.DataFrame, p: DprkParameters) -> plots.Chart:
    """Two maps of the oblasts: reported uses, and people killed or injured (known figures; an oblast
    with uses but no casualty figure is hatched, not drawn as zero). Places of uses are marked."""
    if events.empty:
        plots.use_house_style()
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No reported use of North Korean missiles ({plots.window_label(p.start, p.end)}).")
        plots.caption(fig, plots.window_label(p.start, p.end), [], note="No use to map.")
        return plots.Chart(fig, by_oblast(events).reset_index(), "dprk-oblasts")
    table = by_oblast(events)
    named = table.drop(index="not given", errors="ignore").reset_index()
    unnamed = int(table.loc["not given", "uses"]) if "not given" in table.index else 0
    named["casualties"] = named[["killed", "injured"]].sum(axis=1, min_count=1)

    def uses_label(row) -> str:
        return f"{row['oblast']}: {_count_label(row['uses'], 'use', 'uses')}"

    def casualty_label(row) -> str:
        if pd.isna(row["killed"]) and pd.isna(row["injured"]):
            return f"{row['oblast']}: no figure"
        return f"{row['oblast']}: {formatting.count(row['killed'])} killed, {formatting.count(row['injured'])} injured"

    panels = [maps.Panel("uses", "Reported uses", ("use", "uses"), uses_label),
              maps.Panel("casualties", "People killed or injured (known figures)", ("person", "people"),
                         casualty_label)]
    fig, _ = maps.choropleth(ds, named, panels, places=_places(events))
    fig.suptitle("North Korean missiles by oblast", fontsize=12, fontweight="bold", y=1.01)
    note = (f"{unnamed} {'use names' if unnamed == 1 else 'uses name'} no oblast and {'is' if unnamed == 1 else 'are'} "
            "not on the map. " if unnamed else "")
    plots.caption(fig, plots.window_label(p.start, p.end), publishers(ds, _event_source_ids(ds, events)),
                  note=f"{note}Killed and injured add the figures the sources give; '–' means none was given. "
                       f"{maps.attribution(ds)}.")
    return plots.Chart(fig, named.drop(columns=["casualties"]), "dprk-oblasts")


def reach_figure(ds: Dataset, p: DprkParameters) -> plots.Chart:
    """The reach map: oblast outlines in a projection suited to Ukraine, the area within ``range_km``
    of a reported launch area shaded, rings on the ellipsoid, cities and launch areas labelled."""
    places = ds.places
    areas, cities = places[places["kind"] == "launch_area"], places[places["kind"] == "city"]
    table = reach_table(ds, p)
    if areas.empty or cities.empty:
        plots.use_house_style()
        fig, ax = plt.subplots(figsize=(9, 3))
        plots.empty_note(ax, "No launch areas or cities in the gazetteer.")
        plots.caption(fig, "launch areas as reported to date", [], note=maps.attribution(ds) + ".")
        return plots.Chart(fig, table, "reach")
    by_id = table.set_index("city_id")  # by id: two cities may share a name
    within = cities["place_id"].map(by_id["within_range"]).fillna(False).astype(bool)
    city_labels = cities["place_id"].map(by_id["city"])
    names = geo.labels(pd.concat([areas, cities], ignore_index=True))
    area_labels = pd.Series(names.iloc[: len(areas)].to_numpy(), index=areas.index)
    drawn = maps.reach_map(ds, areas, cities, within, p.range_km, city_labels, area_labels)
    cut = " Rings run past the frame and are cut at its edge." if drawn.rings_cut else ""
    plots.caption(drawn.figure, "launch areas as reported to date", publishers(ds, _reach_source_ids(ds)),
                  note=f"Distances on the WGS 84 ellipsoid to the nearest reported launch area; a launch area is a "
                       f"point standing for a region, not a launch site.{cut} {maps.attribution(ds)}. "
                       f"{maps.places_attribution(ds)}.")
    return plots.Chart(drawn.figure, table, "reach")


# ---------------------------------------------------------------- tables


def _note(text: str) -> HTML:
    return HTML(f"<p>{html.escape(text)}</p>")


def uses_table(ds: Dataset, events: pd.DataFrame) -> formatting.Table | HTML:
    """Each reported use with its figures and sources."""
    if events.empty:
        return _note("No reported use of North Korean missiles in this window.")
    srcs = event_sources(ds, events["event_id"])
    view = events[["date", "place", "oblast", "missile_count", "killed", "injured", "attributed_by", "confidence"]]
    best = strongest_grade(ds, events["event_id"])
    view = view.assign(evidence=[GRADE_WORDS.get(g, "none recorded") for g in best.reindex(events["event_id"])])
    return formatting.table(view, labels={"place": "Place", "killed": "Killed", "injured": "Injured",
                                          "confidence": "Confidence", "evidence": "Strongest evidence"},
                            links={"card": [[("attack card", card_file(d))] for d in events["date"]],
                                   "sources": grouped_links(srcs, "event_id", events["event_id"])},
                            caption="Each reported use of North Korean missiles, as the best-supported source "
                                    "gives it.")


def oblast_table(events: pd.DataFrame) -> formatting.Table | HTML:
    """Uses, missiles, killed and injured per oblast, with how many uses give no figure."""
    if events.empty:
        return _note("No reported use of North Korean missiles in this window.")
    view = by_oblast(events).reset_index()
    view["oblast"] = view["oblast"].replace({"not given": "No oblast named"})
    return formatting.table(view, labels={"uses": "Uses", "missiles": "Missiles counted", "killed": "Killed",
                                          "injured": "Injured",
                                          "uses_without_casualty_figure": "Uses with no casualty figure"},
                            caption="Known figures are summed; uses without a figure are counted apart.")


def findings_table(ds: Dataset, found: pd.DataFrame) -> formatting.Table | HTML:
    """Investigators' findings, in their own terms, with sources."""
    if found.empty:
        return _note("No finding of prosecutors, forensic institutes or investigators in this window.")
    srcs = event_sources(ds, found["event_id"])
    view = found[["date", "title", "attributed_by", "summary"]]
    return formatting.table(view, labels={"title": "Finding", "attributed_by": "Who", "summary": "What they said"},
                            links={"sources": grouped_links(srcs, "event_id", found["event_id"])})


def reach_view(reach: pd.DataFrame, p: DprkParameters) -> formatting.Table | HTML:
    """The reach table as shown: labels and distances, no ids, "yes"/"no" for within range."""
    if reach.empty:
        return _note("No launch areas or cities in the gazetteer.")
    view = reach[["city", "oblast", "nearest_launch_area", "distance_km", "within_range"]]
    return formatting.table(view, labels={"city": "City", "within_range": f"Within {p.range_km:,.0f} km"},
                            caption="Distance on the WGS 84 ellipsoid from each city to the nearest reported "
                                    "launch area, nearest first.")


def disagreements_table(ds: Dataset, events: pd.DataFrame) -> formatting.Table | HTML:
    found = disagreements(ds, events)
    if found.empty:
        return _note("The sources of these uses agree on every figure they give.")
    return formatting.table(found, labels={"place": "Place", "figure": "Figure", "figure_used": "Figure used",
                                           "figures_given": "Figures given (by whom)"},
                            formats={"figure_used": "count"})


# ---------------------------------------------------------------- method


def published_ranges(ds: Dataset) -> str:
    """How far apart the ranges the dataset's sources give for North Korean ballistic missiles are."""
    w = ds.weapons
    prk = w[(w["origin"] == "PRK") & (w["weapon_class"] == "ballistic_missile")]
    figures = [(str(r["name"]), float(r["range_km"])) for _, r in prk.iterrows() if pd.notna(r["range_km"])]
    c = ds.claims
    claimed = c[(c["claim_type"] == "range") & c["weapon_id"].isin(prk["weapon_id"]) & c["claimed_number"].notna()]
    names = prk.set_index("weapon_id")["name"]
    figures += [(str(names[r["weapon_id"]]), float(r["claimed_number"])) for _, r in claimed.iterrows()]
    stated = ds.weapon_ranges[ds.weapon_ranges["weapon_id"].isin(prk["weapon_id"])
                              & (ds.weapon_ranges["basis"] == "stated_maximum")]
    figures += [(str(names[r["weapon_id"]]), float(r["high_km"])) for _, r in stated.iterrows()]
    if not figures:
        return "The dataset gives no published range for North Korean ballistic missiles."
    low, high = min(f[1] for f in figures), max(f[1] for f in figures)
    models = sorted({name for name, _ in figures})
    return (f"Published ranges disagree: the dataset's sources give {low:,.0f} to {high:,.0f} km for North Korean "
            f"ballistic missiles ({', '.join(models)}; {len(figures)} figures, by model, source and payload).")



def method(ds: Dataset, events: pd.DataFrame, found: pd.DataFrame, p: DprkParameters) -> str:
    """The method and limitations note of this page."""
    limits = [
        "A use is a day and place for which an official, prosecutor or investigator said North Korean missiles "
        "were used. Its confidence is high when an official primary source or two independent credible sources "
        f"give it, medium or low otherwise; this page shows uses at confidence {p.min_confidence} or higher.",
        "The ballistic share is a range: its low end counts only the missiles the uses attribute to North Korea "
        "with a number, its high end adds every missile the Air Force reported under its Iskander-M/KN-23 or "
        "KN-23 label (an upper bound: a missile both attributed and labelled counts twice, capped at 100%). Its "
        "denominator is every ballistic missile in the Air Force's national reports of the window, from the "
        "public attack table; not the curated rows, which were gathered around the days of North Korean "
        "missiles. Counts the Air Force gave for several types together (S-300/S-400 with Iskander-M; Kinzhal "
        "with Iskander-M/KN-23) cannot be split, so they are left out of both; rows with withheld counts are "
        "left out of the base.",
        "Each use's evidence of North Korean origin is graded, and the table gives its strongest step: the Air "
        "Force's combined Iskander-M/KN-23 label only; an official attribution (a president, ministry, "
        "prosecutor or police, or the Air Force naming KN-23 alone); physical evidence (debris shown or "
        "examined and matched to a North Korean missile); independent confirmation (Conflict Armament "
        "Research or the UN Panel of Experts examined the debris). Every step has its own source.",
        "The nights under the label are the public table's national reports whose labels include KN-23, each "
        "linked to a curated use of its day or the day before; a night with no use is graded 'label only' and "
        "counted as a possible North Korean launch, never an attributed one. The label is the Air Force's "
        "wording, not a count of North Korean missiles: in some periods it filed ballistic missiles as "
        "Iskander-M alone (the table of label nights gives the longest run without the label), so a gap in the "
        "label is not evidence that North Korean missiles stopped; from August 2026 the Air Force withheld the "
        "counts of many of these reports.",
        "Launch areas stand for regions: each is a reference point (the region's main town), because real "
        "launch sites are not public and may lie tens of kilometres away, so a distance is good to tens of "
        "kilometres, not to one.",
        f"The reach uses the range given as a parameter ({p.range_km:,.0f} km). {published_ranges(ds)} A city "
        "within the range is one a missile could reach, not one it was aimed at.",
        "The maps use geoBoundaries' outlines (ODbL 1.0), simplified for country-wide maps, in a Lambert "
        "conformal conic projection fitted to Ukraine; Ukraine's internationally recognised borders are drawn, "
        "including the territories Russia occupies.",
    ]
    ids = (_event_source_ids(ds, events) + _event_source_ids(ds, found)
           + _reach_source_ids(ds) + _evidence_source_ids(ds, events))
    return page.method_html(ds, ids, ["dates", "unknown", "dprk", "disagree"], limits)
