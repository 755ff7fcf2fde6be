"""The weapon taxonomy as analyses need it: one origin label and one DPRK flag per weapon id.

A group label such as the Air Force's "Iskander-M/KN-23" has no single origin; counting it as
Russian would hide North Korean missiles and counting it as North Korean would inflate them. It
gets the combined origin of its members (``PRK/RUS``) and the flag ``dprk_possible``.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset

UNKNOWN_ORIGIN = "unknown"

# One set of weapon classes, in the words a reader knows, for the curated record and the public table
# alike: schema id -> (one, several). Every page names a class with these words and no other.
CLASSES = {
    "ballistic_missile": ("ballistic missile", "ballistic missiles"),
    "aeroballistic_missile": ("aeroballistic missile", "aeroballistic missiles"),
    "cruise_missile": ("cruise missile", "cruise missiles"),
    "anti_ship_missile": ("anti-ship missile", "anti-ship missiles"),
    "sam_ground_attack": ("air-defence missile fired at a ground target",
                          "air-defence missiles fired at ground targets"),
    "anti_radiation_missile": ("anti-radiation missile", "anti-radiation missiles"),
    "mixed_missiles": ("missiles of several types counted together", "missiles of several types counted together"),
    "missile_unknown_type": ("missile of unknown type", "missiles of unknown type"),
    "guided_bomb": ("guided bomb", "guided bombs"),
    "strike_drone": ("strike drone", "strike drones"),
    "decoy_drone": ("decoy drone", "decoys"),
    "loitering_munition": ("loitering munition", "loitering munitions"),
    "drone_unknown_type": ("drone of unknown type", "drones of unknown type"),
    "reconnaissance_drone": ("reconnaissance drone", "reconnaissance drones"),
}
CLASS_WORDS = {k: one for k, (one, _) in CLASSES.items()}
CLASS_PLURAL = {k: several for k, (_, several) in CLASSES.items()}
COUNTRY = {"RUS": ("Russia", "Russian"), "PRK": ("North Korea", "North Korean"), "IRN": ("Iran", "Iranian")}


def origin_words(origin, made_in=None) -> str:
    """Where a weapon comes from, in words: its country, or "Iranian design, made in Russia" where the
    sources say it is made elsewhere than designed."""
    if origin is None or pd.isna(origin) or str(origin) not in COUNTRY:
        return "not known"
    if made_in is not None and not pd.isna(made_in) and str(made_in) in COUNTRY and made_in != origin:
        return f"{COUNTRY[str(origin)][1]} design, made in {COUNTRY[str(made_in)][0]}"
    return COUNTRY[str(origin)][0]


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
    made_in = w["made_in"].astype("string") if "made_in" in w else pd.Series(pd.NA, index=w.index, dtype="string")
    out["origin_words"] = pd.Series([origin_words(o, m) for o, m in zip(origin, made_in, strict=True)],
                                    index=w.index, dtype="string").where(origin_label.str.len() == 3, pd.NA)
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
