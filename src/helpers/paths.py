"""Where the project's files are, independent of the working directory.

Notebooks run from JupyterLab, from papermill in any folder, and from tests; all of them must find
the same ``data/`` folder. The package is installed in editable mode from ``src/``, so the project
root is two levels above this file. ``STRIKE_LEDGER_DATA`` points elsewhere (a fixture dataset, a
user's copy) without touching code.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_ENV_VAR = "STRIKE_LEDGER_DATA"


def data_dir() -> Path:
    """The dataset folder: ``$STRIKE_LEDGER_DATA`` when set, else the project's ``data/``."""
    override = os.environ.get(DATA_ENV_VAR)
    return Path(override).resolve() if override else PROJECT_ROOT / "data"
