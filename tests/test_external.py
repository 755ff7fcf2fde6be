"""Fetching the public attack table: the real downloader (pooch) against a local server on 127.0.0.1
serving real copies of the files, never the internet."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import CURRENT_TABLE, EXTERNAL, MODELS_TABLE, PREVIOUS_TABLE, ROOT

from helpers.table import external

pytestmark = pytest.mark.needs_table


@pytest.fixture
def server(tmp_path):
    """A local HTTP server with real copies of both releases under /good/ (a folder per release) and tampered
    ones under /bad/."""
    root = tmp_path / "www"
    files = {("2026-09", external.TABLE): CURRENT_TABLE, ("2026-02", external.TABLE): PREVIOUS_TABLE,
             ("2026-02", external.MODELS): MODELS_TABLE}
    for (release, name), path in files.items():
        for kind in ("good", "bad"):
            (root / kind / release).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, root / "good" / release / name)
        (root / "bad" / release / name).write_bytes(path.read_bytes()[:-1] + b"9")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(base: str, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {external.CACHE_ENV_VAR: str(cache)}
    env.pop(external.ENV_VAR, None)
    return subprocess.run([sys.executable, "-m", "helpers.table.external", "fetch", "--base-url", base, *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_fetch_downloads_both_pinned_releases_and_checks_them(server, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    run = fetch(f"{server}/good/", cache)
    assert run.returncode == 0, run.stderr
    assert external.sha256(cache / "2026-09" / external.TABLE) == external.CURRENT.sha256(external.TABLE)
    assert external.sha256(cache / "2026-02" / external.TABLE) == external.PREVIOUS.sha256(external.TABLE)
    assert external.sha256(cache / "2026-02" / external.MODELS) == external.PREVIOUS.sha256(external.MODELS)
    assert run.stderr == "" and [line.split(":")[0] for line in run.stdout.splitlines()] == [
        "2026-09/missile_attacks_daily.csv", "2026-02/missile_attacks_daily.csv", "2026-02/missiles_and_uavs.csv"]
    again = fetch(f"{server}/good/", cache)  # already there: nothing fetched, still checked
    assert again.returncode == 0
    monkeypatch.setenv(external.CACHE_ENV_VAR, str(cache))
    monkeypatch.delenv(external.ENV_VAR)
    assert external.locate().release is external.CURRENT  # the current release is the default
    assert external.locate(external.TABLE, "2026-02").path == cache / "2026-02" / external.TABLE


def test_one_release_is_fetched_by_name(server, tmp_path):
    cache = tmp_path / "cache"
    run = fetch(f"{server}/good/", cache, "--release", "2026-02")
    assert run.returncode == 0, run.stderr
    assert sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*.csv")) == [
        "2026-02/missile_attacks_daily.csv", "2026-02/missiles_and_uavs.csv"]
    unknown = fetch(f"{server}/good/", cache, "--release", "2025-01")
    assert unknown.returncode == 2 and "invalid choice: '2025-01' (choose from '2026-09', '2026-02')" in unknown.stderr


def test_a_file_that_is_not_the_pinned_one_is_refused(server, tmp_path):
    run = fetch(f"{server}/bad/", tmp_path / "cache")
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: {external.TABLE} from {server}/bad/2026-09/{external.TABLE} is not the "
                                 "pinned file of release 2026-09")
    assert not (tmp_path / "cache" / "2026-09" / external.TABLE).exists()


def test_offline_is_one_line_saying_how_to_place_a_copy(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cache = tmp_path / "cache"
    cache = tmp_path / "cache" / "strike-ledger"
    run = fetch(f"http://127.0.0.1:{port}/", cache, "--release", "2026-02")
    assert run.returncode == 1
    base = f"http://127.0.0.1:{port}/2026-02/"
    folder = cache / "2026-02"
    sha = external.PREVIOUS.sha256
    assert run.stderr.strip() == (
        f"error: could not download {external.TABLE} of release 2026-02 (no connection: offline?). Place copies by "
        f"hand: save {base}{external.TABLE} as {folder / external.TABLE} (sha-256 {sha(external.TABLE)}) and "
        f"{base}{external.MODELS} as {folder / external.MODELS} (sha-256 {sha(external.MODELS)}); or "
        f"set {external.ENV_VAR} to a folder holding {external.TABLE} and {external.MODELS}")
    assert not (tmp_path / "cache").exists()  # no empty cache folder left behind


def test_locate_prefers_the_environment_then_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(external.CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.delenv(external.ENV_VAR, raising=False)
    assert external.locate() is None
    (tmp_path / "cache" / "2026-09").mkdir(parents=True)
    shutil.copy(CURRENT_TABLE, tmp_path / "cache" / "2026-09")
    assert external.locate().how == "cache" and external.locate().release is external.CURRENT
    assert external.locate(external.TABLE, "2026-02") is None
    monkeypatch.setenv(external.ENV_VAR, str(EXTERNAL))  # a folder holding both releases: each found by its bytes
    found = external.locate()
    assert found.how == external.ENV_VAR and found.path == CURRENT_TABLE and found.release is external.CURRENT
    assert external.locate(external.TABLE, "2026-02").path == PREVIOUS_TABLE
    monkeypatch.setenv(external.ENV_VAR, str(PREVIOUS_TABLE))  # a file named: used as the table, and known for what
    assert external.locate().path == PREVIOUS_TABLE and external.locate().release is external.PREVIOUS
    monkeypatch.setenv(external.ENV_VAR, str(tmp_path / "mistyped"))  # set, but wrong: no silent fallback
    assert external.locate() is None


def test_pages_name_the_release_a_copy_is_and_never_a_release_it_is_not(tmp_path):
    assert "Kaggle version 211 of 19 Sep 2026" in external.attribution(CURRENT_TABLE)
    assert "commit 2b406a42f520" in external.attribution(CURRENT_TABLE)
    assert "the release of February 2026" in external.attribution(PREVIOUS_TABLE)
    edited = tmp_path / external.TABLE
    edited.write_bytes(CURRENT_TABLE.read_bytes().replace(b",36.0,", b",360.0,", 1))
    credit = external.attribution(edited)
    assert f"Copy used: not a pinned release (sha-256 {external.sha256(edited)[:16]}…)" in credit
    assert "commit" not in credit and "Kaggle version" not in credit


def where(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.table.external", "where"], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != external.ENV_VAR} | env, cwd=ROOT,
                          timeout=60)


def test_where_tells_not_set_from_set_but_wrong_from_not_pinned(tmp_path):
    cache = {external.CACHE_ENV_VAR: str(tmp_path / "cache")}
    unset = where(cache)
    assert unset.returncode == 1
    assert unset.stdout.startswith(f"no copy of {external.TABLE} (release 2026-09): {external.ENV_VAR} is not set and ")
    wrong = where(cache | {external.ENV_VAR: str(tmp_path / "mistyped")})
    assert wrong.returncode == 1
    assert wrong.stdout.startswith(f"{external.ENV_VAR} is set to {tmp_path / 'mistyped'}, which does not exist: ")
    (tmp_path / "empty").mkdir()
    empty = where(cache | {external.ENV_VAR: str(tmp_path / "empty")})
    assert empty.returncode == 1
    assert empty.stdout.startswith(f"{external.ENV_VAR} is set to {tmp_path / 'empty'}, but that holds no ")
    edited = tmp_path / external.TABLE
    edited.write_bytes(CURRENT_TABLE.read_bytes().replace(b",36.0,", b",360.0,", 1))
    other = where(cache | {external.ENV_VAR: str(edited)})
    assert other.returncode == 1 and "NOT the pinned release 2026-09" in other.stdout
    pinned = where(cache | {external.ENV_VAR: str(EXTERNAL)})
    assert pinned.returncode == 0, pinned.stdout
    assert pinned.stdout.strip().endswith(": the pinned release 2026-09, Kaggle version 211 of 19 Sep 2026 (reports "
                                          "to 19 Sep 2026)")
    older = where(cache | {external.ENV_VAR: str(PREVIOUS_TABLE)})  # the February release, where 2026-09 is asked
    assert older.returncode == 1 and "(it is release 2026-02)" in older.stdout
