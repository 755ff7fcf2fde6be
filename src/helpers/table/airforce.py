"""The public Air Force attack table read into the strikes schema: one name for the reader and its parts.

``read`` (``helpers.table.reader``) reads a copy with a load report of everything it noticed; ``load`` and
``as_dataset`` (``helpers.table.adapter``) give the dataset analyses read; ``regions``, ``border_crossing`` and
``parse_nested`` (``helpers.table.text``) parse the detail columns; ``oblast_of`` (``helpers.table.gazetteer``)
places a name in an oblast. ``python -m helpers.table.airforce_diff OLD NEW`` compares two releases.
"""

from __future__ import annotations

from helpers.table.adapter import UNCREWED, as_dataset, load, reporter_counts
from helpers.table.gazetteer import PLACES, oblast_of, oblasts
from helpers.table.reader import (
    BORDER_COUNTRIES,
    BORDER_OTHER,
    BORDER_UNPARSED,
    COLUMNS,
    COUNT_COLUMNS,
    COUNT_PROBLEMS,
    NESTED,
    OPTIONAL,
    REGIONS_UNPARSED,
    REQUIRED,
    STATUS,
    TEXT_COLUMNS,
    WITHHELD,
    AirForceTableError,
    LoadReport,
    count_bound,
    nested_types,
    read,
)
from helpers.table.text import border_crossing, parse_nested, regions

__all__ = ["BORDER_COUNTRIES", "BORDER_OTHER", "BORDER_UNPARSED", "COLUMNS", "COUNT_COLUMNS", "COUNT_PROBLEMS",
           "NESTED", "OPTIONAL", "PLACES", "REGIONS_UNPARSED", "REQUIRED", "STATUS", "TEXT_COLUMNS",
           "UNCREWED", "WITHHELD", "AirForceTableError", "LoadReport", "as_dataset", "border_crossing", "count_bound",
           "load", "nested_types", "oblast_of", "oblasts", "parse_nested", "read", "regions", "reporter_counts"]


def __getattr__(name: str):
    if name == "OBLASTS":  # the gazetteer's oblasts, read from data/oblasts.csv on first use
        return oblasts()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
