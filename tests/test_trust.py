"""Trust, in-process: what the renderer and the table reader do with input meant to mislead them.

Every case names the input, the rule, and checks the outcome a user would check: the value a page
receives, the message, and that nothing was read or written that should not be.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

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
    assert job.external == {} and job.parameters["previous_path"] == "2026-02"


def test_a_parameter_declared_as_a_path_is_read_as_that_file(in_folder):
    (in_folder / "copy.csv").write_text("date,model\n")
    job = jobs.adhoc_job(VOLUME, {"strikes_source": "copy.csv", "compare_path": "copy.csv"}, "probe")
    assert set(job.external) == {"strikes_source", "compare_path"}
    assert job.parameters["strikes_source"] == str((in_folder / "copy.csv").resolve())
    assert job.shown_parameters()["compare_path"] == "copy.csv"  # a page names the file, never its folder
    assert os.sep not in job.command().split("--name")[0].split("-p ")[-1]
