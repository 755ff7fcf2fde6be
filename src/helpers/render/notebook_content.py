"""A notebook's content, apart from what Jupyter writes around it.

Opening a notebook in JupyterLab and saving it adds outputs, execution counts, the kernel's
``language_info`` and cell metadata; nbstripout then strips those and renumbers the cell ids. None of
that changes what a report shows, so none of it may change a report's fingerprint or its bytes:

- ``content_fingerprint`` hashes only what shapes a page: each cell's type, source and tags, and the
  kernel's name and language;
- ``canonicalise`` brings a loaded notebook to that content before it runs, with cell ids numbered
  from 0 as nbstripout numbers them, so a page's HTML does not depend on the ids either.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["canonicalise", "content", "content_fingerprint"]


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def content(nb: dict) -> dict:
    """What of the notebook ``nb`` (parsed JSON) shapes a report."""
    kernelspec = nb.get("metadata", {}).get("kernelspec", {}) or {}
    return {
        "kernel": {"name": kernelspec.get("name"), "language": kernelspec.get("language")},
        "cells": [{"type": cell.get("cell_type"), "source": _source(cell),
                   "tags": list(cell.get("metadata", {}).get("tags", []) or [])}
                  for cell in nb.get("cells", [])],
    }


def content_fingerprint(path: Path) -> str:
    """The first 16 hex digits of the sha-256 of the notebook's content (see ``content``).

    A file that is not a readable notebook is hashed by its bytes: it then fails where it is read.
    """
    data = Path(path).read_bytes()
    try:
        nb = json.loads(data)
        blob = json.dumps(content(nb), sort_keys=True, ensure_ascii=False).encode("utf-8")
    except (ValueError, AttributeError, TypeError):
        blob = data
    return hashlib.sha256(blob).hexdigest()[:16]


def canonicalise(nb) -> None:
    """Bring a loaded notebook (an ``nbformat`` node) to its content, in place, before it runs: no
    outputs or counts, cell metadata reduced to tags (and papermill's own key), cell ids ``"0"``,
    ``"1"``, ... (nbstripout's), and notebook metadata reduced to the kernelspec, the language's name
    (and papermill's own key)."""
    from nbformat import NotebookNode

    for number, cell in enumerate(nb.cells):
        metadata = cell.get("metadata", {})
        kept = NotebookNode(tags=list(metadata.get("tags", []) or []))
        if "papermill" in metadata:  # what papermill's loader adds, and its executor expects
            kept["papermill"] = metadata["papermill"]
        cell["metadata"] = kept
        cell["id"] = str(number)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = nb.metadata
    kept = {key: metadata[key] for key in ("kernelspec", "papermill") if key in metadata}
    language = (metadata.get("language_info") or {}).get("name")
    if language:
        kept["language_info"] = {"name": language}
    metadata.clear()
    metadata.update(kept)
