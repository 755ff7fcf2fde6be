"""The weapon taxonomy as analyses need it: one origin label and one DPRK flag per weapon id.

A group label such as the Air Force's "Iskander-M/KN-23" has no single origin; counting it as
Russian would hide North Korean missiles and counting it as North Korean would inflate them. It
gets the combined origin of its members (``PRK/RUS``) and the flag ``dprk_possible``.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset

UNKNOWN_ORIGIN = "unknown"


def weapon_table(ds: Dataset) -> pd.DataFrame:
    """Weapons indexed by id with ``weapon_class``, ``origin_label``, ``dprk`` and ``dprk_possible``."""
    w = ds.weapons.set_index("weapon_id")
    origin = w["origin"].astype("string")
    labels = {}
    for weapon_id, members in w["members"].items():
        if pd.isna(members) or not members:
            labels[weapon_id] = origin[weapon_id] if pd.notna(origin[weapon_id]) else UNKNOWN_ORIGIN
        else:
            parts = sorted({origin[m.strip()] for m in members.split(";") if pd.notna(origin[m.strip()])})
            labels[weapon_id] = "/".join(parts) if parts else UNKNOWN_ORIGIN
    origin_label = pd.Series(labels, dtype="string")
    out = pd.DataFrame({
        "name": w["name"].astype("string"),
        "weapon_class": w["weapon_class"].astype("string").astype("category"),
        "origin_label": origin_label.astype("category"),
    })
    # categoricals: joined onto millions of strike rows, they cost a code per row, not a string
    out["dprk"] = (origin_label == "PRK").to_numpy(dtype=bool)
    out["dprk_possible"] = origin_label.str.contains("PRK", regex=False).to_numpy(dtype=bool)
    out.index.name = "weapon_id"
    return out


def origin_choices(ds: Dataset) -> list[str]:
    """Every origin label an analysis can filter on, sorted."""
    return sorted(weapon_table(ds)["origin_label"].unique())


def class_choices(ds: Dataset) -> list[str]:
    """Every weapon class in the schema, in the codebook's order."""
    return list(ds.weapons["weapon_class"].cat.categories)
