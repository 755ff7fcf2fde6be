"""Shared test fixtures: the project's paths and a scratch copy of a dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXTERNAL = ROOT.parent / "shared" / "external"


def make_dataset(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A dataset folder named ``data``: the valid fixture tables, the project's real descriptor,
    and the files of ``overlay`` (a bad-data case) on top."""
    folder = tmp_path / "data"
    folder.mkdir()
    for csv in (FIXTURES / "valid").glob("*.csv"):
        shutil.copy(csv, folder)
    shutil.copy(DATA / "datapackage.json", folder)
    if overlay is not None:
        for f in overlay.glob("*.csv"):
            shutil.copy(f, folder)
    return folder


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return make_dataset(tmp_path)
