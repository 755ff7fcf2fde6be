"""Trust, in-process: what the renderer and the table reader do with input meant to mislead them.

Every case names the input, the rule, and checks the outcome a user would check: the value a page
receives, the message, and that nothing was read or written that should not be.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXTERNAL, ROOT

from helpers.render import jobs

VOLUME = ROOT / "notebooks" / "02-attack-volume.ipynb"
AIR_WAR = ROOT / "notebooks" / "06-air-war.ipynb"


@pytest.fixture
def in_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_value_never_becomes_a_file_because_a_file_of_that_name_exists(in_folder):
    for name in ("curated", "W", "2026-02", "missile_attacks_daily.csv"):
        (in_folder / name).write_text("date,model\n")
    job = jobs.adhoc_job(VOLUME, {"strikes_source": "curated", "frequency": "W"}, "probe")
    assert job.external == {}
    assert job.parameters["strikes_source"] == "curated" and job.parameters["frequency"] == "W"
    job = jobs.adhoc_job(AIR_WAR, {"previous_path": "2026-02"}, "probe")  # a pinned release's name
    assert "previous_path" not in job.external and job.parameters["previous_path"] == "2026-02"


def test_a_parameter_declared_as_a_path_is_read_as_that_file(in_folder):
    (in_folder / "copy.csv").write_text("date,model\n")
    job = jobs.adhoc_job(VOLUME, {"strikes_source": "copy.csv", "compare_path": "copy.csv"}, "probe")
    assert set(job.external) == {"strikes_source", "compare_path"}
    assert job.parameters["strikes_source"] == str((in_folder / "copy.csv").resolve())
    assert job.shown_parameters()["compare_path"] == "copy.csv"  # a page names the file, never its folder
    assert os.sep not in job.command().split("--name")[0].split("-p ")[-1]


@pytest.mark.parametrize("name", ["sources.csv", "datapackage.json", "ukraine-adm1.geojson"])
def test_a_data_file_linked_out_of_the_folder_is_refused_unread(data_copy, tmp_path, name):
    import helpers.data as hd

    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0:SECRET-LINE\n")
    (data_copy / name).unlink()
    (data_copy / name).symlink_to(secret)
    with pytest.raises(hd.DataError) as info:
        hd.load(data_copy)
    text = str(info.value)
    assert "SECRET" not in text and "root:" not in text
    assert f"data/{name}: is a link to a file outside the dataset folder; it was not read" in text
    assert "[rule: a file inside the dataset folder]" in text


def test_a_link_at_a_pages_path_is_replaced_never_written_through(tmp_path):
    from helpers.render.output import report_path, write_if_changed

    out = tmp_path / "reports"
    out.mkdir()
    (out / "timeline.html").write_text("<html>the timeline</html>\n")
    (out / "dataset.html").symlink_to("timeline.html")
    target = report_path(out, "dataset")
    assert write_if_changed(target, "<html>the dataset</html>\n")
    assert (out / "timeline.html").read_text() == "<html>the timeline</html>\n"
    assert not (out / "dataset.html").is_symlink()
    assert (out / "dataset.html").read_text() == "<html>the dataset</html>\n"


@pytest.mark.parametrize("value", ["../../../../etc/passwd", "/etc/passwd", "2026-09/../../x.csv",
                                   "sub/missile_attacks_daily.csv", "notes.txt", "2026-02/../missiles_and_uavs.csv"])
def test_a_suite_entry_names_only_a_pinned_file(tmp_path, value):
    from helpers.render.suite import SuiteError, load_suite

    suite = tmp_path / "reports.toml"
    suite.write_text(f'[[report]]\nname = "probe"\nnotebook = "notebooks/06-air-war.ipynb"\ntitle = "T"\n'
                     f'description = "D"\n[report.external]\nexternal_path = "{value}"\n')
    with pytest.raises(SuiteError) as info:
        load_suite(suite)
    message = str(info.value)
    assert "root:" not in message
    assert f"external external_path = {value!r}" in message
    assert "missile_attacks_daily.csv" in message  # what is allowed


BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "weapon_classes: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n")


@pytest.mark.parametrize("text, message", [
    (BOMB, "line 1: an anchor (&a) is not allowed in a parameter file; write the value out"),
    ("weapon_classes: *nothing\n", "line 1: an alias (*nothing) is not allowed in a parameter file"),
    ("weapon_classes: [a, b\n", "not valid YAML: while parsing a flow sequence"),
    ("weapon_classes: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 20 levels deep"),
    ("frequency: W\nfrequency: M\n", "line 2: 'frequency' is given twice (first on line 1); give each parameter once"),
])
def test_a_parameter_file_that_multiplies_nests_or_repeats_is_refused(tmp_path, capsys, text, message):
    from helpers.render.__main__ import main

    (tmp_path / "p.yaml").write_text(text)
    code = main(["--notebook", str(VOLUME), "--params", str(tmp_path / "p.yaml"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: parameter file {tmp_path / 'p.yaml'}: " in err and message in err
    assert len(err) < 600
    assert not (tmp_path / "o").exists()


def test_a_parameter_file_is_read_no_further_than_its_cap(tmp_path, capsys):
    from helpers.render.__main__ import main

    code = main(["--notebook", str(VOLUME), "--params", "/dev/zero", "--out", str(tmp_path / "o")])
    assert code == 2
    assert capsys.readouterr().err.strip() == ("error: parameter file /dev/zero: larger than 1,024 KB; a parameter "
                                               "file is a few lines (read no further)")


def _table(tmp_path, rows):
    path = tmp_path / "missile_attacks_daily.csv"
    head = "time_start,time_end,model,launched,destroyed,source\n"
    path.write_text(head + "".join(",".join(r) + "\n" for r in rows))
    return path


def test_windows_that_cannot_be_an_attacks_are_listed_and_never_summed(tmp_path):
    import helpers.data
    from helpers.table import airforce

    ds = helpers.data.load()
    path = _table(tmp_path, [
        ["2024-01-01 18:00", "2024-01-02 08:00", "Shahed-136/131", "36", "30", "kpszsu/posts/p1"],
        ["2024-01-02 08:00", "2024-01-01 18:00", "Shahed-136/131", "40", "38", "kpszsu/posts/p2"],  # swapped
        ["2099-01-02 03:00", "2099-01-02 07:30", "Kalibr", "10", "9", "kpszsu/posts/p3"],  # year typed wrong
        ["2024-01-01 00:00", "2024-03-01 00:00", "Kalibr", "20", "19", "kpszsu/posts/p4"],  # two months
    ])
    rows, report = airforce.read(path, ds.model_aliases, ds.weapons, today=pd.Timestamp("2026-12-07"))
    counts = report.counts()
    assert counts["windows that end before they start (not summed)"] == 1
    assert counts["windows that lie in the future (not summed)"] == 1
    assert counts["windows longer than 7 days (not summed)"] == 1
    assert list(report.bad_windows.index) == [3, 4, 5]
    assert list(report.bad_windows["problem"]) == ["ends before it starts", "in the future", "longer than 7 days"]
    assert rows["launched"].sum() == 36 and rows["destroyed"].sum() == 30
    assert rows.loc[rows["row"] == 3, "launched"].isna().all()


def test_a_source_that_is_not_a_post_is_listed_and_never_cites_a_curated_source(tmp_path):
    import helpers.data
    from helpers.table import adapter

    ds = helpers.data.load()
    curated = ds.sources["source_id"].iloc[0]
    path = _table(tmp_path, [
        ["2024-01-01 18:00", "2024-01-02 08:00", "Shahed-136/131", "36", "30", curated],
        ["2024-01-01 18:00", "2024-01-02 08:00", "Kalibr", "10", "9", "kpszsu/posts/pfbid0abc"],
        ["2024-01-01 18:00", "2024-01-02 08:00", "Kh-101", "5", "5", "https://t.me/kpszsu/1234"],
        ["2024-01-01 18:00", "2024-01-02 08:00", "Kh-101", "5", "5", "PvKPivden/videos/698815895479087/"],
    ])
    variant, rows, report = adapter.load(ds, path, reporters=("air_force", "other", "air_command_south"))
    assert list(report.not_posts.index) == [2]
    assert report.not_posts.loc[2, "source"] == curated
    assert curated not in set(rows["source_id"].astype(str))
    assert "(no post id)" in set(rows["source_id"].astype(str))


@pytest.mark.parametrize("given", [{"start_date": "1900-01-01"}, {"end_date": "2099-12-31"}])
def test_a_window_is_bounded_before_any_kernel_and_in_the_notebook(given):
    from helpers import params
    from helpers.render import contract

    (name, value), = given.items()
    allowed = "a date from 2014-02-20 (the war's start, with Crimea) to 2030-12-31, written YYYY-MM-DD"
    with pytest.raises(contract.ContractError) as info:
        contract.check(VOLUME, dict(given, frequency="D"))
    assert str(info.value) == f"parameter {name!r} = {value!r} is not allowed: {allowed}"
    with pytest.raises(params.ParameterError) as info:
        params.as_date(name, value)
    assert str(info.value) == f"parameter {name!r} = {value!r} is not allowed: {allowed}"


def _write(path, rows):
    path.write_text("time_start,time_end,model,launched,destroyed,source\n" + "".join(",".join(r) + "\n" for r in rows))
    return path


@pytest.mark.parametrize("old_value, new_value, edited", [
    ("9007199254740993", "9007199254740992", 1),  # 2^53 + 1 against 2^53: equal only as floats
    ("1e400", "inf", 1),  # both overflow a float
    ("12.0", "12", 0),  # the same count written two ways
])
def test_the_diff_compares_counts_exactly(tmp_path, old_value, new_value, edited):
    from helpers.table.airforce_diff import diff

    row = ["2024-01-01 18:00", "2024-01-02 08:00", "Kalibr"]
    old = _write(tmp_path / "old.csv", [[*row, old_value, "1", "kpszsu/posts/p1"]])
    new = _write(tmp_path / "new.csv", [[*row, new_value, "1", "kpszsu/posts/p1"]])
    assert diff(old, new).counts() == {"added": 0, "removed": 0, "edited": edited, "unchanged": 1 - edited}


def test_the_diff_sees_a_reorder_of_identical_rows_as_no_change(tmp_path):
    from helpers.table.airforce_diff import diff

    a = ["2024-01-01 18:00", "2024-01-02 08:00", "Kalibr", "10", "9", "kpszsu/posts/p1"]
    b = ["2024-01-01 18:00", "2024-01-02 08:00", "Kalibr", "4", "4", "kpszsu/posts/p1"]  # same key, other figures
    old = _write(tmp_path / "old.csv", [a, b])
    new = _write(tmp_path / "new.csv", [b, a])
    assert diff(old, new).counts() == {"added": 0, "removed": 0, "edited": 0, "unchanged": 2}
    c = [*b[:3], "5", "4", b[5]]  # then a real edit among the reordered rows is one edit, not two
    result = diff(old, _write(tmp_path / "edit.csv", [c, a]))
    assert result.counts() == {"added": 0, "removed": 0, "edited": 1, "unchanged": 1}
    assert result.edited[["column", "old", "new"]].values.tolist() == [["launched", "4", "5"]]


def _tampered(folder: Path) -> Path:
    """A copy of the current release with one figure changed (a Shahed row's launched, times ten)."""
    import csv
    import io

    from conftest import CURRENT_TABLE

    rows = list(csv.reader(io.StringIO(CURRENT_TABLE.read_text(encoding="utf-8"))))
    head = rows[0]
    row = next(r for r in rows[1:] if "Shahed" in r[head.index("model")])
    row[head.index("launched")] = str(float(row[head.index("launched")]) * 10)
    folder.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / "missile_attacks_daily.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder / "missile_attacks_daily.csv"


@pytest.mark.needs_table
def test_a_tampered_copy_in_the_cache_never_builds_a_suite_report(tmp_path, monkeypatch):
    from helpers.render.jobs import MissingExternal, suite_job
    from helpers.render.suite import load_suite
    from helpers.table import external

    _tampered(tmp_path / "cache" / external.DEFAULT)
    monkeypatch.delenv(external.ENV_VAR, raising=False)
    monkeypatch.setenv(external.CACHE_ENV_VAR, str(tmp_path / "cache"))
    spec = next(s for s in load_suite() if s.name == "air-war-monthly")
    with pytest.raises(MissingExternal) as info:
        suite_job(spec)
    assert info.value.reason.startswith("it needs missile_attacks_daily.csv of release 2026-09, and the copy found "
                                        "(in the cache) differs from it (sha-256 ")
    assert "run `make external` to fetch it again" in info.value.reason


@pytest.mark.needs_table
def test_where_says_a_copy_is_not_pinned_and_fails_unless_any_copy_is_asked(tmp_path, monkeypatch, capsys):
    from helpers.table import external

    _tampered(tmp_path / "mine")
    monkeypatch.setenv(external.ENV_VAR, str(tmp_path / "mine"))
    assert external.main(["where"]) == 1
    assert "NOT the pinned release 2026-09" in capsys.readouterr().out
    assert external.main(["where", "--any-copy"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("; pages built from it say so")


@pytest.mark.needs_table
def test_an_adhoc_job_names_the_fetched_copy_and_says_when_it_is_not_pinned(tmp_path, monkeypatch):
    from helpers.table import external

    _tampered(tmp_path / "mine")
    monkeypatch.setenv(external.ENV_VAR, str(tmp_path / "mine"))
    job = jobs.adhoc_job(AIR_WAR, {}, "probe")  # external_path left empty: the copy found is the input
    f = job.external["external_path"]
    assert f.release is None and f.unpinned_table
    assert "a copy that differs from every pinned release of the public table" in f.describe()
    assert job.input_warnings()[0].startswith("This page is built from missile_attacks_daily.csv (sha-256 ")
    monkeypatch.setenv(external.ENV_VAR, str(EXTERNAL))  # the pinned release: named as such, no warning
    job = jobs.adhoc_job(AIR_WAR, {}, "probe")
    assert job.external["external_path"].release == external.CURRENT.label and job.input_warnings() == ()


@pytest.mark.parametrize("cell", ["['Kyiv'" + " " * 9_000 + "x", "['Kyiv', " * 1_000,
                                  "{'belarus': 2" + " " * 9_000 + "x}", "['Kyiv'" + " " * 100_000 + "]"],
                         ids=["spaces", "names", "mapping", "over-cap"])
def test_a_long_cell_that_almost_parses_is_refused(cell):
    """The first of these took 50 s with the quadratic pattern; bench/adversarial_bench.py times them."""
    from helpers.table.text import border_crossing, regions

    parse = border_crossing if cell.startswith("{") else regions
    with pytest.raises(ValueError, match="is not a"):
        parse(cell)


# ------------------------------------------------------------------ tracebacks that became clear errors


def test_a_notebook_that_is_not_utf8_is_one_clear_error_and_nothing_is_written(tmp_path, capsys):
    from helpers.render.__main__ import main

    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(b"\xff\xfe{}")
    out = tmp_path / "out"
    out.mkdir()
    (out / "nb.html").write_text("previous good report")
    assert main(["--notebook", str(notebook), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (f"error: notebook {notebook} is not a notebook: byte 0xff at position 0 "
                                                "is not UTF-8 (a notebook is JSON text)")
    assert (out / "nb.html").read_text() == "previous good report"


def test_a_page_path_that_is_a_folder_is_named_by_check(tmp_path):
    import shutil

    from helpers.render.stale import stale_reports

    out = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", out)
    (out / "dataset.html").unlink()
    (out / "dataset.html").mkdir()
    assert "dataset.html: is a folder, not a page: remove it and run make reports" in stale_reports(out, not_checked=[])


def test_a_cache_setting_that_is_a_file_is_named(tmp_path, monkeypatch, capsys):
    from helpers.table import external

    (tmp_path / "cachefile").write_text("")
    monkeypatch.delenv(external.ENV_VAR, raising=False)
    monkeypatch.setenv(external.CACHE_ENV_VAR, str(tmp_path / "cachefile"))
    assert external.main(["where"]) == 1
    assert capsys.readouterr().out.strip() == (f"STRIKE_LEDGER_CACHE is set to {tmp_path / 'cachefile'}, which is a "
                                               "file, not a folder: point it at a folder (or unset it), then run "
                                               "`make external`")
    assert external.main(["fetch", "--base-url", "http://127.0.0.1:9/"]) == 1
    assert capsys.readouterr().err.strip() == (f"error: cannot fetch into {tmp_path / 'cachefile' / '2026-09'}: "
                                               f"{tmp_path / 'cachefile'} is a file, not a folder (set "
                                               "STRIKE_LEDGER_CACHE to a folder, or unset it)")


def test_an_external_setting_that_does_not_exist_is_named_and_never_replaced_by_the_cache(tmp_path, monkeypatch,
                                                                                          capsys):
    from helpers.table import external

    monkeypatch.setenv(external.ENV_VAR, str(tmp_path / "missing"))
    assert external.locate() is None
    assert external.main(["where"]) == 1
    assert capsys.readouterr().out.strip().startswith(f"STRIKE_LEDGER_EXTERNAL is set to {tmp_path / 'missing'}, "
                                                      "which does not exist")


def test_a_claimant_with_a_comma_split_in_two_is_told_how_to_write_it():
    from helpers import params

    name = "John Kirby, as reported by the seed article"
    with pytest.raises(params.ParameterError) as info:
        params.as_subset("claimants", ["John Kirby", "as reported by the seed article"], [name, "Reuters"])
    assert str(info.value) == (f"parameter 'claimants' = ['John Kirby', 'as reported by the seed article']: {name!r} "
                               "was split at its comma into separate names; give a name with a comma as a JSON list: "
                               f"-p claimants='[\"{name}\"]'")


@pytest.mark.parametrize("content, problem", [
    ("time_start,time_end,model,launched,destroyed\n", "has a header but no rows"),
    ("\0" * 70_000, "binary data, not CSV text (a NUL byte at byte 0)"),
])
def test_a_table_that_cannot_be_one_names_the_notebooks_own_parameter(tmp_path, content, problem):
    import helpers.data
    from helpers import params
    from helpers.table import adapter

    table = tmp_path / "copy.csv"
    table.write_text(content)
    with pytest.raises(params.ParameterError) as info:
        adapter.strikes_source(helpers.data.load(), str(table), "external_path")
    assert str(info.value).startswith("parameter 'external_path' names copy.csv, which cannot be read as the public "
                                      f"attack table: copy.csv: {problem}")
