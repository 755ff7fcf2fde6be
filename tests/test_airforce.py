"""Reading the public Air Force attack table: every trait of the real file, on a hand-written
fixture row by row, then on the real file when it is there."""

from __future__ import annotations

import ast
import csv
import json
import shutil
import subprocess
import sys
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import CURRENT_TABLE, FIXTURES, MODELS_TABLE, PREVIOUS_TABLE, ROOT

import helpers.data
from helpers.pages import reconcile
from helpers.table import airforce, csvfast

DS = helpers.data.load()
AF = FIXTURES / "airforce"
CURRENT_HEADER = CURRENT_TABLE.open(encoding="utf-8").readline() if CURRENT_TABLE.exists() else ""


def read(name):
    return airforce.read(AF / name, DS.model_aliases, DS.weapons)


def test_fixture_load_report_counts_every_trait():
    rows, report = read("attacks.csv")
    assert report.counts() == {
        "rows read": 9,
        "exact duplicates removed": 1,
        "rows kept": 8,
        "rows with a label not mapped to a weapon (kept, not summed)": 0,
        "rows with a combined label (several weapons, counts not split)": 1,
        "windows longer than two days": 1,
        "destroyed more than launched": 1,
        "rows whose counts the Air Force withheld (status_data = hidden: unknown, not 0)": 0,
        "sub-types counted inside a row's figure (destroyed_types; listed, not added)": 0,
        "rows of other reporters, left out (regional air commands and others)": 0,  # read() counts no reporter
        "launched empty": 1,
        "destroyed empty": 1,
        "times that do not parse": 1,
        "windows that end before they start (not summed)": 0,
        "windows that lie in the future (not summed)": 0,
        "windows longer than 7 days (not summed)": 0,
        "sources that are not an Air Force post id (read as none)": 0,
        "counts that are not numbers (not summed)": 0,
        "counts that are not finite (not summed)": 0,
        "counts that are negative (not summed)": 0,
        "counts that are not whole numbers (not summed)": 1,
        "counts that are above 10,000 (not summed)": 0,
        "border crossings that do not parse (kept as text)": 0,
        "border crossings into another country (kept as text, no column)": 0,
        "affected regions that do not parse (kept as text)": 0,
        "optional columns this release does not have (left empty)": 10,
    }
    assert list(report.duplicates.index) == [3]
    assert list(report.unmapped.index) == []  # Orlan-10 is a reconnaissance drone now, mapped
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
        (6, "2024-01-02", "orlan-10", 3, 3, "kpszsu/posts/p3"),              # a reconnaissance drone
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
    # the Orlan-10 shot down that day (3) is a reconnaissance drone: in neither total
    assert kt.loc["missiles", "launched"] == 73 + 12 and kt.loc["drones", "launched"] == 35
    assert set(kt.index) == {"missiles", "drones"}
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


REAL = PREVIOUS_TABLE  # the February 2026 release, which the curated record cites
needs_real = pytest.mark.needs_table


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


# ---------------------------------------------------------------- the rest of the table


def _cell(value):
    return None if pd.isna(value) else (int(value) if isinstance(value, (int, np.integer)) else value)


def test_full_release_keeps_every_column_row_by_row():
    """A release with every column of the current table: each count column as whole numbers (invalid
    cells empty), the border-crossing mapping per country, the text trimmed, row by row."""
    rows, _ = read("full-release.csv")
    counts = ["not_reach_goal", "still_attacking", "num_hit_location", "crossed_into_belarus", "crossed_into_russia"]
    got = {r["row"]: tuple(_cell(r[c]) for c in counts) for _, r in rows.iterrows()}
    assert got == {
        2: (26, 1, 7, 2, None),          # {'belarus': 2.0}: russia not named, so not known (not 0)
        3: (None, None, 3, None, None),  # {}: nothing said
        4: (115, None, None, 1, 3),      # {'belarus': 1.0, 'russia': 3.0}
        5: (0, None, None, None, None),  # {'poland': 8}: no column for Poland (listed)
        6: (None, None, None, None, None),  # 2.5, "many", -3 and {'belarus': -1}: invalid, listed
        7: (None, None, None, None, None),  # a country named twice: not parsed, listed
        8: (None, None, None, None, None),  # code where a count should be: not parsed, listed
        9: (None, None, None, None, None), 10: (1, None, None, None, None), 11: (None, None, None, None, None),
        12: (None, None, None, None, None), 13: (None, None, None, None, None), 15: (None, None, 3, None, None),
    }
    for column in [*counts, "cross_border_belarus", "back_russia", "launched", "destroyed"]:
        assert str(rows[column].dtype) == "Int64", column
    assert rows["cross_border_belarus"].isna().all() and rows["back_russia"].isna().all()  # not in this release
    text = rows.set_index("row")[["carrier", "launch_place", "target", "target_main", "affected_region"]]
    assert text.loc[2].tolist() == [pd.NA, "Kursk oblast and Primorsko-Akhtarsk", "Ukraine", pd.NA,
                                    "['Kharkiv oblast', 'Kyiv', 'Lutsk oblast']"]
    assert text.loc[3].tolist() == ["11 x Tu-95MS", "Caspian Sea", "Ukraine", "Kyiv", pd.NA]
    assert text.loc[10, "carrier"] == "Su-34"  # " Su-34 " trimmed
    assert text.loc[6, "affected_region"] == "Kharkiv oblast"  # kept as written, listed as not a list
    assert list(rows["border_crossing"].astype("string").fillna("")[:3]) == [
        "{'belarus': 2.0}", "{}", "{'belarus': 1.0, 'russia': 3.0}"]
    for column in ["carrier", "launch_place", "target", "target_main", "affected_region", "border_crossing"]:
        assert isinstance(rows[column].dtype, pd.CategoricalDtype), column
    assert list(rows.columns) == airforce.COLUMNS


def test_full_release_load_report_lists_every_oddity():
    rows, report = read("full-release.csv")
    assert report.columns_missing == ["cross_border_belarus", "back_russia"]
    # row 14 repeats row 3 in every column; row 15 differs from it only in destroyed_details, a
    # column the reader does not keep: still a row of its own
    assert list(report.duplicates.index) == [14]
    assert 15 in set(rows["row"])
    assert report.bad_counts.reset_index().values.tolist() == [
        [6, "Shahed-136/131", "not_reach_goal", "2.5", "not a whole number"],
        [6, "Shahed-136/131", "still_attacking", "many", "not a number"],
        [6, "Shahed-136/131", "num_hit_location", "-3", "negative"],
        [6, "Shahed-136/131", "crossed_into_belarus", "-1", "negative"],
    ]
    assert report.odd_text.reset_index().values.tolist() == [
        [5, "Shahed-136/131", "border_crossing", "{'poland': 8}", airforce.BORDER_OTHER],
        [6, "Shahed-136/131", "affected_region", "Kharkiv oblast", airforce.REGIONS_UNPARSED],
        [7, "Shahed-136/131", "border_crossing", "{'belarus': 2.0, 'belarus': 1.0}", airforce.BORDER_UNPARSED],
        [7, "Shahed-136/131", "affected_region", "['Sumy oblast'", airforce.REGIONS_UNPARSED],
        [8, "Shahed-136/131", "border_crossing", "{'russia': __import__('os').getpid()}", airforce.BORDER_UNPARSED],
        [8, "Shahed-136/131", "affected_region", "['Odesa oblast'] + ['x']", airforce.REGIONS_UNPARSED],
    ]
    counts = report.counts()
    assert (counts["border crossings that do not parse (kept as text)"],
            counts["border crossings into another country (kept as text, no column)"],
            counts["affected regions that do not parse (kept as text)"],
            counts["optional columns this release does not have (left empty)"]) == (2, 1, 3, 2)
    assert (counts["counts that are not numbers (not summed)"], counts["counts that are negative (not summed)"],
            counts["counts that are not whole numbers (not summed)"]) == (1, 2, 1)
    assert list(report.unmapped.index) == ["Картограф"]
    assert report.combined["weapon_ids"].to_dict() == {"Shahed-136/131 and Lancet": "shahed;lancet",
                                                       "Orlan-10 and ZALA": "orlan-10;zala"}


def test_older_release_with_belarus_and_russia_columns():
    """The 2023 layout: crossings into Belarus and back to Russia as columns of their own."""
    rows, report = read("release-2023.csv")
    got = [(r.row, _cell(r.not_reach_goal), _cell(r.cross_border_belarus), _cell(r.back_russia),
            _cell(r.carrier)) for r in rows.itertuples()]
    assert got == [(2, None, None, None, "Tu-95MS"), (3, None, None, None, None), (4, 2, 1, 1, None),
                   (5, None, None, 0, None)]  # 1.5 drones into Belarus: not a count, listed
    assert report.bad_counts.reset_index().values.tolist() == [
        [5, "Shahed-136/131", "cross_border_belarus", "1.5", "not a whole number"]]
    assert report.columns_missing == ["still_attacking", "num_hit_location", "num_fall_fragment_location",
                                      "target_main", "affected_region", "border_crossing"]
    assert rows["crossed_into_belarus"].isna().all() and rows["border_crossing"].isna().all()


def test_a_release_without_the_optional_columns_still_reads():
    rows, report = read("older-release.csv")
    assert report.columns_missing == [c for c in airforce.OPTIONAL if c != "affected_region"]
    assert list(rows.columns) == airforce.COLUMNS
    for column in [*airforce.COUNT_COLUMNS, *airforce.BORDER_COUNTRIES.values()]:
        assert str(rows[column].dtype) == "Int64" and rows[column].isna().all(), column
    for column in airforce.TEXT_COLUMNS:
        assert isinstance(rows[column].dtype, pd.CategoricalDtype) and rows[column].isna().all(), column


def test_threaded_and_chunked_parse_give_the_same_rows(monkeypatch):
    """Forced onto the threaded path (each thread parses some of the columns of every row) and into
    chunks of four rows (whose categories are then united), the reader returns exactly what one
    parse of the whole file returns."""
    one_rows, one_report = read("full-release.csv")
    monkeypatch.setattr(csvfast, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(csvfast, "_cores", lambda: 3)
    monkeypatch.setattr(csvfast, "CHUNK_ROWS", 4)
    rows, report = read("full-release.csv")
    pd.testing.assert_frame_equal(rows, one_rows)
    assert report.counts() == one_report.counts()
    for listing in ("duplicates", "bad_counts", "odd_text", "unmapped", "combined"):
        pd.testing.assert_frame_equal(getattr(report, listing), getattr(one_report, listing))


@pytest.mark.parametrize("chunk_rows", [csvfast.CHUNK_ROWS, 2])
def test_cells_that_are_all_numbers_keep_their_text(tmp_path, monkeypatch, chunk_rows):
    """pandas would read a column of numbers as numbers: "1" and "1.0" as one value (two rows that
    differ would pass for duplicates), "1e400" as inf, and a chunk of numbers could not be united
    with a chunk holding a text. Read in one chunk and in chunks of two rows, the text stays."""
    monkeypatch.setattr(csvfast, "CHUNK_ROWS", chunk_rows)
    table = tmp_path / "numbers.csv"
    table.write_text("time_start,time_end,model,launched,destroyed,carrier\n"
                     "2025-01-01,2025-01-01,Lancet,1,1.0,12\n"
                     "2025-01-01,2025-01-01,Lancet,1.0,1.0,12.0\n"
                     "2025-01-02,2025-01-02,Lancet,1e400,1.0,7\n"
                     "2025-01-02,2025-01-02,Lancet,many,1.0,7\n", encoding="utf-8")
    rows, report = airforce.read(table, DS.model_aliases, DS.weapons)
    assert report.duplicates.empty and len(rows) == 4
    assert report.bad_counts.reset_index().values.tolist() == [
        [4, "Lancet", "launched", "1e400", "not finite"], [5, "Lancet", "launched", "many", "not a number"]]
    assert list(rows["carrier"].astype("string")) == ["12", "12.0", "7", "7"]
    assert [_cell(v) for v in rows["launched"]] == [1, 1, None, None]


def test_a_table_with_a_header_and_no_rows_is_refused_by_name(tmp_path):
    """No release is empty: a header without rows (a failed export) is an error before any parsing, not a page
    of zeros (it was an IndexError inside pandas for the current release's header)."""
    table = tmp_path / "empty.csv"
    header = CURRENT_HEADER if CURRENT_TABLE.exists() else "time_start,time_end,model,launched,destroyed\n"
    for text in (header, header + "\n\n"):
        table.write_text(text, encoding="utf-8")
        with pytest.raises(airforce.AirForceTableError) as info:
            airforce.read(table, DS.model_aliases, DS.weapons)
        assert str(info.value) == ("empty.csv: has a header but no rows; a release of the table has one row per "
                                   "weapon model per report")


# ---------------------------------------------------------------- text that looks like Python


def test_regions_parses_quoted_names():
    assert airforce.regions("['Kharkiv oblast', 'Kyiv', 'Lutsk oblast']") == ["Kharkiv oblast", "Kyiv", "Lutsk oblast"]
    assert airforce.regions('["Kyiv", \'Sumy oblast\' ,]') == ["Kyiv", "Sumy oblast"]
    assert airforce.regions("['O\\'Hare', \"a, b\"]") == ["O'Hare", "a, b"]  # escapes and commas inside quotes
    assert airforce.regions("[]") == [] and airforce.regions("  ") == [] and airforce.regions(None) == []
    assert airforce.regions(pd.NA) == [] and airforce.regions(float("nan")) == []


@pytest.mark.parametrize("text", ["Kharkiv oblast", "['Sumy oblast'", "['Odesa oblast'] + ['x']", "[Kyiv]",
                                  "['a' 'b']", "{'a'}"])
def test_regions_refuses_what_is_not_a_list_of_names(text):
    with pytest.raises(ValueError) as info:
        airforce.regions(text)
    assert str(info.value) == (f"affected region {text!r} is not a list of quoted names such as "
                               "['Kharkiv oblast', 'Kyiv']")


def test_cells_are_parsed_never_evaluated(tmp_path):
    """Text that would write a file if it were evaluated is refused, and the file never appears."""
    canary = tmp_path / "evaluated"
    code = f"open({str(canary)!r}, 'w').write('x')"
    with pytest.raises(ValueError):
        airforce.regions(f"[{code}]")
    with pytest.raises(ValueError):
        airforce.border_crossing(f"{{'belarus': {code}}}")
    table = tmp_path / "t.csv"
    table.write_text("time_start,time_end,model,launched,destroyed,border_crossing,affected region\n"
                     f'2025-01-01,2025-01-01,Lancet,1.0,1.0,"{{\'belarus\': {code}}}","[{code}]"\n', encoding="utf-8")
    rows, report = airforce.read(table, DS.model_aliases, DS.weapons)
    assert not canary.exists()
    assert sorted(report.odd_text["problem"]) == sorted([airforce.BORDER_UNPARSED, airforce.REGIONS_UNPARSED])


def test_border_crossing_grammar():
    assert airforce.border_crossing("{'belarus': 1.0, 'russia': 3.0}") == {"belarus": "1.0", "russia": "3.0"}
    assert airforce.border_crossing("{ 'Belarus' : 2 }") == {"belarus": "2"}
    assert airforce.border_crossing("{}") == {} and airforce.border_crossing("") == {}
    assert airforce.border_crossing(None) == {}
    assert airforce.border_crossing("{'poland': 8}") == {"poland": "8"}
    for bad in ["belarus: 2", "{'belarus': 2.0, 'belarus': 1.0}", "{'belarus'}", "{'belarus': }",
                "{'belarus': 1: 2}", "{belarus: 1}", "{'russia': [1]}"]:
        with pytest.raises(ValueError, match="is not a {'country': count} mapping"):
            airforce.border_crossing(bad)


# ---------------------------------------------------------------- place names

OBLASTS = set(DS.package.resource("places").field("oblast").constraints["enum"])


@pytest.mark.parametrize("name, oblast", [
    ("Kharkiv oblast", "Kharkiv Oblast"), ("Lutsk oblast", "Volyn Oblast"), ("Volyn oblast", "Volyn Oblast"),
    ("Kyiv", "Kyiv City"), ("Kyiv oblast", "Kyiv Oblast"), ("  kyiv  OBLAST ", "Kyiv Oblast"),
    ("Kyiv oblast (south)", "Kyiv Oblast"), ("Crimea", "Crimea"), ("Chauda, Crimea", "Crimea"),
    ("Sevastopol, Crimea", "Sevastopol"), ("Dnipropetrovsk oblast, Dnipro Raion", "Dnipropetrovsk Oblast"),
    ("Dnipropetrovsk oblas", "Dnipropetrovsk Oblast"), ("Kryvyi Rih", "Dnipropetrovsk Oblast"),
    ("Odesa oblast, Black Sea", "Odesa Oblast"), ("Snake Island", "Odesa Oblast"),
    ("south", None), ("front line", None), ("Ukraine", None), ("Black Sea", None), ("Kursk oblast", None),
    ("Belarus", None), ("Hvardiiske", None), ("Kharkiv oblast and Poltava oblast", None),
    ("Kryvyi Rih, Kharkiv, Vinnytsia", None), ("", None), (None, None), (pd.NA, None), (3, None),
])
def test_oblast_of(name, oblast):
    assert airforce.oblast_of(name) == oblast
    assert oblast is None or oblast in OBLASTS


def test_every_oblast_name_is_the_codebooks():
    assert set(airforce.OBLASTS.values()) | set(airforce.PLACES.values()) <= OBLASTS
    # every oblast is reachable from the table's "<name> oblast" form
    assert set(airforce.OBLASTS.values()) == OBLASTS - {"Kyiv City", "Crimea", "Sevastopol"}


# ---------------------------------------------------------------- weapon classes and kinds


def test_weapon_kind_keeps_bombs_loitering_munitions_and_reconnaissance_apart():
    from helpers import strikes

    classes = pd.Series(list(DS.weapons["weapon_class"].cat.categories) + [None], dtype="string")
    kinds = dict(zip(classes.fillna("(none)"), strikes.weapon_kind(classes).astype("string"), strict=True))
    assert kinds == {
        "ballistic_missile": "missiles", "cruise_missile": "missiles", "aeroballistic_missile": "missiles",
        "anti_radiation_missile": "missiles", "anti_ship_missile": "missiles", "sam_ground_attack": "missiles",
        "strike_drone": "drones", "decoy_drone": "drones", "drone_unknown_type": "drones",
        "missile_unknown_type": "missiles", "mixed_missiles": "missiles", "(none)": "missiles",
        "loitering_munition": "loitering munitions", "guided_bomb": "guided bombs",
        "reconnaissance_drone": "reconnaissance drones",
    }


def test_attack_totals_leave_out_bombs_loitering_munitions_and_reconnaissance():
    """Per attack: the Lancet (4), the GBU (3), the Orlan-10 and ZALA (3) are in no total; the combined
    Shahed and Lancet label (12) counts as drones of unknown type, its counts cannot be split."""
    from helpers import strikes

    variant, rows, _ = airforce.load(DS, AF / "full-release.csv")
    w = variant.weapons.set_index("weapon_id")["weapon_class"].astype("string")
    assert (w["lancet"], w["guided-bomb"], w["orlan-10+zala"], w["shahed+lancet"]) == (
        "loitering_munition", "guided_bomb", "reconnaissance_drone", "drone_unknown_type")
    kt = strikes.kind_totals(variant)
    assert set(kt["kind"]) == {"missiles", "drones"}
    by_date = kt.groupby(["date", "kind"])["launched"].sum()
    assert by_date[(pd.Timestamp("2025-03-02"), "drones")] == 12
    for day in ["2025-07-15", "2025-10-24", "2023-07-14"]:
        assert pd.Timestamp(day) not in kt["date"].tolist()
    # the Lancet and the GBU come from the southern air command: not in the dataset analysed by default ...
    assert not variant.strikes["source_id"].astype("string").str.startswith("PvKPivden").any()
    # ... and with every reporter asked for, still in no attack total
    from helpers.table.reporters import REPORTERS

    variant = airforce.as_dataset(DS, rows, reporters=tuple(REPORTERS))
    assert set(strikes.kind_totals(variant)["kind"]) == {"missiles", "drones"}
    every = strikes.with_weapons(variant, variant.strikes)
    per_kind = every.assign(kind=strikes.weapon_kind(every["weapon_class"])).groupby(
        "kind", observed=True)["launched"].sum()
    assert per_kind["loitering munitions"] == 4 and per_kind["guided bombs"] == 3
    assert per_kind["reconnaissance drones"] == 3


# ---------------------------------------------------------------- what changed between releases

RELEASES = AF / "releases"


def test_diff_counts_and_lists_every_kind_of_change():
    from helpers.table import airforce_diff

    d = airforce_diff.diff(RELEASES / "old.csv", RELEASES / "new.csv")
    assert d.counts() == {"added": 2, "removed": 1, "edited": 3, "unchanged": 2}
    assert (d.columns_added, d.columns_removed) == (["still_attacking"], ["is_shahed"])
    # the Iskander-M/KN-23 row of post p5 is new: rows match on window, model and post
    assert d.added.values.tolist() == [
        [6, "2025-01-04 19:00", "2025-01-05 07:00", "Iskander-M/KN-23", "kpszsu/posts/p5", "1.0", "1.0"],
        [8, "2025-01-07", "2025-01-07", "GBU", "PvKPivden/posts/p6", "3.0", "0.0"]]
    assert d.removed.values.tolist() == [[4, "2025-01-03", "2025-01-03", "Orlan-10", "kpszsu/posts/p2", "1.0", "1.0"]]
    # "60.0" -> "60" is the same figure; a row that moved is not an edit; "2025-01-06 " is trimmed
    p1, p4, p5 = "kpszsu/posts/p1", "kpszsu/posts/p4", "PvKPivden/posts/p5"
    assert d.edited.values.tolist() == [
        [3, 4, "2025-01-01 18:00", "2025-01-02 08:00", "X-101/X-555", p1, "launched", "10.0", "12.0"],
        [3, 4, "2025-01-01 18:00", "2025-01-02 08:00", "X-101/X-555", p1, "destroyed", "8.0", "9.0"],
        [6, 5, "2025-01-04 19:00", "2025-01-05 07:00", "Iskander-M/KN-23", p4, "destroyed", "", "2.0"],
        [7, 7, "2025-01-06", "2025-01-06", "Lancet", p5, "target", "south", "Kherson oblast"]]


def test_diff_matches_rows_by_post_so_two_reporters_of_one_window_are_not_swapped(tmp_path):
    """The national report and a regional command's report of one window and weapon, listed in the other
    order by the next release, are the same two rows: nothing edited (matched by position, they would be
    two edits of 5 -> 3 and 3 -> 5)."""
    from helpers.table import airforce_diff

    head = "time_start,time_end,model,launched,destroyed,source\n"
    national = "2025-03-01 18:00,2025-03-02 08:00,Shahed-136/131,5.0,4.0,kpszsu/posts/a\n"
    regional = "2025-03-01 18:00,2025-03-02 08:00,Shahed-136/131,3.0,3.0,PvKPivden/posts/b\n"
    (tmp_path / "old.csv").write_text(head + national + regional, encoding="utf-8")
    (tmp_path / "new.csv").write_text(head + regional + national, encoding="utf-8")
    d = airforce_diff.diff(tmp_path / "old.csv", tmp_path / "new.csv")
    assert d.counts() == {"added": 0, "removed": 0, "edited": 0, "unchanged": 2}
    (tmp_path / "new.csv").write_text(head + regional + national.replace("5.0,4.0", "6.0,4.0"), encoding="utf-8")
    d = airforce_diff.diff(tmp_path / "old.csv", tmp_path / "new.csv")
    assert d.edited[["source", "column", "old", "new"]].values.tolist() == [
        ["kpszsu/posts/a", "launched", "5.0", "6.0"]]


def test_diff_of_a_release_with_itself_is_empty():
    from helpers.table import airforce_diff

    d = airforce_diff.diff(RELEASES / "new.csv", RELEASES / "new.csv")
    assert d.counts() == {"added": 0, "removed": 0, "edited": 0, "unchanged": 7}
    assert d.as_text() == ("old new.csv (7 rows) -> new new.csv (7 rows): 0 added, 0 removed, 0 edited, "
                           "7 unchanged")


def test_diff_names_two_releases_of_the_same_file_name_apart(tmp_path):
    from helpers.table import airforce_diff

    for folder, release in (("feb", "old.csv"), ("v211", "new.csv")):
        (tmp_path / folder).mkdir()
        shutil.copy(RELEASES / release, tmp_path / folder / "missile_attacks_daily.csv")
    d = airforce_diff.diff(tmp_path / "feb" / "missile_attacks_daily.csv",
                           tmp_path / "v211" / "missile_attacks_daily.csv")
    assert d.as_text().startswith("feb/missile_attacks_daily.csv (")
    assert " -> v211/missile_attacks_daily.csv (" in d.as_text().splitlines()[0]


def test_diff_command_prints_text_and_json():
    run = subprocess.run([sys.executable, "-m", "helpers.table.airforce_diff", str(RELEASES / "old.csv"),
                          str(RELEASES / "new.csv")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "old.csv (6 rows) -> new.csv (7 rows): 2 added, 1 removed, 3 edited, 2 unchanged"
    assert lines[1:3] == ["columns only in new.csv: still_attacking", "columns only in old.csv: is_shahed"]
    edited = lines[lines.index("edited (one line per changed value; old beside new):") + 2:]
    assert [line.split()[-2:] for line in edited[:2]] == [["10.0", "12.0"], ["8.0", "9.0"]]
    assert edited[2].split()[-2:] == ["(empty)", "2.0"]
    as_json = subprocess.run([sys.executable, "-m", "helpers.table.airforce_diff", str(RELEASES / "old.csv"),
                              str(RELEASES / "new.csv"), "--json"], capture_output=True, text=True, cwd=ROOT)
    got = json.loads(as_json.stdout)
    assert {k: got[k] for k in ("added", "removed", "edited", "unchanged")} == {
        "added": 2, "removed": 1, "edited": 3, "unchanged": 2}
    assert got["edited_rows"][0] == {"row_old": 3, "row_new": 4, "time_start": "2025-01-01 18:00",
                                     "time_end": "2025-01-02 08:00", "model": "X-101/X-555",
                                     "source": "kpszsu/posts/p1",
                                     "changes": {"launched": {"old": "10.0", "new": "12.0"},
                                                 "destroyed": {"old": "8.0", "new": "9.0"}}}
    assert [r["row"] for r in got["added_rows"]] == [6, 8] and got["removed_rows"][0]["model"] == "Orlan-10"


@pytest.mark.parametrize("old, new, message", [
    ("nothing-here.csv", "new.csv", "error: nothing-here.csv: file not found"),
    ("old.csv", "no-model.csv", "error: no-model.csv: column(s) needed to match rows missing: model "
                                "(the file has: time_start, time_end, launched, destroyed)"),
    ("old.csv", ".", "error: .: is a folder, not a CSV file"),
])
def test_diff_command_errors_are_one_line(old, new, message):
    from helpers.table import airforce_diff

    run = subprocess.run([sys.executable, "-m", "helpers.table.airforce_diff", old, new], capture_output=True,
                         text=True, cwd=RELEASES)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == message
    with pytest.raises(airforce.AirForceTableError):
        airforce_diff.diff(RELEASES / old, RELEASES / new)


# ---------------------------------------------------------------- the real table, checked independently

MODELS = MODELS_TABLE


def _records():
    with REAL.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@needs_real
def test_real_file_new_columns_match_figures_computed_from_the_raw_text():
    """Each figure is computed here from the raw text with the csv module: counts by ``float()`` of
    every non-empty cell, the border-crossing mappings and the region lists by Python's own
    ``ast.literal_eval`` (fine in a test on a known file; the reader parses without it). The file
    has no exact duplicates, so its records and the reader's rows line up one to one."""
    rows, report = airforce.read(REAL, DS.model_aliases, DS.weapons)
    records = _records()
    assert len(rows) == len(records) and report.bad_counts.empty

    def total(column):
        return int(sum(float(r[column]) for r in records if r[column].strip()))

    def given(column):
        return sum(1 for r in records if r[column].strip())

    for column in ["not_reach_goal", "still_attacking", "num_hit_location"]:
        assert int(rows[column].sum()) == total(column) > 0, column
        assert int(rows[column].notna().sum()) == given(column), column
    crossings = [ast.literal_eval(r["border_crossing"]) for r in records]
    for country in ["belarus", "russia"]:
        expected = [c[country] for c in crossings if country in c]
        column = f"crossed_into_{country}"
        assert int(rows[column].sum()) == int(sum(expected)) > 0 and int(rows[column].notna().sum()) == len(expected)
    others = [(n + 2, r["border_crossing"]) for n, (r, c) in enumerate(zip(records, crossings, strict=True))
              if set(c) - {"belarus", "russia"}]
    assert [(i, v) for i, v in zip(report.odd_text.index, report.odd_text["value"], strict=True)] == others
    assert report.columns_missing == ["cross_border_belarus", "back_russia"]
    for r, text in zip(records, rows["affected_region"].astype("string"), strict=True):
        expected = ast.literal_eval(r["affected region"]) if r["affected region"].strip() else []
        assert airforce.regions(text) == expected
    # the text columns keep what the file says, trimmed
    for column, raw in [("carrier", "carrier"), ("target", "target"), ("launch_place", "launch_place")]:
        kept = rows[column].astype("string").fillna("").tolist()
        assert kept == [r[raw].strip() for r in records], column


# every distinct name the real table uses for a place (the items of ``affected region``, and
# ``target``, ``target_main`` and ``launch_place`` split at " and "), with the oblast it is in
REAL_PLACES = {
    "Astrakhan oblast": None, "Astrakhan oblast, Kapustin Yar": None, "Balaklava, Crimea": "Sevastopol",
    "Belarus": None, "Belbek, Crimea": "Sevastopol", "Belgorod": None, "Belgorod oblast": None,
    "Berdiansk": "Zaporizhzhia Oblast", "Black Sea": None, "Black Sea, Anapa": None, "Black Sea, Feodosia": None,
    "Black Sea, Yalta": None, "Bryansk oblast": None, "Bryansk oblast, Seshcha": None,
    "Cape Tarkhankut, Crimea": "Crimea", "Caspian Sea": None, "Caspian Sea, Engels-2": None,
    "Caspian Sea, Saratov oblast": None, "Chauda, Crimea": "Crimea", "Cherkasy oblast": "Cherkasy Oblast",
    "Chernihiv oblast": "Chernihiv Oblast", "Chernivtsi oblast": "Chernivtsi Oblast", "Crimea": "Crimea",
    "Dnipro": "Dnipropetrovsk Oblast", "Dnipropetrovsk oblas": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast": "Dnipropetrovsk Oblast", "Dnipropetrovsk oblast, Dnipro Raion": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast, Kamianske Raion": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast, Kryvyi Rih Raion": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast, Novomoskovsk Raion": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast, Pavlohrad Raion": "Dnipropetrovsk Oblast",
    "Dnipropetrovsk oblast, Synelnykove Raion": "Dnipropetrovsk Oblast", "Donetsk oblast": "Donetsk Oblast",
    "Dzhankoi, Crimea": "Crimea", "Engels-2": None, "Hvardiiske": None, "Hvardiiske, Crimea": "Crimea",
    "Ivano-Frankivsk oblast": "Ivano-Frankivsk Oblast", "Kacha, Crimea": "Sevastopol", "Kharkiv": "Kharkiv Oblast",
    "Kharkiv oblast": "Kharkiv Oblast", "Kherson": "Kherson Oblast", "Kherson oblast": "Kherson Oblast",
    "Khmelnytskyi oblast": "Khmelnytskyi Oblast", "Kirovohrad oblast": "Kirovohrad Oblast",
    "Kolomyia": "Ivano-Frankivsk Oblast", "Kramatorsk": "Donetsk Oblast", "Krasnodar Krai": None,
    "Kremenchuk": "Poltava Oblast", "Kryvyi Rih": "Dnipropetrovsk Oblast", "Kryvyi Rih, Kharkiv, Vinnytsia": None,
    "Kursk oblast": None, "Kyiv": "Kyiv City", "Kyiv oblast": "Kyiv Oblast", "Kyiv oblast (south)": "Kyiv Oblast",
    "Lipetsk oblast": None, "Luhansk oblast": "Luhansk Oblast", "Lutsk": "Volyn Oblast",
    "Lutsk oblast": "Volyn Oblast", "Lviv oblast": "Lviv Oblast", "Melitopol": "Zaporizhzhia Oblast",
    "Millerovo": None, "Morozovsk": None, "Mykolaiv oblast": "Mykolaiv Oblast", "Nizhny Novgorod oblast": None,
    "Ochakiv": "Mykolaiv Oblast", "Odesa": "Odesa Oblast", "Odesa oblast": "Odesa Oblast",
    "Odesa oblast, Black Sea": "Odesa Oblast", "Olenegorsk": None, "Olenya": None, "Oryol oblast": None,
    "Poltava oblast": "Poltava Oblast", "Poltava oblast, Myrhorod Raion": "Poltava Oblast",
    "Primorsko-Akhtarsk": None, "Rivne oblast": "Rivne Oblast", "Rostov oblast": None, "Ryazan Oblast": None,
    "Ryazan oblast": None, "Samara oblast": None, "Saratov oblast": None, "Savasleyka": None, "Sea of Azov": None,
    "Sevastopol, Crimea": "Sevastopol", "Shatalovo": None, "Shaykovka": None, "Snake Island": "Odesa Oblast",
    "Soltsy-2": None, "Starokostiantyniv": "Khmelnytskyi Oblast", "Sumy": "Sumy Oblast",
    "Sumy oblast": "Sumy Oblast", "Taganrog": None, "Tambov Oblast": None, "Tambov oblast": None,
    "Ternopil oblast": "Ternopil Oblast", "Tokmak": "Zaporizhzhia Oblast", "Tula oblast": None, "Ukraine": None,
    "Vinnytsia oblast": "Vinnytsia Oblast", "Volgodonsk": None, "Volgograd oblast": None, "Vologda oblast": None,
    "Volyn oblast": "Volyn Oblast", "Voronezh oblast": None, "Yeysk": None, "Zakarpattia oblast": "Zakarpattia Oblast",
    "Zaporizhzhia": "Zaporizhzhia Oblast", "Zaporizhzhia oblast": "Zaporizhzhia Oblast",
    "Zaporizhzhia oblast, Prymorsk": "Zaporizhzhia Oblast", "Zhytomyr oblast": "Zhytomyr Oblast",
    "and Shatalovo": None, "center": None, "east": None, "eastern coast of Sea of Azov": None, "front line": None,
    "north": None, "north-east": None, "south": None, "south-east": None, "west": None,
}


@needs_real
def test_oblast_of_every_place_name_in_the_real_file():
    names = set()
    for r in _records():
        if r["affected region"].strip():
            names.update(ast.literal_eval(r["affected region"]))
        for column in ("target", "target_main", "launch_place"):
            names.update(p.strip() for p in r[column].split(" and ") if p.strip())
    assert names == set(REAL_PLACES), "names not in REAL_PLACES: " + repr(sorted(names - set(REAL_PLACES)))
    got = {name: airforce.oblast_of(name) for name in sorted(names)}
    assert got == REAL_PLACES


TYPE_CLASS = {"reconnaissance": "reconnaissance_drone", "loitering munition": "loitering_munition"}


@needs_real
def test_new_weapons_agree_with_the_public_model_table():
    """Class and origin of every weapon the model table types as reconnaissance drone, loitering
    munition or guided bomb, as that table gives them (the source weapons.csv cites for them)."""
    with MODELS.open(encoding="utf-8", newline="") as fh:
        models = {r["model"]: r for r in csv.DictReader(fh)}
    aliases = DS.model_aliases.set_index("label")["weapon_ids"].astype("string")
    weapons = DS.weapons.set_index("weapon_id")
    origin = {"russia": "RUS", "iran": "IRN", "": None}
    checked = 0
    for label, m in models.items():
        expected = "guided_bomb" if m["category"] == "guided bomb" else TYPE_CLASS.get(m["type"])
        if expected is None or label == "Shahed-136/131":  # the model table types the Shahed as a loitering munition
            continue
        for weapon_id in str(aliases[label]).split(";"):
            w = weapons.loc[weapon_id]
            assert w["weapon_class"] == expected, (label, weapon_id)
            assert (None if pd.isna(w["origin"]) else w["origin"]) == origin[m["national_origin"]], label
            checked += 1
    assert checked >= 15
    assert weapons.loc["mohajer-6", "origin"] == "IRN" and models["Mohajer-6"]["national_origin"] == "iran"


@needs_real
def test_diff_of_the_real_file_with_a_changed_copy(tmp_path):
    from helpers.table import airforce_diff

    lines = REAL.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [lines[0], *lines[2:]]  # the first record removed
    kalibr = next(i for i, line in enumerate(changed) if ",Kalibr,Black Sea,Ukraine,,16.0," in line)
    changed[kalibr] = changed[kalibr].replace(",Kalibr,Black Sea,Ukraine,,16.0,", ",Kalibr,Black Sea,Ukraine,,17.0,")
    copy = tmp_path / "next.csv"
    copy.write_text("".join(changed) + lines[1], encoding="utf-8")  # ... and added back at the end
    d = airforce_diff.diff(REAL, copy)
    assert d.counts() == {"added": 0, "removed": 0, "edited": 1, "unchanged": len(lines) - 2}
    assert d.edited[["column", "old", "new"]].values.tolist() == [["launched", "16.0", "17.0"]]


def test_withheld_counts_are_unknown_never_zero_and_never_reach_a_rate():
    """Kaggle version 211's status_data = hidden: the figures in launched and destroyed are placeholders."""
    from helpers.pages import airwar

    rows, report = read("withheld.csv")
    hidden = rows[rows["withheld"]]
    assert list(hidden["label"]) == ["Iskander-M/KN-23", "X-101/X-555", "Iskander-M/KN-23"]  # "Hidden" too
    assert hidden["launched"].isna().all() and hidden["destroyed"].isna().all()
    assert report.counts()["rows whose counts the Air Force withheld (status_data = hidden: unknown, not 0)"] == 3
    assert list(report.withheld["launched"]) == ["0.0", "5.0", "2.0"]  # listed as the file writes them
    shahed = rows[rows["label"] == "Shahed-136/131"].iloc[0]
    assert (shahed["launched"], shahed["destroyed"]) == (100, 80)  # destroyed_types nests sub-types: not added
    # the sub-types are parsed into lines of their own, listed with the row they sit in, not added to any sum
    _, _, loaded = airforce.load(DS, AF / "withheld.csv")
    assert loaded.reporters[["reporter", "rows", "posts", "counted"]].values.tolist() == [
        ["the Air Force's national reports", 5, 3, True]]
    assert report.nested.reset_index()[["row", "model", "sub_type", "launched", "destroyed"]].astype(object) \
        .values.tolist() == [[2, "Shahed-136/131", "Shahed", 70, 60], [2, "Shahed-136/131", "Gerbera", 30, pd.NA]]
    assert report.counts()["sub-types counted inside a row's figure (destroyed_types; listed, not added)"] == 2
    assert airforce.parse_nested("{'Banderol': {'launched': 3, ") == []  # cut off: nothing guessed

    variant, _, _ = airforce.load(DS, AF / "withheld.csv")
    frame = airwar.classified(variant, rows)
    p = airwar.parameters("2026-08-01", "2026-08-31", "M", [], "shot_down_or_lost", 10)
    top = airwar.attacks(frame, p)
    # the 12 Aug post is one attack of 100 known weapons with 2 rows withheld; 14 Aug's post has only a
    # withheld row, so it has no launched figure to rank (its row is counted as withheld, not as 0)
    assert list(top["launched"]) == [100, 12] and list(top["withheld"]) == [2, 0]
    periods = airwar.by_period(frame, p).set_index("class")
    ballistic = periods.loc["ballistic missiles"]
    assert ballistic["record"] and pd.isna(ballistic["launched"]) and pd.isna(ballistic["rate"])
    cruise = periods.loc["cruise missiles"]
    assert (cruise["launched"], cruise["launched_with_figure"]) == (12, 12)  # the hidden 5 are not in the rate
    assert cruise["rate"] == pytest.approx(9 / 12)


def test_the_table_as_a_dataset_counts_one_attack_per_national_post(tmp_path):
    """Notebooks 02 and 05 read the table through ``as_dataset``: a post whose rows give three windows (a
    night wave of drones, a day wave of drones, the missiles) is one attack of the morning its last window
    ended, the two drone rows one figure; the southern command's repeat of that night is left out."""
    from helpers import strikes

    table = tmp_path / "missile_attacks_daily.csv"
    table.write_text(
        "time_start,time_end,model,launched,destroyed,source\n"
        "2025-09-06 17:00,2025-09-07 08:00,Shahed-136/131,600.0,560.0,kpszsu/posts/n1\n"
        "2025-09-07 08:00,2025-09-07 09:30,Shahed-136/131,210.0,187.0,kpszsu/posts/n1\n"
        "2025-09-06 23:00,2025-09-07 07:00,Iskander-M/KN-23,13.0,4.0,kpszsu/posts/n1\n"
        "2025-09-06 17:00,2025-09-07 08:00,Shahed-136/131,120.0,110.0,PvKPivden/posts/s1\n"
        "2025-09-05 18:00,2025-09-06 08:00,Shahed-136/131,50.0,40.0,kpszsu/posts/n0\n", encoding="utf-8")
    variant, _, _ = airforce.load(DS, table)
    top = strikes.largest_attacks(variant, "2025-09-01", "2025-09-30", 5)
    assert top[["date", "attack", "launched", "destroyed"]].astype(object).values.tolist() == [
        [pd.Timestamp("2025-09-07"), "2025-09-06 17:00 to 2025-09-07 09:30", 823, 751],
        [pd.Timestamp("2025-09-06"), "2025-09-05 18:00 to 2025-09-06 08:00", 50, 40]]
    assert set(variant.strikes["source_id"].astype("string")) == {"kpszsu/posts/n1", "kpszsu/posts/n0"}
    _, _, report = airforce.load(DS, table)
    assert report.counts()["rows of other reporters, left out (regional air commands and others)"] == 1
    assert report.reporters.set_index("reporter").loc["the southern air command", ["rows", "launched", "counted"]] \
        .tolist() == [1, 120, False]
