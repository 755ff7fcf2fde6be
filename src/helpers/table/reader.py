"""Reading the public Air Force attack table ("Massive Missile Attacks on Ukraine") into the
strikes schema, with a load report of everything it had to notice.

The table is real data with real traits: repeated rows, labels naming several weapons at once,
counts as floats or empty, times with or without hours (and with stray spaces), windows that span
midnight, post ids instead of URLs, dict- and list-like text in detail columns, and columns that
change between releases. The reader never drops or changes a row silently: exact duplicates are
removed and listed; every other oddity is kept, counted and listed in the ``LoadReport`` that the
notebooks show.

Besides the strike figures (launched, destroyed) it keeps the rest of what the table says about an
attack: what did not reach its target (``not_reach_goal``, mostly lost to electronic warfare), what
was still in the air when the report was written, what flew on into Belarus or back to Russia (two
columns in older releases, one ``border_crossing`` mapping in newer ones), the number of places hit,
and the carrier, launch place, target and affected regions as text. A release that lacks some of
these columns still reads: the column is there, empty, and ``report.columns_missing`` names it.

A count is a whole number from 0 to the bound that ``datapackage.json`` documents for
``strikes.launched``. Anything else (text, ``nan``, ``inf``, ``1e400``, ``-500``, a figure no attack
ever reached) is an invalid count: the cell is listed with its row, column and value and left out of
every sum, so one bad cell can neither wrap a total around 64 bits nor subtract from it. Every count
column follows that rule, the border-crossing figures inside the mapping text included.

It is vectorised: text columns are read as categoricals, so parsing happens once per distinct
value, and a file of millions of rows stays within memory. Text that looks like Python (the
``border_crossing`` mapping, the ``affected region`` list) is parsed by a small grammar, never
evaluated.

The reader is ``read`` here; the threaded CSV parsing is in ``helpers.table.csvfast``, the text parsers in
``helpers.table.text``, the place names in ``helpers.table.gazetteer`` and the strikes-schema adapter in
``helpers.table.adapter``; ``helpers.table.airforce`` gathers them under one name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.table.csvfast import _blank, _exact_duplicates, _read_categorical, _spread
from helpers.table.errors import AirForceTableError
from helpers.table.text import BORDER_OTHER, BORDER_UNPARSED, REGIONS_UNPARSED, border_crossing, parse_nested, regions

REQUIRED = ["time_start", "time_end", "model", "launched", "destroyed"]
# whole-number columns, read with the same rules as launched; older releases lack some
COUNT_COLUMNS = ["not_reach_goal", "still_attacking", "num_hit_location", "num_fall_fragment_location",
                 "cross_border_belarus", "back_russia"]
# text kept as the release writes it (trimmed; empty is missing)
TEXT_COLUMNS = ["carrier", "launch_place", "target", "target_main", "affected_region", "border_crossing"]
OPTIONAL = ["source", *COUNT_COLUMNS, *TEXT_COLUMNS]
# From Kaggle version 211 on: ``status_data = hidden`` marks rows whose counts the Air Force withheld (the
# table then writes a placeholder in launched and destroyed). Read where present; older releases lack it.
STATUS = "status_data"
WITHHELD = "hidden"
# ``destroyed_types`` (Kaggle version 211): sub-types counted inside a row's own figure, e.g. a Shahed row's
# "{'Banderol': {'launched': 3, 'destroyed': 3}, 'Turbojet': {'launched': 46}}". Parsed into sub-rows that
# are listed in the load report and never added to the row (its figure already holds them).
NESTED = "destroyed_types"
# ``border_crossing`` ("{'belarus': 2.0, 'russia': 3.0}"): the drones that flew on out of Ukraine,
# per country; the two countries the older releases have columns for get a column each
BORDER_COUNTRIES = {"belarus": "crossed_into_belarus", "russia": "crossed_into_russia"}
COLUMNS = ["row", "date", "attack", "label", "weapon_id", "launched", "destroyed", "source_id",
           *COUNT_COLUMNS, *BORDER_COUNTRIES.values(), *TEXT_COLUMNS, "withheld"]
LONG_WINDOW = pd.Timedelta(days=2)
# A window longer than this is not one attack's: both pinned releases' longest is 1 day 10 h 30 min. Its
# figures are kept out of every total (listed, never summed), as are those of a window that ends before it
# starts (times swapped) or lies after the day the table is read (a year typed wrong): each would re-date or
# add weapons silently.
MAX_WINDOW = pd.Timedelta(days=7)
WINDOW_PROBLEMS = {"ends before it starts": "windows that end before they start (not summed)",
                   "in the future": "windows that lie in the future (not summed)",
                   "longer than 7 days": "windows longer than 7 days (not summed)"}
# A ``source`` is an Air Force post: a path such as ``kpszsu/posts/pfbid0…``, ``PvKPivden/videos/123`` or
# ``https://t.me/kpszsu/123``. Anything else (a word, a curated source id) is listed and read as no post id,
# so a page never cites another source for the table's figure.
POST_ID = r"(?:https?://)?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.?=&%+-]+)+/?"

ODD_TEXT = {  # problem as listed -> the load report's line for it
    BORDER_UNPARSED: "border crossings that do not parse (kept as text)",
    BORDER_OTHER: "border crossings into another country (kept as text, no column)",
    REGIONS_UNPARSED: "affected regions that do not parse (kept as text)",
}




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
    withheld: pd.DataFrame = field(default_factory=pd.DataFrame)  # status_data = hidden: counts unknown
    nested: pd.DataFrame = field(default_factory=pd.DataFrame)  # destroyed_types: sub-types inside a row's figure
    reporters: pd.DataFrame = field(default_factory=pd.DataFrame)  # rows and launched per reporter, and if counted
    bad_times: pd.DataFrame = field(default_factory=pd.DataFrame)
    bad_windows: pd.DataFrame = field(default_factory=pd.DataFrame)  # time_start, time_end, model, problem
    not_posts: pd.DataFrame = field(default_factory=pd.DataFrame)  # source cells that are not a post id
    bad_counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per invalid cell: column, value, problem
    odd_text: pd.DataFrame = field(default_factory=pd.DataFrame)  # text kept but not parsed: column, value, problem
    columns_missing: list[str] = field(default_factory=list)  # optional columns this release does not have
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
            "rows whose counts the Air Force withheld (status_data = hidden: unknown, not 0)": len(self.withheld),
            "sub-types counted inside a row's figure (destroyed_types; listed, not added)": len(self.nested),
            "rows of other reporters, left out (regional air commands and others)":
                int(self.reporters.loc[~self.reporters["counted"], "rows"].sum()) if len(self.reporters) else 0,
            "launched empty": self.empty_launched,
            "destroyed empty": self.empty_destroyed,
            "times that do not parse": len(self.bad_times),
            **{line: self._listed(self.bad_windows, problem) for problem, line in WINDOW_PROBLEMS.items()},
            "sources that are not an Air Force post id (read as none)": len(self.not_posts),
            **{f"counts that are {plural} (not summed)": self._listed(self.bad_counts, problem)
               for problem, plural in self.count_problems().items()},
            **{line: self._listed(self.odd_text, problem) for problem, line in ODD_TEXT.items()},
            "optional columns this release does not have (left empty)": len(self.columns_missing),
        }

    def count_problems(self) -> dict[str, str]:
        """The kinds of invalid count (as the listing names one, and in the plural), in report order."""
        above = f"above {self.max_count:,}"
        return {**COUNT_PROBLEMS, above: above}

    @staticmethod
    def _listed(listing: pd.DataFrame, problem: str) -> int:
        return int((listing["problem"] == problem).sum()) if len(listing) else 0

    def summary(self) -> pd.DataFrame:
        return pd.Series(self.counts(), name="rows").rename_axis("check").to_frame()


def _key(name: str) -> str:
    """A column name as the reader knows it: no case, no surrounding spaces, ``_`` for inner spaces."""
    return name.strip().lower().replace(" ", "_")


def _columns(header: list[str], path: Path) -> dict[str, int]:
    """Find the columns that matter by name, wherever they stand and whatever else the release has
    (names compared without case or surrounding spaces); a missing required column is an error.
    Returns each known column's position in the file."""
    found = {}
    for position, name in enumerate(header):
        key = _key(name)
        if key in [*REQUIRED, *OPTIONAL, STATUS, NESTED] and key not in found:
            found[key] = position
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


@dataclass
class _Finding:
    """Cells of one column noticed per distinct text: row ``i`` holds text ``texts[codes[i]]``
    (code -1: an empty cell), and ``problems[c]`` says what is wrong with text ``c`` (``""``: nothing).
    Decided once per distinct text, listed per row only for the rows it concerns."""

    column: str
    codes: np.ndarray
    texts: np.ndarray
    problems: np.ndarray

    def rows(self) -> np.ndarray:
        """Which rows have a problem."""
        if not len(self.texts):
            return np.zeros(len(self.codes), dtype=bool)
        return (self.codes >= 0) & (self.problems != "")[np.maximum(self.codes, 0)]


def _count_values(cats: pd.Series, codes: np.ndarray, bound: int) -> tuple[pd.arrays.IntegerArray, np.ndarray]:
    """Counts for rows whose text is ``cats[codes]`` (code -1: empty), each text decided once.

    Returns (counts, problem per distinct text): a valid count is a whole number from 0 to
    ``bound``; every other non-empty cell has an empty count and its problem named (``""``: valid)."""
    cats = pd.Series(cats, dtype="string").str.strip().fillna("")
    problem_of = _count_problem(cats, bound)
    valid = problem_of == ""
    with np.errstate(invalid="ignore"):
        numbers = pd.to_numeric(cats.where(valid & cats.ne("").to_numpy(), None), errors="coerce")
    as_int = pd.array(numbers.astype("float64").to_numpy(), dtype="Float64").astype("Int64")  # 0..bound: exact
    if not len(cats):
        return _empty_counts(len(codes)), problem_of.astype(object)
    taken = np.maximum(codes, 0)
    data = as_int.to_numpy(dtype="int64", na_value=0)[taken]
    missing = as_int.isna()[taken] | (codes < 0)
    return pd.arrays.IntegerArray(data, missing), problem_of.astype(object)


def _counts(values: pd.Series, column: str, bound: int) -> tuple[pd.arrays.IntegerArray, _Finding]:
    """Counts from a categorical of text such as ``101.0``, decided once per distinct text."""
    texts = np.asarray(values.cat.categories, dtype=object)
    codes = values.cat.codes.to_numpy()
    counts, problems = _count_values(pd.Series(texts, dtype="string"), codes, bound)
    return counts, _Finding(column, codes, texts, problems)


def _empty_counts(n: int) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.zeros(n, dtype="int64"), np.ones(n, dtype=bool))


def _empty_text(n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.full(n, -1, dtype="int8"), categories=pd.Index([], dtype="string"))


def read(path: Path | str, aliases: pd.DataFrame, weapons: pd.DataFrame,
         max_count: int | None = None, today: pd.Timestamp | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Read the table at ``path``; return its rows in the strikes schema and the load report.

    ``aliases`` is ``model_aliases`` (label, weapon_ids); ``weapons`` is the weapons table;
    ``max_count`` the largest valid count (by default the dataset's documented bound). The rows
    returned keep every row but exact duplicates; ``weapon_id`` is empty for unmapped labels and a
    ``+``-joined id for combined ones; ``attack`` is the window as the file writes it; ``row`` is the
    row number in the file; an invalid count is empty there and listed in the report.

    Columns, in this order: ``row``, ``date``, ``attack``, ``label``, ``weapon_id``, ``launched``,
    ``destroyed``, ``source_id``; the counts ``not_reach_goal``, ``still_attacking``,
    ``num_hit_location``, ``cross_border_belarus``, ``back_russia`` (nullable Int64, as the release
    writes them), ``crossed_into_belarus`` and ``crossed_into_russia`` (from ``border_crossing``:
    empty unless the mapping names that country); and the text ``carrier``, ``launch_place``,
    ``target``, ``target_main``, ``affected_region`` (parse with ``regions``) and
    ``border_crossing`` (categoricals; an empty cell is missing). A column the release does not
    have is there, all missing, and named in ``report.columns_missing``.
    """
    path = Path(path)
    bound = count_bound() if max_count is None else int(max_count)
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today).normalize()
    _check_file(path)
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns.tolist()
    except FileNotFoundError:
        raise AirForceTableError(f"{path}: file not found") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AirForceTableError(f"{path.name}: not a readable CSV file ({exc})") from None
    cols = _columns(header, path)
    raw = _read_categorical(path, sorted(cols.values()))
    raw.columns = [_key(header[i]) for i in sorted(cols.values())]
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")  # spreadsheet rows: the header is row 1
    report = LoadReport(file=path.name, rows_read=len(raw), max_count=bound,
                        columns_missing=[c for c in OPTIONAL if c not in cols])

    dup = _exact_duplicates([raw[c] for c in raw.columns])
    if dup.any() and len(cols) < len(header):
        # rows equal in every column read are only candidates: compare the other columns too
        rest = _read_categorical(path, [i for i in range(len(header)) if i not in cols.values()])
        dup = _exact_duplicates([raw[c] for c in raw.columns] + [rest[c] for c in rest.columns])
        del rest
    report.duplicates = raw.loc[dup, ["time_start", "time_end", "model"]].astype("string")
    if dup.any():  # column by column, so that only one column is held twice at a time
        index = raw.index[~dup]
        raw = pd.DataFrame({c: raw.pop(c).array[~dup] for c in list(raw.columns)}, index=index)
    n = len(raw)

    # times: the attack's date and the checks on its window, then only the date is kept
    start, end = _times(raw["time_start"]), _times(raw["time_end"])
    bad_time = (start.isna() & ~_blank(raw["time_start"])) | (end.isna() & ~_blank(raw["time_end"])) | (
        start.isna() & end.isna())
    report.bad_times = raw.loc[bad_time.to_numpy(), ["time_start", "time_end", "model"]].astype("string")
    long_window = ((end - start) > LONG_WINDOW).fillna(False).to_numpy()
    report.long_windows = raw.loc[long_window, ["time_start", "time_end", "model"]].astype("string")
    window_problem = _window_problems(start, end, today)
    bad_window = window_problem != ""
    report.bad_windows = raw.loc[bad_window, ["time_start", "time_end", "model"]].astype("string").assign(
        problem=pd.array(window_problem[bad_window], dtype="string"))
    date = end.dt.normalize().fillna(start.dt.normalize()).to_numpy()
    del start, end, bad_time, long_window

    counts, count_findings = {}, []
    for column in ["launched", "destroyed", *COUNT_COLUMNS]:
        if column in raw:
            counts[column], finding = _counts(raw[column], column, bound)
            count_findings.append(finding)
        else:
            counts[column] = _empty_counts(n)
    withheld = _withheld(raw)
    report.withheld = raw.loc[withheld, ["time_start", "time_end", "model", "launched", "destroyed"]].astype("string")
    report.nested = nested_types(raw)
    if withheld.any():  # a placeholder, not a count: unknown
        for column in ("launched", "destroyed"):
            counts[column] = counts[column].copy()
            counts[column][withheld] = pd.NA
    if bad_window.any():  # a window that cannot be an attack's: its figures are listed, never summed
        for column in counts:
            counts[column] = counts[column].copy()
            counts[column][bad_window] = pd.NA
    launched = pd.Series(counts["launched"], index=raw.index, copy=False)
    destroyed = pd.Series(counts["destroyed"], index=raw.index, copy=False)
    report.empty_launched = int(_blank(raw["launched"]).sum())
    report.empty_destroyed = int(_blank(raw["destroyed"]).sum())
    over = (destroyed.notna() & launched.notna() & (destroyed > launched)).fillna(False).to_numpy(dtype=bool)
    report.destroyed_over_launched = raw.loc[over, ["time_start", "time_end", "model", "launched",
                                                    "destroyed"]].astype("string")

    crossed, border_text, border_counts = _border_counts(raw, bound)
    counts.update(crossed)
    report.bad_counts = _listing(raw, count_findings + border_counts)
    report.odd_text = _listing(raw, [f for f in (border_text, _region_problems(raw)) if f is not None])
    del count_findings, border_counts, border_text

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
    unmapped, combined = row_ids == 0, row_ids > 1
    report.unmapped = _by_label(pd.Series(label[unmapped]), launched[unmapped])
    report.combined = _by_label(pd.Series(label[combined]), launched[combined]).assign(
        weapon_ids=lambda d: d.index.map(lambda x: table.get(x, "")))
    del row_ids, unmapped, combined, launched, destroyed

    attack = _attacks(raw["time_start"], raw["time_end"])
    if "source" in raw:
        posts = pd.Series(raw["source"].cat.categories, dtype="string").str.strip()
        shaped = posts.str.fullmatch(POST_ID).fillna(False).to_numpy(dtype=bool)
        codes = raw["source"].cat.codes.to_numpy()
        odd = (codes >= 0) & ~shaped[np.maximum(codes, 0)] & (posts != "").to_numpy(dtype=bool)[np.maximum(codes, 0)]
        report.not_posts = raw.loc[odd, ["time_start", "time_end", "model", "source"]].astype("string")
        source = _spread(posts.where((posts != "") & shaped, "(no post id)"), codes)
    else:
        source = pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=["(no post id)"])
    # every column is built once and handed over, not copied: at millions of rows each is large
    rows = pd.DataFrame({
        "row": raw.index.to_numpy(),
        "date": date,
        "attack": attack,
        "label": label,
        "weapon_id": weapon_id,
        "launched": counts.pop("launched"),
        "destroyed": counts.pop("destroyed"),
        "source_id": source,
        **{column: counts.pop(column) for column in [*COUNT_COLUMNS, *BORDER_COUNTRIES.values()]},
        **{column: _text(raw, column) for column in TEXT_COLUMNS},
        "withheld": withheld,
    }, columns=COLUMNS, copy=False)
    report.rows_kept = len(rows)
    return rows, report


def _window_problems(start: pd.Series, end: pd.Series, today: pd.Timestamp) -> np.ndarray:
    """Per row, what makes its window impossible for one attack (``""``: nothing): it ends before it starts,
    lies after ``today`` (the day the table is read), or lasts longer than ``MAX_WINDOW``."""
    after = today + pd.Timedelta(days=1)
    with np.errstate(invalid="ignore"):
        return np.select(
            [(end < start).fillna(False).to_numpy(dtype=bool),
             ((start >= after) | (end >= after)).fillna(False).to_numpy(dtype=bool),
             ((end - start) > MAX_WINDOW).fillna(False).to_numpy(dtype=bool)],
            list(WINDOW_PROBLEMS), default="").astype(object)


# The largest file the reader takes: the scale benchmark reads 10 million rows (about 2.3 GB); the current
# release is under 1 MB. A larger file is refused before any of it is parsed.
MAX_BYTES = 4 * 1024 ** 3


def _check_file(path: Path) -> None:
    """Refuse, before parsing, a file that cannot be the table: missing, a folder, too large, binary (NUL bytes
    in its first 64 KB: a spreadsheet's own format, an image, a disk error) or a header without rows."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise AirForceTableError(f"{path.name}: is a folder, not a CSV file")
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except FileNotFoundError:
        raise AirForceTableError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise AirForceTableError(f"{path.name}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise AirForceTableError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise AirForceTableError(f"{path.name}: {size:,} bytes, more than the reader takes ({MAX_BYTES:,}); not read")
    if b"\0" in head:
        at = head.index(b"\0")
        raise AirForceTableError(f"{path.name}: binary data, not CSV text (a NUL byte at byte {at:,}); export the "
                                 "table as CSV (UTF-8)")
    first_end = head.find(b"\n")
    if not head.strip() or (first_end == -1 and size == len(head)) or (
            size == len(head) and not head[first_end + 1:].strip()):
        raise AirForceTableError(f"{path.name}: " + ("is empty" if not head.strip() else "has a header but no rows")
                                 + "; a release of the table has one row per weapon model per report")


def nested_types(raw: pd.DataFrame) -> pd.DataFrame:
    """One line per sub-type of every row with a ``destroyed_types`` cell (row, window, model, sub-type,
    launched, destroyed): what the row's own figure holds, never added to it."""
    columns = ["row", "time_start", "time_end", "model", "sub_type", "launched", "destroyed"]
    if NESTED not in raw:
        return pd.DataFrame(columns=columns).set_index("row")
    cats = pd.Series(raw[NESTED].cat.categories, dtype="string")
    parsed = {i: parse_nested(t) for i, t in enumerate(cats) if t.strip() not in ("", "{}")}
    codes = raw[NESTED].cat.codes.to_numpy()
    lines = []
    for position in np.flatnonzero(np.isin(codes, list(parsed))):
        row = raw.iloc[position]
        for name, launched, destroyed in parsed[codes[position]]:
            lines.append([int(raw.index[position]), str(row["time_start"]).strip(), str(row["time_end"]).strip(),
                          str(row["model"]).strip(), name, launched, destroyed])
    out = pd.DataFrame(lines, columns=columns).astype({"launched": "Int64", "destroyed": "Int64"})
    return out.set_index("row")


def _withheld(raw: pd.DataFrame) -> np.ndarray:
    """Rows the release marks ``status_data = hidden`` (all False where it has no such column)."""
    if STATUS not in raw:
        return np.zeros(len(raw), dtype=bool)
    cats = pd.Series(raw[STATUS].cat.categories, dtype="string").str.strip().str.lower()
    codes = raw[STATUS].cat.codes.to_numpy()
    hidden = (cats == WITHHELD).to_numpy(dtype=bool)
    return np.where(codes >= 0, hidden[codes.clip(0)], False)


def _attacks(time_start: pd.Series, time_end: pd.Series) -> pd.Categorical:
    """An attack is its window as the table writes it: one key per distinct (start, end) pair."""
    starts = pd.Series(time_start.cat.categories, dtype="string").str.strip()
    ends = pd.Series(time_end.cat.categories, dtype="string").str.strip()
    pair = time_start.cat.codes.to_numpy().astype("int64") * len(ends) + time_end.cat.codes.to_numpy()
    inverse, uniq = pd.factorize(pair)
    del pair
    first = starts.to_numpy(dtype=object)[uniq // len(ends)]
    last = ends.to_numpy(dtype=object)[uniq % len(ends)]
    names = pd.Series(first, dtype="string") + " to " + pd.Series(last, dtype="string")
    return _spread(names, inverse)


def _text(raw: pd.DataFrame, column: str) -> pd.Categorical:
    """A text column, trimmed, with empty cells missing (all missing when the release lacks it)."""
    if column not in raw:
        return _empty_text(len(raw))
    cats = pd.Series(raw[column].cat.categories, dtype="string").str.strip()
    return _spread(cats.where(cats != ""), raw[column].cat.codes.to_numpy())


def _border_counts(raw: pd.DataFrame, bound: int):
    """``crossed_into_<country>`` from the ``border_crossing`` mappings, each distinct text parsed once.

    Returns the count columns, what is wrong with the text itself (not parsed, or naming another
    country; ``None`` without the column), and per count column what is wrong with its figure."""
    n = len(raw)
    if "border_crossing" not in raw:
        return {c: _empty_counts(n) for c in BORDER_COUNTRIES.values()}, None, []
    texts = np.asarray(raw["border_crossing"].cat.categories, dtype=object)
    codes = raw["border_crossing"].cat.codes.to_numpy()
    parsed, text_problem = [], []
    for text in texts:
        try:
            mapping = border_crossing(text)
        except ValueError:
            mapping, problem = {}, BORDER_UNPARSED
        else:
            problem = BORDER_OTHER if set(mapping) - set(BORDER_COUNTRIES) else ""
        parsed.append(mapping)
        text_problem.append(problem)
    columns, findings = {}, []
    for country, column in BORDER_COUNTRIES.items():
        figures = np.asarray([m.get(country, "") for m in parsed], dtype=object)
        columns[column], problems = _count_values(pd.Series(figures, dtype="string"), codes, bound)
        findings.append(_Finding(column, codes, figures, problems))
    return columns, _Finding("border_crossing", codes, texts, np.asarray(text_problem, dtype=object)), findings


def _region_problems(raw: pd.DataFrame) -> _Finding | None:
    """``REGIONS_UNPARSED`` for each distinct ``affected region`` text that is not a list of quoted names."""
    if "affected_region" not in raw:
        return None
    texts = np.asarray(raw["affected_region"].cat.categories, dtype=object)
    problems = []
    for text in texts:
        try:
            regions(text)
        except ValueError:
            problems.append(REGIONS_UNPARSED)
        else:
            problems.append("")
    return _Finding("affected_region", raw["affected_region"].cat.codes.to_numpy(), texts,
                    np.asarray(problems, dtype=object))


def _listing(raw: pd.DataFrame, findings: list[_Finding]) -> pd.DataFrame:
    """One row per cell with a problem, in file order (within a row, in the order of ``findings``):
    row (index), model, column, value (as the file writes it), problem."""
    parts, order = [], []
    for position, finding in enumerate(findings):
        bad = finding.rows()
        if not bad.any():
            continue
        codes = finding.codes[bad]
        parts.append(pd.DataFrame({"model": raw.loc[bad, "model"].astype("string"), "column": finding.column,
                                   "value": pd.array(finding.texts[codes], dtype="string"),
                                   "problem": pd.array(finding.problems[codes], dtype="string")},
                                  index=raw.index[bad]))
        order.append(np.full(len(codes), position))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in ["model", "column", "value", "problem"]},
                            index=pd.Index([], dtype="int64", name="row"))
    out = pd.concat(parts)
    out["column"] = out["column"].astype("string")
    return out.iloc[np.lexsort((np.concatenate(order), out.index.to_numpy()))]


def _by_label(labels: pd.Series, launched: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"label": labels.to_numpy(), "launched": launched.to_numpy()})
    if frame.empty:
        return pd.DataFrame({"rows": pd.Series(dtype="int64"), "launched": pd.Series(dtype="Int64")},
                            index=pd.Index([], name="label"))
    out = frame.groupby("label", observed=True).agg(rows=("label", "size"),
                                                    launched=("launched", lambda s: s.sum(min_count=1)))
    return out.sort_values(["rows", "launched"], ascending=False)
