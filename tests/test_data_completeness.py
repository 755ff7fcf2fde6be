"""Completeness rules over the real dataset: per-model rows add up to the headline totals, competing
reports are marked, and every day of the key windows says whether the Air Force reported an attack.

Each rule also runs on a copy of ``data/`` broken on purpose, to show it fails and how it says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import PREVIOUS_TABLE, rewrite_csv, set_cells

from helpers import coverage, splits
from helpers.data import load
from helpers.data.quality import competing_problems
from helpers.table import airforce

DATA = Path(__file__).resolve().parents[1] / "data"
DS = load(DATA)
REAL = PREVIOUS_TABLE  # the February 2026 release, which the curated record cites
needs_real = pytest.mark.needs_table


# ------------------------------------------------------------------ per-model rows vs headline totals

def test_per_model_rows_add_up_to_every_headline_total_or_a_note_says_why():
    assert splits.unexplained(DS) == []


def test_the_key_barrage_days_are_complete():
    """29 Dec 2023 and 2 Jan 2024: every missile of the Air Force's headline is in a per-model row."""
    checked = splits.split_check(DS).set_index(["date", "attack", "scope"])
    day = checked.loc[(pd.Timestamp("2023-12-29"), "main", "missiles")]
    assert (day["total_launched"], day["models_launched"]) == (122, 122)
    assert (day["total_destroyed"], day["models_destroyed"]) == (87, 87)
    assert checked.loc[(pd.Timestamp("2023-12-29"), "main", "all"), "models_launched"] == 158
    day = checked.loc[(pd.Timestamp("2024-01-02"), "main", "missiles")]
    assert (day["models_launched"], day["models_destroyed"]) == (99, 72)


def test_only_the_explained_days_disagree():
    """23 Jan 2024: the total counts five Kh-59/Kh-31 together, of which the post gives 2 Kh-59; 13 Dec 2024:
    one missile of the 94 has no per-model row. Each is explained in its split_note."""
    found = splits.mismatches(DS)
    assert list(zip(found["date"].dt.date.astype(str), found["scope"], strict=True)) == [
        ("2024-01-23", "missiles"), ("2024-12-13", "missiles")]
    assert list(found["problem"]) == [
        "launched: models add up to 41, the total is 44; destroyed: models add up to 21, the total is 22",
        "launched: models add up to 93, the total is 94"]
    assert "Kh-59/Kh-31" in found.loc[0, "split_note"] and "93" in found.loc[1, "split_note"]


def test_a_missing_per_model_row_is_listed_with_date_attack_and_class(data_copy):
    rewrite_csv(data_copy / "strikes.csv",
             lambda rows: [r for r in rows if not (r["date"] == "2024-01-08" and r["weapon_id"] == "s-300")])
    lines = splits.unexplained(load(data_copy))
    assert lines == ["2024-01-08 main missiles: launched: models add up to 44, the total is 51 "
                     "(total from rt-20240108-strike-defense-industry); add the missing per-model rows or "
                     "explain it in strike_totals.csv's split_note",
                     "2024-01-08 main all: launched: models add up to 52, the total is 59 "
                     "(total from kyivindependent-20240108-morning-airstrikes); add the missing per-model rows "
                     "or explain it in strike_totals.csv's split_note"]


def test_a_model_without_a_figure_is_a_mismatch(data_copy):
    set_cells(data_copy / "strikes.csv", {"date": "2024-02-15", "weapon_id": "kalibr"}, destroyed="")
    lines = splits.unexplained(load(data_copy))
    assert len(lines) == 1 and lines[0].startswith("2024-02-15 main missiles: destroyed: 1 model(s) without a figure")


def test_a_note_where_the_rows_add_up_is_stale(data_copy):
    set_cells(data_copy / "strike_totals.csv", {"date": "2024-01-02", "scope": "drones"},
              split_note="A note that no longer applies to anything.")
    assert splits.unexplained(load(data_copy)) == [
        "2024-01-02 main drones: split_note given but the per-model rows add up; remove the note"]


# ------------------------------------------------------------------ competing reports

def test_competing_reports_are_marked_everywhere():
    assert competing_problems(DS) == []
    marked = DS.strikes[DS.strikes["competing"] == "yes"]
    assert {(d.date().isoformat(), w) for d, w in zip(marked["date"], marked["weapon_id"], strict=True)} == {
        ("2023-12-30", "shahed"), ("2024-01-23", "kh-59"), ("2024-02-07", "shahed")}


def test_an_unmarked_disagreement_and_a_wrong_mark_are_listed(data_copy):
    set_cells(data_copy / "strikes.csv", {"date": "2024-01-23", "weapon_id": "kh-59"}, competing="no")
    set_cells(data_copy / "strikes.csv", {"date": "2024-01-02", "weapon_id": "kh-101"}, competing="yes")
    lines = competing_problems(load(data_copy))
    assert "strikes.csv 2024-01-23/main/kh-59 (censor-20240124-kirby-air-defense): competing should be 'yes': " \
           "another row gives other figures" in lines
    assert "strikes.csv 2024-01-02/main/kh-101 (kpszsu-20240102-pfbid0dhdr2d): competing should be 'no': " \
           "no other row gives other figures" in lines
    assert len(lines) == 4


def test_one_weapon_id_per_missile_on_the_days_that_had_two():
    """The same three missiles of 7 Jan 2024 and the six of 6 Jun 2025 are filed once."""
    rows = DS.strikes
    jan7 = set(rows.loc[rows["date"] == "2024-01-07", "weapon_id"])
    assert "unknown-missile" not in jan7 and "s-300" in jan7
    jun6 = set(rows.loc[rows["date"] == "2025-06-06", "weapon_id"])
    assert "iskander-m" not in jun6 and "iskander-m-kn-23" in jun6


# ------------------------------------------------------------------ coverage of the key windows

def test_every_day_of_the_key_windows_has_a_coverage_row():
    assert coverage.gaps(DS) == []
    winter = DS.coverage[DS.coverage["window"] == "winter-2023-24"]
    assert len(winter) == 91
    assert coverage.unreported_strike_days(DS) == []


def test_a_missing_day_is_listed(data_copy):
    rewrite_csv(data_copy / "coverage.csv", lambda rows: [r for r in rows if r["date"] != "2024-01-03"])
    assert coverage.gaps(load(data_copy)) == ["2024-01-03 (winter-2023-24): no row in coverage.csv"]


def test_a_day_of_north_korean_missile_use_outside_the_windows_needs_a_row(data_copy):
    rewrite_csv(data_copy / "coverage.csv", lambda rows: [r for r in rows if r["date"] != "2024-08-11"])
    assert coverage.gaps(load(data_copy)) == ["2024-08-11 (dprk-use-day): no row in coverage.csv"]


def test_a_day_said_quiet_with_strikes_recorded_is_listed(data_copy):
    set_cells(data_copy / "coverage.csv", {"date": "2024-01-05"}, air_force_report="none", post_ids="")
    assert coverage.unreported_strike_days(load(data_copy)) == [
        "2024-01-05: coverage.csv says no report, strikes.csv has rows"]


@needs_real
def test_coverage_agrees_with_the_public_table_day_by_day(data_copy):
    rows, _ = airforce.read(REAL, DS.model_aliases, DS.weapons)
    assert coverage.disagreements(DS, rows) == []
    counts = DS.coverage["air_force_report"].value_counts().to_dict()
    assert counts == {"national": 80, "regional_only": 12, "none": 10}

    set_cells(data_copy / "coverage.csv", {"date": "2024-01-03"}, air_force_report="national")
    assert coverage.disagreements(load(data_copy), rows) == [
        "2024-01-03: coverage.csv says 'national', the public table says 'none'"]


# ------------------------------------------------------------------ assessed verdicts of claims

def test_every_claim_the_data_cannot_compute_has_an_assessed_verdict_with_evidence():
    from helpers.pages import claims

    assert claims.assessment_problems(DS) == []
    checked = claims.check_claims(DS)
    assert (checked["basis"] == claims.NOT_CHECKABLE).sum() == 0
    assert DS.claim_assessments["reasoning"].astype(str).str.len().max() <= 240


def test_a_missing_assessment_a_needless_one_and_one_without_evidence_are_listed(data_copy):
    from helpers.pages import claims

    needless = {"claim_id": "c-seed-announce-date", "verdict": "supported", "reasoning": "Not needed here."}
    rewrite_csv(data_copy / "claim_assessments.csv",
                lambda rows: [r for r in rows if r["claim_id"] != "c-seed-nyt-icbm"] + [needless])
    rewrite_csv(data_copy / "claim_evidence.csv", lambda rows: [
        r for r in rows if r["claim_id"] not in ("c-seed-nyt-icbm", "c-seed-kirby-title")]
        + [{"claim_id": "c-seed-announce-date", "source_id": "seed-article"}])
    assert claims.assessment_problems(load(data_copy)) == [
        "c-seed-announce-date: the data computes its verdict (contradicted); remove its row from claim_assessments.csv",
        "c-seed-nyt-icbm: not checkable (An attribution, judgement or intention, not a value the data holds) and "
        "not assessed; add a row to claim_assessments.csv",
        "c-seed-kirby-title: assessed with no evidence; add its sources to claim_evidence.csv"]


def test_assessed_evidence_must_exist(data_copy):
    from helpers.data import DataError

    rewrite_csv(data_copy / "claim_evidence.csv",
             lambda rows: rows + [{"claim_id": "c-seed-nyt-icbm", "source_id": "no-such-source"}])
    with pytest.raises(DataError, match="claim_evidence.csv.*source_id.*no-such-source"):
        load(data_copy)


# ------------------------------------------------------------------ one validate


def test_make_validate_runs_every_check_and_the_tests_call_the_same_function(data_copy):
    """`make validate` (python -m helpers.checks) and the tests call one function: a dataset that passes one
    passes the other; a completeness problem the schema cannot see fails both, with its line."""
    import subprocess
    import sys

    from conftest import ROOT

    from helpers import checks

    assert checks.problems(DS) == []
    set_cells(data_copy / "coverage.csv", {"date": "2024-01-05"}, air_force_report="none")
    broken = load(data_copy)
    assert "coverage: 2024-01-05: coverage.csv says no report, strikes.csv has rows" in checks.problems(broken)
    run = subprocess.run([sys.executable, "-m", "helpers.checks", str(data_copy)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 1
    assert "  - coverage: 2024-01-05: coverage.csv says no report, strikes.csv has rows" in run.stdout.splitlines()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "validate: $(STAMP)" in makefile and "\t$(PY) -m helpers.checks" in makefile
