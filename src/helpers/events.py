"""Events as every analysis needs them: filtered by window, category, weapon origin and confidence,
with their sources.

Core shared by the timeline, DPRK and claims analyses; none of them filters events on its own.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset
from helpers.weapons import weapon_table

CONFIDENCE_ORDER = ["low", "medium", "high"]
# How strongly each use is shown to have been North Korean, weakest first: only the Air Force's
# combined label, an official's word, debris matched to a North Korean missile, or investigators
# independent of the parties who examined the debris.
GRADE_ORDER = ["label_only", "official_attribution", "physical_evidence", "independent"]


# The grades of evidence of North Korean origin, as pages name them (GRADE_ORDER: weakest first)
GRADE_WORDS = {"label_only": "Air Force label only", "official_attribution": "official attribution",
               "physical_evidence": "physical evidence", "independent": "independent confirmation"}


def strongest_grade(ds: Dataset, event_ids) -> pd.Series:
    """The strongest grade of evidence of North Korean origin for each of ``event_ids`` (None where
    no step is recorded, or the dataset has no evidence table), indexed by event id."""
    ids = list(event_ids)
    evidence = ds.tables.get("dprk_evidence")
    if evidence is None:
        return pd.Series([None] * len(ids), index=ids, dtype="object")
    rank = {g: n for n, g in enumerate(GRADE_ORDER)}
    steps = evidence[evidence["event_id"].isin(ids)]
    best = steps.assign(rank=steps["grade"].astype("string").map(rank)).groupby("event_id")["rank"].max()
    return pd.Series([GRADE_ORDER[int(best[i])] if i in best.index else None for i in ids], index=ids,
                     dtype="object")


# Every curated event of these categories has an attack card (helpers.table.cards); its page is card_file(date).
ATTACK_CATEGORIES = ("mass_strike", "dprk_missile_use")


def card_name(day) -> str:
    """The name of the attack card of ``day`` (the morning the attack's night ended): ``attack-YYYY-MM-DD``."""
    return f"attack-{pd.Timestamp(day):%Y-%m-%d}"


def card_file(day) -> str:
    return card_name(day) + ".html"


def attributed_dates(ds: Dataset) -> set[pd.Timestamp]:
    """The days on which the record attributes North Korean missiles: a DPRK-use event whose strongest evidence
    is more than the Air Force's combined Iskander-M/KN-23 label (a label-only day is possible, not attributed)."""
    uses = ds.events[ds.events["category"] == "dprk_missile_use"]
    graded = ds.tables.get("dprk_evidence")
    if graded is None:  # a dataset built without the evidence table: every use stands as recorded
        return set(uses["date"])
    evidence = graded.assign(rank=graded["grade"].astype(str).map(GRADE_ORDER.index)).groupby("event_id")["rank"].max()
    strongest = uses["event_id"].map(evidence)  # no graded evidence (a hand-built frame): the event stands as recorded
    return set(uses.loc[(strongest.isna() | (strongest > 0)).to_numpy(dtype=bool), "date"])


def filter_events(ds: Dataset, start, end, categories=None, origins=None, min_confidence: str = "low"
                  ) -> pd.DataFrame:
    """Events in the inclusive window, of the given categories and at least ``min_confidence``.

    ``origins`` keeps only events that involve a weapon of one of those origin labels (for
    example ``["PRK"]``); ``None`` keeps events whatever their weapons, including those with none.
    """
    ev = ds.events
    mask = (ev["date"] >= pd.Timestamp(start)) & (ev["date"] <= pd.Timestamp(end))
    if categories is not None:
        mask &= ev["category"].isin(categories)
    level = CONFIDENCE_ORDER.index(min_confidence)
    mask &= ev["confidence"].astype("string").map(CONFIDENCE_ORDER.index) >= level
    if origins is not None:
        w = weapon_table(ds)
        links = ds.event_weapons.join(w["origin_label"], on="weapon_id")
        keep = set(links.loc[links["origin_label"].isin(origins), "event_id"])
        mask &= ev["event_id"].isin(keep)
    return ev[mask].sort_values(["date", "event_id"]).reset_index(drop=True)


def event_sources(ds: Dataset, event_ids) -> pd.DataFrame:
    """The sources of each event: event_id, publisher, title, published, url (ordered by date)."""
    links = ds.event_sources[ds.event_sources["event_id"].isin(list(event_ids))]
    out = links[["event_id", "source_id"]].merge(ds.sources, on="source_id", how="left")
    return out.sort_values(["event_id", "published", "source_id"]).reset_index(drop=True)
