"""Small in-test datasets for unit tests: just the columns the function under test reads."""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset

CLASSES = ["ballistic_missile", "cruise_missile", "aeroballistic_missile", "anti_radiation_missile",
           "anti_ship_missile", "sam_ground_attack", "strike_drone", "decoy_drone",
           "missile_unknown_type", "drone_unknown_type"]


def weapons(rows: list[tuple]) -> pd.DataFrame:
    """rows of (weapon_id, weapon_class, origin, members)."""
    df = pd.DataFrame(rows, columns=["weapon_id", "weapon_class", "origin", "members"])
    df["name"] = df["weapon_id"]
    df["weapon_class"] = pd.Categorical(df["weapon_class"], categories=CLASSES)
    df["origin"] = df["origin"].astype("string")
    df["members"] = df["members"].astype("string")
    return df


def strikes(rows: list[tuple]) -> pd.DataFrame:
    """rows of (date, attack, weapon_id, launched, destroyed, source_id)."""
    df = pd.DataFrame(rows, columns=["date", "attack", "weapon_id", "launched", "destroyed", "source_id"])
    df["date"] = pd.to_datetime(df["date"])
    df["launched"] = df["launched"].astype("Int64")
    df["destroyed"] = df["destroyed"].astype("Int64")
    return df


def totals(rows: list[tuple]) -> pd.DataFrame:
    """rows of (date, attack, scope, launched, destroyed, source_id)."""
    df = pd.DataFrame(rows, columns=["date", "attack", "scope", "launched", "destroyed", "source_id"])
    df["date"] = pd.to_datetime(df["date"])
    df["launched"] = df["launched"].astype("Int64")
    df["destroyed"] = df["destroyed"].astype("Int64")
    return df


def sources(rows: list[tuple]) -> pd.DataFrame:
    """rows of (source_id, published)."""
    df = pd.DataFrame(rows, columns=["source_id", "published"])
    df["published"] = pd.to_datetime(df["published"])
    return df


def events(rows: list[tuple]) -> pd.DataFrame:
    """rows of (event_id, date, category)."""
    df = pd.DataFrame(rows, columns=["event_id", "date", "category"])
    df["date"] = pd.to_datetime(df["date"])
    return df


def dataset(**tables: pd.DataFrame) -> Dataset:
    """A dataset of the given tables; the claims tables no test here builds are there, empty."""
    tables.setdefault("claim_assessments", pd.DataFrame(columns=["claim_id", "verdict", "reasoning"], dtype="string"))
    tables.setdefault("claim_evidence", pd.DataFrame(columns=["claim_id", "source_id"], dtype="string"))
    tables.setdefault("coverage", pd.DataFrame({"date": pd.to_datetime(pd.Series([], dtype="string")),
                                                "air_force_report": pd.Series([], dtype="string")}))
    tables.setdefault("weapon_ranges", pd.DataFrame(
        {c: pd.Series([], dtype="string") for c in ("range_id", "weapon_id", "stated_by", "basis", "source_id",
                                                     "event_id")}
        | {"date": pd.to_datetime(pd.Series([], dtype="string")), "low_km": pd.Series([], dtype="Float64"),
           "high_km": pd.Series([], dtype="Float64")}))
    return Dataset(package=None, tables=tables)


STANDARD_WEAPONS = weapons([
    ("kn-23", "ballistic_missile", "PRK", None),
    ("iskander-m", "ballistic_missile", "RUS", None),
    ("iskander-m-kn-23", "ballistic_missile", None, "iskander-m;kn-23"),
    ("kh-101", "cruise_missile", "RUS", None),
    ("shahed", "strike_drone", "IRN", None),
    ("unknown-missile", "missile_unknown_type", None, None),
])
