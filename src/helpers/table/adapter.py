"""The public table in the strikes schema: the dataset analyses read (``as_dataset``), one attack per post of
the chosen reporters, and ``load``, which reads a copy and says who reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data import Dataset
from helpers.table.reader import LoadReport, count_bound, read
from helpers.table.reporters import NATIONAL, as_reports, reporter_of
from helpers.table.table_frame import one_row_per_report

# a combined label whose members are all uncrewed aircraft counts as a drone of unknown type
UNCREWED = {"strike_drone", "decoy_drone", "drone_unknown_type", "loitering_munition", "reconnaissance_drone"}


def as_dataset(ds: Dataset, rows: pd.DataFrame, reporters=(NATIONAL,)) -> Dataset:
    """``ds`` with its strikes replaced by ``rows`` (unmapped labels left out, as the report lists),
    no report totals, and a weapon added for each combined label so class and origin still apply.

    Only the posts of ``reporters`` are kept (the Air Force's national reports by default: the regional air
    commands repeat part of the same nights), and each row takes its report's date and window
    (``helpers.table.reporters.as_reports``): one post is one attack, whatever window each of its rows gives.

    A combined label whose weapons share a class has that class; one that mixes classes has the
    unknown type of drones when every weapon in it is an uncrewed aircraft (``Shahed-136/131 and
    Lancet``), else of missiles of several types (``mixed_missiles``): its counts cannot be split, and
    the load report lists it."""
    base = rows.loc[rows["weapon_id"].notna().to_numpy()]
    base = one_row_per_report(base[reporter_of(base["source_id"]).isin(reporters).to_numpy()])
    report = as_reports(base)
    # a post's rows of one weapon in several windows (a night wave and a day wave) are one figure of that attack
    mapped = (base.assign(date=report["date"], attack=report["attack"])
              .groupby(["date", "attack", "weapon_id", "source_id"], observed=True, sort=False)
              [["launched", "destroyed"]].sum(min_count=1).reset_index())
    weapons = ds.weapons
    combos = [w for w in mapped["weapon_id"].cat.categories if "+" in w]
    if combos:
        members = weapons.set_index("weapon_id")
        extra = []
        for combo in combos:
            ids = combo.split("+")
            classes = set(members.loc[ids, "weapon_class"].astype("string"))
            if len(classes) == 1:
                cls = classes.pop()
            else:
                cls = "drone_unknown_type" if classes <= UNCREWED else "mixed_missiles"
            extra.append({"weapon_id": combo, "name": combo.replace("+", " and "), "weapon_class": cls,
                          "origin": pd.NA, "members": ";".join(ids)})
        extra_df = pd.DataFrame(extra)
        extra_df["weapon_class"] = pd.Categorical(extra_df["weapon_class"],
                                                  categories=weapons["weapon_class"].cat.categories)
        extra_df["origin"] = pd.Categorical(extra_df["origin"], categories=weapons["origin"].cat.categories)
        weapons = pd.concat([weapons, extra_df], ignore_index=True)
    strikes = mapped.reset_index(drop=True)
    totals = ds.strike_totals.iloc[0:0]
    posts = pd.Series(mapped["source_id"].cat.categories, dtype="string")
    posts = posts[~posts.isin(ds.sources["source_id"])]
    sources = pd.concat([ds.sources, pd.DataFrame({
        "source_id": posts, "publisher": "Ukrainian Air Force (post id in the public attack table)",
        "title": posts, "published": pd.NaT, "url": pd.NA, "kind": "military"})], ignore_index=True)
    tables = dict(ds.tables, weapons=weapons, strikes=strikes, strike_totals=totals, sources=sources)
    return Dataset(ds.package, tables)


def load(ds: Dataset, path: Path | str, reporters=(NATIONAL,)) -> tuple[Dataset, pd.DataFrame, LoadReport]:
    """Read the table at ``path`` with the dataset's alias table; return the dataset to analyse (the posts of
    ``reporters``: the national reports by default), the mapped rows and the load report, which says per
    reporter how many rows it holds and whether they are counted."""
    rows, report = read(path, ds.model_aliases, ds.weapons, count_bound(ds.package) if ds.package else None)
    report.reporters = reporter_counts(rows, reporters)
    return as_dataset(ds, rows, reporters), rows, report


def reporter_counts(rows: pd.DataFrame, reporters=(NATIONAL,)) -> pd.DataFrame:
    """Rows, posts and weapons launched (as each reports them) per reporter, and whether they are counted."""
    from helpers.table.reporters import REPORTERS, report_keys

    who = reporter_of(rows["source_id"])
    grouped = rows.assign(reporter=who.to_numpy(), report=report_keys(rows).to_numpy()).groupby(
        "reporter", observed=True)
    out = pd.DataFrame({"rows": grouped.size(), "posts": grouped["report"].nunique(),
                        "launched": grouped["launched"].sum(min_count=1)}).reset_index()
    out["counted"] = out["reporter"].isin(reporters).to_numpy(dtype=bool)
    out["reporter"] = out["reporter"].astype("string").map(REPORTERS)
    out = out.astype({"rows": "int64", "posts": "int64", "launched": "Int64"})
    return out.sort_values(["counted", "launched"], ascending=[False, False], kind="stable").reset_index(drop=True)


def strikes_source(ds: Dataset, source: str, parameter: str = "strikes_source"):
    """A notebook's ``strikes_source`` parameter: the curated strikes (``"curated"``; load report ``None``), or
    the dataset read from the copy of the public attack table at path ``source`` and its load report. Errors
    name ``parameter`` (the notebook's own name for it: ``external_path`` in notebook 05)."""
    from helpers import params
    from helpers.strikes import CURATED
    from helpers.table.errors import AirForceTableError

    if source == CURATED and parameter == "strikes_source":
        return ds, None
    path = Path(str(source)).expanduser()
    if not path.is_file():
        allowed = "the path of an existing CSV file of the public Air Force attack table"
        raise params.ParameterError(parameter, source,
                                    f"{CURATED!r}, or {allowed}" if parameter == "strikes_source" else allowed)
    try:
        variant, _, report = load(ds, path)
    except AirForceTableError as exc:
        raise params.ParameterError(parameter, source, "a copy of the public attack table",
                                    f"parameter {parameter!r} names {path.name}, which cannot be read as the public "
                                    f"attack table: {exc}") from None
    return variant, report
