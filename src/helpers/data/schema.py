"""Reading ``datapackage.json``: the one place the schema lives.

Types, enums, required and unique columns, primary and foreign keys all come from the Frictionless
Data Package descriptor, so the codebook, the validator and the pandas dtypes cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DESCRIPTOR = "datapackage.json"


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
    """Parse the descriptor in ``data_dir``; a missing or broken descriptor is a clear error."""
    path = data_dir / DESCRIPTOR
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no data package descriptor here") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    resources = tuple(_resource(r) for r in raw["resources"])
    return Package(
        path=path,
        title=raw.get("title", ""),
        description=raw.get("description", ""),
        license=", ".join(lic["name"] for lic in raw.get("licenses", [])),
        valid_from=raw.get("x_valid_from", "2022-02-24"),
        resources=resources,
    )


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
    )


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
