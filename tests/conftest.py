"""Shared test fixtures: the project's paths and a scratch copy of a dataset."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXTERNAL = ROOT.parent / "shared" / "external"

# The committed reports built on the public attack table are rendered from this copy of it (the same
# bytes as the pinned release); renders and stale checks in the tests find it through the variable a
# user would set. Where the copy is absent those reports are skipped, as `make reports` skips them.
if EXTERNAL.is_dir() and "STRIKE_LEDGER_EXTERNAL" not in os.environ:
    os.environ["STRIKE_LEDGER_EXTERNAL"] = str(EXTERNAL)


def resource_paths(descriptor: Path = DATA / "datapackage.json") -> list[str]:
    """The file of every resource the project's descriptor lists."""
    return [r["path"] for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]]


def make_dataset(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A dataset folder named ``data``: the project's real descriptor and, for each of its
    resources, the valid fixture file, or the project's own file where no fixture exists (so a new
    resource needs no fixture copy to keep every test's dataset valid); then the files of
    ``overlay`` (a bad-data case) on top: each of its files (a CSV, a GeoJSON or a
    ``datapackage.json``) replaces the dataset's, each of its folders replaces the file of that name
    with a folder, and the names listed in its ``delete.txt`` are removed."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in resource_paths():
        fixture = FIXTURES / "valid" / path
        shutil.copy(fixture if fixture.exists() else DATA / path, folder / path)
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


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project's real ``data/``, for breaking on purpose."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def rewrite_csv(path: Path, change) -> None:
    """Rewrite the CSV at ``path`` with ``change(rows)`` (rows are dicts; columns and their order kept)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cells(path: Path, where: dict, **values) -> None:
    """In the CSV at ``path``, set ``values`` on every row matching all of ``where``; at least one must."""
    def change(rows):
        hits = [r for r in rows if all(r[k] == v for k, v in where.items())]
        assert hits, f"no row of {path.name} matches {where}"
        for r in hits:
            r.update(values)
        return rows
    rewrite_csv(path, change)
