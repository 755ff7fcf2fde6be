"""Shared test fixtures: the project's paths and a scratch copy of a dataset."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from helpers.table import external

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# ------------------------------------------------------------------ the public attack table

# Tests marked ``needs_table`` read the pinned releases of the public Air Force attack table (the current
# one, Kaggle version 211, and the February 2026 one); the committed reports built on them are rendered
# from the same bytes. The table is never part of a clone: the tests look for it where a user has it
# (``$STRIKE_LEDGER_EXTERNAL`` when set, which then wins; else the cache `make external` fills; else a
# ``shared/external`` folder beside the clone, as CI has), and recognise each release by its sha-256.
# Where the pinned releases are not found, those tests skip with one line saying how to enable them, and
# the renders the tests run skip the table's reports as `make reports` does.
# ``STRIKE_LEDGER_REQUIRE_TABLE=1`` (set by CI) turns that skip into a failure.
TABLE_HOWTO = ("needs the public Air Force attack table (both pinned releases): run `make external`, or set "
               "STRIKE_LEDGER_EXTERNAL to a folder holding them (see README, 'The public attack table')")
_REQUIRE_VAR = "STRIKE_LEDGER_REQUIRE_TABLE"


def _pinned_files(folder: Path) -> dict | None:
    """(release, file) -> path of every pinned file in ``folder`` (or one folder down), or None if one is missing."""
    found = {(r.name, name): external.find_in(folder, name, r.name)
             for r in external.RELEASES.values() for name in r.files}
    return found if all(found.values()) else None


def find_pinned_table() -> tuple[Path, dict] | tuple[None, None]:
    """The folder holding the pinned releases and their files, or ``(None, None)`` (see above)."""
    given = os.environ.get(external.ENV_VAR)
    if given:
        candidates = [Path(given).expanduser()]
    else:
        candidates = [external.cache_root(), ROOT.parent / "shared" / "external"]
    for folder in candidates:
        files = _pinned_files(folder) if folder.is_dir() else None
        if files:
            return folder, files
    return None, None


TABLE_FOLDER, _FILES = find_pinned_table()
HAVE_TABLE = TABLE_FOLDER is not None
# Where the tests read the table; a folder that does not exist when there is none (tests using it skip).
EXTERNAL = TABLE_FOLDER if HAVE_TABLE else ROOT / "build" / "no-public-table"
_NOWHERE = EXTERNAL / "not-found"
CURRENT_TABLE = _FILES[(external.CURRENT.name, external.TABLE)] if HAVE_TABLE else _NOWHERE / external.TABLE
PREVIOUS_TABLE = _FILES[(external.PREVIOUS.name, external.TABLE)] if HAVE_TABLE else _NOWHERE / external.TABLE
MODELS_TABLE = _FILES[(external.PREVIOUS.name, external.MODELS)] if HAVE_TABLE else _NOWHERE / external.MODELS
if HAVE_TABLE:
    os.environ[external.ENV_VAR] = str(TABLE_FOLDER)
else:  # renders in the tests must not fall back on another copy (a cache holding an edited file)
    os.environ[external.ENV_VAR] = str(EXTERNAL)
    os.environ[external.CACHE_ENV_VAR] = str(EXTERNAL)


def pytest_report_header(config):
    if HAVE_TABLE:
        return f"public attack table: the pinned releases, found in {TABLE_FOLDER.name}/"
    return f"public attack table: not found; the tests that read it skip ({TABLE_HOWTO})"


def pytest_collection_modifyitems(config, items):
    marked = [item for item in items if item.get_closest_marker("needs_table")]
    if HAVE_TABLE or not marked:
        return
    if os.environ.get(_REQUIRE_VAR) == "1":
        raise pytest.UsageError(f"{_REQUIRE_VAR}=1 but {len(marked)} selected test(s) {TABLE_HOWTO}")
    for item in marked:
        item.add_marker(pytest.mark.skip(reason=TABLE_HOWTO))


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
    _complete_references(folder)
    return folder


def _complete_references(folder: Path) -> None:
    """Make the fixture dataset referentially complete: where a table copied from ``data/`` (no fixture of its
    own, say a new table) refers to rows a fixture table lacks (the sources a new table cites), the project's
    rows for those keys are added to the fixture table. So the sample follows the data: a new table or
    source needs no hand copy into ``tests/fixtures/valid``."""
    resources = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    from_data = {name for name, r in resources.items() if not (FIXTURES / "valid" / r["path"]).exists()}
    for _ in range(3):  # rows added may refer on (a weapon to its source)
        added = False
        for name in sorted(from_data):
            r = resources[name]
            if not r["path"].endswith(".csv") or not (folder / r["path"]).is_file():
                continue
            with (folder / r["path"]).open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
            for fk in r.get("schema", {}).get("foreignKeys", []):
                (field,), target = fk["fields"], fk["reference"]
                ref = resources[target["resource"] or name]
                (key,) = target["fields"]
                if not (folder / ref["path"]).is_file() or (folder / ref["path"]).is_dir():
                    continue
                wanted = {row[field] for row in rows if row.get(field)}
                try:  # a bad-data case may have broken that file on purpose: then it is left as it is
                    with (folder / ref["path"]).open(encoding="utf-8", newline="") as fh:
                        reader = csv.DictReader(fh)
                        columns, have = reader.fieldnames, {row[key] for row in reader}
                except (UnicodeDecodeError, KeyError, csv.Error):
                    continue
                missing = wanted - have
                if not missing:
                    continue
                with (DATA / ref["path"]).open(encoding="utf-8", newline="") as fh:
                    extra = [row for row in csv.DictReader(fh) if row[key] in missing]
                with (folder / ref["path"]).open("a", encoding="utf-8", newline="") as fh:
                    writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
                    writer.writerows(extra)
                from_data.add(ref["name"])
                added = True
        if not added:
            return


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
