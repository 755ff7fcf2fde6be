"""The public table's rows as the analyses read them: one row per report of a weapon label, each with its
weapon class in the one taxonomy (``helpers.weapons.CLASSES``) and its reporter. Core: every page that reads
the table starts here."""

from __future__ import annotations

import pandas as pd

from helpers.strikes import DRONE_CLASSES, OWN_KINDS
from helpers.table.reporters import reporter_of
from helpers.weapons import CLASS_PLURAL, weapon_table

# The schema's weapon classes in the one taxonomy every page uses, named as a reader knows them; anti-ship,
# anti-radiation and air-defence missiles fired at the ground are each their own.
CLASS_OF = dict(CLASS_PLURAL)
CLASS_ORDER = list(CLASS_PLURAL.values())
# The kind each class counts as, as the curated pages count them (``helpers.strikes.weapon_kind``): drones for
# strike drones, decoys and drones of unknown type; loitering munitions, guided bombs and reconnaissance drones
# apart from both; every other class missiles.
KIND_OF_CLASS = ({CLASS_OF[c]: "drones" for c in DRONE_CLASSES} | {CLASS_OF[c]: "apart" for c in OWN_KINDS})


def kind_of(classes: pd.Series) -> pd.Series:
    """``missiles``, ``drones`` or ``apart`` for each class label (``KIND_OF_CLASS``)."""
    return classes.astype("string").map(KIND_OF_CLASS).fillna("missiles")


def classified(variant, rows: pd.DataFrame) -> pd.DataFrame:
    """The table's mapped rows with their weapon class as trackers group them (unmapped labels are left
    out here; the load report lists them)."""
    weapons = weapon_table(variant)
    mapped = one_row_per_report(rows[rows["weapon_id"].notna().to_numpy()]).copy()
    cls = mapped["weapon_id"].astype("string").map(weapons["weapon_class"].astype("string"))
    mapped["weapon_class"] = cls
    mapped["class"] = pd.Categorical(cls.map(CLASS_OF), categories=CLASS_ORDER)
    mapped["reporter"] = reporter_of(mapped["source_id"])
    return mapped.reset_index(drop=True)


def one_row_per_report(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per attack window and weapon label: the table sometimes repeats a (window, model) key, as a
    second post or a correction; summing both would double-count. The row with both counts is kept, then the
    later one in the file (a correction comes after what it corrects), as the curated data keeps one report
    per attack and weapon."""
    if rows.empty:
        return rows
    complete = rows["launched"].notna().astype(int) + rows["destroyed"].notna().astype(int)
    ranked = rows.assign(_complete=complete.to_numpy()).sort_values(
        ["attack", "label", "_complete", "row"], ascending=[True, True, False, False], kind="stable")
    kept = ranked.drop_duplicates(["attack", "label"], keep="first").drop(columns=["_complete"])
    return kept.sort_values("row", kind="stable")
