"""Claims checked against the record: the verdict engine (core; the claims page is ``helpers.pages.claims``).

Nothing here is typed in: a date claim is compared with the recorded date of its event, a count with
the figure computed from the strike tables over the claimed window, a range with the range of ranges
others stated for its weapon (``range_evidence``), a place with the recorded place. Change the data and
the verdict changes.

A claim is never checked against itself: where the record's figure is the claimant's own statement (a
disclosure event that the claim's own source reports, or an event sourced only to it), the claim is not
computed; an independent count, or an assessed verdict, decides it.

Hedged numbers are judged by their hedge (``qualifier``): "about 300" is supported within 10% and
partly supported within 25%; "at least 300" is supported at 300 or more and partly supported from
90% of it; an unhedged number must match exactly to be supported and within 10% to be partly so.

A claim the record cannot decide is "not checkable", never "contradicted": an attribution or a
judgement is not a value the dataset holds, and a figure no source gave is unknown, not zero. Each
such claim carries a short reason, so the page can group them by why rather than list them alike.

Many such claims can still be judged by reading the sources: who actually said what, whether
"several" became "dozens". Those verdicts are *assessed*, recorded in ``claim_assessments.csv``
with one line of reasoning and the sources in ``claim_evidence.csv``, and shown apart from the
computed ones, never mixed into their counts. "Not checkable" is left for what nobody could judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import formatting
from helpers.data import Dataset
from helpers.strikes import kind_totals, strike_rows

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly supported", "contradicted", "not checkable"
VERDICTS = [SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE]
NOT_SUPPORTED = "not supported"
# An assessed verdict (read from the sources, not computed) may also be "not supported": nothing found
# bears the claim out, nothing refutes it.
ASSESSED_VERDICTS = [SUPPORTED, PARTLY, CONTRADICTED, NOT_SUPPORTED]
ASSESSED_ORDER = [CONTRADICTED, NOT_SUPPORTED, PARTLY, SUPPORTED]
# How the page labels every verdict a claim can end with: computed, assessed, or neither.
SHOWN_VERDICTS = [SUPPORTED, PARTLY, CONTRADICTED] + [f"{v} (assessed)" for v in ASSESSED_VERDICTS] + [NOT_CHECKABLE]
CLOSE, NEAR = 0.10, 0.25
# The order a reader wants the verdicts in: what the record refutes first.
SECTION_ORDER = [CONTRADICTED, PARTLY, SUPPORTED, NOT_CHECKABLE]

# Why a claim is not checkable, in the few words a reader needs; the claims are grouped by these.
WHY_ATTRIBUTION = "An attribution, judgement or intention, not a value the data holds"
WHY_NO_EVENT = "The dataset records no event or figure to compare it with"
WHY_NO_WINDOW_FIGURE = "No strike figure is recorded for the days it counts over"
WHY_NO_WINDOW = "It gives no period or scope to count over"
WHY_NO_RANGE = "The dataset records no range for the weapon"
WHY_NO_PLACE = "The dataset records no place for the event"
WHY_NO_NUMBER = "It states no number to compare"
WHY_NO_VALUE = "The record gives no value to compare it with"
WHY_USES = "It counts uses (occasions), and the record counts missiles, not uses"
WHY_OWN = "The record's figure is this claimant's own statement, not an independent count"
_WHY_NO_EVENT_FIGURE = {"missile_count": "The record gives no missile count for the event",
                        "killed": "The record gives no number killed for the event",
                        "injured": "The record gives no number injured for the event"}
_SCOPE_WORDS = {"missiles": "missiles", "drones": "drones", "all": "missiles and drones",
                "ballistic": "ballistic missiles"}
_EVENT_FIGURE_WORDS = {"missile_count": "North Korean missiles", "killed": "killed", "injured": "injured"}
RECORD_SOURCES_SHOWN = 3  # a record backed by a dozen outlets cites its three closest to the fact


@dataclass
class Evidence:
    """The record a claim is compared with; ``reason`` says why there is none (``value`` is ``None``)."""

    value: object
    text: str
    source_ids: list[str]
    reason: str | None = field(default=None)


def _none(reason: str, text: str | None = None) -> Evidence:
    return Evidence(None, text or reason, [], reason)


def judge_number(claimed: float, recorded: float, qualifier: str | None) -> str:
    """Verdict for a claimed number against a recorded one, by the claim's hedge."""
    if recorded is None or pd.isna(recorded):
        return NOT_CHECKABLE
    q = qualifier or "exactly"
    if q in ("about", "nearly"):
        gap = abs(recorded - claimed) / claimed if claimed else abs(recorded)
        if q == "nearly" and recorded > claimed * (1 + CLOSE):
            return PARTLY if gap <= NEAR else CONTRADICTED
        return SUPPORTED if gap <= CLOSE else PARTLY if gap <= NEAR else CONTRADICTED
    if q in ("at_least", "more_than"):
        ok = recorded >= claimed if q == "at_least" else recorded > claimed
        return SUPPORTED if ok else PARTLY if recorded >= claimed * (1 - CLOSE) else CONTRADICTED
    if q in ("at_most", "fewer_than"):
        ok = recorded <= claimed if q == "at_most" else recorded < claimed
        return SUPPORTED if ok else PARTLY if recorded <= claimed * (1 + CLOSE) else CONTRADICTED
    if recorded == claimed:
        return SUPPORTED
    gap = abs(recorded - claimed) / claimed if claimed else 1
    return PARTLY if gap <= CLOSE else CONTRADICTED


def _day(value) -> str:
    """"30 Dec" within a window's breakdown (the window names the year)."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b}"


def count_in_window(ds: Dataset, start, end, scope: str) -> Evidence:
    """Launched over an inclusive window for ``scope`` (missiles, drones, all, ballistic).

    Missiles, drones and all come from ``strikes.kind_totals`` (report totals where given, else
    per-model sums); ballistic from the per-model rows. The evidence text names the days with no
    figure at all, so a low count caused by a gap is not mistaken for a low count.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if scope == "ballistic":
        rows = strike_rows(ds, start, end)
        rows = rows[rows["weapon_class"] == "ballistic_missile"]
        per = rows.groupby("date")["launched"].sum(min_count=1).dropna()
        used = set(rows["source_id"])
    elif scope in ("missiles", "drones", "all"):
        kt = kind_totals(ds, start, end)
        if scope != "all":
            kt = kt[kt["kind"] == scope]
        per = kt.groupby("date")["launched"].sum(min_count=1).dropna()
        used = {s for ids in kt["source_ids"] for s in str(ids).split(";")}
    else:
        raise ValueError(f"unknown count scope {scope!r}")
    what = _SCOPE_WORDS[scope]
    one_day = start == end
    span = f"on {formatting.date(start)}" if one_day else f"from {formatting.date(start)} to {formatting.date(end)}"
    if per.empty:
        return _none(WHY_NO_WINDOW_FIGURE, f"No {what} figure recorded {span}")
    total = int(per.sum())
    text = f"{total:,} {what} launched {span}"
    if not one_day:
        text += " (" + "; ".join(f"{_day(d)}: {int(v):,}" for d, v in per.items()) + ")"
    missing = [formatting.date(d) for d in pd.date_range(start, end, freq="D") if d not in per.index]
    if missing:
        text += f"; no figure recorded for {', '.join(missing)}"
    return Evidence(total, text, sorted(used))


def evidence_for(ds: Dataset, claim: pd.Series) -> Evidence:
    """What the record says about ``claim``."""
    kind = claim["claim_type"]
    event = _event(ds, claim["event_id"])
    if kind == "date":
        if event is None:
            return _none(WHY_NO_EVENT)
        return Evidence(event["date"], f"Recorded date {formatting.date(event['date'])}: “{event['title']}”",
                        _event_sources(ds, event["event_id"]))
    if kind == "range":
        return range_evidence(ds, claim)
    if kind == "place":
        if event is None or pd.isna(event["place"]):
            return _none(WHY_NO_PLACE)
        where = ", ".join(str(v) for v in (event["place"], event["oblast"]) if pd.notna(v))
        return Evidence(where, f"Recorded place: {where}", _event_sources(ds, event["event_id"]))
    if kind == "count":
        scope = claim["scope"]
        if claim.get("unit") == "uses":  # occasions are not missiles: never compared with a missile count
            return _none(WHY_USES)
        if scope in ("killed", "injured", "dprk_missiles") or (pd.isna(claim["window_start"]) and event is not None):
            column = {"killed": "killed", "injured": "injured"}.get(scope, "missile_count")
            if event is None:
                return _none(WHY_NO_EVENT)
            if pd.isna(event[column]):
                return _none(_WHY_NO_EVENT_FIGURE[column])
            if _records_the_claim(ds, event, claim):
                return _none(WHY_OWN)
            words = _EVENT_FIGURE_WORDS[column]
            if int(event[column]) == 1 and column == "missile_count":
                words = words.removesuffix("s")  # one North Korean missile
            return Evidence(int(event[column]), f"Recorded: {int(event[column]):,} {words}, "
                            f"“{event['title']}”", _event_sources(ds, event["event_id"]))
        if pd.isna(claim["window_start"]) or pd.isna(scope):
            return _none(WHY_NO_WINDOW)
        end = claim["window_end"] if pd.notna(claim["window_end"]) else claim["window_start"]
        return count_in_window(ds, claim["window_start"], end, scope)
    return _none(WHY_ATTRIBUTION)


def range_evidence(ds: Dataset, claim: pd.Series) -> Evidence:
    """The range of ranges a range claim is judged against: the maximum ranges others stated for the weapon
    (``weapon_ranges.csv``), never a figure from the claim's own statement (its event) or its own source.

    ``value`` is ``(low, high)``: from the smallest stated maximum to the largest stated maximum or distance
    flown in a test (a missile that flew 800 km has a maximum of at least 800). Conversions of another row's
    figure are left out. A weapon with no such rows falls back to its one recorded range (``weapons.csv``),
    unless that too is the claim's own source.
    """
    weapon = _weapon(ds, claim["weapon_id"])
    if weapon is None:
        return _none(WHY_NO_RANGE)
    rows = ds.weapon_ranges[ds.weapon_ranges["weapon_id"] == weapon["weapon_id"]]
    if rows.empty:
        if pd.isna(weapon["range_km"]):
            return _none(WHY_NO_RANGE)
        if weapon["range_source_id"] == claim["source_id"]:
            return _none(WHY_OWN)
        return Evidence((float(weapon["range_km"]),) * 2,
                        f"Recorded range of {weapon['name']}: {formatting.number(weapon['range_km'], 0)} km",
                        [weapon["range_source_id"]])
    own_event = claim["event_id"] if pd.notna(claim["event_id"]) else None
    others = rows[(rows["basis"] != "conversion") & (rows["source_id"] != claim["source_id"])
                  & ~(rows["event_id"].notna() & (rows["event_id"] == own_event))]
    stated = others[others["basis"] == "stated_maximum"]
    if stated.empty:
        return _none(WHY_OWN if len(rows) else WHY_NO_RANGE)
    low = float(stated["high_km"].min())
    high = float(others["high_km"].max())

    def one(row) -> str:
        span = (f"{formatting.number(row['low_km'], 0)}–" if pd.notna(row["low_km"]) else "")
        flown = " flown in a test" if row["basis"] == "flown" else ""
        return f"{span}{formatting.number(row['high_km'], 0)} km{flown} ({row['stated_by']})"

    ordered = others.sort_values(["high_km", "date"])
    text = (f"Maximum ranges of {weapon['name']} stated by others run from {formatting.number(low, 0)} to "
            f"{formatting.number(high, 0)} km. " + "; ".join(one(r) for _, r in ordered.iterrows()))
    return Evidence((low, high), text, list(dict.fromkeys(ordered["source_id"])))


def judge_range(claimed: float, low: float, high: float, qualifier: str | None) -> str:
    """Verdict for a claimed range against the range of ranges ``low``..``high``: supported within 10% of the
    span, partly supported within 25%, else contradicted. "At most X" asks only that X reach the span's low
    end, "at least X" that X not pass its high end."""
    q = qualifier or "about"
    floor = -float("inf") if q in ("at_least", "more_than") else None
    ceiling = float("inf") if q in ("at_most", "fewer_than") else None
    for verdict_, margin in ((SUPPORTED, CLOSE), (PARTLY, NEAR)):
        lo = low * (1 - margin) if floor is None else floor
        hi = high * (1 + margin) if ceiling is None else ceiling
        if q in ("at_most", "fewer_than"):
            ok = claimed >= lo
        elif q in ("at_least", "more_than"):
            ok = claimed <= hi
        else:
            ok = lo <= claimed <= hi
        if ok:
            return verdict_
    return CONTRADICTED


def verdict(claim: pd.Series, evidence: Evidence) -> str:
    if evidence.value is None:
        return NOT_CHECKABLE
    kind = claim["claim_type"]
    if kind == "date":
        claimed = pd.Timestamp(claim["claimed_date"])
        return SUPPORTED if claimed == evidence.value else CONTRADICTED
    if kind == "place":
        said = str(claim["claimed_value"]).lower()
        recorded = str(evidence.value).lower()
        return SUPPORTED if said in recorded or recorded.split(",")[0] in said else CONTRADICTED
    qualifier = claim["qualifier"] if pd.notna(claim["qualifier"]) else None
    if kind == "range":
        low, high = evidence.value
        return judge_range(float(claim["claimed_number"]), low, high, qualifier)
    return judge_number(float(claim["claimed_number"]), float(evidence.value), qualifier)


def check_claims(ds: Dataset, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim: who said what, the verdict, the record beside it and both sets of sources.

    ``verdict`` is computed from the data; ``why_not_checkable`` holds the short reason of a claim the
    record cannot decide (else ``<NA>``). For such a claim ``assessed_verdict``,
    ``assessed_reasoning`` and ``assessed_source_ids`` give the verdict read from the sources, if any;
    ``basis`` says which kind of verdict the claim ends with (``computed``, ``assessed`` or
    ``not checkable``), ``shown_verdict`` how the page labels it and ``final_verdict`` the verdict
    it ends with (computed, else assessed), which the ``verdicts`` parameter selects on.
    """
    claims = ds.claims if claims is None else claims
    assessed = ds.claim_assessments.set_index("claim_id")
    evidence = ds.claim_evidence.groupby("claim_id")["source_id"].agg(list)
    rows = []
    for _, claim in claims.iterrows():
        ev = evidence_for(ds, claim)
        if ev.value is not None and claim["claim_type"] in ("count", "range") and pd.isna(claim["claimed_number"]):
            ev = _none(WHY_NO_NUMBER)
        judged = verdict(claim, ev)
        if judged == NOT_CHECKABLE and ev.reason is None:
            ev = _none(WHY_NO_VALUE, ev.text)
        cid = claim["claim_id"]
        has_assessment = judged == NOT_CHECKABLE and cid in assessed.index
        rows.append({
            "claim_id": cid, "claimant": claim["claimant"], "claim": claim["claim"],
            "claimed_value": claim["claimed_value"], "claim_type": claim["claim_type"],
            "verdict": judged, "record": ev.text, "why_not_checkable": ev.reason,
            "claim_source_id": claim["source_id"], "evidence_source_ids": ev.source_ids,
            "assessed_verdict": assessed.at[cid, "verdict"] if has_assessment else None,
            "assessed_reasoning": assessed.at[cid, "reasoning"] if has_assessment else None,
            "assessed_source_ids": list(evidence.get(cid, [])) if has_assessment else [],
            "basis": "computed" if judged != NOT_CHECKABLE else "assessed" if has_assessment else NOT_CHECKABLE,
        })
    out = pd.DataFrame(rows, columns=["claim_id", "claimant", "claim", "claimed_value", "claim_type", "verdict",
                                      "record", "why_not_checkable", "claim_source_id", "evidence_source_ids",
                                      "assessed_verdict", "assessed_reasoning", "assessed_source_ids", "basis"])
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    out["why_not_checkable"] = out["why_not_checkable"].astype("string")
    out["assessed_verdict"] = pd.Categorical(out["assessed_verdict"], categories=ASSESSED_VERDICTS)
    out["assessed_reasoning"] = out["assessed_reasoning"].astype("string")
    shown = [v if b == "computed" else f"{a} (assessed)" if b == "assessed" else NOT_CHECKABLE
             for v, a, b in zip(out["verdict"].astype(str), out["assessed_verdict"].astype(str), out["basis"],
                                strict=True)]
    out["shown_verdict"] = pd.Categorical(shown, categories=SHOWN_VERDICTS)
    # the verdict a claim ends with, computed or assessed, as one value a filter can match
    out["final_verdict"] = pd.Categorical([v.removesuffix(" (assessed)") for v in shown],
                                          categories=VERDICTS + [NOT_SUPPORTED])
    return out


def assessment_problems(ds: Dataset) -> list[str]:
    """What is wrong with the assessed verdicts, one line each: a claim the data cannot compute with no
    assessment, an assessment of a claim the data computes, an assessment with no evidence."""
    checked = check_claims(ds)
    assessed = set(ds.claim_assessments["claim_id"].astype(str))
    with_evidence = set(ds.claim_evidence["claim_id"].astype(str))
    lines = []
    for _, row in checked.iterrows():
        cid = str(row["claim_id"])
        if row["verdict"] == NOT_CHECKABLE and cid not in assessed:
            lines.append(f"{cid}: not checkable ({row['why_not_checkable']}) and not assessed; "
                         "add a row to claim_assessments.csv")
        if row["verdict"] != NOT_CHECKABLE and cid in assessed:
            lines.append(f"{cid}: the data computes its verdict ({row['verdict']}); "
                         "remove its row from claim_assessments.csv")
    for cid in sorted(assessed - with_evidence):
        lines.append(f"{cid}: assessed with no evidence; add its sources to claim_evidence.csv")
    return lines


def _records_the_claim(ds: Dataset, event, claim) -> bool:
    """Whether ``event``'s figure is the claim's own statement, so comparing them would check the claim
    against itself: a disclosure (``figure_scope`` cumulative: the event is someone's count) that the claim's
    own source reports, or any event whose only source is the claim's."""
    sources = set(_event_sources(ds, event["event_id"]))
    own = claim["source_id"]
    if sources <= {own}:
        return True
    return str(event.get("figure_scope")) == "cumulative" and own in sources


def _event(ds: Dataset, event_id):
    if event_id is None or pd.isna(event_id):
        return None
    match = ds.events[ds.events["event_id"] == event_id]
    return match.iloc[0] if len(match) else None


def _weapon(ds: Dataset, weapon_id):
    if weapon_id is None or pd.isna(weapon_id):
        return None
    match = ds.weapons[ds.weapons["weapon_id"] == weapon_id]
    return match.iloc[0] if len(match) else None


def _event_sources(ds: Dataset, event_id) -> list[str]:
    return sorted(ds.event_sources.loc[ds.event_sources["event_id"] == event_id, "source_id"])
