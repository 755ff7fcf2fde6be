"""Reading a large CSV fast: chosen columns as categoricals of their exact text, in chunks and in threads, and
exact duplicate rows found by hashing category codes (the public table's reader, ``helpers.table.reader``)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.table.errors import AirForceTableError

CHUNK_ROWS = 500_000  # rows parsed at a time, per thread
PARALLEL_BYTES = 8 * 2**20  # a file this large is parsed by several threads, each for some of the columns
MAX_THREADS = 4


def _read_categorical(path: Path, usecols: list[int]) -> pd.DataFrame:
    """The columns at positions ``usecols`` (named by those positions), each as a categorical of
    the text exactly as the file writes it (see ``_parse``).

    A large file is parsed by a few threads at once, each reading every row but only its share of
    the columns: pandas' parser releases the interpreter lock while it tokenizes and converts, so
    the threads run side by side, and since each is an ordinary parse of the whole file, their rows
    line up exactly (no split of the file at a guessed record boundary)."""
    usecols = sorted(usecols)
    threads = min(MAX_THREADS, _cores(), len(usecols))
    if threads < 2 or path.stat().st_size < PARALLEL_BYTES:
        return _parse(path, usecols)
    groups = [usecols[i::threads] for i in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(lambda group: _parse(path, group), groups))
    return pd.DataFrame({i: part[i] for i in usecols for part in parts if i in part.columns}, copy=False)


def _cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parse(path: Path, usecols: list[int], as_text: frozenset[int] = frozenset()) -> pd.DataFrame:
    """The columns at the sorted positions ``usecols`` as categoricals of their text, read in chunks
    so that the text of only one chunk is in memory at a time; the chunks' categories are then united.

    pandas' parser encodes a categorical column fast, but when every cell of a chunk's column is a
    number (or True/False) it turns the categories into numbers, which would change the text
    ("1e400" listed as "inf"), merge cells that differ ("1" and "1.0" as one value, so two rows that
    differ would pass for duplicates) and make that chunk impossible to unite with one holding a
    text. A column it converted is therefore read again as text (``as_text``) and encoded here;
    the public table's count columns have empty cells, so that is rarely needed."""
    dtypes = {i: (object if i in as_text else "category") for i in usecols}
    try:
        chunks = [c for c in pd.read_csv(path, usecols=usecols, dtype=dtypes, keep_default_na=False,
                                         encoding="utf-8", chunksize=CHUNK_ROWS, low_memory=False) if len(c)]
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise AirForceTableError(f"{path.name}: not a readable CSV file ({exc})") from None
    if not chunks:
        return pd.DataFrame({i: pd.Categorical([]) for i in usecols})
    converted = set()
    for chunk in chunks:
        chunk.columns = usecols  # the file's order, which is the sorted positions
        for i in usecols:
            if i in as_text:
                codes, uniques = pd.factorize(chunk[i].to_numpy(dtype=object), sort=False)
                chunk[i] = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype="str"))
            elif not pd.api.types.is_string_dtype(chunk[i].cat.categories.dtype):
                converted.add(i)
    if converted:
        again = _parse(path, sorted(converted), frozenset(converted))
        kept = [i for i in usecols if i not in converted]
        whole = _unite(chunks, kept) if kept else again
        return pd.DataFrame({i: (again[i] if i in converted else whole[i]) for i in usecols}, copy=False)
    return _unite(chunks, usecols)


def _unite(chunks: list[pd.DataFrame], usecols: list[int]) -> pd.DataFrame:
    from pandas.api.types import union_categoricals

    if len(chunks) == 1:
        return chunks[0][usecols].reset_index(drop=True)
    return pd.DataFrame({c: union_categoricals([ch[c] for ch in chunks]) for c in usecols})


_MIX = np.uint64(0x9E3779B97F4A7C15)  # a large odd multiplier: mixes each column's code into the row's hash


def _exact_duplicates(columns: list[pd.Series]) -> np.ndarray:
    """Rows equal in every one of ``columns`` (categoricals) to an earlier row.

    The category codes of a row are first hashed into one 64-bit integer, so millions of rows are
    compared as integers rather than as tuples of text; rows whose hash is unique cannot repeat an
    earlier row. Only the rows that share a hash (the duplicates, and any collision) are then
    compared exactly, code by code, so a collision can never remove a row."""
    n = len(columns[0]) if columns else 0
    if n == 0:
        return np.zeros(0, dtype=bool)
    key = np.zeros(n, dtype="uint64")
    part = np.empty(n, dtype="uint64")
    with np.errstate(over="ignore"):
        for column in columns:  # in place: a few passes over one array per column, no temporaries
            np.add(column.cat.codes.to_numpy(), 1, out=part, casting="unsafe")
            np.bitwise_xor(key, part, out=key)
            np.multiply(key, _MIX, out=key)
            np.right_shift(key, np.uint64(29), out=part)
            np.bitwise_xor(key, part, out=key)
    del part
    ordered = np.sort(key)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    del ordered
    out = np.zeros(n, dtype=bool)
    if not len(repeated):
        return out
    shared = np.isin(key, repeated)
    exact = pd.DataFrame({i: c.cat.codes.to_numpy()[shared] for i, c in enumerate(columns)})
    out[np.flatnonzero(shared)] = exact.duplicated(keep="first").to_numpy()
    return out


def _spread(values: pd.Series, codes: np.ndarray) -> pd.Categorical:
    """A categorical with ``values[codes]`` (missing values stay missing), built without
    materialising one string per row."""
    arr = values.to_numpy(dtype=object, na_value=None)
    present = np.array([v is not None for v in arr], dtype=bool)
    names, inverse = np.unique(np.array([v for v in arr if v is not None], dtype=object), return_inverse=True)
    code_of = np.full(len(arr) + 1, -1, dtype="int64")  # the extra last slot: code -1 stays missing
    code_of[:-1][present] = inverse.reshape(-1)
    return pd.Categorical.from_codes(code_of[codes], categories=pd.Index(names, dtype="string"))


def _blank(values: pd.Series) -> pd.Series:
    """Which cells of a categorical column are empty (or only spaces), decided once per category."""
    cats = pd.Series(values.cat.categories, dtype="string").str.strip().eq("").to_numpy()
    codes = values.cat.codes.to_numpy()
    return pd.Series(np.where(codes == -1, True, cats[np.maximum(codes, 0)] if len(cats) else True),
                     index=values.index)
