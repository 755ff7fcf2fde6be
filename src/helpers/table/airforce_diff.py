"""What changed between two releases of the public attack table: rows added, removed and edited.

The table is republished as it grows and as its maintainers correct it, so an analysis built on one
release can move under the next without anyone noticing. ``python -m helpers.table.airforce_diff OLD NEW``
says what moved.

Rows are matched on their trimmed ``time_start``, ``time_end``, ``model`` and, where both releases
have it, ``source`` (the Air Force post): the attack, the weapon and the report, which a correction
does not change. Without the post, a national report and a regional command's report of the same
window and weapon would be matched with each other. The table can hold the same key more than once,
so the k-th row with a key in one file is matched with the k-th row with that key in the other, in
file order. A matched pair is edited when a column both
releases have differs: figures are compared as exact decimals (``12.0`` and ``12`` are the same count;
``9007199254740993`` and ``9007199254740992`` are not, nor ``1e400`` and ``inf``), other text after trimming.
Rows identical in every column both releases have are matched first, whatever their order, so a reorder
of identical rows is no change. A column only one release has is named once, not reported on every row.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.table.reader import COUNT_COLUMNS, AirForceTableError, _key

KEY = ["time_start", "time_end", "model"]
POST = "source"  # part of the key when both releases have it
FIGURES = ["launched", "destroyed", *COUNT_COLUMNS, "is_shahed", "num_fall_fragment_location", "turbojet",
           "turbojet_destroyed"]  # compared as numbers
SHOWN = ["launched", "destroyed"]  # shown beside the key of an added or removed row


@dataclass
class Diff:
    """Two releases compared. ``added`` and ``removed`` list rows (``row``: the row number in the
    file that has it, header = row 1); ``edited`` lists one line per changed cell."""

    old: str
    new: str
    rows_old: int
    rows_new: int
    columns_added: list[str]
    columns_removed: list[str]
    added: pd.DataFrame
    removed: pd.DataFrame
    edited: pd.DataFrame  # row_old, row_new, key columns, column, old, new

    @property
    def edited_rows(self) -> int:
        return int(self.edited[["row_old", "row_new"]].drop_duplicates().shape[0]) if len(self.edited) else 0

    @property
    def unchanged(self) -> int:
        return self.rows_new - len(self.added) - self.edited_rows

    def counts(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed), "edited": self.edited_rows,
                "unchanged": self.unchanged}

    def as_json(self) -> dict:
        """Counts first, then every listed row (values as the files write them, trimmed)."""
        edited = []
        if len(self.edited):
            for (row_old, row_new), part in self.edited.groupby(["row_old", "row_new"], sort=False):
                first = part.iloc[0]
                edited.append({"row_old": int(row_old), "row_new": int(row_new),
                               **{k: first[k] for k in (*KEY, POST) if k in part.columns},
                               "changes": {c: {"old": o, "new": n}
                                           for c, o, n in zip(part["column"], part["old"], part["new"], strict=True)}})
        return {**self.counts(),
                "old": {"file": self.old, "rows": self.rows_old},
                "new": {"file": self.new, "rows": self.rows_new},
                "columns_added": self.columns_added, "columns_removed": self.columns_removed,
                "added_rows": _records(self.added), "removed_rows": _records(self.removed),
                "edited_rows": edited}

    def as_text(self) -> str:
        c = self.counts()
        lines = [f"{self.old} ({self.rows_old:,} rows) -> {self.new} ({self.rows_new:,} rows): "
                 f"{c['added']:,} added, {c['removed']:,} removed, {c['edited']:,} edited, "
                 f"{c['unchanged']:,} unchanged"]
        if self.columns_added:
            lines.append(f"columns only in {self.new}: {', '.join(self.columns_added)}")
        if self.columns_removed:
            lines.append(f"columns only in {self.old}: {', '.join(self.columns_removed)}")
        for title, frame in [(f"added (rows of {self.new})", self.added),
                             (f"removed (rows of {self.old})", self.removed),
                             ("edited (one line per changed value; old beside new)", self.edited)]:
            if len(frame):
                shown = frame.replace({"": "(empty)"})  # an empty cell is a change too: make it visible
                lines += ["", f"{title}:", shown.to_string(index=False)]
        return "\n".join(lines)


def labels(old_path: Path, new_path: Path) -> tuple[str, str]:
    """How the two files are named in a diff: by file name, with as many of their folders as tell them
    apart (two releases are usually both ``missile_attacks_daily.csv``); "old"/"new" when nothing does."""
    old_parts, new_parts = Path(old_path).resolve().parts, Path(new_path).resolve().parts
    for depth in range(1, min(len(old_parts), len(new_parts)) + 1):
        a, b = "/".join(old_parts[-depth:]), "/".join(new_parts[-depth:])
        if a != b:
            return (a, b) if depth <= 3 else (f"old {Path(old_path).name}", f"new {Path(new_path).name}")
    return f"old {Path(old_path).name}", f"new {Path(new_path).name}"


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (int(v) if k == "row" else v) for k, v in r.items()} for r in frame.to_dict("records")]


def _read(path: Path) -> pd.DataFrame:
    """Every cell as trimmed text, columns by the reader's names, ``_row`` the file's row number."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise AirForceTableError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise AirForceTableError(f"{path}: is a folder, not a CSV file") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AirForceTableError(f"{path.name}: not a readable CSV file ({exc})") from None
    header = list(frame.columns)
    names, seen = [], set()
    for name in header:
        key = _key(name)
        names.append(key if key not in seen else f"{key} (again)")
        seen.add(key)
    frame.columns = names
    missing = [k for k in KEY if k not in frame.columns]
    if missing:
        raise AirForceTableError(f"{path.name}: column(s) needed to match rows missing: {', '.join(missing)} "
                                 f"(the file has: {', '.join(header)})")
    frame = frame[[c for c in frame.columns if not c.endswith(" (again)")]]
    for column in frame.columns:  # trimmed: each distinct value once, and only columns that have one to trim
        values = frame[column].astype("category")
        distinct = values.cat.categories
        trimmed = distinct.str.strip()
        if (trimmed != distinct).any():
            frame[column] = np.asarray(trimmed, dtype=object)[values.cat.codes.to_numpy()]
    frame["_row"] = np.arange(2, len(frame) + 2)
    return frame


def _exact(text: str) -> Decimal | None:
    """A figure's text as an exact decimal (``12.0`` and ``12`` alike), or ``None`` when it is not a finite one."""
    if len(text) > 60:  # no count is written with more digits; a longer text is compared as text
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _same(old: pd.Series, new: pd.Series, figure: bool) -> np.ndarray:
    """Cell by cell: equal as text, or (for a figure) as the same exact decimal number: never through a float,
    which would make 2^53 + 1 equal 2^53 and 1e400 equal any other overflow."""
    a, b = old.to_numpy(dtype=object), new.to_numpy(dtype=object)
    same = a == b
    if figure:
        for i in np.flatnonzero(~same):
            x, y = _exact(str(a[i])), _exact(str(b[i]))
            same[i] = x is not None and y is not None and x == y
    return same


def diff(old_path: Path | str, new_path: Path | str) -> Diff:
    """Compare the releases at ``old_path`` and ``new_path`` (see the module's docstring)."""
    old_path, new_path = Path(old_path), Path(new_path)
    old, new = _read(old_path), _read(new_path)
    key = [*KEY, POST] if POST in old.columns and POST in new.columns else KEY
    data_old = [c for c in old.columns if c not in key and not c.startswith("_")]
    data_new = [c for c in new.columns if c not in key and not c.startswith("_")]
    common = [c for c in data_new if c in data_old]
    rows_old, rows_new = len(old), len(new)
    # First the rows identical in every common column, matched whatever their order (a reorder is no change);
    # then the rest of each key, the k-th with the k-th, in file order.
    for frame in (old, new):
        frame["_sig"] = frame[common].agg("\x1f".join, axis=1) if common else ""
        frame["_k"] = frame.groupby([*key, "_sig"], sort=False).cumcount()
    same = old[[*key, "_sig", "_k"]].merge(new[[*key, "_sig", "_k"]].assign(_hit=True), how="left",
                                            on=[*key, "_sig", "_k"])["_hit"].fillna(False).to_numpy(dtype=bool)
    same_new = new[[*key, "_sig", "_k"]].merge(old[[*key, "_sig", "_k"]].assign(_hit=True), how="left",
                                                on=[*key, "_sig", "_k"])["_hit"].fillna(False).to_numpy(dtype=bool)
    old, new = old.loc[~same].drop(columns="_sig"), new.loc[~same_new].drop(columns="_sig")
    for frame in (old, new):
        frame["_k"] = frame.groupby(key, sort=False).cumcount()
    merged = old.merge(new, on=[*key, "_k"], how="outer", suffixes=("_old", "_new"), indicator=True, sort=False)

    def listing(side: str, frame_columns: list[str]) -> pd.DataFrame:
        part = merged[merged["_merge"] == ("left_only" if side == "old" else "right_only")]
        shown = [c for c in SHOWN if c in frame_columns]
        cols = {"row": part[f"_row_{side}"].astype("int64")} | {k: part[k] for k in key}
        for c in shown:
            cols[c] = part[f"{c}_{side}"] if c in common else part[c]
        return pd.DataFrame(cols).sort_values("row").reset_index(drop=True)

    both = merged[merged["_merge"] == "both"]
    changes = []
    for column in common:
        same = _same(both[f"{column}_old"], both[f"{column}_new"], column in FIGURES)
        if (~same).any():
            part = both.loc[~same]
            changes.append(pd.DataFrame({
                "row_old": part["_row_old"].astype("int64"), "row_new": part["_row_new"].astype("int64"),
                **{k: part[k] for k in key}, "column": column,
                "old": part[f"{column}_old"], "new": part[f"{column}_new"],
                "_order": common.index(column)}))
    if changes:
        edited = pd.concat(changes).sort_values(["row_new", "_order"]).drop(columns="_order").reset_index(drop=True)
    else:
        edited = pd.DataFrame(columns=["row_old", "row_new", *key, "column", "old", "new"])
    old_label, new_label = labels(old_path, new_path)
    return Diff(old=old_label, new=new_label, rows_old=rows_old, rows_new=rows_new,
                columns_added=[c for c in data_new if c not in data_old],
                columns_removed=[c for c in data_old if c not in data_new],
                added=listing("new", data_new), removed=listing("old", data_old), edited=edited)


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.table.airforce_diff OLD NEW [--json]``: print what changed; exit 0, or 2 with one line
    naming the problem when a file cannot be compared."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.table.airforce_diff",
        description="Rows added, removed and edited between two releases of the public Air Force attack table. "
                    "Rows are matched on trimmed time_start, time_end, model and source (the post, where both "
                    "releases have it); where such a key repeats, the k-th occurrence in one file matches the k-th "
                    "in the other.")
    parser.add_argument("old", type=Path, help="the earlier release (CSV)")
    parser.add_argument("new", type=Path, help="the later release (CSV)")
    parser.add_argument("--json", action="store_true",
                        help='print {"added": n, "removed": n, "edited": n, ...} as JSON')
    args = parser.parse_args(argv)
    try:
        result = diff(args.old, args.new)
    except AirForceTableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        print(result.as_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
