"""Source quality: no figure rests only on weak sources unless ``data/weak_only.csv`` says why.

The check runs over the real dataset, and on a copy broken on purpose to show it can fail.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import rewrite_csv

from helpers.data import load
from helpers.data.quality import WEAK_KINDS, cited_rows, weak_only, weak_only_share

DATA = Path(__file__).resolve().parents[1] / "data"
DS = load(DATA)


def allow_list(ds) -> set[tuple[str, str]]:
    """The entries of weak_only.csv for weak sources (those for figures without a quote, ``<table>.quote``,
    are checked in test_quotes.py)."""
    return {(t, k) for t, k in zip(ds.weak_only["table"].astype(str), ds.weak_only["key"].astype(str), strict=True)
            if not t.endswith(".quote")}


def listed(ds) -> set[tuple[str, str]]:
    rows = weak_only(ds)
    return set(zip(rows["table"], rows["key"], strict=True))


def test_every_row_resting_only_on_weak_sources_is_in_the_allow_list():
    missing = sorted(listed(DS) - allow_list(DS))
    assert not missing, f"rows citing only weak sources, not in data/weak_only.csv: {missing}"


def test_the_allow_list_has_no_stale_entry():
    stale = sorted(allow_list(DS) - listed(DS))
    assert not stale, f"data/weak_only.csv lists rows that no longer rest only on weak sources: {stale}"


def test_the_allow_list_stays_short():
    weak, total = weak_only_share(DS)
    assert total > 0
    assert weak / total <= 0.10, f"{weak} of {total} data rows rest only on weak sources"
    assert DS.weak_only["reason"].astype(str).str.len().min() >= 20


def test_cited_rows_cover_each_table_and_leave_claims_out():
    rows = cited_rows(DS)
    assert set(rows["table"]) == {"events", "strikes", "strike_totals", "weapons", "places", "places.reported_by",
                                  "claim_assessments"}
    assert (rows["table"] == "events").sum() == len(DS.events)
    assert (rows["table"] == "weapons").sum() == DS.weapons["range_km"].notna().sum()
    assert rows["source_ids"].map(len).min() >= 1


def test_a_strike_repointed_to_a_weak_source_is_listed(data_copy):
    weak_id = DS.sources.loc[DS.sources["kind"] == "mirror", "source_id"].iloc[0]
    keys = ["date", "attack", "weapon_id"]
    single = DS.strikes.groupby(keys).filter(lambda g: len(g) == 1)
    kinds = DS.sources.set_index("source_id")["kind"]
    strong = single[~single["source_id"].map(kinds).isin(WEAK_KINDS)].iloc[0]
    day, attack, weapon = strong["date"].date().isoformat(), strong["attack"], strong["weapon_id"]

    def repoint(rows):
        for row in rows:
            if (row["date"], row["attack"], row["weapon_id"]) == (day, attack, weapon):
                row["source_id"] = weak_id
        return rows

    rewrite_csv(data_copy / "strikes.csv", repoint)
    broken = load(data_copy)
    key = ("strikes", f"{day}/{attack}/{weapon}")
    assert key in listed(broken)
    assert key not in allow_list(broken)


def test_an_event_losing_its_strong_sources_is_listed(data_copy):
    kinds = DS.sources.set_index("source_id")["kind"]
    es = DS.event_sources.assign(weak=DS.event_sources["source_id"].map(kinds).isin(WEAK_KINDS))
    mixed = es.groupby("event_id")["weak"].agg(["any", "all"])
    event = mixed[mixed["any"] & ~mixed["all"]].index[0]
    rewrite_csv(data_copy / "event_sources.csv",
             lambda rows: [r for r in rows if r["event_id"] != event or kinds[r["source_id"]] in WEAK_KINDS])
    assert ("events", event) in listed(load(data_copy))


# Addresses that are not an outlet's own: a bare IP, a proxy carrying another address in its query,
# or a cloud host serving a copy. A copy with no original found may stay, but only under a weak kind.
PROXY = re.compile(r"[?&](q|url|u)=https?(%3A|:)", re.IGNORECASE)
CLOUD = ("amazonaws.com", "cloudfront.net", "azureedge.net", "nextcloud.")


@pytest.mark.parametrize("row", DS.sources.to_dict("records"), ids=lambda r: r["source_id"])
def test_source_addresses_are_the_outlets_own(row):
    host = urlparse(row["url"]).hostname or ""
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        is_ip = False
    assert not is_ip, f"{row['source_id']}: url {row['url']!r} is a bare IP address"
    assert not PROXY.search(row["url"]), f"{row['source_id']}: url {row['url']!r} goes through a proxy"
    if any(c in host for c in CLOUD):
        assert row["kind"] in WEAK_KINDS, \
            f"{row['source_id']}: url {row['url']!r} is a cloud copy of kind {row['kind']!r}"


def test_each_use_shows_its_strongest_grade():
    from helpers.pages import dprk

    p = dprk.parameters(DS, "2023-09-01", "2025-12-31", 900, "low")
    uses = dprk.uses(DS, p)
    best = dprk.strongest_grade(DS, uses["event_id"])
    assert best.notna().all()
    rank = {g: n for n, g in enumerate(dprk.GRADE_ORDER)}
    for event_id, grade in best.items():
        steps = DS.dprk_evidence.loc[DS.dprk_evidence["event_id"] == event_id, "grade"].astype(str)
        assert rank[grade] == max(rank[g] for g in steps)
    assert dprk.grade_counts(DS, uses).sum() == len(uses)
    table = dprk.uses_table(DS, uses)
    assert "Strongest evidence" in table.to_html()
    assert dprk.GRADE_WORDS["independent"] in table.to_html()


def test_the_dataset_page_states_the_weak_only_share():
    from helpers.pages import overview

    facts = overview.facts(DS, "2023-09-01", "2025-12-31")
    assert (facts["weak_only_rows"], facts["data_rows"]) == (len(weak_only(DS)), len(cited_rows(DS)))
    figures = overview.key_figures(DS, "2023-09-01", "2025-12-31").figures
    share = next(f for f in figures if "weak sources" in f.sentence)
    assert share.value == f"{facts['weak_only_rows'] / facts['data_rows']:.1%}"
    html = overview.sources_table(DS).to_html()
    assert "Russian state media" in html and "state_media" not in html and "weak:" in html


def test_a_source_id_carries_its_published_date():
    """An id like ``outlet-20240108-slug`` says when the page was published; a January page of another
    day must not be filed under 1 January (for a month-only date, the month must match)."""
    wrong = []
    for _, row in DS.sources.iterrows():
        found = re.search(r"-(\d{8})-", str(row["source_id"]))
        if found is None:
            continue  # an id without a date (the seed article) says nothing to check
        published = row["published"].strftime("%Y%m%d")
        same = published[:6] == found.group(1)[:6] if row["published_basis"] == "month" else published == found.group(1)
        if not same:
            wrong.append(f"{row['source_id']}: published {published}")
    assert not wrong, wrong


def test_no_reference_page_is_dated_by_a_census():
    """An undated reference page cannot be dated by the oldest figure on it (the 2001 census)."""
    references = DS.sources[DS.sources["kind"] == "reference"]
    old = references[references["published"].dt.year < 2010]
    assert old.empty, old[["source_id", "published"]].to_string()
