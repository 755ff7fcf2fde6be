"""Distances and missile reach on the WGS 84 ellipsoid.

The reach question ("which cities lie within 900 km of where the missiles were launched from?") is
answered with geodesic distances on the WGS 84 ellipsoid (pyproj's ``Geod``, Karney's algorithm,
accurate to nanometres). A sphere would do within about 0.5%, but the map draws its range rings
with the same ``Geod``: a city the map shows inside a ring is then also counted inside it, never
one kilometre off because table and map used different Earths.

Places are keyed by ``place_id``, never by name: Ukraine has dozens of villages called Mykolaivka,
and two rows with one name must stay two places. A name is only a label; where names repeat, the
label adds the oblast (or country) so a reader can tell them apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Geod

ELLIPSOID = Geod(ellps="WGS84")


def distance_km(lat1, lon1, lat2, lon2):
    """Geodesic distance in km on WGS 84; scalars, or arrays that broadcast together."""
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2)))
    _, _, metres = ELLIPSOID.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
    out = np.asarray(metres, dtype=float).reshape(lat1.shape) / 1000.0
    return float(out) if out.ndim == 0 else out


def labels(places: pd.DataFrame) -> pd.Series:
    """A display label per place (same index as ``places``): the name; where the name repeats, the
    name with its oblast (else its country); where even that repeats, with the place id too."""
    name = places["name"].astype("string")
    where = pd.Series(pd.NA, index=places.index, dtype="string")
    for column in ("oblast", "country"):
        if column in places:
            where = where.fillna(places[column].astype("string"))
    label = name.copy()
    repeated = name.duplicated(keep=False) & where.notna()
    label[repeated] = name[repeated] + " (" + where[repeated] + ")"
    still = label.duplicated(keep=False)
    label[still] = label[still] + " [" + places.loc[still, "place_id"].astype("string") + "]"
    return label


def distance_matrix(origins: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Distances (km) from each origin (rows) to each target (columns), indexed by ``place_id``;
    both frames need place_id, lat and lon."""
    for frame, role in ((origins, "origins"), (targets, "targets")):
        if frame["place_id"].duplicated().any():
            raise ValueError(f"{role}: place_id repeats; each place needs its own id")
    lat1 = origins["lat"].to_numpy(dtype=float)[:, None]
    lon1 = origins["lon"].to_numpy(dtype=float)[:, None]
    lat2 = targets["lat"].to_numpy(dtype=float)[None, :]
    lon2 = targets["lon"].to_numpy(dtype=float)[None, :]
    return pd.DataFrame(np.asarray(distance_km(lat1, lon1, lat2, lon2)).reshape(len(origins), len(targets)),
                        index=pd.Index(origins["place_id"].to_numpy(), name="from"),
                        columns=pd.Index(targets["place_id"].to_numpy(), name="to"))


def reach(launch_areas: pd.DataFrame, cities: pd.DataFrame, range_km: float) -> pd.DataFrame:
    """For each city: the nearest launch area, its distance, and whether it is within ``range_km``.

    Both frames need place_id, name, lat and lon (cities also oblast). The result carries the
    labels first and the ids (``city_id``, ``nearest_launch_area_id``) last, sorted by distance so
    the table reads from the most exposed city outwards. ``within_range`` compares the unrounded
    distance, so a city 900.4 km away is beyond a 900 km range even though it shows as 900.
    """
    d = distance_matrix(launch_areas, cities)
    nearest = d.idxmin(axis=0)
    exact = d.min(axis=0)
    names = labels(pd.concat([launch_areas, cities], ignore_index=True))
    area_label = dict(zip(launch_areas["place_id"], names.iloc[: len(launch_areas)], strict=True))
    out = pd.DataFrame({
        "city": names.iloc[len(launch_areas):].to_numpy(),
        "oblast": cities["oblast"].to_numpy() if "oblast" in cities else pd.NA,
        "nearest_launch_area": nearest.map(area_label).to_numpy(),
        "distance_km": exact.round(0).astype("Int64").to_numpy(),
    })
    out["within_range"] = (exact <= range_km).to_numpy()
    out["city_id"] = cities["place_id"].to_numpy()
    out["nearest_launch_area_id"] = nearest.to_numpy()
    return out.sort_values(["distance_km", "city", "city_id"]).reset_index(drop=True)


def ring(lat: float, lon: float, radius_km: float, points: int = 361) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the points ``radius_km`` from (lat, lon) on the ellipsoid, every
    degree of bearing: a range ring to draw (first and last point coincide)."""
    azimuths = np.linspace(0.0, 360.0, points)
    lons, lats, _ = ELLIPSOID.fwd(np.full(points, float(lon)), np.full(points, float(lat)), azimuths,
                                  np.full(points, float(radius_km) * 1000.0))
    return np.asarray(lats), np.asarray(lons)
