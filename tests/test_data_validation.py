"""The bad-data catalog: every case under fixtures/bad/ must give exactly the error in its
expected.txt, as a DataError from load() and as the output of `python -m helpers.data`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from conftest import FIXTURES, make_dataset

import helpers.data as hd

CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def expected(case) -> str:
    return (case / "expected.txt").read_text(encoding="utf-8").rstrip("\n").replace(
        "{today}", date.today().isoformat()
    )


def test_catalog_is_large_enough():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_data_gives_the_exact_error(case, tmp_path):
    folder = make_dataset(tmp_path, case)
    with pytest.raises(hd.DataError) as info:
        hd.load(folder)
    assert str(info.value) == expected(case)
    assert all(p.rule and p.file.startswith("data/") for p in info.value.problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {
    "byte-order-mark", "wrong-encoding", "malformed-quoting", "empty-file", "many-problems"}],
    ids=lambda p: p.name)
def test_validate_command_lists_problems_without_traceback(case, tmp_path):
    folder = make_dataset(tmp_path, case)
    run = subprocess.run([sys.executable, "-m", "helpers.data", str(folder)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == ""
    assert run.stdout.rstrip("\n") == expected(case)


def test_valid_fixture_loads_with_proper_dtypes(fixture_data):
    ds = hd.load(fixture_data)
    assert str(ds.strikes["date"].dtype) == "datetime64[ns]"
    assert str(ds.strikes["launched"].dtype) == "Int64"
    assert str(ds.events["lat"].dtype) == "Float64"
    assert str(ds.events["category"].dtype) == "category"
    assert list(ds.events["category"].cat.categories)[:2] == ["arms_transfer", "dprk_missile_use"]
    assert ds.events.loc[0, "summary"] == "A fixture event, with a comma."
    # an empty count stays unknown, never zero
    assert ds.events["killed"].isna().all()
    assert ds.strikes["destroyed"].tolist() == [35, 0]


def test_validate_returns_every_problem_not_just_the_first(tmp_path):
    folder = make_dataset(tmp_path, FIXTURES / "bad" / "many-problems")
    rules = sorted(p.rule for p in hd.validate(folder))
    assert rules == ["destroyed <= launched", "foreign key", "primary key", "type date", "type integer"]


def test_validate_names_the_rule_for_a_missing_file(fixture_data):
    (fixture_data / "claims.csv").unlink()
    [problem] = hd.validate(fixture_data)
    assert str(problem) == "data/claims.csv: file is missing [rule: file exists]"


def test_future_is_judged_against_the_given_day(fixture_data):
    assert hd.validate(fixture_data, today=date(2024, 1, 3))[0].rule == "not in the future"
    assert hd.validate(fixture_data, today=date(2024, 1, 4)) == []
