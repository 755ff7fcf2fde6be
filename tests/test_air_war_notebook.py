"""Notebook 06 (the whole air war) run for real with papermill, and the suite's reports built on the public
table: figures checked row by row on a hand-made release, and on the shared real table against figures
computed here independently with the csv module."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict

import pytest
from conftest import CURRENT_TABLE, DATA, FIXTURES, ROOT
from nbrun import error_of, run

from helpers.stats import wilson

pytestmark = pytest.mark.kernel  # the slow tier: `make test-fast` leaves it out

FULL = FIXTURES / "airforce" / "full-release.csv"


def _by(records, period, cls):
    found = [r for r in records if r["period"] == period and r["class"] == cls]
    assert len(found) == 1, (period, cls, found)
    return found[0]


def test_monthly_by_class_row_by_row_on_a_hand_made_release(tmp_path):
    rec = run("06-air-war", tmp_path, external_path=str(FULL), start_date="2025-01-01", end_date="2025-10-31",
              frequency="M", rate_definition="shot_down", reporters=["air_force", "air_command_south"])
    monthly = rec["monthly_by_class"]
    jan = _by(monthly, "2025-01-01", "strike drones")
    assert (jan["launched"], jan["destroyed"], jan["lost"]) == (100, 65, 26)
    low, high = wilson(65, 100)
    assert jan["rate"] == pytest.approx(0.65) and jan["rate_low"] == pytest.approx(low)
    assert jan["rate_high"] == pytest.approx(high)
    cruise = _by(monthly, "2025-01-01", "cruise missiles")  # the file repeats this row twice: duplicates removed
    assert (cruise["launched"], cruise["destroyed"]) == (21, 14)
    sep = _by(monthly, "2025-09-01", "strike drones")  # 2.5 lost is not a count: left out, never summed
    assert (sep["launched"], sep["destroyed"], sep["lost"]) == (565, 516, 0)
    assert _by(monthly, "2025-07-01", "loitering munitions")["launched"] == 4  # a southern-command post
    assert not [r for r in monthly if r["period"] == "2025-04-01"]  # no record in April: not a zero row
    # placed: the 28 Jan drones (a list of oblasts), the 28 Jan missiles (target_main Kyiv), 11 Sep (plain text
    # "Kharkiv oblast"), 24 Oct (target Odesa oblast); the malformed lists of 12 and 13 Sep place nothing
    assert rec["placed"] == {"rows": 10, "placed": 4, "share_placed": pytest.approx(0.4)}


def test_by_default_the_page_counts_the_national_reports_under_the_air_forces_definition(tmp_path):
    rec = run("06-air-war", tmp_path, external_path=str(FULL), start_date="2025-01-01", end_date="2025-10-31",
              frequency="M")
    monthly = rec["monthly_by_class"]
    jan = _by(monthly, "2025-01-01", "strike drones")  # 65 shot down and 26 lost to jamming of 100
    assert jan["rate"] == pytest.approx(0.91) and jan["rate_low"] == pytest.approx(wilson(91, 100)[0])
    assert not [r for r in monthly if r["class"] == "loitering munitions"]  # only a southern-command post had them
    assert not [r for r in monthly if r["class"] == "guided bombs"]  # 24 Oct: the southern command's too
    assert rec["placed"] == {"rows": 8, "placed": 3, "share_placed": pytest.approx(3 / 8)}


def test_the_lost_definition_counts_lost_as_intercepted(tmp_path):
    rec = run("06-air-war", tmp_path, external_path=str(FULL), start_date="2025-01-01", end_date="2025-02-28",
              frequency="M", rate_definition="shot_down_or_lost")
    feb = _by(rec["monthly_by_class"], "2025-02-01", "strike drones")
    assert feb["rate"] == pytest.approx((138 + 115) / 267)
    low, high = wilson(138 + 115, 267)
    assert (feb["rate_low"], feb["rate_high"]) == (pytest.approx(low), pytest.approx(high))


def test_bad_parameters_name_the_parameter(tmp_path):
    assert error_of("06-air-war", tmp_path, external_path=str(FULL), rate_definition="intercepted").startswith(
        "ParameterError: parameter 'rate_definition' = 'intercepted' is not allowed: one of 'shot_down', "
        "'shot_down_or_lost'")
    assert error_of("06-air-war", tmp_path, external_path=str(tmp_path / "none.csv")).startswith(
        "ParameterError: parameter 'external_path' = ")


def _independent_monthly(month: str) -> dict[str, tuple[int, int]]:
    """Launched and destroyed per weapon class in one month of the current release's national posts, from the
    csv module, the alias table and the weapons table only (single-weapon labels; combined labels are left
    aside; rows whose counts the Air Force withheld are not counts)."""
    with open(DATA / "model_aliases.csv", encoding="utf-8") as fh:
        alias = {r["label"]: r["weapon_ids"] for r in csv.DictReader(fh)}
    with open(DATA / "weapons.csv", encoding="utf-8") as fh:
        cls = {r["weapon_id"]: r["weapon_class"] for r in csv.DictReader(fh)}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen = set()
    with open(CURRENT_TABLE, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = tuple(r.values())
            if key in seen:
                continue
            seen.add(key)
            if not r["source"].strip().startswith(("kpszsu/", "https://t.me/kpszsu/")):
                continue  # the page counts the Air Force's national posts only
            ids = [i for i in alias.get(r["model"].strip(), "").split(";") if i]
            if len(ids) != 1 or not r["time_end"].strip().startswith(month):
                continue
            if r.get("status_data", "").strip() == "hidden":
                continue
            if r["launched"].strip() and r["destroyed"].strip():
                t = totals[cls[ids[0]]]
                t[0] += int(float(r["launched"]))
                t[1] += int(float(r["destroyed"]))
    return {k: (a, b) for k, (a, b) in totals.items()}


@pytest.mark.needs_table
@pytest.mark.parametrize("month, last_day", [("2024-01", "31"), ("2026-08", "31")])
def test_real_table_figures_match_an_independent_count(tmp_path, month, last_day):
    """January 2024 (the first North Korean missiles) and August 2026 (the first withheld counts) of the
    current release, against a count made with the csv module only."""
    rec = run("06-air-war", tmp_path, external_path=str(CURRENT_TABLE), start_date=f"{month}-01",
              end_date=f"{month}-{last_day}", frequency="M")
    got = {r["class"]: r for r in rec["monthly_by_class"]}
    expected = _independent_monthly(month)
    assert got["ballistic missiles"]["launched"] >= expected["ballistic_missile"][0]
    assert got["cruise missiles"]["launched"] >= expected["cruise_missile"][0]  # combined labels only add to it
    if "anti_ship_missile" in expected:  # a class of its own, as on the curated pages
        assert got["anti-ship missiles"]["launched"] >= expected["anti_ship_missile"][0]
    assert got["strike drones"]["launched"] == expected["strike_drone"][0]
    assert got["strike drones"]["destroyed"] == expected["strike_drone"][1]


@pytest.mark.uses_table
def test_suite_reports_on_the_table_are_skipped_with_one_line_when_no_copy_exists(tmp_path):
    suite = tmp_path / "reports.toml"
    suite.write_text('[[report]]\nname = "air"\nnotebook = "notebooks/06-air-war.ipynb"\ntitle = "Air"\n'
                     'description = "d"\n[report.external]\nexternal_path = "missile_attacks_daily.csv"\n')
    env = os.environ | {"STRIKE_LEDGER_EXTERNAL": str(tmp_path / "nothing"), "STRIKE_LEDGER_CACHE": str(tmp_path)}
    out = tmp_path / "out"
    run_ = subprocess.run([sys.executable, "-m", "helpers.render", "--suite", str(suite), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert run_.returncode == 0, run_.stderr
    lines = run_.stdout.strip().splitlines()
    assert lines[0] == ("air: skipped: it needs missile_attacks_daily.csv, which is not on this machine (run `make "
                        "external`, or set STRIKE_LEDGER_EXTERNAL to a folder holding it)")
    assert not (out / "air.html").exists()


@pytest.mark.needs_table
def test_the_winter_has_one_answer_on_the_curated_page_and_on_the_table_page(tmp_path):
    """The curated weekly page (02, with the table beside its record) and the table's weekly page (06) of
    the same winter, run with the suite's own parameters: the same national totals week by week, and the
    same largest attack as the barrage page's."""
    from helpers.render.suite import load_suite

    suite = {s.name: s for s in load_suite()}
    curated, table_page = suite["winter-2023-24-weekly"].parameters, suite["air-war-winter-2023-24-weekly"].parameters
    assert {k: curated[k] for k in ("start_date", "end_date", "frequency")} == \
        {k: table_page[k] for k in ("start_date", "end_date", "frequency")}
    weekly = run("02-attack-volume", tmp_path, **curated, compare_path=str(CURRENT_TABLE))
    whole = run("06-air-war", tmp_path, **table_page, external_path=str(CURRENT_TABLE))
    drones = {"strike drones", "decoys", "drones of unknown type"}
    apart = {"loitering munitions", "guided bombs", "reconnaissance drones"}
    per_week: dict[str, dict[str, int]] = defaultdict(lambda: {"missiles": 0, "drones": 0})
    for r in whole["monthly_by_class"]:
        if r["class"] in apart or r["launched"] is None:
            continue
        per_week[r["period"][:10]]["drones" if r["class"] in drones else "missiles"] += r["launched"]
    beside = {r["period"][:10]: r for r in weekly["beside_table"]}
    assert set(beside) >= set(per_week) and len(beside) == 14  # every week of the window, 27 Nov to 26 Feb
    for week, kinds in per_week.items():
        assert (beside[week]["table_missiles"] or 0, beside[week]["table_drones"] or 0) == \
            (kinds["missiles"], kinds["drones"]), week
    assert weekly["table_totals"]["missiles"] == sum(k["missiles"] for k in per_week.values()) == 563
    assert weekly["table_totals"]["drones"] == sum(k["drones"] for k in per_week.values()) == 1363
    # the largest attack of the winter: the same night and size on the table page and the curated pages
    table_top, curated_top = whole["largest_attacks"][0], weekly["largest_attacks"][0]
    assert (table_top["date"][:10], table_top["launched"]) == ("2023-12-29", 158)
    assert (curated_top["date"][:10], curated_top["launched"]) == ("2023-12-29", 158)
