"""Ukraine's first-level boundaries (oblasts, Crimea, Kyiv and Sevastopol) as the maps draw them.

The polygons come from geoBoundaries (``data/ukraine-adm1.geojson``, a resource of the data package
with its origin, licence and sha-256 recorded beside it). Their names are not the project's
(``Odessa Oblast``, ``Zaporizhia Oblast``, ``Kyiv``), so a map never joins on spelling: the
``oblasts`` table maps each oblast name the dataset uses to its ISO 3166-2 code, and the join is on
that code. The validator already checked on load that the join is complete both ways.

``derive`` is how the shipped file was made from the geoBoundaries release, so the copy can be
made again and checked: the polygons are simplified as a coverage (shared borders stay shared, no
gaps or slivers open between neighbours) and snapped to a 0.001 degree grid (about 100 m), far
below what a country-wide map at report size can show.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

import pandas as pd

from helpers.data import Dataset

WGS84 = "EPSG:4326"
# A Lambert conformal conic for Ukraine: standard parallels 46 and 51 N bracket the country
# (44.4-52.4 N), so scale distortion stays within about 1% from Crimea to the northern border.
UKRAINE_LCC = "+proj=lcc +lat_1=46 +lat_2=51 +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs"
TOLERANCE_DEG = 0.01
GRID_DEG = 0.001
KEEP = ("shapeName", "shapeISO", "shapeID", "shapeGroup", "shapeType")


def frame(ds: Dataset, crs: str = UKRAINE_LCC):
    """The boundaries as a GeoDataFrame in ``crs``: one row per unit, with the dataset's own
    ``oblast`` name beside the file's ``shapeName`` and ``shapeISO``."""
    import geopandas as gpd
    from shapely.geometry import shape

    raw = ds.oblast_boundaries
    names = ds.oblasts.set_index("iso_3166_2")["oblast"]
    gdf = gpd.GeoDataFrame(
        {"iso_3166_2": raw["shapeISO"].to_numpy(), "boundary_name": raw["shapeName"].to_numpy(),
         "oblast": raw["shapeISO"].map(names).to_numpy()},
        geometry=[shape(g) for g in raw["geometry"]], crs=WGS84)
    return gdf.to_crs(crs)


def join(ds: Dataset, values: pd.DataFrame, on: str = "oblast", crs: str = UKRAINE_LCC):
    """Every boundary with the columns of ``values`` (one row per oblast name, in column ``on``),
    joined through the ISO 3166-2 code; boundaries without a row get missing values.

    Raises ``ValueError`` naming any oblast of ``values`` that has no boundary: a figure for a place
    the map cannot draw must not vanish silently."""
    codes = ds.oblasts.set_index("oblast")["iso_3166_2"]
    keyed = values.reset_index() if on not in values.columns else values
    unknown = sorted(set(keyed[on].dropna().astype(str)) - set(codes.index))
    if unknown:
        raise ValueError(f"no boundary for oblast {', '.join(repr(u) for u in unknown)}; "
                         "add it to data/oblasts.csv with its ISO 3166-2 code")
    keyed = keyed[keyed[on].notna()].assign(iso_3166_2=lambda f: f[on].astype(str).map(codes))
    gdf = frame(ds, crs)
    extra = keyed.drop(columns=[on]).set_index("iso_3166_2")
    return gdf.join(extra, on="iso_3166_2")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def derive(source: Path, target: Path, tolerance: float = TOLERANCE_DEG, grid: float = GRID_DEG) -> dict:
    """Write the project's copy of the boundaries from the geoBoundaries file ``source``.

    Simplified as a coverage (``shapely.coverage_simplify``, which keeps shared borders shared),
    snapped to ``grid`` degrees, the ``crs`` member dropped (RFC 7946: coordinates are WGS 84
    longitude/latitude), only the geoBoundaries properties kept, one feature per line. Returns what
    the descriptor records: bytes, sha-256 of both files and the parameters."""
    import shapely
    from shapely.geometry import mapping, shape

    raw = json.loads(Path(source).read_text(encoding="utf-8"))
    features = raw["features"]
    geoms = [shape(f["geometry"]) for f in features]
    simple = shapely.set_precision(shapely.coverage_simplify(geoms, tolerance), grid)
    if not all(g.is_valid for g in simple) or not shapely.coverage_is_valid(simple):
        raise ValueError("simplified boundaries are not a valid coverage; lower the tolerance")
    lines = []
    for f, g in zip(features, simple, strict=True):
        geometry = mapping(g)
        geometry = {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"], grid)}
        props = {k: f["properties"][k] for k in KEEP}
        lines.append(json.dumps({"type": "Feature", "properties": props, "geometry": geometry},
                                separators=(",", ":"), ensure_ascii=False))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    Path(target).write_text(text, encoding="utf-8")
    return {"bytes": len(text.encode("utf-8")), "sha256": sha256(target), "origin_sha256": sha256(source),
            "tolerance_deg": tolerance, "grid_deg": grid, "features": len(lines)}


def _rounded(coords, grid: float):
    """Nested coordinates as lists, each number rounded to the grid's decimals (the snapped values
    written without float noise such as 30.523000000000003)."""
    if isinstance(coords, (int, float)):
        return round(float(coords), max(0, round(-math.log10(grid))))
    return [_rounded(c, grid) for c in coords]


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.boundaries SOURCE TARGET``: derive the project's copy, print what to record."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m helpers.boundaries SOURCE.geojson TARGET.geojson", file=sys.stderr)
        return 2
    print(json.dumps(derive(Path(args[0]), Path(args[1])), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
