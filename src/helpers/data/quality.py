"""Which data rows rest only on weak sources.

A figure copied onto a mirror, rewritten by an aggregator, relayed by Russian state media or
retold on a blog is only as good as the original it came from, and the copy can garble it. The
dataset prefers the original outlet; where none could be found, the row is listed in
``data/weak_only.csv`` with the reason. Whether a stronger source exists for the same fact cannot be
decided from the tables, so this is a check the tests run over the whole dataset, not a validation
rule on each row.

A "data row" is a figure the reports use: an event (through all its ``event_sources``), a strike
figure (a date, attack and weapon, across every source giving it), an attack total (a date, attack
and scope), a weapon's range, a place's coordinates, a launch area's report and an assessed verdict of
a claim (through its ``claim_evidence``). Claims themselves are left out on purpose: a claim records
what its own source said, so its source is the claimant, not evidence.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.load import Dataset

WEAK_KINDS = ("mirror", "aggregator", "state_media", "blog")


def _weak_ids(ds: Dataset) -> set[str]:
    return set(ds.sources.loc[ds.sources["kind"].astype("string").isin(WEAK_KINDS), "source_id"].astype(str))


def _grouped(frame: pd.DataFrame, keys: list[str], column: str, table: str) -> pd.DataFrame:
    """One row per key: the key joined with '/', and the sources giving it."""
    rows = []
    for key, group in frame.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        text = "/".join(v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v) for v in key)
        rows.append((table, text, sorted(set(group[column].dropna().astype(str)))))
    return pd.DataFrame(rows, columns=["table", "key", "source_ids"])


def cited_rows(ds: Dataset) -> pd.DataFrame:
    """Every data row that carries a figure, with the ids of the sources it rests on.

    Columns ``table``, ``key`` (the row's key, parts joined with '/') and ``source_ids`` (a sorted list).
    """
    events = ds.events[["event_id"]].merge(ds.event_sources[["event_id", "source_id"]], on="event_id", how="left")
    weapons = ds.weapons.loc[ds.weapons["range_km"].notna(), ["weapon_id", "range_source_id"]]
    places = ds.places.loc[ds.places["source_id"].notna(), ["place_id", "source_id"]]
    launch = ds.places.loc[ds.places["reported_by_source_id"].notna(), ["place_id", "reported_by_source_id"]]
    parts = [
        _grouped(events, ["event_id"], "source_id", "events"),
        _grouped(ds.strikes, ["date", "attack", "weapon_id"], "source_id", "strikes"),
        _grouped(ds.strike_totals, ["date", "attack", "scope"], "source_id", "strike_totals"),
        _grouped(weapons, ["weapon_id"], "range_source_id", "weapons"),
        _grouped(places, ["place_id"], "source_id", "places"),
        _grouped(launch, ["place_id"], "reported_by_source_id", "places.reported_by"),
        _grouped(ds.claim_evidence, ["claim_id"], "source_id", "claim_assessments"),
    ]
    return pd.concat(parts, ignore_index=True)


def weak_only(ds: Dataset) -> pd.DataFrame:
    """The data rows whose every source is of a weak kind (mirror, aggregator, state media, blog)."""
    weak = _weak_ids(ds)
    rows = cited_rows(ds)
    mask = rows["source_ids"].map(lambda ids: bool(ids) and set(ids) <= weak)
    return rows.loc[mask].reset_index(drop=True)


def weak_only_share(ds: Dataset) -> tuple[int, int]:
    """(rows resting only on weak sources, all data rows), for a report's key figures."""
    return len(weak_only(ds)), len(cited_rows(ds))


def competing_problems(ds: Dataset) -> list[str]:
    """Rows whose ``competing`` flag does not match the figures, one line each.

    Reports compete when two rows for one key (date, attack and weapon in ``strikes.csv``; date,
    attack and scope in ``strike_totals.csv``) give different launched or destroyed figures. A row
    leaving a figure empty competes with nobody on that figure: it is a less complete report.
    """
    lines = []
    for table, frame, key in (("strikes", ds.strikes, ["date", "attack", "weapon_id"]),
                              ("strike_totals", ds.strike_totals, ["date", "attack", "scope"])):
        for values, group in frame.groupby(key, sort=True):
            disagree = any(group[c].dropna().nunique() > 1 for c in ("launched", "destroyed"))
            want = "yes" if disagree else "no"
            wrong = group[group["competing"].astype(str) != want]
            for source_id in wrong["source_id"]:
                where = "/".join(v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v) for v in values)
                lines.append(f"{table}.csv {where} ({source_id}): competing should be {want!r}: "
                             + ("another row gives other figures" if disagree else "no other row gives other figures"))
    return lines


# The figure rows that carry a quote (``helpers.data.quotes``): table -> (primary key, figure columns, prefix).
QUOTED = {
    "strikes": (["date", "attack", "weapon_id", "source_id"], ["launched", "destroyed"], ""),
    "strike_totals": (["date", "attack", "scope", "source_id"], ["launched", "destroyed"], ""),
    "event_sources": (["event_id", "source_id"], ["killed", "injured", "missile_count"], ""),
    "claims": (["claim_id"], ["claimed_number"], ""),
    "weapons": (["weapon_id"], ["range_km"], "range_"),
    "weapon_ranges": (["range_id"], ["high_km", "low_km"], ""),
}


def unquoted(ds: Dataset) -> pd.DataFrame:
    """Every figure row without its source's words: ``table`` (``<table>.quote``) and ``key`` (its primary key,
    parts joined with '/'), as ``weak_only.csv`` lists them."""
    rows = []
    for table, (keys, figures, prefix) in QUOTED.items():
        frame = ds[table]
        has_figure = frame[figures].notna().any(axis=1)
        quote = frame[f"{prefix}quote"].astype("string").fillna("").str.strip()
        for _, row in frame[has_figure & (quote == "")].iterrows():
            key = "/".join(v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v) for v in row[keys])
            rows.append((f"{table}.quote", key))
    return pd.DataFrame(rows, columns=["table", "key"])


def quoted_share(ds: Dataset) -> tuple[int, int]:
    """(figure rows with their source's words, all figure rows)."""
    total = sum(int(ds[t][figures].notna().any(axis=1).sum()) for t, (_, figures, _) in QUOTED.items())
    return total - len(unquoted(ds)), total


def tolls(ds: Dataset) -> pd.DataFrame:
    """Every toll a source gives for an event: event_id, column (killed or injured), value, as_of (the day the
    toll was given: ``toll_as_of``, else the source's published date), scope (``attack`` when empty), place,
    source_id."""
    frame = ds.event_sources.merge(ds.sources[["source_id", "published"]], on="source_id", how="left")
    parts = []
    for column in ("killed", "injured"):
        given = frame[frame[column].notna()]
        parts.append(pd.DataFrame({
            "event_id": given["event_id"].astype(str), "column": column, "value": given[column].astype("int64"),
            "as_of": given["toll_as_of"].fillna(given["published"]),
            "scope": given["toll_scope"].astype("string").fillna("attack"),
            "place": given["toll_place"].astype("string"), "source_id": given["source_id"].astype(str)}))
    return pd.concat(parts, ignore_index=True)


def toll_problems(ds: Dataset) -> list[str]:
    """Headline tolls (events.killed, events.injured) that are not the latest: one line each.

    The headline is backed by the latest ``attack`` toll giving that value, or by the sum of the latest toll of
    each place (``place`` tolls) when that sum is the headline. It is out of date when an ``attack`` toll given
    on a later day is higher ("a first-day toll kept although later tolls are higher"), and unbacked when no
    toll or sum gives it."""
    found = tolls(ds)
    lines = []
    for _, event in ds.events.iterrows():
        for column in ("killed", "injured"):
            headline = event[column]
            if pd.isna(headline):
                continue
            rows = found[(found["event_id"] == event["event_id"]) & (found["column"] == column)]
            attack = rows[rows["scope"] == "attack"]
            backing = attack.loc[attack["value"] == headline, "as_of"]
            places = rows[rows["scope"] == "place"].sort_values("as_of").groupby("place").tail(1)
            if len(places) and int(places["value"].sum()) == int(headline):
                backing = pd.concat([backing, pd.Series([places["as_of"].max()])])
            if backing.empty:
                lines.append(f"{event['event_id']}: {column} {int(headline)} is given by no toll of event_sources.csv "
                             "(an attack toll, or the sum of the latest place tolls)")
                continue
            since = backing.max()
            later = attack[(attack["as_of"] > since) & (attack["value"] > headline)]
            for _, toll in later.sort_values("as_of").iterrows():
                lines.append(f"{event['event_id']}: {column} {int(headline)} (as of {since.date().isoformat()}) is "
                             f"older than the toll of {int(toll['value'])} that {toll['source_id']} gives as of "
                             f"{toll['as_of'].date().isoformat()}; the headline is the latest toll")
    return lines
