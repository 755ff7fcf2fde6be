"""Great-circle distances and missile reach.

The reach question ("which cities lie within 900 km of where the missiles were launched from?") needs
only distances on a sphere: a haversine over a mean Earth radius is within about 0.5% of the
ellipsoidal distance, far inside the uncertainty of a published missile range.

Places are keyed by ``place_id``, never by name: Ukraine has dozens of villages called Mykolaivka,
and two rows with one name must stay two places. A name is only a label; where names repeat, the
label adds the oblast (or country) so a reader can tell them apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on scalars and on aligned arrays or Series."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


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
    return pd.DataFrame(haversine_km(lat1, lon1, lat2, lon2),
                        index=pd.Index(origins["place_id"].to_numpy(), name="from"),
                        columns=pd.Index(targets["place_id"].to_numpy(), name="to"))


def reach(launch_areas: pd.DataFrame, cities: pd.DataFrame, range_km: float) -> pd.DataFrame:
    """For each city: the nearest launch area, its distance, and whether it is within ``range_km``.

    Both frames need place_id, name, lat and lon (cities also oblast). The result carries the
    labels first and the ids (``city_id``, ``nearest_launch_area_id``) last, sorted by distance so
    the table reads from the most exposed city outwards.
    """
    d = distance_matrix(launch_areas, cities)
    nearest = d.idxmin(axis=0)
    names = labels(pd.concat([launch_areas, cities], ignore_index=True))
    area_label = dict(zip(launch_areas["place_id"], names.iloc[: len(launch_areas)], strict=True))
    out = pd.DataFrame({
        "city": names.iloc[len(launch_areas):].to_numpy(),
        "oblast": cities["oblast"].to_numpy() if "oblast" in cities else pd.NA,
        "nearest_launch_area": nearest.map(area_label).to_numpy(),
        "distance_km": d.min(axis=0).round(0).astype("Int64").to_numpy(),
    })
    out["within_range"] = out["distance_km"] <= range_km
    out["city_id"] = cities["place_id"].to_numpy()
    out["nearest_launch_area_id"] = nearest.to_numpy()
    return out.sort_values(["distance_km", "city", "city_id"]).reset_index(drop=True)


def circle(lat: float, lon: float, radius_km: float, points: int = 181) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the points ``radius_km`` from (lat, lon): a range ring to draw."""
    bearing = np.linspace(0, 2 * np.pi, points)
    d = radius_km / EARTH_RADIUS_KM
    p1, l1 = np.radians(lat), np.radians(lon)
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(bearing))
    l2 = l1 + np.arctan2(np.sin(bearing) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), np.degrees(l2)
