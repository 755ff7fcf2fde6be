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
    and the files of ``overlay`` (a bad-data case) on top: each of its files (a CSV or a
    ``datapackage.json``) replaces the dataset's, each of its folders replaces the file of that name
    with a folder, and the names listed in its ``delete.txt`` are removed."""
    folder = tmp_path / "data"
    folder.mkdir()
    for csv in (FIXTURES / "valid").glob("*.csv"):
        shutil.copy(csv, folder)
    shutil.copy(DATA / "datapackage.json", folder)
    if overlay is not None:
        for f in sorted(overlay.iterdir()):
            if f.name in ("expected.txt", "delete.txt"):
                continue
            if f.is_dir():
                (folder / f.name).unlink(missing_ok=True)
                shutil.copytree(f, folder / f.name)
            else:
                shutil.copy(f, folder)
        deleted = overlay / "delete.txt"
        for name in deleted.read_text(encoding="utf-8").split() if deleted.exists() else []:
            (folder / name).unlink()
    return folder


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return make_dataset(tmp_path)
