"""The bad-data catalog: every case under fixtures/bad/ must give exactly the error in its
expected.txt, as a DataError from load() and as the output of `python -m helpers.data`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date

import pytest
from conftest import DATA, FIXTURES, make_dataset, resource_paths

import helpers.data as hd
from helpers.data.fields import FieldError, parse
from helpers.data.schema import Field

CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def expected(case) -> str:
    return (case / "expected.txt").read_text(encoding="utf-8").rstrip("\n").replace(
        "{today}", date.today().isoformat()
    )


def test_catalog_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_data_gives_the_exact_error(case, tmp_path):
    folder = make_dataset(tmp_path, case)
    with pytest.raises(hd.DataError) as info:
        hd.load(folder)
    assert str(info.value) == expected(case)
    assert all(p.rule and p.file.startswith("data/") for p in info.value.problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {
    "byte-order-mark", "wrong-encoding", "malformed-quoting", "empty-file", "many-problems",
    "count-overflow", "count-near-int64-limit", "descriptor-missing", "descriptor-not-json",
    "descriptor-not-an-object", "descriptor-without-resources", "descriptor-is-a-folder",
    "descriptor-broken-resource", "table-is-a-folder", "nul-bytes", "binary-spreadsheet", "lookalike-enum"}],
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


# ---------------------------------------------------------------- bounds

def _descriptor(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_every_count_and_measure_has_documented_bounds():
    """Every integer and number field is bounded both ways, its description says why, and the
    bound stays far below where a sum of a whole table could lose precision or overflow."""
    for resource in _descriptor(DATA)["resources"]:
        for f in resource["schema"]["fields"]:
            if f.get("type") not in ("integer", "number"):
                continue
            c = f.get("constraints", {})
            where = f"{resource['name']}.{f['name']}"
            assert "minimum" in c and "maximum" in c, where
            assert c["maximum"] <= 50_000_000, where
            if f["name"] not in ("lat", "lon"):
                assert f"{c['maximum']:,}" in f["description"], where


def test_bounds_come_from_the_descriptor(fixture_data):
    """Lowering a maximum in datapackage.json alone makes the fixture's 35 Shaheds invalid."""
    raw = _descriptor(fixture_data)
    strikes = next(r for r in raw["resources"] if r["name"] == "strikes")
    next(f for f in strikes["schema"]["fields"] if f["name"] == "launched")["constraints"]["maximum"] = 30
    (fixture_data / "datapackage.json").write_text(json.dumps(raw), encoding="utf-8")
    [problem] = hd.validate(fixture_data)
    assert str(problem) == ("data/strikes.csv, row 2, column 'launched': value '35': is above the maximum 30 "
                            "[rule: maximum]")


def _field(type_, **constraints):
    return Field(name="n", type=type_, description="", constraints=constraints)


@pytest.mark.parametrize("text, rule", [
    ("9223372036854775807", "maximum"),          # the largest 64-bit integer: within type, above the bound
    ("9223372036854775808", "maximum"),          # one more: never converted, still judged by the bound
    ("1" + "0" * 5000, "maximum"),               # beyond what int() accepts from text
    ("-" + "9" * 30, "minimum"),
    ("00000000000000000000000000012", None),     # leading zeros are not a big number
])
def test_huge_whole_numbers_are_judged_by_the_bounds(text, rule):
    f = _field("integer", minimum=0, maximum=10_000)
    if rule is None:
        assert parse(f, text) == 12
        return
    with pytest.raises(FieldError) as info:
        parse(f, text)
    assert info.value.rule == rule


def test_whole_number_beyond_64_bits_without_a_bound_is_a_type_error():
    with pytest.raises(FieldError) as info:
        parse(_field("integer"), "100000000000000000000000")
    assert (info.value.rule, info.value.message) == (
        "type integer", "is too large to be a whole number the dataset can hold (64 bits)")
    assert parse(_field("integer"), str(2**63 - 1)) == 2**63 - 1


def test_number_too_large_for_a_float_is_judged_by_the_bound():
    with pytest.raises(FieldError) as info:
        parse(_field("number", minimum=0, maximum=20_000), "1" + "0" * 400)
    assert info.value.rule == "maximum"
    with pytest.raises(FieldError) as info:
        parse(_field("number"), "-1" + "0" * 400)
    assert info.value.rule == "type number"


def test_huge_count_fails_validation_and_never_reaches_a_sum(tmp_path):
    folder = make_dataset(tmp_path, FIXTURES / "bad" / "count-near-int64-limit")
    [problem] = hd.validate(folder)
    assert (problem.column, problem.rule) == ("launched", "maximum")


# ---------------------------------------------------------------- the descriptor and the files

def test_validate_returns_descriptor_problems_instead_of_raising(tmp_path):
    folder = make_dataset(tmp_path, FIXTURES / "bad" / "descriptor-not-json")
    [problem] = hd.validate(folder)
    assert problem.file == "data/datapackage.json" and problem.rule == "JSON syntax"
    assert "line 4, column 24" in problem.message


def test_validate_command_on_a_folder_that_does_not_exist(tmp_path):
    run = subprocess.run([sys.executable, "-m", "helpers.data", str(tmp_path / "nowhere")],
                         capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines()[1] == (
        f"  - nowhere/datapackage.json: file is missing (the folder {tmp_path / 'nowhere'} does not exist); "
        "a dataset folder needs its data package descriptor [rule: file exists]")


def test_descriptor_as_bytes_with_a_bom_or_nothing_in_it(fixture_data):
    descriptor = fixture_data / "datapackage.json"
    text = descriptor.read_bytes()
    descriptor.write_bytes(b"\xef\xbb\xbf" + text)
    assert [p.rule for p in hd.validate(fixture_data)] == ["encoding utf-8 without BOM"]
    descriptor.write_bytes(b"  \n")
    assert [p.message for p in hd.validate(fixture_data)] == [
        "file is empty; it must hold the data package descriptor"]
    descriptor.write_bytes(b"[" * 100_000)
    assert [p.message for p in hd.validate(fixture_data)] == ["is not valid JSON: nested too deeply"]


def test_a_rule_reading_a_field_the_descriptor_dropped_is_reported(fixture_data):
    """Drop strikes.note from both the descriptor and the file: still valid. Drop launched: the
    cross-field rules cannot run, and say so instead of raising KeyError."""
    raw = _descriptor(fixture_data)
    strikes = next(r for r in raw["resources"] if r["name"] == "strikes")
    strikes["schema"]["fields"] = [f for f in strikes["schema"]["fields"] if f["name"] != "launched"]
    (fixture_data / "datapackage.json").write_text(json.dumps(raw), encoding="utf-8")
    rows = (fixture_data / "strikes.csv").read_text(encoding="utf-8").splitlines()
    kept = [",".join(v for i, v in enumerate(next(csv.reader([r]))) if i != 5) for r in rows]
    (fixture_data / "strikes.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert [str(p) for p in hd.validate(fixture_data)] == [
        "data/datapackage.json: resource 'strikes' has no field 'launched', which its cross-field rules read "
        "[rule: fields the rules read]"]


def test_a_long_value_is_quoted_short_and_escaped():
    from helpers.data.errors import quote

    assert len(quote("\x00" * 1000)) <= 80
    assert quote("\x00" * 1000).startswith("'\\x00\\x00")
    assert quote("a" * 1000) == repr("a" * 77 + "…")
    assert quote("short") == "'short'"


def test_the_data_package_passes_the_frictionless_validator():
    """The standard's own validator (Frictionless) finds the package and every resource valid."""
    from frictionless import validate

    report = validate(DATA / "datapackage.json")
    errors = [f"{task.name}: {e.type}: {e.note}" for task in report.tasks for e in task.errors] + \
             [f"package: {e.type}: {e.note}" for e in report.errors]
    assert report.valid, errors
    assert len(report.tasks) == len(resource_paths())
