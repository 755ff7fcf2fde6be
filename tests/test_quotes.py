"""The source's own words beside each figure: the number must be in them, and the noun must be the row's."""

from __future__ import annotations

import pytest
from conftest import DATA, rewrite_csv

import helpers.data as hd
from helpers.checks import weak_only_problems
from helpers.data import quotes
from helpers.data.quality import quoted_share, unquoted


@pytest.mark.parametrize("text, n", [
    ("Russia launched 1,200 drones", 1200), ("запущено 1 200 дронів", 1200), ("1.200 Drohnen", 1200),
    ("at least twenty-four missiles", 24), ("one hundred and two drones", 102), ("more than a hundred injured", 100),
    ("the third person killed", 3), ("no damage or casualties", 0), ("a 91-year-old woman was killed", 1),
    ("18 people were injured in Kyiv and 42 in Kharkiv", 60), ("a dozen missiles", 12),
])
def test_a_figure_is_found_in_the_ways_sources_write_it(text, n):
    assert quotes.has_number(text, n)


@pytest.mark.parametrize("text, n", [
    ("fired in 2024", 24), ("killed 14 civilians", 41), ("seventy-one missiles", 17), ("nine occasions", 90),
])
def test_a_figure_is_not_found_where_it_is_not(text, n):
    assert not quotes.has_number(text, n)


def test_the_noun_is_the_rows():
    assert quotes.names("on at least nine occasions", "uses") and not quotes.names("on at least nine occasions",
                                                                                     "missiles")
    assert quotes.names("21 air targets were destroyed", "drones") is False
    assert quotes.names("загинули троє людей", "killed") and quotes.names("3 wounded", "injured")


def test_a_quote_in_another_language_is_checked_through_its_gloss():
    found = quotes.problems("Росія випустила 12 ракет; жодну не збито.", "uk",
                            "Russia fired 12 missiles; none was shot down.",
                            {"launched": (12, "missiles"), "destroyed": (0, "missiles")})
    assert found == []
    found = quotes.problems("Росія випустила 12 ракет; жодну не збито.", "uk", None,
                            {"launched": (12, "missiles")})
    assert found == [("quote_gloss", "a quote not in English has an English gloss",
                      "is empty while the quote is in 'uk'")]


def test_every_figure_of_the_record_is_quoted_or_listed_with_why():
    ds = hd.load(DATA)
    quoted, total = quoted_share(ds)
    assert total > 400 and quoted >= 0.4 * total, (quoted, total)
    listed = {(t, k) for t, k in zip(ds.weak_only["table"].astype(str), ds.weak_only["key"].astype(str),
                                     strict=True) if t.endswith(".quote")}
    assert set(zip(unquoted(ds)["table"], unquoted(ds)["key"], strict=True)) == listed


def test_a_quote_removed_from_a_row_is_a_completeness_problem(data_copy):
    """A broken copy: one quoted row loses its quote; the check names the row and the fix."""
    def drop(rows):
        row = next(r for r in rows if r["quote"] and r["killed"])
        row["quote"] = row["quote_language"] = row["quote_gloss"] = ""
        drop.key = f"{row['event_id']}/{row['source_id']}"
        return rows
    rewrite_csv(data_copy / "event_sources.csv", drop)
    problems = weak_only_problems(hd.load(data_copy))
    assert problems == [f"event_sources.quote {drop.key}: has no quote of its source's words and is not in "
                        "weak_only.csv"]


# ------------------------------------------------------------------ tolls as of a date


def test_every_headline_toll_is_the_latest_of_the_record():
    from helpers.data.quality import toll_problems

    assert toll_problems(hd.load(DATA)) == []


def test_a_headline_older_than_a_higher_later_toll_is_listed(data_copy):
    """A broken copy: the 24 Apr 2025 Kyiv strike's headline goes back to the first-day toll of 12, while the
    record holds 13 killed as of 28 Apr."""
    from helpers.data.quality import toll_problems

    def first_day(rows):
        next(r for r in rows if r["event_id"] == "20250424-kyiv-kn23-strike")["killed"] = "12"
        return rows
    rewrite_csv(data_copy / "events.csv", first_day)
    lines = toll_problems(hd.load(data_copy))
    assert lines and all(line.startswith("20250424-kyiv-kn23-strike: killed 12 (as of 2025-04-24) is older than the "
                                         "toll of 13 that ") for line in lines)
    assert "gives as of 2025-04-28; the headline is the latest toll" in lines[0]


def test_a_headline_may_be_the_sum_of_the_latest_place_tolls():
    """7 Feb 2024: Kyiv's toll rose to five (14 Feb) and one died in Mykolaiv: the headline of six is their sum,
    later than the nationwide 'at least five' of 8 Feb."""
    from helpers.data.quality import tolls

    ds = hd.load(DATA)
    t = tolls(ds)
    feb7 = t[(t["event_id"] == "20240207-mass-strike-six-regions") & (t["column"] == "killed")]
    latest = feb7[feb7["scope"] == "place"].sort_values("as_of").groupby("place").tail(1)
    assert dict(zip(latest["place"], latest["value"], strict=True)) == {"Kyiv": 5, "Mykolaiv": 1}
    assert int(ds.events.set_index("event_id").at["20240207-mass-strike-six-regions", "killed"]) == 6


def test_a_place_toll_names_its_place(data_copy):
    def unnamed(rows):
        next(r for r in rows if r["toll_scope"] == "place")["toll_place"] = ""
        return rows
    rewrite_csv(data_copy / "event_sources.csv", unnamed)
    with pytest.raises(hd.DataError) as info:
        hd.load(data_copy)
    assert "[rule: a place toll names its place]" in str(info.value)
