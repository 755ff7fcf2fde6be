"""Do the per-model strike rows add up to the report's headline totals?

An analyst who groups a barrage by weapon class trusts that the per-model rows in ``strikes.csv``
cover the whole attack. When they cover only part of it (90 of 122 missiles), every per-class view
of that day is short without saying so. The Air Force itemises every model in its posts, so for a
day whose headline total is recorded the per-model rows should add up to it; where they cannot (the
source's own figures do not add up, or a model's count was never published), ``strike_totals.csv``
says why in ``split_note``.

Both sides use the figures the analyses use: one report per attack and weapon and one per attack
and scope (``strikes.chosen_reports``). Kinds follow ``strikes.weapon_kind``: loitering munitions,
bombs and reconnaissance drones are in no headline total, so they are left out here too.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset
from helpers.strikes import ATTACK_KEY, KINDS, chosen_reports, weapon_kind, with_weapons

KEY = ATTACK_KEY + ["scope"]
COLUMNS = ["date", "attack", "scope", "total_launched", "models_launched", "total_destroyed", "models_destroyed",
           "models", "unknown", "total_source_id", "problem", "split_note"]


def per_model_sums(ds: Dataset) -> pd.DataFrame:
    """Per date, attack and scope (``missiles``, ``drones``, ``all``): the per-model sums, the number
    of models, and how many of them leave a launched or destroyed figure empty."""
    rows = with_weapons(ds, chosen_reports(ds.strikes, ds.sources, ATTACK_KEY + ["weapon_id"]))
    rows = rows.assign(scope=weapon_kind(rows["weapon_class"]).astype("string"))
    rows = rows[rows["scope"].isin(KINDS).to_numpy()]
    both = pd.concat([rows, rows.assign(scope="all")], ignore_index=True)
    grouped = both.groupby(KEY, sort=True)
    return pd.DataFrame({
        "models_launched": grouped["launched"].sum(min_count=1).astype("Int64"),
        "models_destroyed": grouped["destroyed"].sum(min_count=1).astype("Int64"),
        "models": grouped["weapon_id"].nunique(),
        "launched_unknown": grouped["launched"].agg(lambda s: int(s.isna().sum())),
        "destroyed_unknown": grouped["destroyed"].agg(lambda s: int(s.isna().sum())),
    })


def split_check(ds: Dataset) -> pd.DataFrame:
    """Every headline total beside its per-model sum, with ``problem`` saying what disagrees.

    ``problem`` is empty when the per-model rows add up; otherwise it names the figure
    (``launched``, ``destroyed``) and whether the per-model rows are missing, short or over, or leave
    a model's figure unknown. ``split_note`` is the note given for the key, if any.
    """
    totals = ds.strike_totals
    chosen = chosen_reports(totals, ds.sources, KEY).set_index(KEY)
    notes = (totals.assign(split_note=totals["split_note"].astype("string"))
             .dropna(subset=["split_note"]).groupby(KEY)["split_note"].first())
    sums = per_model_sums(ds)
    out = chosen[["launched", "destroyed", "source_id"]].rename(columns={
        "launched": "total_launched", "destroyed": "total_destroyed", "source_id": "total_source_id"})
    out = out.join(sums, how="left").join(notes, how="left")
    out["models"] = out["models"].fillna(0).astype(int)
    problems = []
    for _, row in out.iterrows():
        found = []
        for figure in ("launched", "destroyed"):
            total, models = row[f"total_{figure}"], row[f"models_{figure}"]
            if pd.isna(total):
                continue
            if row["models"] == 0:
                found.append(f"{figure}: no per-model rows")
            elif pd.isna(models) or row[f"{figure}_unknown"] > 0:
                found.append(f"{figure}: {int(row[f'{figure}_unknown'])} model(s) without a figure")
            elif int(models) != int(total):
                found.append(f"{figure}: models add up to {int(models):,}, the total is {int(total):,}")
        problems.append("; ".join(found))
    out["problem"] = problems
    out["unknown"] = (out["launched_unknown"].fillna(0) + out["destroyed_unknown"].fillna(0)).astype(int)
    return out.reset_index()[COLUMNS]


def mismatches(ds: Dataset) -> pd.DataFrame:
    """The (date, attack, scope) whose per-model rows and headline total disagree."""
    checked = split_check(ds)
    return checked[checked["problem"] != ""].reset_index(drop=True)


def unexplained(ds: Dataset) -> list[str]:
    """One line per disagreement without a ``split_note``, and per note without a disagreement."""
    checked = split_check(ds)
    lines = []
    for _, row in checked.iterrows():
        where = f"{row['date'].date().isoformat()} {row['attack']} {row['scope']}"
        if row["problem"] and pd.isna(row["split_note"]):
            lines.append(f"{where}: {row['problem']} (total from {row['total_source_id']}); "
                         "add the missing per-model rows or explain it in strike_totals.csv's split_note")
        elif not row["problem"] and pd.notna(row["split_note"]):
            lines.append(f"{where}: split_note given but the per-model rows add up; remove the note")
    return lines
