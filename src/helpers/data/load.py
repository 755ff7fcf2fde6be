"""Validate the dataset and load it as typed pandas DataFrames.

Validation runs on every ``load()``: the tables are small and a report built on unchecked data is
worse than a slow one. Nothing is dropped or repaired: either every row passes, or ``DataError``
lists every problem.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.data.csvread import Table, read_table
from helpers.data.errors import DataError, Problem
from helpers.data.fields import FieldError, parse
from helpers.data.geojson import read_geojson
from helpers.data.rules import RULE_FIELD_TYPES, RULES, Context, Parsed
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
        reader = read_geojson if resource.is_geojson else read_table
        table, found = reader(folder / resource.path, label, resource.field_names)
        problems += found + _fingerprint(resource, folder / resource.path, label)
        if table is not None:
            raw[resource.name] = table
            parsed[resource.name], found = _parse(resource, table)
            problems += found
    invalid = {(p.file, p.row, p.column) for p in problems}
    for resource in package.resources:
        if resource.name in raw:
            problems += [p for p in _keys(resource, raw) if (p.file, p.row, p.column) not in invalid]
    enums = {f"{r.name}.{f.name}": f.enum for r in package.resources for f in r.fields if f.enum}
    ctx = Context(parsed, date.fromisoformat(package.valid_from), today or date.today(), enums)
    invalid = {(p.file, p.row, p.column) for p in problems}
    mistyped = _rule_types(package)
    problems += [p for _, p in mistyped]
    skip = {name for name, _ in mistyped}
    for name, rule in RULES.items():
        if name in parsed and name not in skip:
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


def _rule_types(package: Package) -> list[tuple[str, Problem]]:
    """(resource, problem) for each field the rules read whose descriptor type is not the one they read it as
    (that resource's rules are then not run: comparing text as numbers gives only false messages)."""
    label = package.path.parent.name + "/" + package.path.name
    out = []
    for name, fields in RULE_FIELD_TYPES.items():
        try:
            resource = package.resource(name)
        except StopIteration:
            continue
        for field_name, wanted in fields.items():
            have = next((f.type for f in resource.fields if f.name == field_name), None)
            if have is not None and have != wanted:
                out.append((name, Problem(label, None, None, None, "field types the rules read",
                                   f"resource {name!r}, field {field_name!r} has type {have!r}; its rules read it as "
                                   f"{wanted!r}: declare it {wanted!r} (the rules of {name!r} were not run)")))
    return out


def _fingerprint(resource: Resource, path: Path, label: str) -> list[Problem]:
    """A resource whose descriptor records its size and sha-256 (a copy of someone else's data, with
    its origin recorded beside it) must still be those exact bytes: an edit that did not also
    record how the file was changed is an error."""
    if resource.hash is None and resource.bytes is None:
        return []
    try:
        data = path.read_bytes()
    except OSError:
        return []  # the reader already reported why the file cannot be read
    actual = "sha256:" + hashlib.sha256(data).hexdigest()
    if (resource.hash in (None, actual)) and (resource.bytes in (None, len(data))):
        return []
    recorded = ", ".join(x for x in (f"{resource.bytes:,} bytes" if resource.bytes is not None else "",
                                     resource.hash or "") if x)
    return [Problem(label, None, None, None, "hash matches the descriptor",
                    f"is not the file the descriptor records ({recorded}): it has {len(data):,} bytes, {actual}; "
                    "restore the file, or record its new size, hash and how it was derived")]


def _parse(resource: Resource, table: Table) -> tuple[Parsed, list[Problem]]:
    rows, numbers, problems = [], [], []
    for index, record in enumerate(table.records):
        number = table.row_number(index)
        row = {}
        for f in resource.fields:
            text = record[f.name]
            try:
                row[f.name] = parse(f, text)
            except FieldError as exc:
                problems.append(Problem(table.file, number, f.name, text, exc.rule, exc.message, unit=table.unit))
                row[f.name] = None
        rows.append(row)
        numbers.append(number)
    return Parsed(table.file, rows, numbers, getattr(table, "geometries", None)), problems


def _keys(resource: Resource, raw: dict[str, Table]) -> Iterator[Problem]:
    table = raw[resource.name]
    records = table.records
    pk = resource.primary_key
    unit = table.unit
    seen: dict[tuple, int] = {}
    for index, record in enumerate(records):
        key = tuple(record[c] for c in pk)
        if not pk or "" in key:
            continue
        number = table.row_number(index)
        if key in seen:
            rule = "unique" if len(pk) == 1 else "primary key"
            yield Problem(table.file, number, ", ".join(pk), ", ".join(key), rule,
                          f"repeats {unit} {seen[key]}; ({', '.join(pk)}) must be unique", unit=unit)
        else:
            seen[key] = number
    for f in resource.fields:  # other columns the descriptor marks unique (a code, a second id)
        if not f.constraints.get("unique") or (f.name,) == tuple(pk):
            continue
        first: dict[str, int] = {}
        for index, record in enumerate(records):
            value, number = record[f.name], table.row_number(index)
            if value == "":
                continue
            if value in first:
                yield Problem(table.file, number, f.name, value, "unique",
                              f"repeats {unit} {first[value]}; {f.name} must be unique", unit=unit)
            else:
                first[value] = number
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
            yield Problem(table.file, table.row_number(index), ", ".join(fk.fields), ", ".join(key),
                          "foreign key",
                          f"is not a {', '.join(fk.reference_fields)} in {target_file}"
                          f"{describe(', '.join(key))}")


def _frame(resource: Resource, parsed: Parsed) -> pd.DataFrame:
    import pandas as pd

    columns = {}
    for f in resource.fields:
        values = [row[f.name] for row in parsed.rows]
        columns[f.name] = _series(f, values)
    if parsed.geometries is not None:  # a GeoJSON resource: each feature's geometry, as GeoJSON
        columns["geometry"] = pd.Series(parsed.geometries, dtype=object)
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
