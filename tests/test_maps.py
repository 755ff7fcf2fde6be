"""Maps: the boundary join, the shipped boundary file against its recorded origin, label placement,
the choropleth's treatment of unknown figures, and the reach map's rings and captions."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import DATA, ROOT, make_dataset
from matplotlib.colors import to_hex
from shapely.geometry import shape

import helpers.data
from helpers import boundaries, geo, maps
from helpers.data.schema import read_package
from helpers.pages import dprk

DS = helpers.data.load()
ORIGIN = ROOT.parent / "shared" / "geo" / "geoBoundaries-UKR-ADM1_simplified.geojson"


# ---------------------------------------------------------------- the join


def test_every_oblast_named_in_the_data_matches_a_boundary():
    """Each oblast an event or a place names, and each oblast the schema allows, joins exactly one
    polygon, and no two names share one."""
    named = set(DS.events["oblast"].dropna()) | set(DS.places["oblast"].dropna())
    allowed = set(read_package(DATA).resource("places").field("oblast").enum)
    assert named <= allowed
    joined = boundaries.join(DS, pd.DataFrame({"oblast": sorted(allowed), "n": range(len(allowed))}))
    assert len(joined) == 27 and joined["n"].notna().all()
    assert joined["iso_3166_2"].is_unique and set(joined["oblast"]) == allowed
    by_name = joined.set_index("oblast")
    assert by_name.loc["Odesa Oblast", "boundary_name"] == "Odessa Oblast"
    assert by_name.loc["Zaporizhzhia Oblast", "boundary_name"] == "Zaporizhia Oblast"
    assert by_name.loc["Kyiv City", "boundary_name"] == "Kyiv"
    assert by_name.loc["Crimea", "iso_3166_2"] == "UA-43" and by_name.loc["Sevastopol", "iso_3166_2"] == "UA-40"


def test_places_lie_in_the_polygon_of_their_oblast():
    """The join is right on the ground: every gazetteer city lies inside the polygon of its oblast."""
    gdf = boundaries.frame(DS, crs=boundaries.WGS84).set_index("oblast")
    cities = DS.places[DS.places["kind"] == "city"]
    outside = [c["name"] for _, c in cities.iterrows()
               if not gdf.loc[c["oblast"], "geometry"].buffer(0.02).contains(shapely.Point(c["lon"], c["lat"]))]
    assert outside == []


def test_a_figure_for_an_oblast_without_a_boundary_is_refused():
    with pytest.raises(ValueError, match=r"no boundary for oblast 'Atlantis Oblast'; add it to data/oblasts.csv"):
        boundaries.join(DS, pd.DataFrame({"oblast": ["Kharkiv Oblast", "Atlantis Oblast"], "uses": [1, 2]}))


def test_the_boundaries_are_a_valid_coverage():
    geoms = [shape(g) for g in DS.oblast_boundaries["geometry"]]
    assert len(geoms) == 27 and all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(geoms)  # neighbours share their borders: no gap, no overlap


@pytest.mark.skipif(not ORIGIN.exists(), reason="the geoBoundaries original is not beside the project")
def test_the_shipped_boundaries_are_what_the_descriptor_says_they_were_derived_from(tmp_path):
    """Re-deriving the copy from the original gives the very bytes the descriptor records, and the
    original is the file whose sha-256 the descriptor names: the origin is traceable."""
    raw = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in raw["resources"] if r["name"] == "oblast_boundaries")
    made = boundaries.derive(ORIGIN, tmp_path / "copy.geojson")
    assert made["origin_sha256"] == resource["sources"][0]["x_sha256"]
    assert "sha256:" + made["sha256"] == resource["hash"] and made["bytes"] == resource["bytes"]
    assert (tmp_path / "copy.geojson").read_bytes() == (DATA / resource["path"]).read_bytes()


def test_an_edited_boundary_file_is_refused(tmp_path):
    folder = make_dataset(tmp_path)
    path = folder / "ukraine-adm1.geojson"
    text = path.read_bytes()
    assert b"[34.975,45.762]" in text  # a vertex Kherson Oblast shares with Crimea
    path.write_bytes(text.replace(b"[34.975,45.762]", b"[34.976,45.762]"))  # still a valid file: only moved
    [problem] = helpers.data.validate(folder)
    assert problem.rule == "hash matches the descriptor"
    assert str(problem).startswith("data/ukraine-adm1.geojson: is not the file the descriptor records (150,222 "
                                   "bytes, sha256:")


# ---------------------------------------------------------------- labels


def _axes():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    fig.canvas.draw()
    return fig, ax


def test_labels_of_crowded_points_never_overlap_and_stay_in_the_frame():
    fig, ax = _axes()
    rng = np.random.default_rng(7)
    points = [(5 + dx, 5 + dy) for dx, dy in rng.normal(0, 0.8, size=(14, 2))]
    ax.scatter(*zip(*points, strict=True))
    placed = maps.place_labels(ax, points, [f"City number {i}" for i in range(len(points))])
    assert maps.overlaps(placed) == []
    frame = ax.get_window_extent()
    assert all(frame.x0 <= p.box.x0 and p.box.x1 <= frame.x1 and frame.y0 <= p.box.y0 and p.box.y1 <= frame.y1
               for p in placed)
    assert any(p.leader for p in placed)  # some had to move away, and are tied to their point
    plt.close(fig)


def test_a_free_point_keeps_its_label_beside_it():
    fig, ax = _axes()
    [label] = maps.place_labels(ax, [(2, 2)], ["Alone"])
    assert not label.leader and label.text.get_text() == "Alone"
    assert label.text.get_horizontalalignment() == "left"  # the first choice: to the right of the point
    plt.close(fig)


def test_labels_keep_clear_of_other_markers():
    fig, ax = _axes()
    points = [(5, 5), (5.4, 5)]  # a marker right where the first label would go
    placed = maps.place_labels(ax, points, ["Left one", "Right one"], marker_px=8)
    marker = ax.transData.transform((5.4, 5))
    box = placed[0].box
    assert not (box.x0 <= marker[0] <= box.x1 and box.y0 <= marker[1] <= box.y1)
    plt.close(fig)


# ---------------------------------------------------------------- choropleth


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 2, 3], [(1, 1), (2, 2), (3, 3)]),
    ([0, None, 4], [(4, 4)]),
    ([1, 2, 3, 5, 8, 13, 21, 34], None),
])
def test_classes_cover_every_value_in_order(values, expected):
    bins, colours = maps.classes(pd.Series(values, dtype="Float64"))
    if expected is not None:
        assert bins == expected
    assert len(bins) == len(colours) <= 5
    assert all(lo <= hi for lo, hi in bins) and all(a[1] < b[0] for a, b in zip(bins, bins[1:], strict=False))
    for v in values:
        if v:
            assert any(lo <= v <= hi for lo, hi in bins)


def _fill(fig, panel: int, code: str) -> str:
    order = list(DS.oblast_boundaries["shapeISO"])
    return to_hex(fig.axes[panel].collections[0].get_facecolors()[order.index(code)])


def test_unknown_is_hatched_and_no_use_is_grey_never_the_colour_of_a_count():
    values = pd.DataFrame({"oblast": ["Kharkiv Oblast", "Kyiv City", "Zaporizhzhia Oblast"], "uses": [3, 7, 1],
                           "casualties": pd.array([70, 125, None], dtype="Int64")})
    panels = [maps.Panel("uses", "Uses", ("use", "uses"), lambda r: f"{r['oblast']}: {int(r['uses'])}"),
              maps.Panel("casualties", "Casualties", ("person", "people"), lambda r: str(r["oblast"]))]
    fig, placed = maps.choropleth(DS, values, panels)
    assert _fill(fig, 0, "UA-46") == maps.NO_USE  # Lviv: no reported use
    assert _fill(fig, 0, "UA-23") == maps.ORANGES[0] and _fill(fig, 0, "UA-30") == maps.ORANGES[-1]
    assert _fill(fig, 1, "UA-23") == "#ffffff"  # a use but no casualty figure: not a count colour ...
    hatched = [c for c in fig.axes[1].collections if c.get_hatch()]
    assert len(hatched) == 1  # ... but hatched, and named in the legend
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "use reported, no figure" in legend and "no reported use" in legend and "70 people" in legend
    assert all(maps.overlaps(p) == [] for p in placed)
    assert [t.text.get_text() for t in placed[0]][:1] == ["Kyiv City: 7"]  # the largest figure is placed first
    plt.close(fig)


def test_the_dprk_choropleth_names_its_sources_unmapped_uses_and_boundaries():
    p = dprk.DprkParameters(pd.Timestamp("2023-12-01"), pd.Timestamp("2025-12-31"), 900.0, "low")
    uses = dprk.uses(DS, p)
    chart = dprk.choropleth_figure(DS, uses, p)
    unnamed = int(uses["oblast"].isna().sum())
    alt = chart.figure.ledger_caption
    assert maps.attribution(DS) in alt and "ODbL 1.0" in alt
    assert f"{unnamed} uses name no oblast and are not on the map" in alt
    assert int(chart.data["uses"].sum()) == len(uses) - unnamed
    plt.close(chart.figure)


# ---------------------------------------------------------------- reach


def test_the_reach_map_draws_geodesic_rings_and_says_when_they_are_cut():
    big = dprk.reach_figure(DS, dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"),
                                                    900.0, "low"))
    small = dprk.reach_figure(DS, dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"),
                                                      50.0, "low"))
    assert "Rings run past the frame" in big.figure.ledger_caption
    assert "Rings run past the frame" not in small.figure.ledger_caption
    for chart in (big, small):
        assert maps.attribution(DS) in chart.figure.ledger_caption
        assert "WGS 84 ellipsoid" in chart.figure.ledger_caption
        plt.close(chart.figure)


def test_reach_map_labels_every_place_without_overlap():
    places = DS.places
    areas, cities = places[places["kind"] == "launch_area"], places[places["kind"] == "city"]
    table = geo.reach(areas, cities, 900).set_index("city_id")
    drawn = maps.reach_map(DS, areas, cities, cities["place_id"].map(table["within_range"]), 900,
                           cities["place_id"].map(table["city"]), areas["name"])
    assert maps.overlaps(drawn.labels) == []
    assert sorted(p.text.get_text() for p in drawn.labels) == sorted(list(areas["name"]) + list(table["city"]))
    assert drawn.rings_cut
    plt.close(drawn.figure)


def test_the_projection_keeps_distances_across_ukraine():
    """In the Ukraine projection, Lviv to Kharkiv measures within 1% of its geodesic distance: the
    200 km scale bar can be trusted anywhere on the map."""
    from pyproj import Transformer

    t = Transformer.from_crs(boundaries.WGS84, boundaries.UKRAINE_LCC, always_xy=True)
    (x1, y1), (x2, y2) = t.transform(24.0322, 49.8425), t.transform(36.2311, 49.9925)
    planar = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 / 1000
    assert planar == pytest.approx(geo.distance_km(49.8425, 24.0322, 49.9925, 36.2311), rel=0.01)
