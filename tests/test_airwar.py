"""The whole air war (notebook 06): figures checked row by row on a hand-made table."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.pages import airwar
from helpers.stats import wilson


def frame() -> pd.DataFrame:
    """Six rows in January and March 2024 (February has none), three classes."""
    rows = [
        # date, attack, class, launched, destroyed, lost, source, launch place, carrier, target
        ("2024-01-02", "a1", "ballistic missiles", 10, 2, 1, "p1", "Kursk oblast", None, "Kyiv"),
        ("2024-01-02", "a1", "cruise missiles", 70, 59, None, "p1", "Engels and Caspian Sea", "Tu-95MS", "Ukraine"),
        ("2024-01-02", "a1", "strike drones", 35, 35, 0, "p1", "Primorsko-Akhtarsk", None, "Kharkiv oblast"),
        ("2024-01-08", "a2", "ballistic missiles", 4, 0, None, "p2", "Crimea", None, "Kharkiv oblast and Kyiv"),
        ("2024-03-21", "a3", "cruise missiles", 29, 29, None, "p3", "Engels", "Tu-95MS", "Kyiv"),
        ("2024-03-21", "a3", "strike drones", 20, 12, 5, "p3", None, None, "south"),
    ]
    df = pd.DataFrame(rows, columns=["date", "attack", "class", "launched", "destroyed", "not_reach_goal", "source_id",
                                     "launch_place", "carrier", "target"])
    df["date"] = pd.to_datetime(df["date"])
    df["weapon_class"] = df["class"].map({"ballistic missiles": "ballistic_missile",
                                          "cruise missiles": "cruise_missile", "strike drones": "strike_drone"})
    df["class"] = pd.Categorical(df["class"], categories=airwar.CLASS_ORDER)
    df["reporter"] = "air_force"
    df["label"] = df["class"].astype("string")
    for c in ("launched", "destroyed", "not_reach_goal"):
        df[c] = df[c].astype("Int64")
    return df


def p(definition="shot_down", freq="M", classes=()):
    return airwar.parameters("2024-01-01", "2024-03-31", freq, list(classes), definition, 10)


def test_every_period_is_kept_and_empty_ones_say_no_record():
    out = airwar.by_period(frame(), p())
    assert sorted(out["period"].dt.strftime("%Y-%m").unique()) == ["2024-01", "2024-02", "2024-03"]
    feb = out[out["period"] == "2024-02-01"]
    assert len(feb) == len(airwar.STRIKE_CLASSES) and not feb["record"].any()
    assert feb["launched"].isna().all()  # no record is unknown, not zero


def test_sums_and_both_rate_definitions_row_by_row():
    jan = airwar.by_period(frame(), p()).set_index(["period", "class"]).loc["2024-01-01"]
    bal = jan.loc["ballistic missiles"]
    assert (bal["launched"], bal["destroyed"], bal["lost"]) == (14, 2, 1)
    assert bal["rate"] == pytest.approx(2 / 14)
    low, high = wilson(2, 14)
    assert bal["rate_low"] == pytest.approx(low) and bal["rate_high"] == pytest.approx(high)
    assert bool(bal["rate_shown"])  # 14 launched with a figure: at least the threshold of 10
    lost = airwar.by_period(frame(), p("shot_down_or_lost")).set_index(["period", "class"]).loc["2024-01-01"]
    assert lost.loc["ballistic missiles", "rate"] == pytest.approx(3 / 14)  # 2 shot down + 1 lost; a2 reports none
    assert lost.loc["strike drones", "rate"] == pytest.approx(35 / 35)
    mar = airwar.by_period(frame(), p("shot_down_or_lost")).set_index(["period", "class"]).loc["2024-03-01"]
    assert mar.loc["strike drones", "rate"] == pytest.approx(17 / 20)
    assert int(mar.loc["strike drones", "rows_with_lost"]) == 1


def test_rates_from_few_weapons_are_hidden_but_kept():
    weekly = airwar.by_period(frame(), p(freq="W")).set_index(["period", "class"])
    row = weekly.loc[(pd.Timestamp("2024-01-08"), "ballistic missiles")]
    assert int(row["launched"]) == 4 and row["rate"] == 0 and not bool(row["rate_shown"])


def test_monthly_by_class_record_has_the_agreed_columns():
    rec = airwar.monthly_by_class(frame(), p())
    assert list(rec.columns) == ["period", "class", "launched", "destroyed", "lost", "rate", "rate_low", "rate_high"]
    assert len(rec) == 5  # Jan: ballistic, cruise, drones; Mar: cruise, drones


def test_rolling_four_week_rate_sums_the_last_four_weeks():
    roll = airwar.rolling(frame(), p()).set_index(["period", "class"])
    # week of 8 Jan: ballistic 10 (2 down) + 4 (0 down) over the last four weeks
    row = roll.loc[(pd.Timestamp("2024-01-08"), "ballistic missiles")]
    assert (int(row["launched_with_figure"]), int(row["intercepted"])) == (14, 2)
    later = roll.loc[(pd.Timestamp("2024-02-05"), "ballistic missiles")]  # the 2 Jan week has left the window
    assert int(later["launched_with_figure"]) == 0 and pd.isna(later["rate"])


def test_change_table_compares_each_period_with_the_one_before():
    change = airwar.change_table(airwar.by_period(frame(), p())).set_index("period")
    assert int(change.loc["2024-01-01", "launched"]) == 119
    assert pd.isna(change.loc["2024-02-01", "launched"]) and not change.loc["2024-02-01", "record"]
    assert pd.isna(change.loc["2024-03-01", "change"])  # against a period with no record: no change computed


def test_largest_attacks_mark_the_curated_dprk_days():
    top = airwar.attacks(frame(), p(), dprk_dates=[pd.Timestamp("2024-01-02")])
    assert list(top["date"].dt.strftime("%Y-%m-%d")) == ["2024-01-02", "2024-03-21", "2024-01-08"]
    assert list(top["launched"]) == [115, 49, 4]
    assert list(top["rows"]) == [3, 2, 1]
    assert list(top["dprk_attributed"]) == [True, False, False]


def _night(rows) -> pd.DataFrame:
    """Rows of the table as the reader gives them: date, window, label, class id, counts, post, reporter."""
    df = pd.DataFrame(rows, columns=["date", "attack", "label", "weapon_class", "launched", "destroyed",
                                     "not_reach_goal", "source_id", "reporter"])
    df["date"] = pd.to_datetime(df["date"])
    df["class"] = pd.Categorical(df["weapon_class"].map(airwar.CLASS_OF), categories=airwar.CLASS_ORDER)
    for c in ("launched", "destroyed", "not_reach_goal"):
        df[c] = df[c].astype("Int64")
    return df


NIGHT = [  # one national post with three windows, a regional post repeating part of it, and the next night
    ("2025-09-07", "2025-09-06 18:00 to 2025-09-07 09:00", "Shahed-136/131", "strike_drone", 810, 747, 54,
     "kpszsu/posts/n1", "air_force"),
    ("2025-09-07", "2025-09-07 03:00 to 2025-09-07 06:00", "X-101/X-555", "cruise_missile", 9, 4, None,
     "kpszsu/posts/n1", "air_force"),
    ("2025-09-07", "2025-09-07 04:00 to 2025-09-07 05:00", "Iskander-M/KN-23", "ballistic_missile", 4, 0, None,
     "kpszsu/posts/n1", "air_force"),
    ("2025-09-07", "2025-09-06 19:00 to 2025-09-07 08:00", "Shahed-136/131", "strike_drone", 120, 110, None,
     "PvKPivden/posts/s1", "air_command_south"),
    ("2025-09-08", "2025-09-07 18:00 to 2025-09-08 08:00", "Shahed-136/131", "strike_drone", 142, 120, None,
     "kpszsu/posts/n2", "air_force"),
]


def test_a_post_with_three_windows_is_one_attack_and_regional_posts_are_left_out():
    night = _night(NIGHT)
    window = airwar.parameters("2025-09-01", "2025-09-30", "M", [], "shot_down_or_lost", 10)
    top = airwar.attacks(night, window)
    assert list(top["launched"]) == [823, 142]  # 810 + 9 + 4 in one report; the southern command's 120 not added
    assert top.iloc[0]["window"] == "2025-09-06 18:00 to 2025-09-07 09:00"
    assert top.iloc[0]["rows"] == 3 and top.iloc[0]["kn23_label"] and not top.iloc[1]["kn23_label"]
    everyone = airwar.parameters("2025-09-01", "2025-09-30", "M", [], "shot_down_or_lost", 10,
                                 ["air_force", "air_command_south"])
    assert list(airwar.attacks(night, everyone)["launched"]) == [823, 142, 120]  # each post its own report
    summary = airwar.reporter_summary(night, window).set_index("reporter")
    assert summary.loc["the Air Force's national reports", ["rows", "reports", "launched", "counted"]].tolist() == \
        [4, 2, 965, True]
    assert summary.loc["the southern air command", ["rows", "reports", "launched", "counted"]].tolist() == \
        [1, 1, 120, False]
    with pytest.raises(airwar.params.ParameterError, match="'south' is unknown; choose from 'air_force', "):
        airwar.parameters("2025-09-01", "2025-09-30", "M", [], "shot_down", 10, ["south"])


def test_rates_count_national_posts_only_by_default_under_both_definitions():
    night = _night(NIGHT)
    air_force = airwar.by_period(night, airwar.parameters("2025-09-01", "2025-09-30", "M", [], "shot_down_or_lost",
                                                          10)).set_index("class")
    drones = air_force.loc["strike drones"]
    assert (drones["launched"], drones["destroyed"], drones["lost"]) == (952, 867, 54)
    assert drones["rate"] == pytest.approx((867 + 54) / 952)
    strict = airwar.by_period(night, airwar.parameters("2025-09-01", "2025-09-30", "M", [], "shot_down", 10))
    assert strict.set_index("class").loc["strike drones", "rate"] == pytest.approx(867 / 952)


def test_partial_periods_are_marked_and_get_no_change():
    rows = [(d, f"{d} to {d}", "Shahed-136/131", "strike_drone", n, n, None, f"kpszsu/posts/{d}", "air_force")
            for d, n in (("2024-01-20", 10), ("2024-02-05", 40), ("2024-03-10", 30), ("2024-04-03", 5))]
    table = _night(rows)  # the table runs from 20 Jan to 3 Apr
    periods = airwar.by_period(table, airwar.parameters("2024-01-01", "2024-04-30", "M", [], "shot_down", 10))
    partial = periods.groupby("period")["partial"].any()
    assert partial.tolist() == [True, False, False, True]  # January and April hold part of a month of the table
    change = airwar.change_table(periods).set_index("period")
    assert pd.isna(change.loc["2024-02-01", "change"])  # from a partial month: none
    assert int(change.loc["2024-03-01", "change"]) == -10 and change.loc["2024-03-01", "change_share"] == -0.25
    assert pd.isna(change.loc["2024-04-01", "change"]) and pd.isna(change.loc["2024-04-01", "change_share"])
    inside = airwar.by_period(table, airwar.parameters("2024-02-01", "2024-03-31", "M", [], "shot_down", 10))
    assert not inside["partial"].any()  # whole months of both the window and the table


def test_launch_places_and_carriers_are_split_and_ranked():
    places = airwar.ranked(frame(), p(), "launch_place").set_index("launch_place")
    assert int(places.loc["Engels", "launched"]) == 99 and int(places.loc["Engels", "rows"]) == 2
    assert int(places.loc["Caspian Sea", "launched"]) == 70
    carriers = airwar.ranked(frame(), p(), "carrier")
    assert list(carriers["carrier"]) == ["Tu-95MS"] and int(carriers["launched"][0]) == 99


def test_target_oblasts_and_the_share_placed():
    def oblast_of(name):
        return {"Kyiv": "Kyiv City", "Kharkiv oblast": "Kharkiv Oblast"}.get(name.strip())

    counts, share = airwar.target_oblasts(frame(), p(), oblast_of)
    assert dict(zip(counts["oblast"], counts["rows"], strict=True)) == {"Kyiv City": 3, "Kharkiv Oblast": 2}
    assert share == {"rows": 6, "placed": 4, "share_placed": pytest.approx(4 / 6)}


def test_parameters_name_the_bad_value():
    from helpers.params import ParameterError

    with pytest.raises(ParameterError, match="rate_definition"):
        airwar.parameters("2024-01-01", "2024-03-31", "M", [], "intercepted", 10)
    with pytest.raises(ParameterError, match="'D' is not allowed: one of 'W', 'M'"):
        airwar.parameters("2024-01-01", "2024-03-31", "D", [], "shot_down", 10)


def test_weapon_classes_takes_the_schemas_class_ids_as_notebook_02_does():
    chosen = p(classes=["anti_ship_missile"])
    assert chosen.classes == ["anti-ship missiles"] and chosen.class_ids == ("anti_ship_missile",)
    assert airwar.in_window(frame(), chosen).empty  # the cruise_missile rows are another class
    assert len(airwar.in_window(frame(), p(classes=["cruise_missile"]))) == 2
    with pytest.raises(airwar.params.ParameterError) as info:
        p(classes=["ballistic missiles"])
    assert str(info.value) == ("parameter 'weapon_classes' = 'ballistic missiles' is not allowed: 'ballistic missiles' "
                               "is the label pages show; write the class id 'ballistic_missile'")
    with pytest.raises(airwar.params.ParameterError) as info:
        p(classes=["reconnaissance_drone"])
    assert "'reconnaissance_drone' is unknown; choose from 'ballistic_missile', " in str(info.value)


def test_periods_are_named_the_same_way_on_every_page():
    """The table page's change table names a week as the curated page does: by its days inside the window."""
    from helpers.strikes import period_labels

    weeks = pd.to_datetime(["2023-11-27", "2023-12-04", "2024-02-26"])
    assert period_labels(weeks, pd.Timestamp("2023-12-01"), pd.Timestamp("2024-02-29"), "W") == [
        "1–3 Dec 2023", "4–10 Dec 2023", "26–29 Feb 2024"]
    months = pd.to_datetime(["2022-09-01", "2026-09-01"])
    assert period_labels(months, pd.Timestamp("2022-09-01"), pd.Timestamp("2026-09-30"), "M") == [
        "Sep 2022", "Sep 2026"]


def test_the_latest_change_compares_whole_periods_and_says_what_was_withheld():
    import pandas as pd

    from helpers.pages import airwar

    periods = pd.DataFrame({
        "period": pd.to_datetime(["2026-06-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01"]),
        "class": ["cruise missiles", "strike drones", "strike drones", "strike drones", "strike drones"],
        "launched": pd.array([100, 4_900, 5_289, 5_175, 3_989], dtype="Int64"),
        "record": [True, True, True, True, True],
        "partial": [False, False, False, False, True],  # September is cut by the table: never "a fall"
    })
    change = airwar.latest_change(periods)
    assert change == {"period": pd.Timestamp("2026-08-01"), "launched": 5_175,
                      "previous": pd.Timestamp("2026-07-01"), "before": 5_289, "withheld": 0}
    assert airwar.latest_change(periods.iloc[:1]) is None  # one whole period: no change to state
