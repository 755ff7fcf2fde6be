"""Validate the dataset and load it as typed pandas DataFrames.

Validation runs on every ``load()``: the tables are small and a report built on unchecked data is
worse than a slow one. Nothing is dropped or repaired: either every row passes, or ``DataError``
lists every problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.data.csvread import Table, read_table
from helpers.data.errors import DataError, Problem
from helpers.data.fields import FieldError, parse
from helpers.data.rules import RULES, Context, Parsed
from helpers.data.schema import Package, Resource, read_package
from helpers.lookalike import describe
from helpers.paths import data_dir as default_data_dir

if TYPE_CHECKING:  # pandas is imported when frames are built, so validate() stays light
    import pandas as pd


@dataclass
class Dataset:
    """The validated tables; attribute access (``ds.events``) or item access (``ds["events"]``)."""

    package: Package
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))


def validate(data_dir: Path | str | None = None, today: date | None = None) -> list[Problem]:
    """Every problem in the dataset at ``data_dir`` (empty when it is valid).

    Problems are returned, never raised, including those of the descriptor itself (missing, not
    JSON, no resources), so a caller that prints them needs no ``try``.
    """
    _, _, problems = _check(Path(data_dir) if data_dir else default_data_dir(), today)
    return problems


def load(data_dir: Path | str | None = None, today: date | None = None) -> Dataset:
    """Validate and load the dataset; raise ``DataError`` listing every problem found."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    package, parsed, problems = _check(folder, today)
    if problems or package is None:
        raise DataError(problems)
    return Dataset(package, {r.name: _frame(r, parsed[r.name]) for r in package.resources})


def _check(folder: Path, today: date | None) -> tuple[Package | None, dict[str, Parsed], list[Problem]]:
    try:
        package = read_package(folder)
    except DataError as exc:  # the descriptor is unusable: nothing else can be checked against it
        return None, {}, exc.problems
    problems: list[Problem] = []
    parsed: dict[str, Parsed] = {}
    raw: dict[str, Table] = {}
    for resource in package.resources:
        label = f"{folder.name}/{resource.path}"
        table, found = read_table(folder / resource.path, label, resource.field_names)
        problems += found
        if table is not None:
            raw[resource.name] = table
            parsed[resource.name], found = _parse(resource, table)
            problems += found
    invalid = {(p.file, p.row, p.column) for p in problems}
    for resource in package.resources:
        if resource.name in raw:
            problems += [p for p in _keys(resource, raw) if (p.file, p.row, p.column) not in invalid]
    ctx = Context(parsed, date.fromisoformat(package.valid_from), today or date.today())
    invalid = {(p.file, p.row, p.column) for p in problems}
    for name, rule in RULES.items():
        if name in parsed:
            # A value that failed its type check is already reported; rules built on it would only echo it.
            try:
                found = list(rule(parsed[name], ctx))
            except KeyError as exc:  # the descriptor dropped or renamed a column the rule reads
                found = [Problem(package.path.parent.name + "/" + package.path.name, None, None, None,
                                 "fields the rules read",
                                 f"resource {name!r} has no field {exc.args[0]!r}, which its cross-field "
                                 "rules read")]
            problems += [p for p in found if (p.file, p.row, p.column) not in invalid]
    return package, parsed, problems


def _parse(resource: Resource, table: Table) -> tuple[Parsed, list[Problem]]:
    rows, numbers, problems = [], [], []
    for index, record in enumerate(table.records):
        number = Table.row_number(index)
        row = {}
        for f in resource.fields:
            text = record[f.name]
            try:
                row[f.name] = parse(f, text)
            except FieldError as exc:
                problems.append(Problem(table.file, number, f.name, text, exc.rule, exc.message))
                row[f.name] = None
        rows.append(row)
        numbers.append(number)
    return Parsed(table.file, rows, numbers), problems


def _keys(resource: Resource, raw: dict[str, Table]) -> Iterator[Problem]:
    table = raw[resource.name]
    records = table.records
    pk = resource.primary_key
    seen: dict[tuple, int] = {}
    for index, record in enumerate(records):
        key = tuple(record[c] for c in pk)
        if not pk or "" in key:
            continue
        number = Table.row_number(index)
        if key in seen:
            rule = "unique" if len(pk) == 1 else "primary key"
            yield Problem(table.file, number, ", ".join(pk), ", ".join(key), rule,
                          f"repeats row {seen[key]}; ({', '.join(pk)}) must be unique")
        else:
            seen[key] = number
    for fk in resource.foreign_keys:
        target = raw.get(fk.resource)
        if target is None:
            continue  # the referenced file's own problems are already reported
        known = {tuple(r[c] for c in fk.reference_fields) for r in target.records}
        target_file = target.file.rsplit("/", 1)[-1]
        for index, record in enumerate(records):
            key = tuple(record[c] for c in fk.fields)
            if "" in key or key in known:
                continue
            yield Problem(table.file, Table.row_number(index), ", ".join(fk.fields), ", ".join(key),
                          "foreign key",
                          f"is not a {', '.join(fk.reference_fields)} in {target_file}"
                          f"{describe(', '.join(key))}")


def _frame(resource: Resource, parsed: Parsed) -> pd.DataFrame:
    import pandas as pd

    columns = {}
    for f in resource.fields:
        values = [row[f.name] for row in parsed.rows]
        columns[f.name] = _series(f, values)
    return pd.DataFrame(columns)


def _series(f, values: list) -> pd.Series:
    import pandas as pd

    if f.type in ("date", "datetime"):
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if f.type == "integer":
        return pd.Series(pd.array(values, dtype="Int64"))
    if f.type == "number":
        return pd.Series(pd.array(values, dtype="Float64"))
    if f.enum:
        return pd.Series(pd.Categorical(values, categories=f.enum))
    return pd.Series(pd.array(values, dtype="string"))
