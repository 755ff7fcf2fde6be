"""Maps of Ukraine: a choropleth by oblast and the reach of a missile from its launch areas.

Why these choices:
- Projection: a Lambert conformal conic fitted to Ukraine (``boundaries.UKRAINE_LCC``), so shapes
  and distances look as they are; a longitude/latitude plot stretches Ukraine east-west by half.
- Range rings are geodesics on the WGS 84 ellipsoid (``geo.ring``), the same Earth as the reach
  table's distances, projected point by point: no circle drawn in map units.
- Labels never overlap: ``place_labels`` tries positions around each point, nearest first, and
  keeps the first that collides with no label, marker or frame edge; a label moved away from its
  point gets a leader line.
- Unknown is not zero: an oblast with a reported use but no casualty figure is hatched, apart
  from the oblasts with no reported use.
- Every map carries the boundaries' attribution line (from the data package) in its caption,
  which is also its alt text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from helpers import boundaries, geo, plots
from helpers.data import Dataset

NO_USE = "#e8e8e8"
EDGE = "#ffffff"
OUTLINE = "#6b6b6b"
UNKNOWN_HATCH = "////"
# Sequential oranges (light to dark), readable under the common colour-vision deficiencies.
ORANGES = ["#fdd0a2", "#fdae6b", "#f16913", "#d94801", "#8c2d04"]
LABEL_SIZE = 7.5
# Candidate offsets (points) around a point, nearest and most readable first: right, above-right,
# left, above, below, ... then the same directions farther out (those get a leader line).
_DIRECTIONS = [(1, 0), (1, 1), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1), (-1, -1)]
_RADII = [5, 14, 26, 40, 56]


def attribution(ds: Dataset) -> str:
    """The line every map drawn from the boundary file carries (from the data package)."""
    resource = ds.package.resource("oblast_boundaries")
    return resource.attribution or "Boundaries: geoBoundaries"


def places_attribution(ds: Dataset) -> str:
    """The credit of the gazetteer the places' coordinates come from (from the data package), or ``""``."""
    try:
        return ds.package.resource("places").attribution or ""
    except StopIteration:
        return ""


# ---------------------------------------------------------------- labels


@dataclass
class Placed:
    """A label placed by ``place_labels``: its text artist, its box in display pixels, and whether
    it was moved far enough from its point to need a leader line."""

    text: object
    box: Bbox
    leader: bool


def place_labels(ax, points: Sequence[tuple[float, float]], texts: Sequence[str], *, fontsize: float = LABEL_SIZE,
                 marker_px: float = 6.0, avoid: Sequence[Bbox] = (), color: str = "#222222",
                 weight: str = "normal") -> list[Placed]:
    """Label each (x, y) data point with its text so that no two labels, no label and a marker, and
    no label and the frame edge overlap; ``avoid`` adds other boxes (display pixels) to keep clear of.

    Points are labelled in the order given (put the most important first). For each, positions
    around the point are tried nearest first; the first free one wins. When none is free, the one
    overlapping least is used, so every point keeps its label. A label more than the first step
    away is joined to its point by a thin leader line.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_px = ax.transData.transform
    markers = [Bbox.from_bounds(x - marker_px / 2, y - marker_px / 2, marker_px, marker_px)
               for x, y in (to_px(p) for p in points)]
    taken: list[Bbox] = list(avoid)
    placed: list[Placed] = []
    halo = [path_effects.withStroke(linewidth=2.2, foreground="white")]  # readable over any fill or line
    style = {"fontsize": fontsize, "color": color, "weight": weight, "parse_math": False, "zorder": 6,
             "textcoords": "offset points", "path_effects": halo}
    points_px = fig.dpi / 72
    for i, (point, text) in enumerate(zip(points, texts, strict=True)):
        others = taken + [m for j, m in enumerate(markers) if j != i]
        # the label's size is the same wherever it goes: laid out once, then each position is arithmetic
        trial = ax.annotate(text, point, xytext=(0, 0), ha="left", va="bottom", **style)
        size = trial.get_window_extent(renderer)
        trial.remove()
        width, height = size.width, size.height
        anchor_x, anchor_y = to_px(point)
        best = None  # (cost, offset, ha, va, box, radius)
        for radius in _RADII:
            for dx, dy in _DIRECTIONS:
                norm = (dx * dx + dy * dy) ** 0.5
                off = (dx / norm * radius, dy / norm * radius)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                x0 = anchor_x + off[0] * points_px - {"left": 0, "center": width / 2, "right": width}[ha]
                y0 = anchor_y + off[1] * points_px - {"bottom": 0, "center": height / 2, "top": height}[va]
                box = Bbox.from_bounds(x0, y0, width, height).padded(2.0)
                cost = sum(_overlap(box, o) for o in others) + 10 * _outside(box, frame)
                if best is None or cost < best[0]:
                    best = (cost, off, ha, va, box, radius)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        _, off, ha, va, box, radius = best
        leader = radius > _RADII[0]
        arrow = {"arrowprops": {"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 1, "shrinkB": 2}} \
            if leader else {}
        artist = ax.annotate(text, point, xytext=off, ha=ha, va=va, **style, **arrow)
        taken.append(box)
        placed.append(Placed(artist, box, leader))
    return placed


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: Bbox, frame: Bbox) -> float:
    """Area of ``box`` outside ``frame``."""
    return box.width * box.height - _overlap(box, frame)


def overlaps(placed: Sequence[Placed]) -> list[tuple[int, int]]:
    """Pairs of labels whose boxes overlap (for tests and checks): empty when placement succeeded."""
    return [(i, j) for i in range(len(placed)) for j in range(i + 1, len(placed))
            if _overlap(placed[i].box, placed[j].box) > 0]


# ---------------------------------------------------------------- choropleth


def classes(values: pd.Series, colours: Sequence[str] = ORANGES) -> tuple[list[tuple[int, int]], list[str]]:
    """Up to five classes of whole-number values (from 1) for a choropleth: each value its own class
    when there are few distinct values, else quantile breaks rounded to whole numbers. Returns the
    (low, high) of each class and its colour, lightest first."""
    known = sorted({int(v) for v in values.dropna() if v > 0})
    if not known:
        return [], []
    if len(known) <= len(colours):
        bins = [(v, v) for v in known]
    else:
        edges = sorted({int(np.ceil(q)) for q in np.quantile(known, np.linspace(0, 1, len(colours) + 1))})
        bins, low = [], known[0]
        for edge in edges[1:]:
            if edge >= low:
                bins.append((low, edge))
                low = edge + 1
        if bins[-1][1] < known[-1]:
            bins.append((low, known[-1]))
    step = (len(colours) - 1) / max(1, len(bins) - 1)
    picked = [colours[round(i * step)] for i in range(len(bins))] if len(bins) > 1 else [colours[2]]
    return bins, picked


def _class_colour(value, bins, colours) -> str | None:
    if pd.isna(value) or value <= 0:
        return None
    for (low, high), colour in zip(bins, colours, strict=True):
        if low <= value <= high:
            return colour
    return colours[-1]


def _bin_label(low: int, high: int, unit: tuple[str, str]) -> str:
    """"1 use", "2 uses", "3–5 uses": ``unit`` is (singular, plural)."""
    text = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return f"{text} {unit[0] if high == 1 else unit[1]}"


@dataclass
class Panel:
    """One choropleth panel: the column to shade, its title and unit, and the label per oblast."""

    column: str
    title: str
    unit: tuple[str, str]  # (singular, plural), for the legend
    label: object  # callable(row) -> str, the text on the map for an oblast with a figure


def choropleth(ds: Dataset, values: pd.DataFrame, panels: Sequence[Panel], *, places: pd.DataFrame | None = None,
               figsize=(11, 4.9), none_label: str = "no reported use", places_label: str = "place of a reported use"):
    """Oblasts shaded by each panel's column of ``values`` (one row per oblast, column ``oblast``;
    ``uses`` is the number of reported uses, which tells "no use" from "no figure"). ``places``
    (name, lat, lon) are marked on every panel and named where their oblast's label does not
    already name them. Returns the figure and the labels placed per panel."""
    plots.use_house_style()
    gdf = boundaries.join(ds, values)
    fig, axes = plt.subplots(1, len(panels), figsize=figsize)
    axes = np.atleast_1d(axes)
    located = _project(places) if places is not None and len(places) else None
    used = gdf["uses"].fillna(0) > 0
    shaded = gdf[used]
    anchors = [(pt.x, pt.y) for pt in shaded.representative_point()]
    for ax, panel in zip(axes, panels, strict=True):
        bins, colours = classes(gdf[panel.column])
        fill = [(_class_colour(v, bins, colours) or (NO_USE if not u else "#ffffff"))
                for v, u in zip(gdf[panel.column], used, strict=True)]
        gdf.plot(ax=ax, color=fill, edgecolor=EDGE, linewidth=0.6)
        unknown = gdf[used & gdf[panel.column].isna()]
        if len(unknown):
            unknown.plot(ax=ax, facecolor="#ffffff", edgecolor=OUTLINE, hatch=UNKNOWN_HATCH, linewidth=0.4)
        gdf.dissolve().boundary.plot(ax=ax, color=OUTLINE, linewidth=0.8)
        if located is not None:
            ax.scatter(located["x"], located["y"], s=12, color="#111111", zorder=5, linewidths=0)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_title(panel.title, fontsize=11)
        _fit(ax, gdf.total_bounds, pad=0.04)
        handles = [Patch(facecolor=c, edgecolor="none", label=_bin_label(lo, hi, panel.unit))
                   for (lo, hi), c in zip(bins, colours, strict=True)]
        if len(unknown):
            handles.append(Patch(facecolor="#ffffff", edgecolor=OUTLINE, hatch=UNKNOWN_HATCH,
                                 label="use reported, no figure"))
        handles.append(Patch(facecolor=NO_USE, edgecolor="none", label=none_label))
        if located is not None:
            handles.append(Line2D([], [], marker="o", linestyle="none", color="#111111", markersize=4,
                                  label=places_label))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False,
                  fontsize=8, handlelength=1.4, columnspacing=1.2)
    fig.tight_layout()
    fig.canvas.draw()  # labels are placed on the final layout: moving an axes later would move them apart
    placed_all = []
    for ax, panel in zip(axes, panels, strict=True):
        texts = [panel.label(row) for _, row in shaded.iterrows()]
        order = np.argsort([-(v if pd.notna(v) else 0) for v in shaded[panel.column]], kind="stable")
        pts, txt = [anchors[i] for i in order], [texts[i] for i in order]
        if located is not None:
            for _, place in located.iterrows():
                if not any(str(place["name"]) in t for t in txt):
                    pts.append((place["x"], place["y"]))
                    txt.append(str(place["name"]))
        placed_all.append(place_labels(ax, pts, txt))
    return fig, placed_all


def _project(points: pd.DataFrame) -> pd.DataFrame:
    """``points`` (lat, lon) with x, y in the Ukraine projection."""
    from pyproj import Transformer

    t = Transformer.from_crs(boundaries.WGS84, boundaries.UKRAINE_LCC, always_xy=True)
    x, y = t.transform(points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float))
    return points.assign(x=np.asarray(x), y=np.asarray(y)).reset_index(drop=True)


def _fit(ax, bounds, pad: float) -> None:
    x0, y0, x1, y1 = bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    ax.set_xlim(x0 - dx, x1 + dx)
    ax.set_ylim(y0 - dy, y1 + dy)


# ---------------------------------------------------------------- reach


@dataclass
class ReachMap:
    """The reach map and what a caption must say about it."""

    figure: object
    labels: list[Placed]
    rings_cut: bool  # whether some ring runs past the frame (the caption then says so)


def reach_map(ds: Dataset, areas: pd.DataFrame, cities: pd.DataFrame, within: pd.Series, range_km: float,
              city_labels: pd.Series, area_labels: pd.Series, figsize=(8.4, 6.9)) -> ReachMap:
    """Oblast outlines in the Ukraine projection; the area within ``range_km`` of any launch area
    shaded, each ring drawn; launch areas as triangles and cities as dots (filled when ``within``),
    every one labelled without overlap. The frame covers Ukraine and the launch areas; rings that
    run past it are cut at the frame, which ``rings_cut`` reports for the caption."""
    import geopandas as gpd
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    plots.use_house_style()
    gdf = boundaries.frame(ds)
    fig, ax = plt.subplots(figsize=figsize)
    gdf.plot(ax=ax, color="#f3f3f3", edgecolor="#bdbdbd", linewidth=0.5)
    gdf.dissolve().boundary.plot(ax=ax, color=OUTLINE, linewidth=0.9)
    a = _project(areas)
    c = _project(cities)
    discs = []
    for _, row in areas.iterrows():
        lats, lons = geo.ring(row["lat"], row["lon"], range_km)
        pts = _project(pd.DataFrame({"lat": lats, "lon": lons}))
        discs.append(Polygon(zip(pts["x"], pts["y"], strict=True)).buffer(0))
    reach = unary_union(discs) if discs else None
    xs = list(gdf.total_bounds[[0, 2]]) + list(a["x"])
    ys = list(gdf.total_bounds[[1, 3]]) + list(a["y"])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad = 0.05 * max(x1 - x0, y1 - y0)
    frame = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    cut = False
    if reach is not None and not reach.is_empty:
        gpd.GeoSeries([reach]).plot(ax=ax, color=to_hex(plots.DPRK), alpha=0.10, edgecolor="none", zorder=1)
        for disc in discs:
            gpd.GeoSeries([disc.exterior]).plot(ax=ax, color=plots.DPRK, linewidth=0.9, linestyle="--", zorder=2)
        rx0, ry0, rx1, ry1 = reach.bounds
        cut = rx0 < frame[0] or ry0 < frame[1] or rx1 > frame[2] or ry1 > frame[3]
    ax.set_xlim(frame[0], frame[2])
    ax.set_ylim(frame[1], frame[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    inside = within.to_numpy(dtype=bool)
    ax.scatter(c.loc[inside, "x"], c.loc[inside, "y"], s=22, color=plots.DESTROYED, zorder=4, linewidths=0)
    ax.scatter(c.loc[~inside, "x"], c.loc[~inside, "y"], s=22, facecolor="white", edgecolor=plots.DESTROYED,
               linewidths=1.0, zorder=4)
    ax.scatter(a["x"], a["y"], marker="^", s=70, color=plots.DPRK, edgecolor="white", linewidths=0.6, zorder=5)
    bar = _scale_bar(ax, frame)
    fig.canvas.draw()
    ax.legend(handles=[
        Line2D([], [], marker="^", linestyle="none", color=plots.DPRK, markersize=8, label="reported launch area"),
        Line2D([], [], marker="o", linestyle="none", color=plots.DESTROYED, markersize=5,
               label=f"city within {range_km:,.0f} km"),
        Line2D([], [], marker="o", linestyle="none", markerfacecolor="white", markeredgecolor=plots.DESTROYED,
               markersize=5, label="city beyond"),
        Line2D([], [], color=plots.DPRK, linestyle="--", label=f"{range_km:,.0f} km from a launch area"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.005), ncol=2, frameon=False, fontsize=8.5)
    points = [(x, y) for x, y in zip(a["x"], a["y"], strict=True)] + \
             [(x, y) for x, y in zip(c["x"], c["y"], strict=True)]
    texts = list(area_labels.astype(str)) + list(city_labels.astype(str))
    ax.set_title(f"Reach of a {range_km:,.0f} km missile from the reported launch areas")
    fig.tight_layout()
    fig.canvas.draw()  # labels are placed on the final layout
    avoid = [t.get_window_extent() for t in bar]
    placed = place_labels(ax, points[: len(a)], texts[: len(a)], marker_px=9,
                          avoid=avoid + _marker_boxes(ax, points[len(a):], 9), color=plots.DPRK,
                          weight="bold")
    placed += place_labels(ax, points[len(a):], texts[len(a):], marker_px=9,
                           avoid=avoid + [p.box for p in placed] + _marker_boxes(ax, points[: len(a)], 9))
    return ReachMap(fig, placed, cut)


def _marker_boxes(ax, points, size: float) -> list[Bbox]:
    return [Bbox.from_bounds(x - size / 2, y - size / 2, size, size)
            for x, y in (ax.transData.transform(p) for p in points)]


def _scale_bar(ax, frame) -> list:
    """A 200 km bar in the lower left (the projection is true to scale within about 1% over Ukraine);
    returns its artists, which labels keep clear of."""
    x0, y0, x1, y1 = frame
    length = 200_000
    left, base = x0 + 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    [line] = ax.plot([left, left + length], [base, base], color="#333333", linewidth=2, solid_capstyle="butt",
                     zorder=6)
    text = ax.text(left + length / 2, base + 0.012 * (y1 - y0), "200 km", ha="center", va="bottom", fontsize=8,
                   color="#333333", parse_math=False, zorder=6)
    return [line, text]
