"""Attack-volume sums, rates, report choice and rankings on small hand-built frames."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import STANDARD_WEAPONS, dataset, events, sources, strikes, totals

from helpers import strikes as volume
from helpers.weapons import weapon_table

SOURCES = sources([("a", "2024-01-02"), ("b", "2024-01-03"), ("c", "2024-01-01")])


def ds_with(strike_rows, total_rows=(), event_rows=()):
    return dataset(weapons=STANDARD_WEAPONS, sources=SOURCES, strikes=strikes(strike_rows),
                   strike_totals=totals(list(total_rows)),
                   events=events(list(event_rows)) if event_rows else events([]))


def test_group_weapon_gets_combined_origin_and_possible_dprk_flag():
    w = weapon_table(dataset(weapons=STANDARD_WEAPONS))
    assert w.loc["iskander-m-kn-23", "origin_label"] == "PRK/RUS"
    assert bool(w.loc["iskander-m-kn-23", "dprk_possible"]) and not bool(w.loc["iskander-m-kn-23", "dprk"])
    assert bool(w.loc["kn-23", "dprk"])
    assert w.loc["unknown-missile", "origin_label"] == "unknown"


def test_one_report_per_attack_and_weapon_most_complete_then_latest():
    ds = ds_with([
        ("2024-01-02", "main", "shahed", 35, None, "b"),   # later but incomplete
        ("2024-01-02", "main", "shahed", 35, 30, "a"),     # complete: chosen
        ("2024-01-02", "main", "kh-101", 70, 59, "c"),
        ("2024-01-02", "main", "kh-101", 72, 60, "b"),     # same completeness, later: chosen
        ("2024-01-02", "additional", "shahed", 10, 9, "c"),  # a separate attack: kept
    ])
    rows = volume.strike_rows(ds)
    got = {(r.attack, r.weapon_id): (r.launched, r.source_id) for r in rows.itertuples()}
    assert got == {("main", "kh-101"): (72, "b"), ("main", "shahed"): (35, "a"),
                   ("additional", "shahed"): (10, "c")}
    alt = volume.alternative_reports(ds.strikes, ds.sources, ["date", "attack", "weapon_id"])
    assert sorted(alt["source_id"]) == ["b", "c"]
    assert alt.set_index("source_id").loc["c", "chosen_launched"] == 72


def test_summary_sums_and_rate_treat_unknown_as_unknown():
    ds = ds_with([
        ("2024-01-01", "main", "shahed", 90, 87, "a"),
        ("2024-01-01", "main", "iskander-m", 4, None, "a"),   # no interception figure
        ("2024-01-02", "main", "kh-101", 70, 59, "a"),
        ("2024-01-03", "main", "iskander-m", 6, None, "a"),   # only unknowns that day
    ])
    daily = volume.summarise(volume.strike_rows(ds), "D")
    day1 = daily.loc[pd.Timestamp("2024-01-01")]
    assert (day1["launched"], day1["destroyed"], day1["launched_with_figure"], day1["launched_no_figure"]) == \
        (94, 87, 90, 4)
    assert day1["interception_rate"] == pytest.approx(87 / 90)
    day3 = daily.loc[pd.Timestamp("2024-01-03")]
    assert day3["launched"] == 6
    assert pd.isna(day3["destroyed"]) and pd.isna(day3["interception_rate"])


def test_weekly_and_monthly_periods_start_on_monday_and_the_first():
    ds = ds_with([
        ("2023-12-31", "main", "shahed", 49, 21, "a"),  # a Sunday
        ("2024-01-01", "main", "shahed", 90, 87, "a"),  # a Monday
        ("2024-01-08", "main", "shahed", 8, 8, "a"),
    ])
    weekly = volume.summarise(volume.strike_rows(ds), "W")
    assert list(weekly.index) == [pd.Timestamp("2023-12-25"), pd.Timestamp("2024-01-01"),
                                  pd.Timestamp("2024-01-08")]
    assert list(weekly["launched"]) == [49, 90, 8]
    monthly = volume.summarise(volume.strike_rows(ds), "M")
    assert list(monthly["launched"]) == [49, 98]
    with pytest.raises(ValueError, match="freq must be one of D, W, M"):
        volume.summarise(volume.strike_rows(ds), "Q")


def test_summary_by_class_and_filters():
    ds = ds_with([
        ("2024-01-02", "main", "kh-101", 70, 59, "a"),
        ("2024-01-02", "main", "shahed", 35, 35, "a"),
        ("2024-01-02", "main", "iskander-m-kn-23", 12, 0, "a"),
    ])
    by_class = volume.summarise(volume.strike_rows(ds), "D", by="weapon_class")
    assert by_class["launched"].droplevel(0).to_dict() == {"ballistic_missile": 12, "cruise_missile": 70,
                                                           "strike_drone": 35}
    only = volume.strike_rows(ds, classes=["ballistic_missile"], origins=["PRK/RUS"])
    assert list(only["weapon_id"]) == ["iskander-m-kn-23"]
    assert volume.strike_rows(ds, start="2024-01-03").empty


def test_interception_rate_is_never_a_division_by_zero():
    rate = volume.interception_rate(pd.Series([0, 5, None], dtype="Int64"), pd.Series([0, 10, None], dtype="Int64"))
    assert pd.isna(rate[0]) and rate[1] == 0.5 and pd.isna(rate[2])


def test_attack_sizes_prefer_report_totals_and_mark_dprk():
    ds = ds_with(
        [("2024-01-02", "main", "kh-101", 70, 59, "a"), ("2024-01-02", "main", "shahed", 35, 35, "a"),
         ("2024-01-05", "main", "shahed", 29, 21, "a"),
         ("2024-02-15", "main", "iskander-m-kn-23", 6, 1, "a")],
        [("2024-01-02", "main", "missiles", 99, 72, "a"), ("2024-01-02", "main", "drones", 35, 35, "a")],
        [("e1", "2024-01-02", "dprk_missile_use")],
    )
    sizes = volume.attack_sizes(ds).set_index("date")
    assert sizes.loc["2024-01-02", "launched"] == 134 and sizes.loc["2024-01-02", "destroyed"] == 107
    assert sizes.loc["2024-01-02", "basis"] == "report total"
    assert sizes.loc["2024-01-05", "basis"] == "sum of per-model rows"
    assert sizes.loc["2024-01-02", "dprk"] == "attributed"
    assert sizes.loc["2024-02-15", "dprk"] == "possible"
    assert sizes.loc["2024-01-05", "dprk"] == ""
    top = volume.largest_attacks(ds, top_n=2)
    assert list(top["rank"]) == [1, 2] and list(top["launched"]) == [134, 29]


def test_kind_totals_take_report_totals_over_an_incomplete_split():
    ds = ds_with(
        [("2023-12-29", "main", "kh-101", 90, None, "a"), ("2023-12-29", "main", "shahed", 36, 27, "a"),
         ("2024-01-01", "main", "iskander-m", 4, None, "a"), ("2024-01-01", "main", "shahed", 90, 87, "a")],
        [("2023-12-29", "main", "missiles", 122, 87, "b")],
    )
    kt = volume.kind_totals(ds).set_index(["date", "kind"])
    assert kt.loc[("2023-12-29", "missiles"), "launched"] == 122
    assert kt.loc[("2023-12-29", "missiles"), "basis"] == "report total"
    assert kt.loc[("2023-12-29", "drones"), "basis"] == "sum of per-model rows"
    assert pd.isna(kt.loc[("2024-01-01", "missiles"), "launched_with_figure"])
    summary = volume.summarise_kinds(volume.kind_totals(ds), "M")
    jan = summary.loc[(pd.Timestamp("2024-01-01"), "drones")]
    assert (jan["launched"], jan["destroyed"]) == (90, 87)
    dec = summary.loc[(pd.Timestamp("2023-12-01"), "missiles")]
    assert dec["interception_rate"] == pytest.approx(87 / 122)
    assert pd.isna(summary.loc[(pd.Timestamp("2024-01-01"), "missiles"), "interception_rate"])
