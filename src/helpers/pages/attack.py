"""An attack card: one attack, with everything the record and the public table hold about it.

An attack is one Air Force report (a post: all its rows, whatever their windows), dated by the morning its
night ended, as the public table and the curated record date it. The card for a day shows the largest
national report dated that day; other reports of the day are listed. Each section reads one part of the
record (``helpers.strikes``, ``helpers.events``, ``helpers.data.quality`` for tolls, ``helpers.verdicts``)
or the table's post, and says so in a line when there is nothing; nothing unknown is drawn as zero.

Which attacks get a card is not typed in: ``cards`` lists every curated mass strike and North Korean
missile use, and the largest reports of each year of the table (``make cards`` writes them into
``reports/reports.toml``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML

from helpers import formatting, page, params, plots, stats
from helpers.data import Dataset
from helpers.data.quality import tolls
from helpers.events import (  # noqa: F401
    ATTACK_CATEGORIES,
    GRADE_ORDER,
    GRADE_WORDS,
    card_name,
    event_sources,
    strongest_grade,
)
from helpers.sources import cite, publishers
from helpers.strikes import kind_totals, strike_rows
from helpers.table import external
from helpers.table.air_war import RATE_DEFINITIONS, RATE_WORDS, REPORTERS, split_places
from helpers.table.cards import TOP_PER_YEAR, cards, reports_by_size  # noqa: F401 (the card list, from here too)
from helpers.table.reporters import NATIONAL, report_keys, window_text, windows
from helpers.table.table_frame import kind_of

STRIP_DAYS = 21  # the nights either side shown in the strip
CLAIM_WINDOW_DAYS = 7  # a claim counting over a window of at most this many days holding the attack is about it
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REPORTER_WORDS = {"air_force": "the Air Force (national report)", "air_command_south": "Air Command South",
                  "air_command_east": "Air Command East", "air_command_west": "Air Command West",
                  "air_command_centre": "Air Command Centre", "general_staff": "the General Staff",
                  "other": "another account"}

@dataclass(frozen=True)
class AttackParameters:
    day: pd.Timestamp
    event_id: str | None
    reporters: tuple[str, ...]
    rate_definition: str

    @property
    def label(self) -> str:
        return formatting.date(self.day)


def parameters(ds: Dataset, attack, reporters=(), rate_definition="shot_down_or_lost") -> AttackParameters:
    """Check notebook 07's parameters; ``attack`` is a date (``YYYY-MM-DD``, the morning the attack's night
    ended) or the id of a curated mass-strike or North Korean missile-use event."""
    text = str(attack).strip() if attack is not None else ""
    event_id = None
    if _DATE.fullmatch(text):
        day = params.as_date("attack", text)
    else:
        events = ds.events[ds.events["category"].isin(ATTACK_CATEGORIES)]
        match = events[events["event_id"] == text]
        if match.empty:
            raise params.ParameterError(
                "attack", text, "a date (YYYY-MM-DD) or the id of a mass strike or North Korean missile use in "
                "data/events.csv", f"parameter 'attack' = {text!r} is neither a date (YYYY-MM-DD) nor the id of a "
                "mass strike or North Korean missile use in data/events.csv")
        day, event_id = match.iloc[0]["date"], text
    definition = params.as_choice("rate_definition", rate_definition, list(RATE_DEFINITIONS))
    who = params.as_subset("reporters", reporters, list(REPORTERS)) if reporters else [NATIONAL]
    return AttackParameters(pd.Timestamp(day).normalize(), event_id, tuple(r for r in REPORTERS if r in who),
                            definition)


def load_table(ds: Dataset, external_path: str):
    """The public table's rows, classed, and its credit line; ``(None, None)`` without a copy (the card is then
    built from the curated record alone and says so)."""
    from helpers.table import airforce
    from helpers.table.table_frame import classified

    path = external.table_parameter(external_path, required=False)
    if path is None:
        return None, None, None
    variant, rows, _ = airforce.load(ds, path)
    return classified(variant, rows), external.attribution(path), path


# ---------------------------------------------------------------- which attacks get a card


# ---------------------------------------------------------------- the attack in the table


def table_rows(frame: pd.DataFrame | None, p: AttackParameters) -> pd.DataFrame | None:
    """The rows of the attack's report: the largest report (post) of the chosen reporters dated that day, with
    all its rows, whatever day each row's own window ends (one post is one attack); ``None`` without the
    table, empty when the table has no report that day."""
    if frame is None:
        return None
    ours = frame[frame["reporter"].isin(p.reporters).to_numpy()]
    sized = reports_by_size(ours, p.reporters)
    that_day = sized[sized["date"] == p.day]
    if that_day.empty:
        return ours.iloc[0:0]
    return ours[(report_keys(ours) == that_day["report"].iloc[0]).to_numpy()]


def other_reports(frame: pd.DataFrame | None, p: AttackParameters, rows: pd.DataFrame | None) -> pd.DataFrame:
    """The other reports dated the same day (another attack the same day, or a regional command's)."""
    if frame is None or rows is None or rows.empty:
        return pd.DataFrame(columns=["report", "date", "window", "launched", "rows", "withheld", "reporter"])
    sized = reports_by_size(frame, tuple(REPORTERS))
    return sized[(sized["date"] == p.day) & (sized["report"] != report_keys(rows).iloc[0])].reset_index(drop=True)


def _rates(rows: pd.DataFrame, definition: str) -> dict:
    launched, destroyed = rows["launched"], rows["destroyed"]
    lost = rows["not_reach_goal"] if "not_reach_goal" in rows else pd.Series(pd.NA, index=rows.index)
    both = launched.notna() & destroyed.notna()
    intercepted = destroyed + lost.fillna(0) if definition == "shot_down_or_lost" else destroyed
    ok = (both & (intercepted <= launched)).fillna(False).astype(bool)
    n, k = int(launched[ok].sum()), int(intercepted[ok].sum())
    interval = stats.wilson(k, n) if n else None
    return {"launched_with_figure": n, "intercepted": k, "rate": k / n if n else None,
            "low": interval[0] if interval else None, "high": interval[1] if interval else None}


def summary(rows: pd.DataFrame | None, p: AttackParameters) -> dict | None:
    """The report's totals: missiles, drones, launched, the rate under the page's definition and the other one,
    withheld rows."""
    if rows is None or rows.empty:
        return None
    kinds = kind_of(rows["class"])
    strike = rows[kinds.isin(["missiles", "drones"]).to_numpy()]
    other = "shot_down" if p.rate_definition == "shot_down_or_lost" else "shot_down_or_lost"
    withheld = rows["withheld"].fillna(False).astype(bool) if "withheld" in rows else pd.Series(False, rows.index)
    times = windows(rows["attack"])
    return {"missiles": _sum(rows.loc[(kinds == "missiles").to_numpy(), "launched"]),
            "drones": _sum(rows.loc[(kinds == "drones").to_numpy(), "launched"]),
            "launched": _sum(strike["launched"]), "rows": len(rows), "withheld": int(withheld.sum()),
            "window": window_text(times["start"].min(), times["end"].max()),
            "rate": _rates(strike, p.rate_definition), "other": _rates(strike, other), "other_definition": other,
            "hits": _sum(rows["num_hit_location"]) if "num_hit_location" in rows else None,
            "debris": _sum(rows["num_fall_fragment_location"]) if "num_fall_fragment_location" in rows else None}


def _sum(values: pd.Series):
    total = pd.to_numeric(values, errors="coerce").sum(min_count=1)
    return None if pd.isna(total) else int(total)


def rank(frame: pd.DataFrame | None, p: AttackParameters, launched: int | None) -> dict | None:
    """Where the attack stands among the table's reports: the last earlier report at least as large ("the
    largest since"), and its place in its year, by weapons launched."""
    if frame is None or launched is None:
        return None
    sized = reports_by_size(frame, p.reporters)
    earlier = sized[(sized["date"] < p.day) & (sized["launched"] >= launched)].sort_values("date")
    year = sized[sized["date"].dt.year == p.day.year]
    place = int((year["launched"] > launched).sum()) + 1
    first = sized["date"].min() if len(sized) else None
    return {"since": earlier["date"].iloc[-1] if len(earlier) else None, "first": first, "place": place,
            "year": p.day.year, "reports_in_year": len(year)}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(r: dict | None) -> str:
    if r is None:
        return ""
    since = (f"the largest since {formatting.date(r['since'])}" if r["since"] is not None else
             f"the largest in the table since it begins ({formatting.date(r['first'])})")
    place = "the largest" if r["place"] == 1 else f"the {_ordinal(r['place'])} largest"
    return f"{since}; {place} of {r['year']} ({r['reports_in_year']:,} reports)"


# ---------------------------------------------------------------- the attack in the curated record


def day_events(ds: Dataset, p: AttackParameters) -> pd.DataFrame:
    """The curated mass strikes and North Korean missile uses of the day (or the one event asked for)."""
    ev = ds.events[ds.events["category"].isin(ATTACK_CATEGORIES) & (ds.events["date"] == p.day)]
    return ev.sort_values(["category", "event_id"]).reset_index(drop=True)


def curated_totals(ds: Dataset, p: AttackParameters) -> pd.DataFrame:
    return kind_totals(ds, p.day, p.day)


def key_figures(ds: Dataset, s: dict | None, r: dict | None, p: AttackParameters, table=None,
                curated: pd.DataFrame | None = None) -> page.KeyFigures:
    """The card's headline numbers: launched (table's report, else the curated record), intercepted under both
    definitions with 95% intervals, the rank, North Korean missiles, the latest toll."""
    figures = []
    source = (external.key_source(table),) if s is not None else ()
    if s is not None and s["launched"] is not None:
        parts = [f"{s[k]:,} {k}" for k in ("missiles", "drones") if s[k] is not None]
        withheld = (f"; the Air Force withheld the counts of {s['withheld']} of its rows, which are not in it"
                    if s["withheld"] else "")
        figures.append(page.KeyFigure(
            f"{s['launched']:,}", f"{{value}} missiles and drones launched in the report of {p.label} "
            f"({', '.join(parts)}; window {s['window']}), as the Air Force's national report gives them"
            f"{withheld}" + (f": {rank_words(r)}." if r else "."), source))
        same = s["rate"]["rate"] == s["other"]["rate"]  # no loss to jamming reported: one figure for both
        for key, definition in (("rate", p.rate_definition), ("other", s["other_definition"]))[: 1 if same else 2]:
            rate = s[key]
            how = "under either definition (no loss to jamming is reported)" if same else RATE_WORDS[definition]
            if rate["rate"] is not None:
                figures.append(page.KeyFigure(
                    formatting.percent(rate["rate"]),
                    f"{{value}} intercepted, {how} (95% interval "
                    f"{formatting.percent(rate['low'])}–{formatting.percent(rate['high'])}), of the "
                    f"{rate['launched_with_figure']:,} whose rows give an interception figure.", source))
    elif curated is not None and len(curated):
        launched = curated["launched"].sum(min_count=1)
        if pd.notna(launched):
            ids = [i for v in curated["source_ids"] for i in str(v).split(";") if i]
            figures.append(page.key_figure(ds, f"{int(launched):,}", f"{{value}} missiles and drones launched on "
                                           f"{p.label}, in the curated record's reports.", ids))
    events = day_events(ds, p)
    uses = events[events["category"] == "dprk_missile_use"]
    if len(uses):
        counted = uses["missile_count"].dropna()
        value = f"{int(counted.sum()):,}" if len(counted) else str(len(uses))
        what = ("North Korean missiles attributed to the attack" if len(counted) else
                f"reported {'use' if len(uses) == 1 else 'uses'} of North Korean missiles, with no count given")
        figures.append(page.key_figure(ds, value, f"{{value}} {what} ({_grade_words(ds, uses)}).",
                                       event_sources(ds, uses["event_id"])["source_id"]))
    toll = latest_toll(ds, events)
    if toll is not None:
        figures.append(page.key_figure(ds, f"{toll['killed']:,}" if toll["killed"] is not None else "No figure",
                                       "{value} killed" + (f" and {toll['injured']:,} injured"
                                                              if toll["injured"] is not None else "")
                                       + f", the latest toll (as of {formatting.date(toll['as_of'])}).",
                                       toll["source_ids"]))
    return page.KeyFigures(figures, empty=f"Neither the public table nor the curated record has a report of an "
                                          f"attack on {p.label}.")


def _grade_words(ds: Dataset, uses: pd.DataFrame) -> str:
    grades = strongest_grade(ds, uses["event_id"]).dropna()
    if grades.empty:
        return "evidence not graded"
    best = max(grades, key=GRADE_ORDER.index)
    return f"strongest evidence: {GRADE_WORDS[best]}"


def latest_toll(ds: Dataset, events: pd.DataFrame) -> dict | None:
    """The headline toll of the day's events (events.killed and injured, which ``make validate`` keeps the
    latest) with the day it was given and its sources; ``None`` when no event gives one."""
    given = events[events["killed"].notna() | events["injured"].notna()]
    if given.empty:
        return None
    e = given.sort_values("killed", ascending=False, na_position="last").iloc[0]
    found = tolls(ds)
    mine = found[found["event_id"] == e["event_id"]]
    backing = mine[((mine["column"] == "killed") & (mine["value"] == e["killed"]))
                   | ((mine["column"] == "injured") & (mine["value"] == e["injured"]))]
    as_of = backing["as_of"].max() if len(backing) else e["date"]
    return {"killed": None if pd.isna(e["killed"]) else int(e["killed"]),
            "injured": None if pd.isna(e["injured"]) else int(e["injured"]), "as_of": as_of,
            "source_ids": list(dict.fromkeys(backing["source_id"])) or list(event_sources(ds, [e["event_id"]])[
                "source_id"])}


# ---------------------------------------------------------------- sections


def _note(text: str) -> HTML:
    return HTML(f"<p><strong>{html.escape(text)}</strong></p>")


def weapons_table(ds: Dataset, rows: pd.DataFrame | None, p: AttackParameters):
    """Each weapon model of the table's report: launched, shot down, lost to jamming, launch areas, carriers."""
    if rows is None:
        return _note("The public attack table is not on this machine: run `make external`, or give external_path.")
    if rows.empty:
        return _note(f"The public table has no report dated {p.label}.")
    view = pd.DataFrame({
        "model": rows["label"].astype("string"), "class": rows["class"].astype("string"),
        "launched": rows["launched"].astype("Int64"), "destroyed": rows["destroyed"].astype("Int64"),
        "lost": rows["not_reach_goal"].astype("Int64") if "not_reach_goal" in rows else pd.NA,
        "launch_areas": _places(rows.get("launch_place")), "carriers": _places(rows.get("carrier"))})
    view = view.sort_values("launched", ascending=False, na_position="last", kind="stable")
    return formatting.table(view, labels={"model": "Weapon (Air Force's label)", "class": "Class",
                                          "launched": "Launched", "destroyed": "Shot down",
                                          "lost": "Lost to jamming or fell short", "launch_areas": "Launched from",
                                          "carriers": "Carriers"},
                            note="As the Air Force's post gives them in the public table; a label naming several "
                                 "types counts them together. A withheld count shows as not reported.")


def _places(values) -> list[str]:
    if values is None:
        return []
    out = []
    for v in values:
        items = split_places(pd.Series([v])) if pd.notna(v) else pd.Series([], dtype="string")
        out.append(", ".join(dict.fromkeys(items.astype(str))) if len(items) else None)
    return out


def curated_weapons_table(ds: Dataset, p: AttackParameters):
    """The curated record's per-model figures for the day, one row per report (competing reports side by side),
    each with its source and the source's words."""
    rows = strike_rows(ds, p.day, p.day)
    if rows.empty:
        return _note(f"The curated record holds no per-model figure for {p.label}.")
    view = pd.DataFrame({"attack": rows["attack"].astype("string"), "weapon": rows["name"].astype("string")
                         if "name" in rows else rows["weapon_id"].astype("string"),
                         "launched": rows["launched"].astype("Int64"), "destroyed": rows["destroyed"].astype("Int64"),
                         "quote": rows["quote"].astype("string") if "quote" in rows else pd.NA})
    return formatting.table(view, links={"source": [list(cite(ds, [s])) for s in rows["source_id"]]},
                            labels={"attack": "Attack", "weapon": "Weapon", "launched": "Launched",
                                    "destroyed": "Shot down", "quote": "The source's words"},
                            note="One row per report: where two sources give different figures for the same weapon, "
                                 "both rows are here.")


def where_table(ds: Dataset, rows: pd.DataFrame | None, s: dict | None, p: AttackParameters):
    """Places hit: the curated events' places and oblasts, and the oblasts the table's report names."""
    events = day_events(ds, p)
    parts = []
    named = events[events["place"].notna() | events["oblast"].notna()]
    for _, e in named.iterrows():
        parts.append({"place": e["place"], "oblast": e["oblast"], "from": "curated record",
                      "what": e["title"], "source_id": event_sources(ds, [e["event_id"]])["source_id"].tolist()})
    if rows is not None and len(rows):
        for o in post_oblasts(rows):
            parts.append({"place": None, "oblast": o, "from": "public table (target named in the post)",
                          "what": None, "source_id": []})
    if not parts:
        return _note(f"Neither the curated record nor the table's report names a place hit on {p.label}.")
    view = pd.DataFrame(parts)
    links = [list(cite(ds, ids)) if ids else [] for ids in view["source_id"]]
    view = view.drop(columns=["source_id"])
    note = None
    if s is not None and (s["hits"] is not None or s["debris"] is not None):
        note = (f"The post counts {s['hits'] if s['hits'] is not None else 'no figure for the'} places hit and "
                f"{s['debris'] if s['debris'] is not None else 'no figure for the'} places where debris fell.")
    return formatting.table(view, links={"sources": links},
                            labels={"place": "Place", "oblast": "Oblast", "from": "Named by", "what": "Event"},
                            note=note)


def post_oblasts(rows: pd.DataFrame) -> list[str]:
    """The oblasts the post's rows name as targets, in the order first named, parsed as the air war page parses
    them (``helpers.table.air_war.target_oblasts``: the reader's grammar for lists, else " and " and commas)."""
    from helpers.table.air_war import _region_parts
    from helpers.table.airforce import oblast_of

    found: dict[str, None] = {}
    for column in ("target", "target_main", "affected_region"):
        if column in rows:
            for text in rows[column].dropna().astype(str):
                for part in _region_parts(text):
                    oblast = oblast_of(part)
                    if oblast:
                        found.setdefault(oblast, None)
    return list(found)


def named_oblasts(ds: Dataset, rows: pd.DataFrame | None, p: AttackParameters) -> pd.DataFrame:
    """Each oblast the record names as hit that day: by a curated event's place, and by the table's post (its
    targets); ``uses`` counts the records naming it (1 or 2)."""
    named: dict[str, set[str]] = {}
    for o in day_events(ds, p)["oblast"].dropna():
        named.setdefault(str(o), set()).add("curated record")
    if rows is not None and len(rows):
        for o in post_oblasts(rows):
            named.setdefault(o, set()).add("public table")
    out = pd.DataFrame({"oblast": list(named), "uses": [len(v) for v in named.values()],
                        "named_by": ["; ".join(sorted(v)) for v in named.values()]})
    return out.sort_values("oblast").reset_index(drop=True)


def where_map(ds: Dataset, rows: pd.DataFrame | None, p: AttackParameters, credit: str | None):
    """The oblasts named as hit on the oblast outlines (shaded by how many records name them), the curated
    places marked; a line instead of an empty map when nothing is named."""
    from helpers import maps

    values = named_oblasts(ds, rows, p)
    if values.empty:
        return _note(f"No oblast is named as hit on {p.label}: there is no map to draw.")
    events = day_events(ds, p)
    located = events[events["lat"].notna() & events["lon"].notna() & events["place"].notna()]
    places = (located.groupby("place", as_index=False).agg(lat=("lat", "first"), lon=("lon", "first"))
              .rename(columns={"place": "name"}))
    panel = maps.Panel("uses", f"Oblasts named as hit on {p.label}", ("record", "records"),
                       lambda row: str(row["oblast"]).replace(" Oblast", ""))
    fig, _ = maps.choropleth(ds, values, [panel], places=places, figsize=(7.5, 5.4), none_label="not named",
                             places_label="place hit (curated record)")
    plots.caption(fig, p.label, [credit, maps.attribution(ds)] + sources_of(ds, p),
                  note="Shaded: the oblasts the curated record's events or the Air Force's post (its targets) name; "
                       "darker where both do. A post naming a direction or the whole country places nothing.")
    names = ", ".join(str(o).replace(" Oblast", "") for o in values["oblast"])
    return plots.Chart(fig, values, "where-hit", f"Oblasts named as hit on {p.label}: {names}.")


def casualties_table(ds: Dataset, p: AttackParameters):
    """Every toll the sources give for the day's events, latest first per place, with the day it was given."""
    events = day_events(ds, p)
    found = tolls(ds)
    mine = found[found["event_id"].isin(events["event_id"])]
    if mine.empty:
        return _note(f"No source in the record gives a casualty figure for {p.label}.")
    keyed = mine.assign(place=mine["place"].astype("string").fillna(""))
    wide = (keyed.pivot_table(index=["event_id", "source_id", "as_of", "scope", "place"], columns="column",
                              values="value", aggfunc="first")
            .reset_index())
    wide = wide.sort_values(["place", "as_of", "source_id"], ascending=[True, False, True], kind="stable")
    latest = ~wide.duplicated(subset=["event_id", "scope", "place"], keep="first")
    view = pd.DataFrame({"what": [_scope_words(sc, pl) for sc, pl in zip(wide["scope"], wide["place"], strict=True)],
                         "as_of": wide["as_of"], "killed": wide.get("killed", pd.NA),
                         "injured": wide.get("injured", pd.NA),
                         "status": np.where(latest, "latest", "earlier report")})
    for c in ("killed", "injured"):
        view[c] = pd.to_numeric(view[c], errors="coerce").astype("Int64")
    return formatting.table(view.reset_index(drop=True),
                            links={"source": [list(cite(ds, [sid])) for sid in wide["source_id"]]},
                            labels={"what": "Toll of", "as_of": "As of", "killed": "Killed", "injured": "Injured",
                                    "status": "Status"},
                            note="Tolls rise as the dead are found; each is kept with the day it was given. The "
                                 "headline is the latest attack toll, or the sum of the latest toll of each place.")


def _scope_words(scope, place) -> str:
    if scope == "place" and pd.notna(place):
        return str(place)
    return {"attack": "the whole attack", "verified": "the whole attack (verified count)",
            "recap": "a recap of several attacks", "wider": "a wider count"}.get(str(scope), str(scope))


def dprk_table(ds: Dataset, rows: pd.DataFrame | None, p: AttackParameters):
    """North Korean missiles: each curated use of the day with who attributed it, the evidence steps and their
    sources; and the table's rows under the KN-23 labels."""
    events = day_events(ds, p)
    uses = events[events["category"] == "dprk_missile_use"]
    ev = ds.tables.get("dprk_evidence")
    parts = []
    for _, u in uses.iterrows():
        steps = ev[ev["event_id"] == u["event_id"]] if ev is not None else pd.DataFrame()
        for _, st in steps.iterrows():
            parts.append({"use": u["title"], "missiles": u["missile_count"], "attributed_by": u["attributed_by"],
                          "step": GRADE_WORDS.get(str(st["grade"]), str(st["grade"])), "said": st["note"],
                          "source_id": st["source_id"]})
        if steps.empty:
            parts.append({"use": u["title"], "missiles": u["missile_count"], "attributed_by": u["attributed_by"],
                          "step": "not graded", "said": None, "source_id": None})
    labelled = pd.DataFrame()
    if rows is not None and len(rows):
        labelled = rows[rows["label"].astype("string").str.contains("KN-23", regex=False).fillna(False).to_numpy()]
    if not parts and labelled.empty:
        return _note(f"No North Korean missile is recorded for {p.label}, and the table's report carries no "
                     "Iskander-M/KN-23 or KN-23 label.")
    out = []
    if parts:
        view = pd.DataFrame(parts)
        view["missiles"] = pd.to_numeric(view["missiles"], errors="coerce").astype("Int64")
        links = [list(cite(ds, [sid])) if sid else [] for sid in view["source_id"]]
        out.append(formatting.table(view.drop(columns=["source_id"]), links={"source": links},
                                    labels={"use": "Use", "missiles": "North Korean missiles",
                                            "attributed_by": "Attributed by", "step": "Evidence",
                                            "said": "What the source says"}).to_html())
    if len(labelled):
        n = _sum(labelled["launched"])
        out.append(f"<p>The table's report files {n if n is not None else 'an unreported number of'} missiles under "
                   f"{html.escape(', '.join(dict.fromkeys(labelled['label'].astype(str))))}: a label that does not "
                   "tell a Russian Iskander-M from a North Korean KN-23.</p>")
    return HTML("".join(out))


def claims_table(ds: Dataset, p: AttackParameters):
    """Claims about the attack (tied to one of its events, or counting over a window that holds its day) with
    their verdicts."""
    from helpers.verdicts import check_claims

    events = day_events(ds, p)
    c = ds.claims
    start, end = c["window_start"], c["window_end"].fillna(c["window_start"])
    short = (end - start) <= pd.Timedelta(days=CLAIM_WINDOW_DAYS)  # a count over months is not about one night
    about = c["event_id"].isin(events["event_id"]) | ((start <= p.day) & (end >= p.day) & short).fillna(False)
    picked = c[about.to_numpy(dtype=bool)]
    if picked.empty:
        return _note(f"No recorded claim is about the attack of {p.label}.")
    checked = check_claims(ds, picked)
    view = pd.DataFrame({"claimant": checked["claimant"], "claim": checked["claim"],
                         "verdict": checked["shown_verdict"].astype(str), "record": checked["record"]})
    return formatting.table(view, links={"made_in": [list(cite(ds, [i])) for i in checked["claim_source_id"]]},
                            labels={"claimant": "Who", "claim": "Claim", "verdict": "Verdict",
                                    "record": "What the record says"},
                            note="Verdicts as the claims page computes them (assessed where the data cannot).")


def strip_figure(frame: pd.DataFrame | None, p: AttackParameters, credit: str | None):
    """The nights either side: weapons launched per national report, STRIP_DAYS before and after, this one
    marked."""
    if frame is None:
        return page.KeyFigures([], empty="The strip of the nights around needs the public attack table.")
    window = frame[(frame["date"] >= p.day - pd.Timedelta(days=STRIP_DAYS))
                   & (frame["date"] <= p.day + pd.Timedelta(days=STRIP_DAYS))]
    sized = reports_by_size(window, p.reporters)
    per_day = sized.groupby("date")["launched"].max() if len(sized) else pd.Series(dtype="Int64")
    days = pd.date_range(p.day - pd.Timedelta(days=STRIP_DAYS), p.day + pd.Timedelta(days=STRIP_DAYS), freq="D")
    values = per_day.reindex(days)
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 3.0))
    known = values.dropna()
    colours = [plots.DPRK if d == p.day else "#8da0b3" for d in known.index]
    ax.bar(known.index, known.astype(float), color=colours, width=0.8)
    ax.set_ylabel("weapons launched")
    ax.set_title(f"The nights around {p.label}: the largest report of each day")
    ax.set_xlim(days[0] - pd.Timedelta(days=1), days[-1] + pd.Timedelta(days=1))
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    fig.tight_layout()
    plots.caption(fig, plots.window_label(days[0], days[-1]), [credit],
                  note="Each bar: the largest national report dated that day (missiles and drones; withheld counts not "
                       "in it); a day with no bar has no national report in the table. Orange: this attack.")
    data = pd.DataFrame({"date": days, "launched": values.astype("Int64").to_numpy(),
                         "this_attack": days == p.day})
    finding = None
    if p.day in known.index:
        bigger = int((known > known[p.day]).sum())
        finding = (f"Of the {len(known)} days with a national report from {formatting.date(days[0])} to "
                   f"{formatting.date(days[-1])}, {bigger} had a larger report than {p.label}.")
    return plots.Chart(fig, data, "nights-around", finding)


def other_reports_table(others: pd.DataFrame):
    if others.empty:
        return _note("No other report is dated the same day.")
    view = others[["reporter", "window", "launched", "rows"]].copy()
    view["reporter"] = view["reporter"].astype("string").map(lambda r: REPORTER_WORDS.get(r, r))
    return formatting.table(view, labels={"reporter": "Reported by", "window": "Window", "launched": "Launched",
                                          "rows": "Rows (weapon models)"},
                            note="Another attack the same day, or a regional air command's report of part of it "
                                 "(not added: it would count weapons twice).")


def method(ds: Dataset, p: AttackParameters) -> str:
    events = day_events(ds, p)
    ids = list(event_sources(ds, events["event_id"])["source_id"]) + list(strike_rows(ds, p.day, p.day)["source_id"])
    limits = [
        "An attack is one Air Force report (a post, all its rows together), dated by the morning its night ended; "
        "the card shows the largest national report of the day. Regional air commands' reports overlap the national "
        "one and are not added to it.",
        f"Intercepted is given under both definitions: {RATE_DEFINITIONS['shot_down_or_lost']} (the Air Force's) "
        f"and {RATE_DEFINITIONS['shot_down']}, each with its 95% Wilson interval, over the rows that give both "
        "figures. A row whose counts were withheld adds nothing.",
        "The rank compares the report with every national report of the table by weapons launched (missiles and "
        "drones): 'the largest since' names the last earlier report at least as large.",
        "Where the record has nothing for a section, the card says so; an unknown is never drawn as zero.",
    ]
    return page.method_html(ds, ids, ["dates", "unknown", "dprk", "disagree"], limits)


def sources_of(ds: Dataset, p: AttackParameters) -> list[str]:
    """The publishers behind the card's curated sections."""
    events = day_events(ds, p)
    return publishers(ds, list(event_sources(ds, events["event_id"])["source_id"]))


# ---------------------------------------------------------------- what a card reads (its fingerprint)

WHOLE_TABLES = ("weapons.csv", "model_aliases.csv", "weapon_ranges.csv", "oblasts.csv", "datapackage.json")


def input_rows(folder, attack: str) -> str:
    """The dataset a card reads, as text for the renderer's fingerprint: the day's mass strikes and North Korean
    missile uses with their sources, tolls, evidence and weapons; the strikes and totals of the day; the claims
    about it (and the strikes of the days they count over) with their assessments; every source those rows cite;
    the tables every card reads whole (``WHOLE_TABLES``); and the record's latest date (shown on every page).
    A change anywhere else in ``data/`` leaves the card's fingerprint as it was, so ``make reports`` renders
    only the cards whose rows changed."""
    import csv
    from pathlib import Path

    folder = Path(folder)

    def read(name: str) -> list[dict]:
        path = folder / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    events = read("events.csv")
    text = str(attack).strip()
    asked = next((e for e in events if e["event_id"] == text), None)
    day = asked["date"] if asked else text
    ids = {e["event_id"] for e in events if e["date"] == day and e["category"] in ATTACK_CATEGORIES}
    if asked:
        ids.add(asked["event_id"])
    claims = [c for c in read("claims.csv") if c["event_id"] in ids or _holds(c, day)]
    claim_ids = {c["claim_id"] for c in claims}
    days = {day} | {d for c in claims for d in _days(c)}
    picked: dict[str, list[dict]] = {
        "events.csv": [e for e in events if e["event_id"] in ids],
        "event_sources.csv": [r for r in read("event_sources.csv") if r["event_id"] in ids],
        "dprk_evidence.csv": [r for r in read("dprk_evidence.csv") if r["event_id"] in ids],
        "event_weapons.csv": [r for r in read("event_weapons.csv") if r["event_id"] in ids],
        "strikes.csv": [r for r in read("strikes.csv") if r["date"] in days],
        "strike_totals.csv": [r for r in read("strike_totals.csv") if r["date"] in days],
        "claims.csv": claims,
        "claim_assessments.csv": [r for r in read("claim_assessments.csv") if r["claim_id"] in claim_ids],
        "claim_evidence.csv": [r for r in read("claim_evidence.csv") if r["claim_id"] in claim_ids],
    }
    cited = {v for rows in picked.values() for r in rows for k, v in r.items() if k.endswith("source_id") and v}
    picked["sources.csv"] = [r for r in read("sources.csv") if r["source_id"] in cited]
    parts = [f"latest event {max((e['date'] for e in events), default='')}"]
    for name, rows in sorted(picked.items()):
        parts.append(name + "\n" + "\n".join(sorted("\x1f".join(f"{k}={v}" for k, v in r.items()) for r in rows)))
    for name in WHOLE_TABLES:
        path = folder / name
        parts.append(name + "\n" + (path.read_text(encoding="utf-8") if path.is_file() else ""))
    return "\n\x1e".join(parts)


def _days(claim: dict) -> list[str]:
    start, end = claim.get("window_start") or "", claim.get("window_end") or claim.get("window_start") or ""
    if not start:
        return []
    return [f"{d:%Y-%m-%d}" for d in pd.date_range(start, end, freq="D")][: CLAIM_WINDOW_DAYS + 1]


def _holds(claim: dict, day: str) -> bool:
    span = _days(claim)
    if not span:
        return False
    end = claim.get("window_end") or claim.get("window_start")
    short = (pd.Timestamp(end) - pd.Timestamp(claim["window_start"])) <= pd.Timedelta(days=CLAIM_WINDOW_DAYS)
    return short and day in span
