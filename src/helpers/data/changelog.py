"""``data/CHANGELOG.md`` kept in step with the data's figures.

Every figure of the dataset (counts launched and destroyed, tolls, missile counts, claimed numbers,
ranges) is fingerprinted per table. The changelog's newest entry ends with the line ``figures: ...``
giving those fingerprints as they were when it was written; ``make validate`` fails when a figure has
changed since, naming the tables, until an entry says what changed (old -> new, the source) and carries
the new line. The renderer turns each entry into an entry of the change feed (``helpers.render.feed``).

    python -m helpers.data.changelog [DATA_DIR]   # the line the newest entry must end with
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

# table -> (key columns, figure columns): a row's figures, and what identifies the row
FIGURES = {
    "strikes": (["date", "attack", "weapon_id", "source_id"], ["launched", "destroyed"]),
    "strike_totals": (["date", "attack", "scope", "source_id"], ["launched", "destroyed"]),
    "events": (["event_id"], ["date", "missile_count", "killed", "injured"]),
    "event_sources": (["event_id", "source_id"], ["killed", "injured", "missile_count", "toll_as_of"]),
    "claims": (["claim_id"], ["claimed_number", "claimed_date"]),
    "weapons": (["weapon_id"], ["range_km"]),
    "weapon_ranges": (["range_id"], ["low_km", "high_km"]),
}
NAME = "CHANGELOG.md"
_LINE = re.compile(r"^figures: (.+)$", re.M)


def fingerprints(folder: Path) -> dict[str, str]:
    """Per table, the first 12 hex digits of the sha-256 of its rows' keys and figures (in key order)."""
    out = {}
    for table, (keys, figures) in FIGURES.items():
        path = Path(folder) / f"{table}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = sorted(tuple(row.get(c) or "" for c in keys + figures) for row in csv.DictReader(fh))
        digest = hashlib.sha256("\n".join("\x1f".join(r) for r in rows).encode("utf-8")).hexdigest()
        out[table] = digest[:12]
    return out


def line(folder: Path) -> str:
    """The ``figures:`` line for the data in ``folder``."""
    return "figures: " + " ".join(f"{t}={h}" for t, h in fingerprints(folder).items())


def recorded(text: str) -> dict[str, str] | None:
    """The fingerprints the newest entry records (the first ``figures:`` line), or ``None``."""
    m = _LINE.search(text)
    if m is None:
        return None
    return dict(part.split("=", 1) for part in m.group(1).split() if "=" in part)


def problems(folder: Path) -> list[str]:
    """What is out of step between ``folder/CHANGELOG.md`` and the figures of ``folder``."""
    path = Path(folder) / NAME
    now = fingerprints(folder)
    if not path.is_file():
        return [f"data/{NAME}: missing; it records every correction of a figure (start it with an entry ending "
                f"`{line(folder)}`)"]
    said = recorded(path.read_text(encoding="utf-8"))
    if said is None:
        return [f"data/{NAME}: its newest entry has no `figures:` line; end it with `{line(folder)}`"]
    changed = [t for t in now if said.get(t) != now[t]]
    if not changed:
        return []
    return [f"data/{NAME}: figures changed since its newest entry in {', '.join(changed)}: add an entry (the date, "
            f"what changed, old -> new, and the source) ending with `{line(folder)}`"]


def main(argv: list[str] | None = None) -> int:
    from helpers.paths import data_dir

    args = sys.argv[1:] if argv is None else argv
    print(line(Path(args[0]) if args else data_dir()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
