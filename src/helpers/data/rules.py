"""Rules that span fields or tables, which a Table Schema cannot express.

Each rule is a small function over the parsed rows of the tables; each problem it finds names the
row and the column a curator has to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from helpers.data import quotes
from helpers.data.errors import Problem
from helpers.data.regions import OBLAST_BOXES, UKRAINE_BOX, inside
from helpers.lookalike import describe


@dataclass
class Parsed:
    """A table's typed rows, with the spreadsheet row number of each."""

    file: str
    rows: list[dict]
    numbers: list[int]
    geometries: list[dict] | None = None  # a GeoJSON resource's geometries, one per row

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        return iter(zip(self.numbers, self.rows, strict=True))


@dataclass
class Context:
    tables: dict[str, Parsed]
    valid_from: date
    today: date
    enums: dict[str, list[str]] = field(default_factory=dict)  # "resource.field" -> its allowed values


Rule = Callable[[Parsed, Context], Iterator[Problem]]


def _text(value) -> str:
    return "" if value is None else str(value)


def _in_war_window(table: Parsed, ctx: Context, column: str) -> Iterator[Problem]:
    for n, row in table:
        d = row.get(column)
        if d is None:
            continue
        day = d.date() if hasattr(d, "date") and callable(d.date) else d
        if day < ctx.valid_from:
            yield Problem(table.file, n, column, _text(d), "not before 2022-02-24",
                          f"is before the full-scale invasion ({ctx.valid_from.isoformat()})")
        elif day > ctx.today:
            yield Problem(table.file, n, column, _text(d), "not in the future",
                          f"is after today ({ctx.today.isoformat()})")


_KIND_OF_CLASS = {"guided_bomb": "bombs", "strike_drone": "drones", "decoy_drone": "drones",
                  "drone_unknown_type": "drones", "loitering_munition": "drones", "reconnaissance_drone": "drones"}
_NOUN_OF_SCOPE = {"missiles": "missiles", "ballistic": "missiles", "drones": "drones", "all": "weapons",
                  "dprk_missiles": "missiles", "killed": "killed", "injured": "injured"}
_NOUN_OF_UNIT = {"missiles": "missiles", "drones": "drones", "uses": "uses", "km": "km", "weapons": "weapons"}


def _quote(t: Parsed, n: int, row: dict, figures: dict, prefix: str = "", also: str | None = None
           ) -> Iterator[Problem]:
    """The problems of a row's quote (``helpers.data.quotes``): language and gloss, each figure in the words,
    and the noun. ``figures``: column -> (value, noun) for the row's figures that are given."""
    given = {c: (int(v), noun) for c, (v, noun) in figures.items() if v is not None}
    for column, rule, message in quotes.problems(row.get(f"{prefix}quote"), row.get(f"{prefix}quote_language"),
                                                 row.get(f"{prefix}quote_gloss"), given, also):
        column = column if column in figures else f"{prefix}{column}"
        value = row.get(column)
        yield Problem(t.file, n, column, _text(value), rule, message)


def _weapon_kind(ctx: Context, weapon_id) -> str | None:
    weapons = ctx.tables.get("weapons")
    if weapons is None:
        return None
    cls = next((str(r["weapon_class"]) for _, r in weapons if r["weapon_id"] == weapon_id), None)
    return None if cls is None else _KIND_OF_CLASS.get(cls, "missiles")


def _counts(t: Parsed, ctx: Context) -> Iterator[Problem]:
    yield from _in_war_window(t, ctx, "date")
    for n, row in t:
        launched, destroyed = row["launched"], row["destroyed"]
        if launched is None and destroyed is None:
            yield Problem(t.file, n, "launched", "", "a count is given",
                          "neither launched nor destroyed is given; a row needs at least one")
        if launched is not None and destroyed is not None and destroyed > launched:
            yield Problem(t.file, n, "destroyed", _text(destroyed), "destroyed <= launched",
                          f"is more than launched ({launched})")


def strikes_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    yield from _counts(t, ctx)
    kinds: dict = {}
    for n, row in t:
        weapon = row["weapon_id"]
        if weapon not in kinds:
            kinds[weapon] = _weapon_kind(ctx, weapon)
        yield from _quote(t, n, row, {"launched": (row["launched"], kinds[weapon]),
                                      "destroyed": (row["destroyed"], kinds[weapon])})
        start, end = row["window_start"], row["window_end"]
        if start is not None and end is not None and end < start:
            yield Problem(t.file, n, "window_end", end.strftime("%Y-%m-%d %H:%M"), "end >= start",
                          f"is before window_start ({start.strftime('%Y-%m-%d %H:%M')})")


def _where(t: Parsed, n: int, row: dict) -> Iterator[Problem]:
    """Place rules shared by events and places: both coordinates or none, an oblast only in Ukraine,
    and the point inside its oblast (or inside Ukraine)."""
    lat, lon = row["lat"], row["lon"]
    if (lat is None) != (lon is None):
        col = "lon" if lon is None else "lat"
        yield Problem(t.file, n, col, "", "lat and lon together", "is empty while the other coordinate is given")
    if row["oblast"] is not None and row["country"] not in (None, "UKR"):
        yield Problem(t.file, n, "country", row["country"], "oblast is in Ukraine",
                      f"an oblast ({row['oblast']}) is given, so the country must be UKR")
    if lat is not None and lon is not None:
        if row["oblast"] is not None and not inside(OBLAST_BOXES[row["oblast"]], lat, lon):
            yield Problem(t.file, n, "lat", f"{lat}, {lon}", "coordinates inside the region",
                          f"point lies outside {row['oblast']}")
        elif row["country"] == "UKR" and not inside(UKRAINE_BOX, lat, lon):
            yield Problem(t.file, n, "lat", f"{lat}, {lon}", "coordinates inside the region",
                          "point lies outside Ukraine")


def events_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    yield from _in_war_window(t, ctx, "date")
    sourced = {row["event_id"] for _, row in ctx.tables.get("event_sources", Parsed("", [], []))}
    check_sources = "event_sources" in ctx.tables
    # Only a use of North Korean missiles needs a grade: how sure we are that it was North Korean.
    graded = {row["event_id"] for _, row in ctx.tables.get("dprk_evidence", Parsed("", [], []))}
    check_evidence = "dprk_evidence" in ctx.tables
    for n, row in t:
        if row["date_precision"] == "month" and row["date"] is not None and row["date"].day != 1:
            yield Problem(t.file, n, "date", row["date"].isoformat(), "month precision is the 1st",
                          "date_precision is month, so the date must be the first of the month")
        yield from _where(t, n, row)
        if check_sources and row["event_id"] not in sourced:
            yield Problem(t.file, n, "event_id", row["event_id"], "every event has a source",
                          "no row of event_sources.csv cites this event")
        if check_evidence and row["category"] == "dprk_missile_use" and row["event_id"] not in graded:
            yield Problem(t.file, n, "event_id", row["event_id"], "every DPRK missile use has graded evidence",
                          "no row of dprk_evidence.csv grades the evidence that this use was North Korean")
        if row["parent_event_id"] is not None and row["parent_event_id"] == row["event_id"]:
            yield Problem(t.file, n, "parent_event_id", row["parent_event_id"], "an event is not its own parent",
                          "parent_event_id names the event itself")


def dprk_evidence_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    """Evidence of North Korean origin belongs to a reported use of North Korean missiles."""
    categories = {row["event_id"]: row["category"] for _, row in ctx.tables.get("events", Parsed("", [], []))}
    for n, row in t:
        category = categories.get(row["event_id"])
        if category is not None and category != "dprk_missile_use":
            yield Problem(t.file, n, "event_id", row["event_id"], "evidence is for a DPRK missile use",
                          f"the event's category is {category}, not dprk_missile_use")


def places_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    for n, row in t:
        yield from _where(t, n, row)
        if row["kind"] == "launch_area" and row["reported_by_source_id"] is None:
            yield Problem(t.file, n, "reported_by_source_id", "", "a launch area has a report",
                          "is empty; a launch area needs the report that names it")
        if row["kind"] == "city" and row["country"] not in (None, "UKR"):
            yield Problem(t.file, n, "country", row["country"], "cities are Ukrainian",
                          "a city in this gazetteer must be in Ukraine (UKR)")


def weapons_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    ids = {row["weapon_id"] for _, row in t}
    groups = {row["weapon_id"] for _, row in t if row["members"]}
    for n, row in t:
        members = [m.strip() for m in (row["members"] or "").split(";") if m.strip()]
        if members:
            if row["origin"] is not None:
                yield Problem(t.file, n, "origin", row["origin"], "groups have no origin",
                              "a group's origin comes from its members; leave it empty")
            for m in members:
                if m not in ids:
                    yield Problem(t.file, n, "members", m, "members are weapon ids", "is not a weapon_id in this table")
                elif m in groups:
                    yield Problem(t.file, n, "members", m, "members are single models", "is itself a group")
        elif (row["origin"] is None and not str(row["weapon_class"]).endswith("_unknown_type")
              and not str(row["weapon_id"]).startswith("unknown-")):  # a model-unknown row has no one origin
            yield Problem(t.file, n, "origin", "", "models have an origin",
                          "is empty; a weapon model needs the country that designed it")
        if row["range_km"] is not None and row["range_source_id"] is None:
            yield Problem(t.file, n, "range_source_id", "", "a range has a source",
                          "is empty while range_km is given")
        if row["range_km"] is not None:
            yield from _quote(t, n, row, {"range_km": (round(row["range_km"]), "km")}, prefix="range_")
        made_in = row.get("made_in")
        if made_in is not None and row.get("made_in_source_id") is None:
            yield Problem(t.file, n, "made_in_source_id", "", "where a weapon is made has a source",
                          "is empty while made_in is given")
        if made_in is not None and made_in == row["origin"]:
            yield Problem(t.file, n, "made_in", made_in, "made_in differs from origin",
                          "equals origin; give made_in only where the weapon is made elsewhere than designed")


def weapon_ranges_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    for n, row in t:
        low, high = row["low_km"], row["high_km"]
        if low is not None and high is not None and low > high:
            yield Problem(t.file, n, "low_km", f"{low:g}", "low_km <= high_km", f"is more than high_km ({high:g})")
        yield from _quote(t, n, row, {"high_km": (None if high is None else round(high), "km"),
                                      "low_km": (None if low is None else round(low), "km")})


def strike_totals_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    yield from _counts(t, ctx)
    for n, row in t:
        noun = _NOUN_OF_SCOPE.get(str(row["scope"]))
        yield from _quote(t, n, row, {"launched": (row["launched"], noun), "destroyed": (row["destroyed"], noun)})


def event_sources_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    for n, row in t:
        scope, place = row.get("toll_scope"), row.get("toll_place")
        if (scope == "place") != (place is not None):
            yield Problem(t.file, n, "toll_place", _text(place), "a place toll names its place",
                          "is empty while toll_scope is 'place'" if scope == "place" else
                          "is given while toll_scope is not 'place'")
        tolled = row["killed"] is not None or row["injured"] is not None
        if (scope is not None or row.get("toll_as_of") is not None) and not tolled:
            yield Problem(t.file, n, "toll_scope", _text(scope), "toll columns go with a toll",
                          "is given while the row gives no killed or injured figure")
        yield from _quote(t, n, row, {"killed": (row["killed"], "killed"), "injured": (row["injured"], "injured"),
                                      "missile_count": (row["missile_count"], "missiles")})


def claims_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    for n, row in t:
        if row["claimed_number"] is not None:
            unit, scope = row["unit"], row["scope"]
            noun = _NOUN_OF_SCOPE.get(str(scope)) if unit == "people" else _NOUN_OF_UNIT.get(str(unit))
            yield from _quote(t, n, row, {"claimed_number": (round(row["claimed_number"]), noun)},
                              also=row["claimed_value"])
        kind = row["claim_type"]
        if kind == "date" and row["claimed_date"] is None:
            yield Problem(t.file, n, "claimed_date", "", "date claims have a date", "is empty for a date claim")
        if kind in ("count", "range") and row["claimed_number"] is None:
            yield Problem(t.file, n, "claimed_number", "", "count and range claims have a number",
                          f"is empty for a {kind} claim")
        start, end = row["window_start"], row["window_end"]
        if start is not None and end is not None and end < start:
            yield Problem(t.file, n, "window_end", end.isoformat(), "end >= start",
                          f"is before window_start ({start.isoformat()})")


def aliases_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    weapons = {row["weapon_id"] for _, row in ctx.tables.get("weapons", Parsed("", [], []))}
    if "weapons" not in ctx.tables:
        return
    for n, row in t:
        for wid in [w.strip() for w in (row["weapon_ids"] or "").split(";") if w.strip()]:
            if wid not in weapons:
                yield Problem(t.file, n, "weapon_ids", wid, "foreign key",
                              f"is not a weapon_id in weapons.csv{describe(wid)}")


# A publisher written "Outlet (Reuters)" is a wire story on a third-party site: a copy, whatever the outlet. A
# photo credit ("(Yonhap photo)") or the agency's own platform ("on nordot") is not.
WIRE_COPY = re.compile(r"\((?![^)]*\b(?:photo|nordot)\b)[^)]*\b(?:Reuters|AP|Associated Press|AFP|EFE|Yonhap|Kyodo|dpa|"
                       r"dpa-AFX|Xinhua|IANS|KUNA|Kuwait News Agency KUNA|Ukrinform|UPI)\b[^)]*\)")


def sources_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    for n, row in t:
        if row["published"] is not None and row["published"] > ctx.today:
            yield Problem(t.file, n, "published", row["published"].isoformat(), "not in the future",
                          f"is after today ({ctx.today.isoformat()})")
        if row["kind"] in ("news", "news_agency") and WIRE_COPY.search(str(row["publisher"])):
            yield Problem(t.file, n, "kind", row["kind"], "a wire copy on another site is a mirror",
                          f"publisher {row['publisher']!r} carries another agency's story: its kind is 'mirror'")


def oblasts_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    """The oblast names join the boundaries: every name the dataset allows (or uses) has a row here,
    and each row's code names the same unit in the boundary file as its ``boundary_name`` says (a
    mistyped but existing code would otherwise draw one oblast's figures in another)."""
    names = {row["oblast"] for _, row in t if row["oblast"]}
    file = t.file.rsplit("/", 1)[-1]
    allowed_by: dict[str, list[str]] = {}
    for key, allowed in ctx.enums.items():
        resource, column = key.split(".", 1)
        if column == "oblast" and resource != "oblasts":
            for value in allowed:
                allowed_by.setdefault(value, []).append(resource)
    for value, resources in allowed_by.items():
        if value not in names:
            yield Problem(t.file, None, "oblast", value, "every oblast joins a boundary",
                          f"has no row, but the oblast field of {' and '.join(resources)} allows it; add it with "
                          "its ISO 3166-2 code")
    for name, table in ctx.tables.items():
        if name == "oblasts" or f"{name}.oblast" in ctx.enums:
            continue  # enum-checked above, row by row through the enum
        for n, row in table:
            value = row.get("oblast")
            if value is not None and value not in names:
                yield Problem(table.file, n, "oblast", value, "every oblast joins a boundary",
                              f"has no row in {file}, so it cannot be drawn on a map")
    boundaries = ctx.tables.get("oblast_boundaries")
    if boundaries is None:
        return
    spelled = {row["shapeISO"]: row["shapeName"] for _, row in boundaries}
    boundary_file = boundaries.file.rsplit("/", 1)[-1]
    for n, row in t:
        code, name = row["iso_3166_2"], row["boundary_name"]
        if code is not None and code not in spelled:  # the join a Table Schema foreign key cannot express
            yield Problem(t.file, n, "iso_3166_2", code, "every code has a boundary",
                          f"is not the shapeISO of any feature of {boundary_file}, so this oblast cannot be drawn")
        if code in spelled and name is not None and spelled[code] != name:
            yield Problem(t.file, n, "boundary_name", name, "code and name agree with the boundaries",
                          f"the boundary file calls {code} {spelled[code]!r}; check the code")


def boundaries_rules(t: Parsed, ctx: Context) -> Iterator[Problem]:
    """Every unit of the boundary file has its row in oblasts.csv, so no polygon goes unnamed."""
    oblasts = ctx.tables.get("oblasts")
    if oblasts is None:
        return
    codes = {row["iso_3166_2"] for _, row in oblasts}
    file = oblasts.file.rsplit("/", 1)[-1]
    for n, row in t:
        if row["shapeISO"] is not None and row["shapeISO"] not in codes:
            yield Problem(t.file, n, "shapeISO", row["shapeISO"], "every boundary is named",
                          f"no row of {file} has this code; add the oblast it is", unit="feature")


RULES: dict[str, Rule] = {
    "sources": sources_rules,
    "weapons": weapons_rules,
    "weapon_ranges": weapon_ranges_rules,
    "events": events_rules,
    "dprk_evidence": dprk_evidence_rules,
    "strikes": strikes_rules,
    "strike_totals": strike_totals_rules,
    "event_sources": event_sources_rules,
    "places": places_rules,
    "model_aliases": aliases_rules,
    "claims": claims_rules,
    "oblasts": oblasts_rules,
    "oblast_boundaries": boundaries_rules,
}


# The type each rule above reads a field as: a descriptor that declares another (a count made "string")
# would have the rules compare text ("5" > "10"), so such a resource's rules are not run and the descriptor is
# named instead (``helpers.data.load``).
RULE_FIELD_TYPES: dict[str, dict[str, str]] = {
    "strikes": {"launched": "integer", "destroyed": "integer", "window_start": "datetime", "window_end": "datetime"},
    "strike_totals": {"launched": "integer", "destroyed": "integer"},
    "events": {"lat": "number", "lon": "number"},
    "places": {"lat": "number", "lon": "number"},
    "weapons": {"range_km": "number"},
    "weapon_ranges": {"low_km": "number", "high_km": "number"},
    "claims": {"claimed_date": "date", "window_start": "date", "window_end": "date"},
}
