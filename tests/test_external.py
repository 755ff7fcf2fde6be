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
from conftest import EXTERNAL, ROOT

from helpers import external

pytestmark = pytest.mark.needs_table


@pytest.fixture
def server(tmp_path):
    """A local HTTP server with a real copy of the release under /good/ and a tampered one under /bad/."""
    root = tmp_path / "www"
    (root / "good").mkdir(parents=True)
    (root / "bad").mkdir()
    for name in (external.TABLE, external.MODELS):
        shutil.copy(EXTERNAL / name, root / "good" / name)
        (root / "bad" / name).write_bytes((EXTERNAL / name).read_bytes()[:-1] + b"9")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(base: str, cache: Path) -> subprocess.CompletedProcess:
    env = os.environ | {external.CACHE_ENV_VAR: str(cache)}
    env.pop(external.ENV_VAR, None)
    return subprocess.run([sys.executable, "-m", "helpers.external", "fetch", "--base-url", base], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_fetch_downloads_the_pinned_files_and_checks_them(server, tmp_path):
    cache = tmp_path / "cache"
    run = fetch(f"{server}/good/", cache)
    assert run.returncode == 0, run.stderr
    assert external.sha256(cache / external.TABLE) == external.SHA256[external.TABLE]
    assert external.sha256(cache / external.MODELS) == external.SHA256[external.MODELS]
    assert run.stderr == "" and len(run.stdout.strip().splitlines()) == 2
    again = fetch(f"{server}/good/", cache)  # already there: nothing fetched, still checked
    assert again.returncode == 0


def test_a_file_that_is_not_the_pinned_one_is_refused(server, tmp_path):
    run = fetch(f"{server}/bad/", tmp_path / "cache")
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: {external.TABLE} from {server}/bad/{external.TABLE} is not the pinned file")
    assert not (tmp_path / "cache" / external.TABLE).exists()


def test_offline_is_one_line_saying_how_to_place_a_copy(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cache = tmp_path / "cache"
    cache = tmp_path / "cache" / "strike-ledger"
    run = fetch(f"http://127.0.0.1:{port}/", cache)
    assert run.returncode == 1
    base = f"http://127.0.0.1:{port}/"
    assert run.stderr.strip() == (
        f"error: could not download {external.TABLE} (no connection: offline?). Place copies by hand: save "
        f"{base}{external.TABLE} as {cache / external.TABLE} (sha-256 {external.SHA256[external.TABLE]}) and "
        f"{base}{external.MODELS} as {cache / external.MODELS} (sha-256 {external.SHA256[external.MODELS]}); or "
        f"set {external.ENV_VAR} to a folder holding {external.TABLE} and {external.MODELS}")
    assert not (tmp_path / "cache").exists()  # no empty cache folder left behind


def test_locate_prefers_the_environment_then_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(external.CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.delenv(external.ENV_VAR, raising=False)
    assert external.locate() is None
    (tmp_path / "cache").mkdir()
    shutil.copy(EXTERNAL / external.TABLE, tmp_path / "cache")
    assert external.locate().how == "cache"
    monkeypatch.setenv(external.ENV_VAR, str(EXTERNAL))
    found = external.locate()
    assert found.how == external.ENV_VAR and found.path == (EXTERNAL / external.TABLE).resolve()
    monkeypatch.setenv(external.ENV_VAR, str(EXTERNAL / external.TABLE))
    assert external.locate().path == (EXTERNAL / external.TABLE).resolve()
    monkeypatch.setenv(external.ENV_VAR, str(tmp_path / "mistyped"))  # set, but wrong: no silent fallback
    assert external.locate() is None


def where(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.external", "where"], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != external.ENV_VAR} | env, cwd=ROOT,
                          timeout=60)


def test_where_tells_not_set_from_set_but_wrong_from_not_pinned(tmp_path):
    cache = {external.CACHE_ENV_VAR: str(tmp_path / "cache")}
    unset = where(cache)
    assert unset.returncode == 1
    assert unset.stdout.startswith(f"no copy of {external.TABLE}: {external.ENV_VAR} is not set and ")
    wrong = where(cache | {external.ENV_VAR: str(tmp_path / "mistyped")})
    assert wrong.returncode == 1
    assert wrong.stdout.startswith(f"{external.ENV_VAR} is set to {tmp_path / 'mistyped'}, but that holds no ")
    edited = tmp_path / external.TABLE
    edited.write_bytes((EXTERNAL / external.TABLE).read_bytes().replace(b",36.0,", b",360.0,", 1))
    other = where(cache | {external.ENV_VAR: str(edited)})
    assert other.returncode == 1 and "NOT the pinned release" in other.stdout
    pinned = where(cache | {external.ENV_VAR: str(EXTERNAL)})
    assert pinned.returncode == 0 and pinned.stdout.strip().endswith(": the pinned release")
