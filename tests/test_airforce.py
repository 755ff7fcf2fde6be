"""Reading the public Air Force attack table: every trait of the real file, on a hand-written
fixture row by row, then on the real file when it is there."""

from __future__ import annotations

import csv
import os
from collections import Counter

import pandas as pd
import pytest
from conftest import EXTERNAL, FIXTURES, ROOT

import helpers.data
from helpers import airforce, reconcile

DS = helpers.data.load()
AF = FIXTURES / "airforce"


def read(name):
    return airforce.read(AF / name, DS.model_aliases, DS.weapons)


def test_fixture_load_report_counts_every_trait():
    rows, report = read("attacks.csv")
    assert report.counts() == {
        "rows read": 9,
        "exact duplicates removed": 1,
        "rows kept": 8,
        "rows with a label not mapped to a weapon (kept, not summed)": 1,
        "rows with a combined label (several weapons, counts not split)": 1,
        "windows longer than two days": 1,
        "destroyed more than launched": 1,
        "launched empty": 1,
        "destroyed empty": 1,
        "times that do not parse": 1,
        "counts that are not numbers (not summed)": 0,
        "counts that are not finite (not summed)": 0,
        "counts that are negative (not summed)": 0,
        "counts that are not whole numbers (not summed)": 1,
        "counts that are above 10,000 (not summed)": 0,
    }
    assert list(report.duplicates.index) == [3]
    assert list(report.unmapped.index) == ["Orlan-10"]
    assert report.combined.loc["X-101/X-555 and Kalibr", "weapon_ids"] == "kh-101;kalibr"
    assert list(report.long_windows.index) == [7]
    assert list(report.destroyed_over_launched.index) == [8]
    assert list(report.bad_times.index) == [10]
    assert report.bad_counts.reset_index().values.tolist() == [
        [9, "Shahed-136/131", "launched", "10.5", "not a whole number"]]


def test_fixture_rows_are_mapped_row_by_row():
    rows, _ = read("attacks.csv")
    got = [(r.row, r.date.strftime("%Y-%m-%d"), None if pd.isna(r.weapon_id) else r.weapon_id,
            None if pd.isna(r.launched) else int(r.launched), None if pd.isna(r.destroyed) else int(r.destroyed),
            r.source_id) for r in rows.itertuples()]
    assert got == [
        (2, "2024-01-02", "shahed", 35, 35, "kpszsu/posts/p1"),             # overnight: the morning's date
        (4, "2024-01-02", "kh-101+kalibr", 73, 62, "kpszsu/posts/p2"),      # combined label kept whole
        (5, "2024-01-02", "iskander-m-kn-23", 12, None, "kpszsu/posts/p2"),  # empty destroyed stays unknown
        (6, "2024-01-02", None, 3, 3, "kpszsu/posts/p3"),                    # unmapped: kept, listed
        (7, "2024-01-08", "unknown-drone", None, 1, "kpszsu/posts/p4"),      # stray spaces, long window
        (8, "2024-01-08", "kh-47m2", 4, 5, "kpszsu/posts/p5"),               # 3:30 parses; 5 > 4 listed
        (9, "2024-01-10", "shahed", None, 2, "kpszsu/posts/p6"),             # 10.5 is not a count: unknown
        (10, "2024-01-10", "kalibr", 2, 2, "kpszsu/posts/p7"),               # end unreadable: start's date
    ]


def test_older_release_columns_are_found_by_name():
    rows, report = read("older-release.csv")
    assert report.rows_kept == 2
    assert list(rows["date"].dt.strftime("%Y-%m-%d")) == ["2023-01-02", "2022-12-29"]
    assert list(rows["source_id"]) == ["(no post id)", "(no post id)"]


def test_missing_required_column_is_named():
    with pytest.raises(airforce.AirForceTableError) as info:
        read("no-destroyed.csv")
    assert str(info.value) == ("no-destroyed.csv: required column(s) missing: destroyed "
                               "(the file has: time_start, time_end, model, launched)")


def test_missing_file():
    with pytest.raises(airforce.AirForceTableError, match="file not found"):
        read("nothing-here.csv")


def test_as_dataset_summarises_combined_labels_and_leaves_unmapped_out():
    from helpers import strikes

    rows, _ = read("attacks.csv")
    variant = airforce.as_dataset(DS, rows)
    kt = strikes.kind_totals(variant, "2024-01-02", "2024-01-02").set_index("kind")
    assert kt.loc["missiles", "launched"] == 73 + 12 and kt.loc["drones", "launched"] == 35
    w = variant.weapons.set_index("weapon_id")
    assert w.loc["kh-101+kalibr", "weapon_class"] == "cruise_missile"


def test_reconcile_lists_pairs_both_cover():
    rows, _ = read("attacks.csv")
    rec = reconcile.reconcile(DS, airforce.as_dataset(DS, rows), "2024-01-02", "2024-01-02")
    got = rec.set_index("weapon_class")
    # curated, 2 Jan 2024: 35 Shaheds (all shot down); the fixture agrees
    assert got.loc["strike_drone", "curated_launched"] == 35
    assert got.loc["strike_drone", "launched_difference"] == 0
    # curated cruise missiles that day: Kh-101 70 + Kalibr 3; the fixture's combined label says 73
    assert got.loc["cruise_missile", "curated_launched"] == 73
    assert got.loc["cruise_missile", "external_launched"] == 73


def test_invalid_counts_are_listed_and_never_summed():
    """Each kind of invalid count, one per row of the fixture: listed with row, column, value and
    problem, empty in the rows, and left out of every total."""
    rows, report = read("bad-counts.csv")
    assert report.bad_counts.reset_index().values.tolist() == [
        [3, "Kalibr", "launched", "-500", "negative"],
        [4, "X-101/X-555", "launched", "inf", "not finite"],
        [5, "X-22", "launched", "nan", "not a number"],
        [6, "Iskander-M/KN-23", "launched", "1e400", "not finite"],
        [6, "Iskander-M/KN-23", "destroyed", "-inf", "not finite"],
        [7, "X-59", "launched", "many", "not a number"],
        [8, "Iskander-K", "launched", "9223372036854775800", "above 10,000"],
        [8, "Iskander-K", "destroyed", "12.5", "not a whole number"],
        [9, "X-31P", "launched", "10001", "above 10,000"],
    ]
    counts = report.counts()
    assert [counts[f"counts that are {k} (not summed)"] for k in
            ("not numbers", "not finite", "negative", "not whole numbers", "above 10,000")] == [2, 3, 1, 1, 2]
    got = {r.row: (None if pd.isna(r.launched) else int(r.launched), None if pd.isna(r.destroyed)
                   else int(r.destroyed)) for r in rows.itertuples()}
    assert got == {2: (35, 30), 3: (None, 2), 4: (None, 3), 5: (None, None), 6: (None, None), 7: (None, 1),
                   8: (None, None), 9: (None, 10000), 10: (4, 4)}  # 10,000 itself is the bound, still valid
    assert str(rows["launched"].dtype) == "Int64"
    assert int(rows["launched"].sum()) == 35 + 4
    assert counts["destroyed more than launched"] == 0  # an invalid launched is unknown, not a comparison


def test_the_bound_is_the_descriptors():
    bound = DS.package.resource("strikes").field("launched").constraints["maximum"]
    assert airforce.count_bound(DS.package) == airforce.count_bound() == bound
    rows, report = airforce.read(AF / "bad-counts.csv", DS.model_aliases, DS.weapons, max_count=30)
    assert report.counts()["counts that are above 30 (not summed)"] == 4  # 35, 10001, 9223372036854775800, 10000
    assert pd.isna(rows.loc[rows["row"] == 2, "launched"]).all()


def test_invalid_counts_stay_out_of_the_summaries():
    from helpers import strikes

    variant, rows, report = airforce.load(DS, AF / "bad-counts.csv")
    kt = strikes.kind_totals(variant, "2024-01-02", "2024-01-02").set_index("kind")
    assert kt.loc["missiles", "launched"] == 4 and kt.loc["drones", "launched"] == 35
    assert report.max_count == 10_000


REAL = EXTERNAL / "missile_attacks_daily.csv"
needs_real = pytest.mark.skipif(not REAL.exists() and os.environ.get("CI", "").lower() not in ("1", "true"),
                                reason="the public attack table is not beside this clone (../shared/external/); "
                                       "CI has it")


@needs_real
def test_real_file_rows_duplicates_unmapped_and_january_2024():
    rows, report = airforce.read(REAL, DS.model_aliases, DS.weapons)
    with REAL.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    assert report.rows_read == len(records)
    seen = Counter(tuple(r.values()) for r in records)
    assert len(report.duplicates) == sum(n - 1 for n in seen.values())
    with (ROOT / "data" / "model_aliases.csv").open(encoding="utf-8", newline="") as fh:
        aliases = {r["label"]: r["weapon_ids"] for r in csv.DictReader(fh)}
    labels = Counter(r["model"].strip() for r in records)
    unmapped = {label for label in labels if not aliases.get(label)}
    assert set(report.unmapped.index) == unmapped
    # total launched in January 2024: attack date by the morning of the report (time_end's date),
    # every mapped label, combined ones included, counted independently from the raw text
    jan = 0
    for r in dict.fromkeys(tuple(r.items()) for r in records):
        r = dict(r)
        day = (r["time_end"].strip() or r["time_start"].strip())[:10]
        if day.startswith("2024-01") and aliases.get(r["model"].strip()) and r["launched"].strip():
            jan += int(float(r["launched"]))
    mapped = rows[rows["weapon_id"].notna() & (rows["date"].dt.strftime("%Y-%m") == "2024-01")]
    assert int(mapped["launched"].sum()) == jan > 0


def test_load_report_html_lists_the_invalid_counts():
    from helpers import strikes

    _, report = read("bad-counts.csv")
    html = strikes.load_report_html(report)
    assert "Counts that are not valid" in html
    assert "9223372036854775800" in html and "above 10,000" in html and "-500" in html
