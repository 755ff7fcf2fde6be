"""Great-circle distances and missile reach.

The reach question ("which cities lie within 900 km of where the missiles were launched from?") needs
only distances on a sphere: a haversine over a mean Earth radius is within about 0.5% of the
ellipsoidal distance, far inside the uncertainty of a published missile range.
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


def distance_matrix(origins: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Distances (km) from each origin (rows) to each target (columns); both need name, lat, lon."""
    lat1 = origins["lat"].to_numpy(dtype=float)[:, None]
    lon1 = origins["lon"].to_numpy(dtype=float)[:, None]
    lat2 = targets["lat"].to_numpy(dtype=float)[None, :]
    lon2 = targets["lon"].to_numpy(dtype=float)[None, :]
    return pd.DataFrame(haversine_km(lat1, lon1, lat2, lon2),
                        index=pd.Index(origins["name"], name="from"),
                        columns=pd.Index(targets["name"], name="to"))


def reach(launch_areas: pd.DataFrame, cities: pd.DataFrame, range_km: float) -> pd.DataFrame:
    """For each city: the nearest launch area, its distance, and whether it is within ``range_km``.

    Sorted by distance, so the table reads from the most exposed city outwards.
    """
    d = distance_matrix(launch_areas, cities)
    nearest = d.idxmin(axis=0)
    out = pd.DataFrame({
        "city": cities["name"].to_numpy(),
        "oblast": cities["oblast"].to_numpy() if "oblast" in cities else pd.NA,
        "nearest_launch_area": nearest.to_numpy(),
        "distance_km": d.min(axis=0).round(0).astype("Int64").to_numpy(),
    })
    out["within_range"] = out["distance_km"] <= range_km
    return out.sort_values(["distance_km", "city"]).reset_index(drop=True)


def circle(lat: float, lon: float, radius_km: float, points: int = 181) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the points ``radius_km`` from (lat, lon): a range ring to draw."""
    bearing = np.linspace(0, 2 * np.pi, points)
    d = radius_km / EARTH_RADIUS_KM
    p1, l1 = np.radians(lat), np.radians(lon)
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(bearing))
    l2 = l1 + np.arctan2(np.sin(bearing) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), np.degrees(l2)
