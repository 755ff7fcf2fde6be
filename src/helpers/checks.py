"""Every check of the dataset in one place: the schema and row rules, then completeness and quality.

``make validate`` runs ``python -m helpers.checks``, and the tests call the same ``problems``: a
dataset that passes one passes the other. Beyond the schema (``helpers.data``: types, keys, the
cross-field rules, which stop a load with every problem listed), a dataset must be complete:

- per-model rows add up to each headline total, or a note says why (``helpers.splits``);
- competing reports of one attack are marked as such (``helpers.data.quality``);
- every day of the key windows and every day of North Korean missile use has a coverage row, and no
  day said quiet has strikes (``helpers.coverage``); with the pinned public table on this machine,
  coverage agrees with it day by day;
- every claim the data cannot compute has an assessed verdict with evidence, and no other does
  (``helpers.verdicts``);
- every row resting only on weak sources is in ``weak_only.csv`` with its reason, and that list
  names no row that no longer does (``helpers.data.quality``);
- ``make validate`` also keeps ``data/CHANGELOG.md`` in step: a figure changed since its newest entry
  fails until an entry says what changed (``helpers.data.changelog``).

    python -m helpers.checks [DATA_DIR]   # every problem, one per line; exit 1 if there is one
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import coverage, splits, verdicts
from helpers.data import Dataset
from helpers.data.errors import DataError
from helpers.data.load import load
from helpers.data.quality import competing_problems, toll_problems, unquoted, weak_only
from helpers.paths import data_dir


def weak_only_problems(ds: Dataset) -> list[str]:
    """Rows resting only on weak sources but not in ``weak_only.csv``, and entries there that no longer do;
    likewise figure rows without their source's words (``<table>.quote``)."""
    listed = set(zip(ds.weak_only["table"].astype(str), ds.weak_only["key"].astype(str), strict=True))
    out = []
    for rows, what in ((weak_only(ds), "rests only on weak sources"),
                       (unquoted(ds), "has no quote of its source's words")):
        found = set(zip(rows["table"], rows["key"], strict=True))
        allowed = {(t, k) for t, k in listed if t.endswith(".quote") == (what != "rests only on weak sources")}
        out += [f"{table} {key}: {what} and is not in weak_only.csv" for table, key in sorted(found - allowed)]
        out += [f"weak_only.csv lists {table} {key}, which no longer {what.replace('has no', 'lacks a')}"
                for table, key in sorted(allowed - found)]
    return out


def table_problems(ds: Dataset) -> list[str]:
    """Coverage against the pinned February 2026 release of the public table (which the record cites), when
    it is on this machine; nothing otherwise (the check needs it)."""
    from helpers.table import airforce, external

    found = external.locate(external.TABLE, external.PREVIOUS.name)
    if found is None or found.release is not external.PREVIOUS:
        return []
    rows, _ = airforce.read(found.path, ds.model_aliases, ds.weapons)
    return coverage.disagreements(ds, rows)


def problems(ds: Dataset, with_table: bool = True) -> list[str]:
    """Every completeness and quality problem of ``ds`` (a dataset that loaded: its schema and rules hold)."""
    found = [f"splits: {line}" for line in splits.unexplained(ds)]
    found += [f"competing reports: {line}" for line in competing_problems(ds)]
    found += [f"coverage: {line}" for line in coverage.gaps(ds) + coverage.unreported_strike_days(ds)]
    if with_table:
        found += [f"coverage against the public table: {line}" for line in table_problems(ds)]
    found += [f"claim assessments: {line}" for line in verdicts.assessment_problems(ds)]
    found += [f"sources: {line}" for line in weak_only_problems(ds)]
    found += [f"tolls: {line}" for line in toll_problems(ds)]
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else data_dir()
    try:
        ds = load(folder)
    except DataError as exc:
        print(exc)
        return 1
    from helpers.data import changelog

    found = problems(ds) + [f"changelog: {line}" for line in changelog.problems(Path(folder))]
    if found:
        print(f"{len(found)} completeness or quality problem(s) in the dataset:")
        for line in found:
            print(f"  - {line}")
        return 1
    print("dataset valid and complete: " + ", ".join(f"{len(ds[r.name])} {r.name}" for r in ds.package.resources))
    return 0


if __name__ == "__main__":
    sys.exit(main())
