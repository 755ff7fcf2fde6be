"""Reading ``datapackage.json``: the one place the schema lives.

Types, enums, bounds, required and unique columns, primary and foreign keys all come from the
Frictionless Data Package descriptor, so the codebook, the validator and the pandas dtypes cannot
drift apart.

The descriptor is itself input a curator edits by hand, so it is checked before it is trusted: a
missing file, broken JSON or a resource without a usable schema is a ``DataError`` naming the file
and the place in it, never a ``KeyError`` from deep inside the loader.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path, PurePosixPath

from helpers.data.errors import DataError, Problem, quote
from helpers.data.files import refusal

DESCRIPTOR = "datapackage.json"
# The Table Schema types the validator can parse; any other type would let a column through unchecked.
TYPES = ("string", "integer", "number", "date", "datetime")
RULE = "data package descriptor"
# A resource is a CSV table, or a GeoJSON FeatureCollection (map boundaries) whose ``schema`` lists
# the properties every feature carries, so the same type, pattern and key checks apply to them.
FORMAT_GEOJSON = "geojson"
FORMATS = ("csv", FORMAT_GEOJSON)
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    constraints: dict = field(default_factory=dict)
    unit: str | None = None
    format: str | None = None

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    title: str
    description: str
    grain: str
    caveats: tuple[str, ...]
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    format: str = "csv"
    hash: str | None = None
    bytes: int | None = None
    licenses: tuple[dict, ...] = ()
    sources: tuple[dict, ...] = ()
    attribution: str | None = None
    derived: str | None = None

    @property
    def is_geojson(self) -> bool:
        """A GeoJSON FeatureCollection whose ``fields`` are the properties of every feature."""
        return self.format == FORMAT_GEOJSON

    @cached_property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Package:
    path: Path
    title: str
    description: str
    license: str
    valid_from: str
    resources: tuple[Resource, ...]

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)


def read_package(data_dir: Path) -> Package:
    """Parse and check the descriptor in ``data_dir``; raise ``DataError`` naming every problem."""
    data_dir = Path(data_dir)
    label = f"{data_dir.name}/{DESCRIPTOR}"
    raw = _read_json(data_dir, label)
    problems = list(_check_descriptor(raw, label))
    if problems:
        raise DataError(problems)
    return Package(
        path=data_dir / DESCRIPTOR,
        title=raw.get("title", ""),
        description=raw.get("description", ""),
        license=", ".join(lic["name"] for lic in raw.get("licenses", []) if isinstance(lic, dict) and "name" in lic),
        valid_from=raw.get("x_valid_from", "2022-02-24"),
        resources=tuple(_resource(r) for r in raw["resources"]),
    )


def _problem(label: str, rule: str, message: str, value: str | None = None) -> Problem:
    return Problem(label, None, None, value, rule, message)


def _read_json(data_dir: Path, label: str):
    path = data_dir / DESCRIPTOR
    refused = refusal(path)
    if refused:
        raise DataError([_problem(label, *refused)])
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        where = "" if data_dir.is_dir() else (f" ({data_dir} is a file, not a folder)" if data_dir.exists()
                                              else f" (the folder {data_dir} does not exist)")
        raise DataError([_problem(label, "file exists", f"file is missing{where}; a dataset folder needs "
                                                        "its data package descriptor")]) from None
    except IsADirectoryError:
        raise DataError([_problem(label, "a file, not a folder", "is a folder; it must be a JSON file")]) from None
    except OSError as exc:
        raise DataError([_problem(label, "file is readable", f"cannot be read ({exc.strerror})")]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError([_problem(label, "encoding utf-8 without BOM", "file starts with a UTF-8 byte-order mark; "
                                  "save it as plain UTF-8 (no BOM)")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([_problem(label, "encoding utf-8", f"byte at line {line} is not UTF-8; re-save the file "
                                  "as UTF-8", f"0x{data[exc.start:exc.end].hex(' ')}")]) from None
    if "\x00" in text:
        raise DataError([_problem(label, "JSON syntax", "contains NUL bytes: binary data, not JSON text",
                                  _excerpt(text, text.index("\x00")))])
    if not text.strip():
        raise DataError([_problem(label, "JSON syntax", "file is empty; it must hold the data package descriptor")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([_problem(label, "JSON syntax",
                                  f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    except RecursionError:
        raise DataError([_problem(label, "JSON syntax", "is not valid JSON: nested too deeply")]) from None


def _excerpt(text: str, at: int, size: int = 8) -> str:
    """A few characters from ``at``, with an ellipsis when there is more: enough to recognise."""
    return text[at : at + size] + ("…" if len(text) > at + size else "")


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}.get(
        type(value), "a number")


def _check_descriptor(raw, label: str):
    """Every way the descriptor falls short of what the loader reads, as problems."""
    if not isinstance(raw, dict):
        yield _problem(label, RULE, f"is {_kind(raw)} in JSON, not an object with a \"resources\" list")
        return
    resources = raw.get("resources")
    if not isinstance(resources, list) or not resources:
        got = "is missing" if "resources" not in raw else f"is {_kind(resources)}" + (
            " with no resource" if resources == [] else "")
        yield _problem(label, RULE, f"\"resources\" {got}; it must be a list of the dataset's tables")
        return
    valid_from = raw.get("x_valid_from", "2022-02-24")
    try:
        date.fromisoformat(valid_from)
    except (TypeError, ValueError):
        yield _problem(label, RULE, f"\"x_valid_from\" is {quote(str(valid_from))}, not a date as YYYY-MM-DD")
    names: dict[str, list[str]] = {}  # resource name -> its field names, for the key checks
    seen: set[str] = set()
    for i, res in enumerate(resources):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            yield _problem(label, RULE, f"{where} is {_kind(res)}, not an object")
            continue
        name = res.get("name")
        if isinstance(name, str) and name:
            where += f" ({name!r})"
            if name in seen:
                yield _problem(label, RULE, f"{where}: the name is used by another resource")
            seen.add(name)
        else:
            yield _problem(label, RULE, f"{where}: \"name\" must be a non-empty string")
        yield from _check_path(label, where, res.get("path"))
        yield from _check_format(label, where, res)
        fields = yield from _check_schema(label, where, res.get("schema"))
        if isinstance(name, str) and fields is not None:
            names[name] = fields
    for i, res in enumerate(resources):
        if isinstance(res, dict) and isinstance(res.get("schema"), dict) and res.get("name") in names:
            yield from _check_keys(label, f"resources[{i}] ({res['name']!r})", res["schema"], names)


def _check_path(label: str, where: str, path):
    if not isinstance(path, str) or not path:
        yield _problem(label, RULE, f"{where}: \"path\" must be the name of a file in the data folder")
        return
    pure = PurePosixPath(path)
    if pure.is_absolute() or "\\" in path or ".." in pure.parts or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path):
        yield _problem(label, RULE, f"{where}: \"path\" is {quote(path)}; it must be a relative path inside the "
                                    "data folder")


# The CSV dialect the loader reads, which each resource declares so that other tools (Frictionless) need not
# guess it from a sample (a sample full of apostrophes was once read as quoted with ').
CSV_DIALECT = {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "header": True}


def _check_format(label: str, where: str, res: dict):
    fmt = res.get("format", "csv")
    if fmt not in FORMATS:
        yield _problem(label, RULE, f"{where}: \"format\" is {quote(str(fmt))}; the loader reads "
                                    f"{' and '.join(FORMATS)}")
    path = res.get("path")
    if fmt in FORMATS and isinstance(path, str) and not path.lower().endswith("." + fmt):
        yield _problem(label, RULE, f"{where}: \"path\" is {quote(path)}; a {fmt} resource's file ends in .{fmt}")
    if "hash" in res and not (isinstance(res["hash"], str) and _HASH.fullmatch(res["hash"])):
        yield _problem(label, RULE, f"{where}: \"hash\" is {quote(str(res['hash']))}; it must be \"sha256:\" and "
                                    "64 lowercase hex digits")
    dialect = res.get("dialect")
    if "dialect" in res and (not isinstance(dialect, dict) or (
            fmt == "csv" and any(dialect.get(k, v) != v for k, v in CSV_DIALECT.items()))):
        yield _problem(label, RULE, f"{where}: \"dialect\" is {quote(json.dumps(res['dialect']))[:120]}; the loader "
                                    f"reads {json.dumps(CSV_DIALECT)} (comma-separated, double quotes, a header row)")
    if "bytes" in res and (isinstance(res["bytes"], bool) or not isinstance(res["bytes"], int) or res["bytes"] < 0):
        yield _problem(label, RULE, f"{where}: \"bytes\" is {quote(str(res['bytes']))}; it must be a whole number")


def _check_schema(label: str, where: str, schema):
    """Problems with a resource's ``schema``; returns its field names when they can be read."""
    if not isinstance(schema, dict):
        yield _problem(label, RULE, f"{where}: \"schema\" must be an object with a \"fields\" list")
        return None
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        yield _problem(label, RULE, f"{where}: \"schema.fields\" must be a non-empty list of fields")
        return None
    seen: list[str] = []
    for j, f in enumerate(fields):
        at = f"{where}, field {j + 1}"
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            yield _problem(label, RULE, f"{at}: a field must be an object with a non-empty \"name\"")
            continue
        at = f"{where}, field {f['name']!r}"
        if f["name"] in seen:
            yield _problem(label, RULE, f"{at}: the name is used by another field of this resource")
        seen.append(f["name"])
        type_ = f.get("type", "string")
        if type_ not in TYPES:
            yield _problem(label, RULE, f"{at}: type {quote(str(type_))} is not one the validator supports "
                                        f"({', '.join(TYPES)})")
            continue
        yield from _check_constraints(label, at, type_, f.get("constraints", {}))
    return seen


def nested_quantifier(pattern: str) -> str | None:
    """The first quantified group of ``pattern`` that holds another unbounded quantifier (``(a+)+``,
    ``(\\w+\\s?)*``): the shape of catastrophic backtracking. ``None`` when there is none, or when the pattern
    is too long to be a field's (over 500 characters, refused as such)."""
    if len(pattern) > 500:
        return "longer than 500 characters"
    try:
        import re._parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}

    def has_repeat(items) -> bool:
        for op, av in items:
            if op in repeats and av[1] > 1:
                return True
            if op is sre_parse.SUBPATTERN and has_repeat(av[-1]):
                return True
            if op is sre_parse.BRANCH and any(has_repeat(branch) for branch in av[1]):
                return True
        return False

    def walk(items) -> str | None:
        for op, av in items:
            if op in repeats:
                low, high, inner = av
                if high > 1 and has_repeat(inner):
                    return "a repeated group holding a repeat"
                found = walk(inner)
            elif op is sre_parse.SUBPATTERN:
                found = walk(av[-1])
            elif op is sre_parse.BRANCH:
                found = next((f for branch in av[1] for f in [walk(branch)] if f), None)
            else:
                found = None
            if found:
                return found
        return None

    try:
        return walk(sre_parse.parse(pattern))
    except Exception:  # the compile check above reports a pattern that does not parse
        return None


def _check_constraints(label: str, at: str, type_: str, c):
    if not isinstance(c, dict):
        yield _problem(label, RULE, f"{at}: \"constraints\" must be an object")
        return
    if "required" in c and not isinstance(c["required"], bool):
        yield _problem(label, RULE, f"{at}: \"required\" is {quote(str(c['required']))}; it must be true or false")
    if "enum" in c and (not isinstance(c["enum"], list) or not c["enum"]
                        or not all(isinstance(v, str) for v in c["enum"])):
        yield _problem(label, RULE, f"{at}: \"enum\" must be a non-empty list of text values")
    if "pattern" in c:
        try:
            re.compile(c["pattern"])
        except (re.error, TypeError, RecursionError, OverflowError) as exc:
            yield _problem(label, RULE, f"{at}: \"pattern\" {quote(str(c['pattern'])[:200])} is not a regular "
                                        f"expression ({exc})")
        else:
            nested = nested_quantifier(c["pattern"])
            if nested:
                yield _problem(label, RULE, f"{at}: \"pattern\" {quote(str(c['pattern'])[:200])} repeats a part that "
                                            f"itself repeats ({nested}): matching it can take exponential time; write "
                                            "it without a quantifier inside a quantified group")
    for bound in ("minimum", "maximum"):
        if bound not in c:
            continue
        value = c[bound]
        if type_ not in ("integer", "number"):
            yield _problem(label, RULE, f"{at}: \"{bound}\" applies only to integer and number fields")
        elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or (
                type_ == "integer" and not isinstance(value, int)):
            whole = "whole " if type_ == "integer" else ""
            yield _problem(label, RULE, f"{at}: \"{bound}\" is {quote(str(value))}; it must be a finite {whole}number")
    low, high = c.get("minimum"), c.get("maximum")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        yield _problem(label, RULE, f"{at}: \"minimum\" ({low}) is above \"maximum\" ({high})")


def _check_keys(label: str, where: str, schema: dict, names: dict[str, list[str]]):
    fields = [f["name"] for f in schema["fields"] if isinstance(f, dict) and isinstance(f.get("name"), str)]
    pk = schema.get("primaryKey", [])
    if not _names_list(pk):
        yield _problem(label, RULE, f"{where}: \"primaryKey\" must be a field name or a list of them")
    else:
        for name in _as_list(pk):
            if name not in fields:
                yield _problem(label, RULE, f"{where}: primary key field {name!r} is not a field of this resource")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        yield _problem(label, RULE, f"{where}: \"foreignKeys\" must be a list")
        return
    for k, fk in enumerate(fks):
        at = f"{where}, foreign key {k + 1}"
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(fk, dict) or not _names_list(fk.get("fields")) or not isinstance(ref, dict) \
                or not isinstance(ref.get("resource"), str) or not _names_list(ref.get("fields")):
            yield _problem(label, RULE, f"{at}: needs \"fields\" and a \"reference\" with \"resource\" and \"fields\"")
            continue
        for name in _as_list(fk["fields"]):
            if name not in fields:
                yield _problem(label, RULE, f"{at}: field {name!r} is not a field of this resource")
        target = names.get(ref["resource"])
        if target is None:
            yield _problem(label, RULE, f"{at}: refers to resource {ref['resource']!r}, which the descriptor lacks")
            continue
        for name in _as_list(ref["fields"]):
            if name not in target:
                yield _problem(label, RULE, f"{at}: field {name!r} is not a field of {ref['resource']!r}")
        if len(_as_list(fk["fields"])) != len(_as_list(ref["fields"])):
            yield _problem(label, RULE, f"{at}: \"fields\" and the reference's \"fields\" differ in length")


def _names_list(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _resource(raw: dict) -> Resource:
    schema = raw["schema"]
    return Resource(
        name=raw["name"],
        path=raw["path"],
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        grain=raw.get("grain", ""),
        caveats=tuple(raw.get("caveats", [])),
        fields=tuple(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=f.get("description", ""),
                constraints=f.get("constraints", {}),
                unit=f.get("unit"),
                format=f.get("format"),
            )
            for f in schema["fields"]
        ),
        primary_key=tuple(_as_list(schema.get("primaryKey", []))),
        foreign_keys=tuple(
            ForeignKey(
                fields=tuple(_as_list(fk["fields"])),
                resource=fk["reference"]["resource"],
                reference_fields=tuple(_as_list(fk["reference"]["fields"])),
            )
            for fk in schema.get("foreignKeys", [])
        ),
        format=raw.get("format", "csv"),
        hash=raw.get("hash"),
        bytes=raw.get("bytes"),
        licenses=tuple(raw.get("licenses", [])),
        sources=tuple(raw.get("sources", [])),
        attribution=raw.get("x_attribution"),
        derived=raw.get("x_derived"),
    )


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
