"""Reading a GeoJSON boundary file strictly, before any property is looked at.

The boundaries come from outside the project (geoBoundaries), so they are checked like any other
input: the file is UTF-8 JSON, a FeatureCollection in WGS 84 longitude/latitude (RFC 7946), every
feature a Polygon or MultiPolygon whose rings are closed and whose positions are real coordinates
inside Ukraine (a swapped longitude and latitude lands in Iran or the Arctic), and every feature
carries exactly the properties the descriptor lists. The properties then go through the same
type, pattern and key checks as a CSV column, so a feature without its ISO 3166-2 code is an
error naming the feature, never a polygon a map silently leaves out.

The checks need no geometry library: the validator stays light enough to run on every load.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.csvread import Table
from helpers.data.errors import Problem, quote
from helpers.data.files import refusal
from helpers.data.regions import PAD, UKRAINE_BOX
from helpers.lookalike import describe

GEOMETRY = "GeoJSON geometry"
WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326",
               "EPSG:4326", "CRS84"}


@dataclass
class GeoTable(Table):
    """The features of a GeoJSON FeatureCollection: properties as text records, geometries beside."""

    geometries: list[dict] = field(default_factory=list)
    unit = "feature"

    @staticmethod
    def row_number(index: int) -> int:
        """Feature number of feature ``index`` (0-based): the first feature is feature 1."""
        return index + 1


def read_geojson(path: Path, label: str, expected: list[str],
                 box: tuple[float, float, float, float] = UKRAINE_BOX) -> tuple[GeoTable | None, list[Problem]]:
    """Read ``path`` as a FeatureCollection whose features carry exactly the ``expected`` properties.

    Returns the table, or ``None`` with every problem found when the file cannot be used as a whole.
    """
    data, problems = _read_json(path, label)
    if problems:
        return None, problems
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else None
        return None, [_file(label, "GeoJSON FeatureCollection", "is not a GeoJSON FeatureCollection"
                            + (f" (its type is {quote(str(got))})" if got is not None else ""))]
    crs = data.get("crs")
    if crs is not None:
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(
            crs.get("properties"), dict) else None
        if name not in WGS84_NAMES:
            problems.append(_file(label, "WGS 84 coordinates", f"names the coordinate system {quote(str(name))}; "
                                  "coordinates must be WGS 84 longitude/latitude (RFC 7946)"))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        problems.append(_file(label, "GeoJSON FeatureCollection", "has no \"features\" list with a feature in it"))
        return None, problems
    records, geometries = [], []
    for index, feature in enumerate(features):
        number = GeoTable.row_number(index)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(_at(label, number, None, None, "GeoJSON Feature", "is not a GeoJSON Feature object"))
            continue
        record, found = _properties(label, number, feature.get("properties"), expected)
        problems += found
        found = list(_geometry(label, number, feature.get("geometry"), box))
        problems += found
        records.append(record)
        geometries.append(feature.get("geometry"))
    if problems:
        return None, problems
    return GeoTable(label, list(expected), records, geometries), []


def _file(label: str, rule: str, message: str) -> Problem:
    return Problem(label, None, None, None, rule, message)


def _at(label: str, number: int, column: str | None, value: str | None, rule: str, message: str) -> Problem:
    return Problem(label, number, column, value, rule, message, unit="feature")


def _read_json(path: Path, label: str):
    refused = refusal(path)
    if refused:
        return None, [_file(label, *refused)]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [_file(label, "file exists", "file is missing")]
    except IsADirectoryError:
        return None, [_file(label, "a file, not a folder", "is a folder; it must be a GeoJSON file")]
    except OSError as exc:
        return None, [_file(label, "file is readable", f"cannot be read ({exc.strerror})")]
    if b"\x00" in raw:
        return None, [_file(label, "text file (no NUL bytes)", "contains NUL bytes: binary data, not GeoJSON text")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [_file(label, "encoding utf-8 without BOM",
                            "file starts with a UTF-8 byte-order mark; save it as plain UTF-8 (no BOM)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(label, None, None, f"0x{raw[exc.start:exc.end].hex(' ')}", "encoding utf-8",
                              f"byte at line {line} is not UTF-8; re-save the file as UTF-8")]
    if not text.strip():
        return None, [_file(label, "JSON syntax", "file is empty; it must hold a GeoJSON FeatureCollection")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [_file(label, "JSON syntax",
                            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]
    except RecursionError:
        return None, [_file(label, "JSON syntax", "is not valid JSON: nested too deeply")]


def _properties(label: str, number: int, props, expected: list[str]) -> tuple[dict[str, str], list[Problem]]:
    """The feature's properties as text (as a CSV cell would hold them), and what is wrong with them."""
    problems: list[Problem] = []
    if props is None:
        props = {}
    if not isinstance(props, dict):
        return {}, [_at(label, number, None, None, "feature properties",
                        "\"properties\" is not an object of name and value")]
    record: dict[str, str] = {}
    for name in expected:
        if name not in props:
            problems.append(_at(label, number, name, None, "feature properties",
                                "is missing (datapackage.json lists it)"))
            continue
        value = props[name]
        if isinstance(value, (dict, list)):
            problems.append(_at(label, number, name, json.dumps(value), "feature properties",
                                "holds a list or object; a property holds one value"))
            continue
        record[name] = "" if value is None else value if isinstance(value, str) else json.dumps(value)
    for name in props:
        if name not in expected:
            problems.append(_at(label, number, name, None, "feature properties",
                                f"is not in datapackage.json{describe(name)}"))
    return record, problems


def _geometry(label: str, number: int, geometry, box):
    """The first thing wrong with a boundary's geometry, if any (one problem per feature is enough
    to find it; a broken ring usually breaks every position after it)."""
    if geometry is None:
        yield _at(label, number, None, None, GEOMETRY, "has no geometry; a boundary needs a Polygon or MultiPolygon")
        return
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        yield _at(label, number, None, None if kind is None else str(kind), GEOMETRY,
                  "geometry is not a Polygon or MultiPolygon")
        return
    coords = geometry.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        yield _at(label, number, None, None, GEOMETRY, f"{kind} has no coordinates")
        return
    south, north, west, east = math.inf, -math.inf, math.inf, -math.inf
    for p, rings in enumerate(polygons, start=1):
        where = f"polygon {p}, " if kind == "MultiPolygon" else ""
        if not isinstance(rings, list) or not rings:
            yield _at(label, number, None, None, GEOMETRY, f"{where}has no ring; a polygon is a list of rings")
            return
        for r, ring in enumerate(rings, start=1):
            at = f"{where}ring {r}"
            if not isinstance(ring, list) or len(ring) < 4:
                size = len(ring) if isinstance(ring, list) else 0
                yield _at(label, number, None, None, GEOMETRY,
                          f"{at} has {size} position(s); a closed ring needs at least 4")
                return
            for position in ring:
                if not _is_position(position):
                    yield _at(label, number, None, json.dumps(position), GEOMETRY,
                              f"{at}: a position must be [longitude, latitude], two finite numbers within "
                              "±180 and ±90")
                    return
                lon, lat = float(position[0]), float(position[1])
                south, north, west, east = min(south, lat), max(north, lat), min(west, lon), max(east, lon)
            if [float(v) for v in ring[0][:2]] != [float(v) for v in ring[-1][:2]]:
                yield _at(label, number, None, None, GEOMETRY, f"{at} does not end where it starts; a ring is closed")
                return
    b_south, b_north, b_west, b_east = box
    if south < b_south - PAD or north > b_north + PAD or west < b_west - PAD or east > b_east + PAD:
        yield _at(label, number, None, f"longitude {west:g} to {east:g}, latitude {south:g} to {north:g}",
                  "coordinates inside the region",
                  "geometry reaches outside Ukraine; are longitude and latitude swapped?")


def _is_position(position) -> bool:
    if not isinstance(position, list) or len(position) not in (2, 3):
        return False
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in position):
        return False
    return -180 <= position[0] <= 180 and -90 <= position[1] <= 90
