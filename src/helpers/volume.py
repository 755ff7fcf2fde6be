"""Notebook 02, attack volume: its parameters, its figure and its tables.

The figures themselves come from ``helpers.strikes`` (the core every analysis shares); this module
only chooses what notebook 02 shows and how.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from helpers import params, plots, tables
from helpers.data import Dataset
from helpers.strikes import (
    ATTACK_KEY,
    FREQUENCIES,
    KINDS,
    alternative_reports,
    kind_totals,
    largest_attacks,
    strike_rows,
    summarise,
    summarise_kinds,
    weapon_kind,
)
from helpers.weapons import class_choices, origin_choices


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


def figure(ds: Dataset, summary: pd.DataFrame, p: VolumeParameters) -> plots.Chart:
    """Launched and destroyed per period, one panel for missiles and one for drones, with caption."""
    plots.use_house_style()
    kinds = [k for k in KINDS if k in set(summary.index.get_level_values("kind"))] if len(summary) else []
    if not kinds:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No attack volume recorded in this window ({plots.window_label(p.start, p.end)}).")
        return plots.Chart(fig, summary.reset_index(), "attack-volume")
    fig, axes = plt.subplots(len(kinds), 1, figsize=(11, 3.2 * len(kinds)), sharex=True, squeeze=False)
    width = {"D": 0.8, "W": 5.5, "M": 24}[p.frequency]
    for ax, kind in zip(axes[:, 0], kinds, strict=True):
        part = summary.xs(kind, level="kind")
        x = part.index
        ax.bar(x, part["launched"].astype("float").fillna(0), width=width, color=plots.LAUNCHED, label="launched")
        ax.bar(x, part["destroyed"].astype("float").fillna(0), width=width * 0.55, color=plots.DESTROYED,
               label="destroyed (shot down)")
        ax.set_title(f"{kind.capitalize()} per {FREQUENCIES[p.frequency]}")
        ax.set_ylabel("count")
        ax.legend(loc="upper right", frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    used = strike_rows(ds, p.start, p.end, p.classes, p.origins)["source_id"]
    totals = ds.strike_totals
    used = list(used) + list(totals.loc[(totals["date"] >= p.start) & (totals["date"] <= p.end), "source_id"])
    pubs = sorted(set(ds.sources.loc[ds.sources["source_id"].isin(used), "publisher"]))
    filt = ""
    if p.filtered:
        filt = (f" Filter: classes {', '.join(p.classes) if p.classes else 'all'}; "
                f"origins {', '.join(p.origins) if p.origins else 'all'} (per-model rows only).")
    plots.caption(fig, plots.window_label(p.start, p.end), pubs,
                  note="Counts as the Ukrainian Air Force reported them; a bar with no dark part had no "
                       "interception figure, which is not zero." + filt)
    return plots.Chart(fig, summary.reset_index(), "attack-volume")


def breakdown(ds: Dataset, p: VolumeParameters, by: str) -> pd.DataFrame:
    """Per-model rows of the window summed by ``weapon_class`` or ``origin_label`` over the window."""
    rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
    if rows.empty:
        return pd.DataFrame(columns=["launched", "destroyed", "launched_with_figure", "launched_no_figure",
                                     "interception_rate"])
    whole = rows.assign(date=p.start)
    out = summarise(whole, "D", by=by).droplevel("period").drop(columns=["rows"])
    return out.sort_values("launched", ascending=False)


def largest_attacks_html(ds: Dataset, p: VolumeParameters) -> str:
    top = largest_attacks(ds, p.start, p.end, p.top_n)
    if top.empty:
        return "<p><strong>No attacks recorded in this window.</strong></p>"
    src = ds.sources.set_index("source_id")
    links = [[(src.loc[s, "publisher"], src.loc[s, "url"]) for s in str(ids).split(";") if s in src.index]
             for ids in top["source_ids"]]
    view = top[["rank", "date", "attack", "launched", "destroyed", "dprk", "basis"]].rename(
        columns={"dprk": "North Korean missiles"})
    return tables.to_html(view, links={"sources": links})


def disagreements_html(ds: Dataset, p: VolumeParameters) -> str:
    """Reports that the summary did not use, beside the figure it did use."""
    alt = alternative_reports(ds.strikes, ds.sources, ATTACK_KEY + ["weapon_id"])
    alt = alt[(alt["date"] >= p.start) & (alt["date"] <= p.end)]
    if alt.empty:
        return "<p>No competing reports for the same attack and weapon in this window.</p>"
    src = ds.sources.set_index("source_id")
    view = alt[["date", "attack", "weapon_id", "launched", "destroyed", "chosen_launched", "chosen_destroyed"]]
    links = [[(src.loc[a, "publisher"], src.loc[a, "url"])] for a in alt["source_id"]]
    chosen = [[(src.loc[c, "publisher"], src.loc[c, "url"])] for c in alt["chosen_source_id"]]
    return tables.to_html(view.reset_index(drop=True), links={"this report": links, "used instead": chosen})


