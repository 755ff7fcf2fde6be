"""Reading the public Air Force attack table ("Massive Missile Attacks on Ukraine") into the
strikes schema, with a load report of everything it had to notice.

The table is real data with real traits: repeated rows, labels naming several weapons at once,
counts as floats or empty, times with or without hours (and with stray spaces), windows that span
midnight, post ids instead of URLs, and columns that change between releases. The reader never
drops or changes a row silently: exact duplicates are removed and listed; every other oddity is
kept, counted and listed in the ``LoadReport`` that the notebooks show.

A count is a whole number from 0 to the bound that ``datapackage.json`` documents for
``strikes.launched``. Anything else (text, ``nan``, ``inf``, ``1e400``, ``-500``, a figure no attack
ever reached) is an invalid count: the cell is listed with its row, column and value and left out of
every sum, so one bad cell can neither wrap a total around 64 bits nor subtract from it.

It is vectorised: text columns are read as categoricals, so parsing happens once per distinct
value, and a file of millions of rows stays within memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import Dataset

REQUIRED = ["time_start", "time_end", "model", "launched", "destroyed"]
OPTIONAL = ["source", "launch_place"]
LONG_WINDOW = pd.Timedelta(days=2)


class AirForceTableError(ValueError):
    """The file cannot be read as the public attack table."""


@dataclass
class LoadReport:
    """What the reader noticed; each listing keeps the file's row numbers (header = row 1)."""

    file: str
    rows_read: int = 0
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    unmapped: pd.DataFrame = field(default_factory=pd.DataFrame)
    combined: pd.DataFrame = field(default_factory=pd.DataFrame)
    long_windows: pd.DataFrame = field(default_factory=pd.DataFrame)
    destroyed_over_launched: pd.DataFrame = field(default_factory=pd.DataFrame)
    bad_times: pd.DataFrame = field(default_factory=pd.DataFrame)
    bad_counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per invalid cell: column, value, problem
    max_count: int = 0
    empty_launched: int = 0
    empty_destroyed: int = 0
    rows_kept: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "rows read": self.rows_read,
            "exact duplicates removed": len(self.duplicates),
            "rows kept": self.rows_kept,
            "rows with a label not mapped to a weapon (kept, not summed)": int(self.unmapped["rows"].sum())
            if len(self.unmapped) else 0,
            "rows with a combined label (several weapons, counts not split)": int(self.combined["rows"].sum())
            if len(self.combined) else 0,
            "windows longer than two days": len(self.long_windows),
            "destroyed more than launched": len(self.destroyed_over_launched),
            "launched empty": self.empty_launched,
            "destroyed empty": self.empty_destroyed,
            "times that do not parse": len(self.bad_times),
            **{f"counts that are {plural} (not summed)": self._bad(problem)
               for problem, plural in self.count_problems().items()},
        }

    def count_problems(self) -> dict[str, str]:
        """The kinds of invalid count (as the listing names one, and in the plural), in report order."""
        above = f"above {self.max_count:,}"
        return {**COUNT_PROBLEMS, above: above}

    def _bad(self, problem: str) -> int:
        return int((self.bad_counts["problem"] == problem).sum()) if len(self.bad_counts) else 0

    def summary(self) -> pd.DataFrame:
        return pd.Series(self.counts(), name="rows").rename_axis("check").to_frame()


def _columns(header: list[str], path: Path) -> dict[str, str]:
    """Find the columns that matter by name, wherever they stand and whatever else the release has
    (names compared without case or surrounding spaces); a missing required column is an error."""
    found = {}
    for name in header:
        key = name.strip().lower().replace(" ", "_")
        if key in REQUIRED + OPTIONAL and key not in found:
            found[key] = name
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise AirForceTableError(
            f"{path.name}: required column(s) missing: {', '.join(missing)} (the file has: {', '.join(header)})")
    return found


def _times(values: pd.Series) -> pd.Series:
    """Parse a categorical of times (``YYYY-MM-DD HH:MM`` or a bare date) once per distinct value."""
    cats = pd.Series(values.cat.categories, dtype="string").str.strip()
    parsed = pd.to_datetime(cats, format="%Y-%m-%d %H:%M", errors="coerce")
    bare = parsed.isna()
    parsed[bare] = pd.to_datetime(cats[bare], format="%Y-%m-%d", errors="coerce")
    codes = values.cat.codes.to_numpy()
    out = parsed.to_numpy()[codes]
    out[codes == -1] = np.datetime64("NaT")
    return pd.Series(out, index=values.index, dtype="datetime64[ns]")


COUNT_PROBLEMS = {"not a number": "not numbers", "not finite": "not finite", "negative": "negative",
                  "not a whole number": "not whole numbers"}


def count_bound(package=None) -> int:
    """The largest count the dataset accepts for one weapon in one attack: the maximum that
    ``datapackage.json`` documents for ``strikes.launched`` (of ``package``, else of the dataset)."""
    if package is None:
        from helpers.data.schema import read_package
        from helpers.paths import data_dir

        package = read_package(data_dir())
    return int(package.resource("strikes").field("launched").constraints["maximum"])


def _count_problem(cats: pd.Series, bound: int) -> np.ndarray:
    """For each distinct text: ``""`` when it is a valid count (or empty), else what is wrong with it."""
    with np.errstate(invalid="ignore", over="ignore"):
        numbers = pd.to_numeric(cats, errors="coerce").astype("float64").to_numpy()
        finite = np.isfinite(numbers)
        problem = np.select(
            [cats.eq("").to_numpy(dtype=bool), np.isnan(numbers), ~finite, numbers < 0,
             numbers != np.round(numbers), numbers > bound],
            ["", "not a number", "not finite", "negative", "not a whole number", f"above {bound:,}"],
            default="")
    return problem


def _counts(values: pd.Series, bound: int) -> tuple[pd.Series, pd.Series]:
    """Counts from a categorical of text such as ``101.0``, decided once per distinct text.

    Returns (counts, problem): a valid count is a whole number from 0 to ``bound``; every other
    non-empty cell has an empty count and its problem named (an empty problem is a valid cell)."""
    cats = pd.Series(values.cat.categories, dtype="string").str.strip().fillna("")
    problem_of = _count_problem(cats, bound)
    valid = problem_of == ""
    with np.errstate(invalid="ignore"):
        numbers = pd.to_numeric(cats.where(valid & cats.ne("").to_numpy(), None), errors="coerce")
    as_int = pd.array(numbers.astype("float64").to_numpy(), dtype="Float64").astype("Int64")  # 0..bound: exact
    codes = values.cat.codes.to_numpy()
    taken = np.maximum(codes, 0)
    result = pd.Series(pd.array(as_int.take(taken), dtype="Int64"), index=values.index)
    result[codes == -1] = pd.NA
    problem = pd.Series(np.where(codes == -1, "", problem_of[taken] if len(cats) else ""), index=values.index)
    return result, problem


def read(path: Path | str, aliases: pd.DataFrame, weapons: pd.DataFrame,
         max_count: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Read the table at ``path``; return its rows in the strikes schema and the load report.

    ``aliases`` is ``model_aliases`` (label, weapon_ids); ``weapons`` is the weapons table;
    ``max_count`` the largest valid count (by default the dataset's documented bound). The rows
    returned keep every row but exact duplicates; ``weapon_id`` is empty for unmapped labels and a
    ``+``-joined id for combined ones; ``attack`` is the window as the file writes it; ``row`` is the
    row number in the file; an invalid count is empty there and listed in the report.
    """
    path = Path(path)
    bound = count_bound() if max_count is None else int(max_count)
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns.tolist()
    except FileNotFoundError:
        raise AirForceTableError(f"{path}: file not found") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AirForceTableError(f"{path.name}: not a readable CSV file ({exc})") from None
    cols = _columns(header, path)
    usecols = list(cols.values())
    raw = _read_categorical(path, usecols)
    raw = raw.rename(columns={v: k for k, v in cols.items()})
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")  # spreadsheet rows: the header is row 1
    report = LoadReport(file=path.name, rows_read=len(raw), max_count=bound)

    full = _read_categorical(path, None) if len(usecols) < len(header) else raw
    dup = _exact_duplicates(full)
    del full
    report.duplicates = raw.loc[dup, ["time_start", "time_end", "model"]].astype("string")
    raw = raw.loc[~dup]

    start, end = _times(raw["time_start"]), _times(raw["time_end"])
    launched, launched_bad = _counts(raw["launched"], bound)
    destroyed, destroyed_bad = _counts(raw["destroyed"], bound)
    report.empty_launched = int(_blank(raw["launched"]).sum())
    report.empty_destroyed = int(_blank(raw["destroyed"]).sum())
    bad_time = (start.isna() & ~_blank(raw["time_start"])) | (end.isna() & ~_blank(raw["time_end"])) | (
        start.isna() & end.isna())
    report.bad_times = raw.loc[bad_time.to_numpy(), ["time_start", "time_end", "model"]].astype("string")
    report.bad_counts = _bad_counts(raw, {"launched": launched_bad, "destroyed": destroyed_bad})

    # labels: mapped once per distinct label, then spread by the categorical codes
    labels = pd.Series(raw["model"].cat.categories, dtype="string").str.strip()
    table = dict(zip(aliases["label"].astype("string"), aliases["weapon_ids"].astype("string").fillna(""),
                     strict=True))
    ids = labels.map(lambda x: table.get(x, ""))
    n_ids = ids.map(lambda x: len([i for i in x.split(";") if i])).to_numpy()
    weapon_cats = ids.str.replace(";", "+", regex=False).where(n_ids > 0)
    codes = raw["model"].cat.codes.to_numpy()
    label = _spread(labels, codes)
    weapon_id = _spread(weapon_cats, codes)
    row_ids = n_ids[codes]

    date = end.dt.normalize().fillna(start.dt.normalize())
    window = end - start
    over = (destroyed.notna() & launched.notna() & (destroyed > launched)).fillna(False).to_numpy(dtype=bool)
    report.long_windows = raw.loc[(window > LONG_WINDOW).fillna(False).to_numpy(),
                                  ["time_start", "time_end", "model"]].astype("string")
    report.destroyed_over_launched = raw.loc[over, ["time_start", "time_end", "model", "launched",
                                                    "destroyed"]].astype("string")
    unmapped, combined = row_ids == 0, row_ids > 1
    report.unmapped = _by_label(pd.Series(label[unmapped]), launched[unmapped])
    report.combined = _by_label(pd.Series(label[combined]), launched[combined]).assign(
        weapon_ids=lambda d: d.index.map(lambda x: table.get(x, "")))
    # an attack is its window as the table writes it: one key per distinct (start, end) pair
    starts = pd.Series(raw["time_start"].cat.categories, dtype="string").str.strip()
    ends = pd.Series(raw["time_end"].cat.categories, dtype="string").str.strip()
    pair = raw["time_start"].cat.codes.to_numpy().astype("int64") * len(ends) + raw["time_end"].cat.codes.to_numpy()
    inverse, uniq = pd.factorize(pair)
    del pair
    names = pd.Series([f"{starts.iloc[u // len(ends)]} to {ends.iloc[u % len(ends)]}" for u in uniq], dtype="string")
    attack = _spread(names, inverse)
    del inverse, start, end, window
    if "source" in raw:
        posts = pd.Series(raw["source"].cat.categories, dtype="string").str.strip()
        source = _spread(posts.where(posts != "", "(no post id)"), raw["source"].cat.codes.to_numpy())
    else:
        source = pd.Categorical.from_codes(np.zeros(len(raw), dtype="int8"), categories=["(no post id)"])
    rows = pd.DataFrame({
        "row": raw.index.to_numpy(),
        "date": date.to_numpy(),
        "attack": attack,
        "label": label,
        "weapon_id": weapon_id,
        "launched": launched.array,
        "destroyed": destroyed.array,
        "source_id": source,
    })
    report.rows_kept = len(rows)
    return rows, report


def _bad_counts(raw: pd.DataFrame, problems: dict[str, pd.Series]) -> pd.DataFrame:
    """One row per invalid count cell, in file order: row (index), model, column, value, problem."""
    parts = []
    for column, problem in problems.items():
        bad = problem.ne("").to_numpy()
        parts.append(pd.DataFrame({"model": raw.loc[bad, "model"].astype("string"), "column": column,
                                   "value": raw.loc[bad, column].astype("string"),
                                   "problem": problem[bad].astype("string")}))
    out = pd.concat(parts)
    order = np.lexsort((out["column"].ne("launched").to_numpy(), out.index.to_numpy()))
    return out.iloc[order]


CHUNK_ROWS = 1_000_000


def _read_categorical(path: Path, usecols: list[str] | None) -> pd.DataFrame:
    """Every column as a categorical, read in chunks so that the text of only one chunk is in memory
    at a time; the chunks' categories are then united."""
    from pandas.api.types import union_categoricals

    try:
        chunks = list(pd.read_csv(path, usecols=usecols, dtype="category", keep_default_na=False,
                                  encoding="utf-8", chunksize=CHUNK_ROWS))
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise AirForceTableError(f"{path.name}: not a readable CSV file ({exc})") from None
    if not chunks:
        columns = usecols or pd.read_csv(path, nrows=0).columns.tolist()
        return pd.DataFrame({c: pd.Categorical([]) for c in columns})
    if len(chunks) == 1:
        return chunks[0].reset_index(drop=True)
    return pd.DataFrame({c: union_categoricals([ch[c] for ch in chunks]) for c in chunks[0].columns})


def _exact_duplicates(frame: pd.DataFrame) -> np.ndarray:
    """Rows equal in every column to an earlier row. The category codes of a row are packed into one
    integer when they fit, so millions of rows hash as integers rather than as tuples of text."""
    sizes = [len(frame[c].cat.categories) + 1 for c in frame.columns]
    if float(np.prod([float(x) for x in sizes])) < 2.0**62:
        key = np.zeros(len(frame), dtype="int64")
        for c, size in zip(frame.columns, sizes, strict=True):
            key = key * size + (frame[c].cat.codes.to_numpy().astype("int64") + 1)
        return pd.Series(key).duplicated(keep="first").to_numpy()
    return frame.reset_index(drop=True).duplicated(keep="first").to_numpy()


def _spread(values: pd.Series, codes: np.ndarray) -> pd.Categorical:
    """A categorical with ``values[codes]`` (missing values stay missing), built without
    materialising one string per row."""
    arr = values.to_numpy(dtype=object, na_value=None)
    present = np.array([v is not None for v in arr], dtype=bool)
    names, inverse = np.unique(np.array([v for v in arr if v is not None], dtype=object), return_inverse=True)
    code_of = np.full(len(arr), -1, dtype="int64")
    code_of[present] = inverse.reshape(-1)
    return pd.Categorical.from_codes(code_of[codes], categories=pd.Index(names, dtype="string"))


def _blank(values: pd.Series) -> pd.Series:
    """Which cells of a categorical column are empty (or only spaces), decided once per category."""
    cats = pd.Series(values.cat.categories, dtype="string").str.strip().eq("").to_numpy()
    codes = values.cat.codes.to_numpy()
    return pd.Series(np.where(codes == -1, True, cats[np.maximum(codes, 0)]), index=values.index)


def _by_label(labels: pd.Series, launched: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"label": labels.to_numpy(), "launched": launched.to_numpy()})
    if frame.empty:
        return pd.DataFrame({"rows": pd.Series(dtype="int64"), "launched": pd.Series(dtype="Int64")},
                            index=pd.Index([], name="label"))
    out = frame.groupby("label", observed=True).agg(rows=("label", "size"),
                                                    launched=("launched", lambda s: s.sum(min_count=1)))
    return out.sort_values(["rows", "launched"], ascending=False)


def as_dataset(ds: Dataset, rows: pd.DataFrame) -> Dataset:
    """``ds`` with its strikes replaced by ``rows`` (unmapped labels left out, as the report lists),
    no report totals, and a weapon added for each combined label so class and origin still apply."""
    mapped = rows.loc[rows["weapon_id"].notna().to_numpy(),
                      ["date", "attack", "weapon_id", "launched", "destroyed", "source_id"]]
    weapons = ds.weapons
    combos = [w for w in mapped["weapon_id"].cat.categories if "+" in w]
    if combos:
        members = weapons.set_index("weapon_id")
        extra = []
        for combo in combos:
            ids = combo.split("+")
            classes = set(members.loc[ids, "weapon_class"].astype("string"))
            if len(classes) == 1:
                cls = classes.pop()
            else:
                drones = {"strike_drone", "decoy_drone", "drone_unknown_type"}
                cls = "drone_unknown_type" if classes <= drones else "missile_unknown_type"
            extra.append({"weapon_id": combo, "name": combo.replace("+", " and "), "weapon_class": cls,
                          "origin": pd.NA, "members": ";".join(ids)})
        extra_df = pd.DataFrame(extra)
        extra_df["weapon_class"] = pd.Categorical(extra_df["weapon_class"],
                                                  categories=weapons["weapon_class"].cat.categories)
        extra_df["origin"] = pd.Categorical(extra_df["origin"], categories=weapons["origin"].cat.categories)
        weapons = pd.concat([weapons, extra_df], ignore_index=True)
    strikes = mapped.reset_index(drop=True)
    totals = ds.strike_totals.iloc[0:0]
    posts = pd.Series(mapped["source_id"].cat.categories, dtype="string")
    posts = posts[~posts.isin(ds.sources["source_id"])]
    sources = pd.concat([ds.sources, pd.DataFrame({
        "source_id": posts, "publisher": "Ukrainian Air Force (post id in the public attack table)",
        "title": posts, "published": pd.NaT, "url": pd.NA, "kind": "military"})], ignore_index=True)
    tables = dict(ds.tables, weapons=weapons, strikes=strikes, strike_totals=totals, sources=sources)
    return Dataset(ds.package, tables)


def load(ds: Dataset, path: Path | str) -> tuple[Dataset, pd.DataFrame, LoadReport]:
    """Read the table at ``path`` with the dataset's alias table; return the dataset to analyse,
    the mapped rows and the load report."""
    rows, report = read(path, ds.model_aliases, ds.weapons, count_bound(ds.package) if ds.package else None)
    return as_dataset(ds, rows), rows, report
