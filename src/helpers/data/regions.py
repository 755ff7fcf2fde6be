"""Approximate bounding boxes of Ukraine's regions, for the "coordinates inside the region" rule.

The boxes are generous (each padded by about 0.3 degrees) because they only catch swapped
latitude/longitude, a sign error or a point put in the wrong oblast by hundreds of kilometres;
they are no substitute for boundaries.
"""

from __future__ import annotations

# (south, north, west, east) in decimal degrees, unpadded.
OBLAST_BOXES: dict[str, tuple[float, float, float, float]] = {
    "Cherkasy Oblast": (48.4, 50.2, 29.6, 32.8),
    "Chernihiv Oblast": (50.4, 52.4, 30.5, 33.5),
    "Chernivtsi Oblast": (47.7, 48.7, 24.9, 27.5),
    "Crimea": (44.38, 46.25, 32.45, 36.65),
    "Dnipropetrovsk Oblast": (47.5, 49.2, 33.0, 36.9),
    "Donetsk Oblast": (46.9, 49.25, 36.5, 38.85),
    "Ivano-Frankivsk Oblast": (47.7, 49.5, 23.5, 25.7),
    "Kharkiv Oblast": (48.55, 50.45, 34.85, 38.05),
    "Kherson Oblast": (45.9, 47.6, 31.4, 35.3),
    "Khmelnytskyi Oblast": (48.4, 50.6, 26.0, 28.1),
    "Kirovohrad Oblast": (47.7, 49.3, 29.7, 33.6),
    "Kyiv City": (50.21, 50.59, 30.24, 30.83),
    "Kyiv Oblast": (49.18, 51.55, 29.27, 32.16),
    "Luhansk Oblast": (47.8, 50.1, 37.8, 40.25),
    "Lviv Oblast": (48.7, 50.6, 22.6, 25.3),
    "Mykolaiv Oblast": (46.3, 48.2, 30.8, 33.2),
    "Odesa Oblast": (45.2, 48.0, 28.2, 31.8),
    "Poltava Oblast": (48.7, 50.6, 32.0, 35.5),
    "Rivne Oblast": (50.0, 51.95, 25.0, 27.6),
    "Sevastopol": (44.38, 44.85, 33.35, 33.95),
    "Sumy Oblast": (50.1, 52.4, 33.2, 35.7),
    "Ternopil Oblast": (48.5, 50.3, 24.9, 26.8),
    "Vinnytsia Oblast": (47.9, 49.9, 27.3, 30.2),
    "Volyn Oblast": (50.3, 51.95, 23.6, 26.1),
    "Zakarpattia Oblast": (47.9, 49.1, 22.1, 24.7),
    "Zaporizhzhia Oblast": (46.1, 48.2, 34.2, 37.2),
    "Zhytomyr Oblast": (49.6, 51.8, 27.1, 29.6),
}
UKRAINE_BOX = (44.38, 52.38, 22.13, 40.23)
PAD = 0.3


def inside(box: tuple[float, float, float, float], lat: float, lon: float, pad: float = PAD) -> bool:
    south, north, west, east = box
    return south - pad <= lat <= north + pad and west - pad <= lon <= east + pad
