"""Sources as pages show them: the publishers behind a figure, links to each row's sources, and the
mix of source kinds behind a page.

Every caption, table and key figure names its sources through these functions, so a source is
shown the same way everywhere and never by a raw id.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers import formatting
from helpers.data import Dataset


def split_ids(values: Iterable) -> list[str]:
    """Source ids from cells that may hold several, separated by ``;``."""
    out = []
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        out += [part.strip() for part in str(value).split(";") if part.strip()]
    return out


def publishers(ds: Dataset, source_ids) -> list[str]:
    """Distinct publishers of ``source_ids``, sorted, for a caption."""
    ids = set(split_ids(source_ids))
    return sorted(set(ds.sources.loc[ds.sources["source_id"].isin(ids), "publisher"]))


def links(ds: Dataset, source_ids) -> list[tuple[str, str]]:
    """(publisher, url) for each of ``source_ids`` that the dataset knows, in the order given."""
    src = ds.sources.set_index("source_id")
    seen, out = set(), []
    for sid in split_ids(source_ids):
        if sid in src.index and sid not in seen:
            seen.add(sid)
            out.append((src.at[sid, "publisher"], src.at[sid, "url"]))
    return out


def links_per_row(ds: Dataset, cells) -> list[list[tuple[str, str]]]:
    """For each cell of source ids (one or several separated by ``;``), its (publisher, url) links."""
    return [links(ds, [cell]) for cell in cells]


def grouped_links(sources: pd.DataFrame, key: str, keys) -> list[list[tuple[str, str]]]:
    """For each value of ``keys``: the (publisher, url) of the ``sources`` rows whose ``key`` matches."""
    grouped = {k: list(zip(g["publisher"], g["url"], strict=True)) for k, g in sources.groupby(key)}
    return [grouped.get(k, []) for k in keys]


def kind_mix(ds: Dataset, source_ids) -> pd.Series:
    """How many of ``source_ids`` are of each kind (news, news agency, government, ...), largest first."""
    ids = set(split_ids(source_ids))
    kinds = ds.sources.loc[ds.sources["source_id"].isin(ids), "kind"].astype("string")
    return kinds.value_counts().sort_values(ascending=False, kind="stable")


# Who speaks first when a row has many sources: the primary sources (officials, the UN,
# investigators) before the agencies and outlets that report them, the seed article last.
KIND_RANK = ["government", "military", "prosecutor", "un", "research", "news_agency", "news", "reference",
             "dataset", "mirror", "aggregator", "blog", "state_media", "seed_article"]


def ranked_links(ds: Dataset, source_ids, limit: int | None = None) -> list[tuple[str, str]]:
    """(publisher, url) of ``source_ids``, primary sources first, then the earliest published.

    A row backed by a dozen outlets cites its first ``limit`` (all when ``None``); ranking by kind
    means the few shown are the closest to the fact, not the first typed in.
    """
    ids = list(dict.fromkeys(split_ids(source_ids)))
    src = ds.sources.set_index("source_id")
    known = [i for i in ids if i in src.index]
    rank = {kind: n for n, kind in enumerate(KIND_RANK)}
    known.sort(key=lambda i: (rank.get(str(src.at[i, "kind"]), len(rank)), src.at[i, "published"], i))
    return links(ds, known[:limit] if limit is not None else known)


def cite(ds: Dataset, source_ids, limit: int = 6) -> tuple[tuple[str, str | None], ...]:
    """Links for a key figure or a table row: the strongest sources first (officials, agencies, newsrooms
    before mirrors and state media), each page once, at most ``limit``, then how many more.

    Two pages of one publisher are told apart by their publication date ("The Kyiv Independent, 2 Jan
    2024"), so a reader never sees the same name twice; posts of the public attack table have no
    address, so they collapse into one entry."""
    known = ds.sources.set_index("source_id")
    ids = [i for i in dict.fromkeys(split_ids(source_ids)) if i in known.index]
    rank = {kind: n for n, kind in enumerate(KIND_RANK)}  # the strongest sources are the ones shown first
    ids.sort(key=lambda i: rank.get(str(known.at[i, "kind"]), len(rank)))
    pairs = links(ds, ids)
    names = [publisher for publisher, _ in pairs]
    seen, out = set(), []
    for sid, (publisher, url) in zip(ids, pairs, strict=True):
        url = None if pd.isna(url) else url
        published = known.at[sid, "published"] if "published" in known else None
        label = publisher
        if url is not None and names.count(publisher) > 1 and not pd.isna(published):
            label = f"{publisher}, {formatting.date(published)}"
        if (label, url) not in seen:
            seen.add((label, url))
            out.append((label, url))
    if len(out) > limit:
        out = out[:limit] + [(f"and {len(out) - limit} more, listed in the tables below", None)]
    return tuple(out)

