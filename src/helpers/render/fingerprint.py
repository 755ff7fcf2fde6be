"""Fingerprints: short hashes that say which data, notebook, code and parameters made a report.

A committed report is stale when its fingerprint no longer matches what rendering now would use;
comparing fingerprints (not bytes) keeps that check independent of how HTML is laid out.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.paths import PROJECT_ROOT


def _tree(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def data_fingerprint(data_dir: Path) -> str:
    """Hash of every file in the dataset folder (names and bytes); hidden files are not data."""
    return _tree([p for p in Path(data_dir).iterdir() if p.is_file() and not p.name.startswith(".")],
                 Path(data_dir))


def code_fingerprint() -> str:
    """Hash of the ``helpers`` package: its Python files and report templates (with their stylesheet)."""
    root = PROJECT_ROOT / "src" / "helpers"
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json", ".css")
             and "__pycache__" not in p.parts]
    return _tree(files, root)


def parameters_fingerprint(parameters: dict, title: str = "", description: str = "") -> str:
    blob = json.dumps({"parameters": parameters, "title": title, "description": description}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def combined(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
