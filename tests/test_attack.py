"""The attack card (notebook 07's page module) on hand-made fixtures: the fixture dataset (one North Korean
missile use on 2 Jan 2024 with its strikes and evidence) and a small public table with a national and a
regional report that day, a larger report before it and a smaller one after."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_dataset

from helpers.data import load
from helpers.pages import attack as card
from helpers.params import ParameterError

COLUMNS = ["date", "attack", "label", "weapon_id", "launched", "destroyed", "source_id", "not_reach_goal",
           "num_hit_location", "num_fall_fragment_location", "launch_place", "carrier", "target", "target_main",
           "affected_region", "withheld", "class", "reporter"]


def _frame() -> pd.DataFrame:
    rows = [  # date, window, label, weapon, launched, destroyed, post, lost, hits, debris, from, carrier, target
        ("2023-12-29", "2023-12-28 23:00 to 2023-12-29 09:30", "X-101/X-555", "kh-101", 90, 87, "kpszsu/posts/p0",
         0, None, None, "Olenya", "Tu-95MS", "Ukraine", "cruise missiles", "air_force"),
        ("2023-12-29", "2023-12-28 23:00 to 2023-12-29 09:30", "Shahed-136/131", "shahed", 68, 60,
         "kpszsu/posts/p0", 0, None, None, "Kursk oblast", None, "Ukraine", "strike drones", "air_force"),
        ("2024-01-02", "2024-01-01 22:00 to 2024-01-02 08:00", "X-101/X-555", "kh-101", 70, 59, "kpszsu/posts/p1",
         0, 5, 12, "Engels and Olenya", "Tu-95MS", "Kyiv and Kharkiv oblast", "cruise missiles", "air_force"),
        ("2024-01-02", "2024-01-01 22:00 to 2024-01-02 08:00", "Shahed-136/131", "shahed", 35, 30,
         "kpszsu/posts/p1", 3, None, None, "Kursk oblast", None, "Kharkiv oblast", "strike drones", "air_force"),
        ("2024-01-02", "2024-01-01 22:00 to 2024-01-02 08:00", "Iskander-M/KN-23", "iskander-m-kn-23", 12, 0,
         "kpszsu/posts/p1", None, None, None, "Belgorod oblast", None, "Kharkiv oblast", "ballistic missiles",
         "air_force"),
        ("2024-01-02", "2024-01-02 01:00 to 2024-01-02 05:00", "Shahed-136/131", "shahed", 200, 190,
         "PvKPivden/posts/p9", 0, None, None, None, None, "south", "strike drones", "air_command_south"),
        ("2024-01-08", "2024-01-07 22:00 to 2024-01-08 08:00", "Shahed-136/131", "shahed", 60, 50, "kpszsu/posts/p2",
         0, None, None, None, None, "Ukraine", "strike drones", "air_force"),
    ]
    frame = pd.DataFrame([(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], None,
                           None, False, r[13], r[14]) for r in rows], columns=COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    for c in ("launched", "destroyed", "not_reach_goal", "num_hit_location", "num_fall_fragment_location"):
        frame[c] = frame[c].astype("Int64")
    return frame


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load(make_dataset(tmp_path_factory.mktemp("attack")))


def test_the_card_reads_the_days_largest_national_report_and_ranks_it(ds):
    frame = _frame()
    p = card.parameters(ds, "2024-01-02")
    rows = card.table_rows(frame, p)
    assert set(rows["source_id"]) == {"kpszsu/posts/p1"}  # the regional command's larger post is not the report
    s = card.summary(rows, p)
    assert (s["missiles"], s["drones"], s["launched"], s["hits"], s["debris"]) == (82, 35, 117, 5, 12)
    assert s["rate"]["rate"] == pytest.approx((59 + 0 + 30 + 3) / 117)  # the Air Force's: lost to jamming counts
    assert s["other"]["rate"] == pytest.approx((59 + 0 + 30) / 117)  # shot down only
    assert s["window"] == "2024-01-01 22:00 to 2024-01-02 08:00"
    r = card.rank(frame, p, s["launched"])
    assert card.rank_words(r) == "the largest since 29 Dec 2023; the largest of 2024 (2 reports)"
    html = card.key_figures(ds, s, r, p, None).to_html()
    assert ("<strong>117</strong> missiles and drones launched in the report of 2 Jan 2024 (82 missiles, "
            "35 drones") in html
    assert "<strong>78.6%</strong> intercepted, as the Air Force counts it" in html
    assert "<strong>76.1%</strong> intercepted, shot down only" in html
    assert "<strong>1</strong> North Korean missiles attributed to the attack (strongest evidence: official " \
           "attribution)" in html
    others = card.other_reports(frame, p, rows)
    assert others["report"].tolist() == ["PvKPivden/posts/p9"] and int(others["launched"].iloc[0]) == 200
    assert card.other_reports_table(others).frame["reporter"].tolist() == ["Air Command South"]


def test_the_card_sections_show_the_curated_rows_and_the_post(ds):
    frame = _frame()
    p = card.parameters(ds, "20240102-fixture-strike")  # an event id gives its day
    assert p.day == pd.Timestamp("2024-01-02") and p.event_id == "20240102-fixture-strike"
    rows = card.table_rows(frame, p)
    weapons = card.weapons_table(ds, rows, p).frame
    assert weapons["launched"].tolist() == [70, 35, 12] and weapons["carriers"].tolist()[0] == "Tu-95MS"
    assert weapons["launch_areas"].tolist()[0] == "Engels, Olenya"
    curated = card.curated_weapons_table(ds, p).frame
    assert sorted(curated["launched"].tolist()) == [12, 35]  # the fixture's two per-model rows, each with its source
    where = card.where_table(ds, rows, card.summary(rows, p), p).frame
    assert where["place"].tolist()[0] == "Kharkiv" and "Kharkiv Oblast" in where["oblast"].tolist()
    dprk = card.dprk_table(ds, rows, p).data
    assert "official attribution" in dprk and "Iskander-M/KN-23" in dprk and "12 missiles" in dprk


def test_sections_without_data_say_so_and_never_draw_a_zero(ds):
    p = card.parameters(ds, "2024-01-08")
    rows = card.table_rows(_frame(), p)
    assert "No North Korean missile is recorded for 8 Jan 2024" in card.dprk_table(ds, rows, p).data
    assert "No source in the record gives a casualty figure for 8 Jan 2024" in card.casualties_table(ds, p).data
    assert "holds no per-model figure for 8 Jan 2024" in card.curated_weapons_table(ds, p).data
    assert "not on this machine" in card.weapons_table(ds, None, p).data
    assert "The strip of the nights around needs the public attack table" in card.strip_figure(None, p, None).to_html()
    empty = card.parameters(ds, "2024-03-01")
    assert card.summary(card.table_rows(_frame(), empty), empty) is None  # neither record: the card says so
    assert "has a report of an attack on 1 Mar 2024" in card.key_figures(ds, None, None, empty).to_html()


def test_the_cards_are_generated_from_the_data(ds):
    listed = card.cards(ds, _frame(), top_per_year=1)
    assert listed["name"].tolist() == ["attack-2023-12-29", "attack-2024-01-02"]
    assert listed["why"].tolist() == ["largest of 2023 (#1)", "North Korean missile use; largest of 2024 (#1)"]
    # a new mass strike gets its card without editing anything by hand
    events = pd.concat([ds.events, ds.events.iloc[[0]].assign(event_id="20240301-new-strike",
                                                               date=pd.Timestamp("2024-03-01"),
                                                               category="mass_strike")], ignore_index=True)
    from frames import dataset

    more = dataset(**{**ds.tables, "events": events})
    assert "attack-2024-03-01" in card.cards(more, _frame(), top_per_year=1)["name"].tolist()


@pytest.mark.parametrize("value, message", [
    ("yesterday", "parameter 'attack' = 'yesterday' is neither a date (YYYY-MM-DD) nor the id of a mass strike"),
    ("20240104-fixture-briefing", "parameter 'attack' = '20240104-fixture-briefing' is neither a date"),  # no attack
    ("2024-13-01", "attack"),
])
def test_a_bad_attack_parameter_names_the_parameter_and_what_it_takes(ds, value, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        card.parameters(ds, value)


@pytest.mark.needs_table
def test_the_suite_holds_exactly_the_cards_the_data_call_for():
    """The card block of reports/reports.toml is what `make cards` writes from the data and the pinned table
    (a hand edit, or a new mass strike not yet carded, fails with how to mend it)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "helpers.render.cards", "--check"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    from helpers.render.suite import load_suite

    names = [s.name for s in load_suite() if s.theme == "cards"]
    for day in ("2023-12-29", "2024-01-02", "2024-01-08", "2024-02-07", "2025-09-07"):
        assert f"attack-{day}" in names, day
    assert len(names) == len(set(names)) >= 40


def test_a_card_block_is_replaced_not_appended_twice():
    from helpers.render import cards as writer

    listed = pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "name": ["attack-2024-01-02"],
                           "why": ["mass strike"]})
    suite = '[[report]]\nname = "timeline"\n'
    once = writer.with_block(suite, writer.block(listed))
    assert writer.with_block(once, writer.block(listed)) == once
    assert once.count(writer.BEGIN) == 1 and 'attack = "2024-01-02"' in once and 'theme = "cards"' in once
    later = once + '\n[[report]]\nname = "strike-log"\n'  # make new-notebook appends after the block
    assert writer.with_block(later, writer.block(listed)) == later


def test_the_map_shades_the_oblasts_each_record_names_and_says_when_there_are_none(ds):
    frame = _frame()
    p = card.parameters(ds, "2024-01-02")
    named = card.named_oblasts(ds, card.table_rows(frame, p), p).set_index("oblast")
    assert named.loc["Kharkiv Oblast", "named_by"] == "curated record; public table"
    assert named.loc["Kharkiv Oblast", "uses"] == 2
    chart = card.where_map(ds, card.table_rows(frame, p), p, "credit")
    assert chart.name == "where-hit" and "Kharkiv" in chart.finding
    import matplotlib.pyplot as plt

    plt.close(chart.figure)
    quiet = card.parameters(ds, "2024-01-08")  # the post names only "Ukraine"; no curated event
    assert "No oblast is named as hit on 8 Jan 2024" in card.where_map(ds, card.table_rows(frame, quiet), quiet,
                                                                       "credit").data
