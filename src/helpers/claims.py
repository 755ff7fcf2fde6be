"""The claims check: every claim in ``claims.csv`` compared with the record, with a verdict.

Nothing here is typed in: a date claim is compared with the recorded date of its event, a count with
the figure computed from the strike tables over the claimed window, a range with the recorded range
of its weapon, a place with the recorded place. Change the data and the verdict changes.

Hedged numbers are judged by their hedge (``qualifier``): "about 300" is supported within 10% and
partly supported within 25%; "at least 300" is supported at 300 or more and partly supported from
90% of it; an unhedged number must match exactly to be supported and within 10% to be partly so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import params, plots, tables
from helpers.data import Dataset
from helpers.strikes import kind_totals, strike_rows

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly supported", "contradicted", "not checkable"
VERDICTS = [SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE]
CLOSE, NEAR = 0.10, 0.25


@dataclass
class Evidence:
    """The record a claim is compared with."""

    value: object
    text: str
    source_ids: list[str]


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


def count_in_window(ds: Dataset, start, end, scope: str) -> Evidence:
    """Launched over an inclusive window for ``scope`` (missiles, drones, all, ballistic).

    Missiles, drones and all come from ``volume.kind_totals`` (report totals where given, else
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
    if per.empty:
        return Evidence(None, f"no {scope} figure recorded from {start:%Y-%m-%d} to {end:%Y-%m-%d}", [])
    total = int(per.sum())
    parts = "; ".join(f"{d:%Y-%m-%d}: {int(v)}" for d, v in per.items())
    text = f"{total} {scope} launched from {start:%Y-%m-%d} to {end:%Y-%m-%d} ({parts})"
    missing = [f"{d:%Y-%m-%d}" for d in pd.date_range(start, end, freq="D") if d not in per.index]
    if missing:
        text += f"; no figure recorded for {', '.join(missing)}"
    return Evidence(total, text, sorted(used))


def evidence_for(ds: Dataset, claim: pd.Series) -> Evidence:
    """What the record says about ``claim``."""
    kind = claim["claim_type"]
    event = _event(ds, claim["event_id"])
    if kind == "date":
        if event is None:
            return Evidence(None, "the claim names no recorded event", [])
        return Evidence(event["date"], f"recorded date {event['date']:%Y-%m-%d} ({event['title']})",
                        _event_sources(ds, event["event_id"]))
    if kind == "range":
        weapon = _weapon(ds, claim["weapon_id"])
        if weapon is None or pd.isna(weapon["range_km"]):
            return Evidence(None, "no recorded range for the weapon", [])
        return Evidence(float(weapon["range_km"]), f"recorded range of {weapon['name']}: {weapon['range_km']:.0f} km",
                        [weapon["range_source_id"]])
    if kind == "place":
        if event is None or pd.isna(event["place"]):
            return Evidence(None, "no recorded place", [])
        where = ", ".join(str(v) for v in (event["place"], event["oblast"]) if pd.notna(v))
        return Evidence(where, f"recorded place: {where}", _event_sources(ds, event["event_id"]))
    if kind == "count":
        scope = claim["scope"]
        if scope in ("killed", "injured", "dprk_missiles") or (pd.isna(claim["window_start"]) and event is not None):
            column = {"killed": "killed", "injured": "injured"}.get(scope, "missile_count")
            if event is None or pd.isna(event[column]):
                return Evidence(None, f"no recorded {column.replace('_', ' ')} for the event", [])
            return Evidence(int(event[column]), f"recorded {column.replace('_', ' ')}: {event[column]} "
                            f"({event['title']})", _event_sources(ds, event["event_id"]))
        if pd.isna(claim["window_start"]) or pd.isna(scope):
            return Evidence(None, "the claim gives no window or scope to count over", [])
        end = claim["window_end"] if pd.notna(claim["window_end"]) else claim["window_start"]
        return count_in_window(ds, claim["window_start"], end, scope)
    return Evidence(None, "an attribution is not a value the data can compute", [])


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
    qualifier = claim["qualifier"] if pd.notna(claim["qualifier"]) else (
        "about" if claim["claim_type"] == "range" else None)
    return judge_number(float(claim["claimed_number"]), float(evidence.value), qualifier)


def check_claims(ds: Dataset, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim: who said what, the verdict, the record beside it and both sets of sources."""
    claims = ds.claims if claims is None else claims
    rows = []
    for _, claim in claims.iterrows():
        ev = evidence_for(ds, claim)
        rows.append({
            "claim_id": claim["claim_id"], "claimant": claim["claimant"], "claim": claim["claim"],
            "claimed_value": claim["claimed_value"], "claim_type": claim["claim_type"],
            "verdict": verdict(claim, ev), "record": ev.text,
            "claim_source_id": claim["source_id"], "evidence_source_ids": ev.source_ids,
        })
    out = pd.DataFrame(rows, columns=["claim_id", "claimant", "claim", "claimed_value", "claim_type", "verdict",
                                      "record", "claim_source_id", "evidence_source_ids"])
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out


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


@dataclass(frozen=True)
class ClaimsParameters:
    claimants: list[str] | None
    verdicts: list[str] | None


def parameters(ds: Dataset, claimants, verdicts) -> ClaimsParameters:
    """Check the claims notebook's parameters; raise ``ParameterError`` naming the bad one."""
    who = params.as_subset("claimants", claimants, sorted(set(ds.claims["claimant"]))) if claimants else None
    which = params.as_subset("verdicts", verdicts, VERDICTS) if verdicts else None
    return ClaimsParameters(who, which)


def select(checked: pd.DataFrame, p: ClaimsParameters) -> pd.DataFrame:
    mask = pd.Series(True, index=checked.index)
    if p.claimants is not None:
        mask &= checked["claimant"].isin(p.claimants)
    if p.verdicts is not None:
        mask &= checked["verdict"].isin(p.verdicts)
    return checked[mask].reset_index(drop=True)


def verdict_counts(checked: pd.DataFrame) -> dict:
    """How many claims got each verdict (every verdict listed, zero included)."""
    return {v: int((checked["verdict"] == v).sum()) for v in VERDICTS}


def verdict_table(checked: pd.DataFrame) -> pd.DataFrame:
    """``verdict_counts`` as a one-column table, for display."""
    return pd.Series(verdict_counts(checked), name="claims").rename_axis("verdict").to_frame()


def seed_claims(ds: Dataset, checked: pd.DataFrame) -> pd.DataFrame:
    """The claims made by the seed article."""
    seed = set(ds.sources.loc[ds.sources["kind"] == "seed_article", "source_id"])
    return checked[checked["claim_source_id"].isin(seed)].reset_index(drop=True)


def checked_html(ds: Dataset, checked: pd.DataFrame) -> str:
    """The checked claims as an HTML table, the claim's source and the record's sources linked."""
    if checked.empty:
        return "<p><strong>No claims match these parameters.</strong></p>"
    src = ds.sources.set_index("source_id")

    def links(ids):
        return [(src.loc[i, "publisher"], src.loc[i, "url"]) for i in ids if i in src.index]

    view = checked[["claimant", "claim", "claimed_value", "verdict", "record"]].copy()
    view["verdict"] = view["verdict"].astype("string")
    return tables.to_html(view, links={
        "claimed in": [links([i]) for i in checked["claim_source_id"]],
        "record sources": [links(ids) for ids in checked["evidence_source_ids"]],
    })


VERDICT_COLOURS = {SUPPORTED: "#009E73", PARTLY: "#F0E442", CONTRADICTED: "#D55E00", NOT_CHECKABLE: "#BBBBBB"}


def verdict_figure(ds: Dataset, checked: pd.DataFrame) -> plots.Chart:
    """Verdicts per kind of source the claims were made in (the seed article, government, news ...)."""
    import matplotlib.pyplot as plt

    plots.use_house_style()
    kind = checked["claim_source_id"].map(ds.sources.set_index("source_id")["kind"].astype("string"))
    table = pd.crosstab(kind.rename("made in"), checked["verdict"], dropna=False).reindex(columns=VERDICTS,
                                                                                        fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 0.5 * max(len(table), 2) + 1.5))
    if table.empty:
        plots.empty_note(ax, "No claims match these parameters.")
        return plots.Chart(fig, table.reset_index(), "verdicts")
    left = pd.Series(0, index=table.index)
    for verdict in VERDICTS:
        ax.barh(table.index.str.replace("_", " "), table[verdict], left=left, color=VERDICT_COLOURS[verdict],
                label=verdict, edgecolor="white")
        left += table[verdict]
    ax.set_xlabel("claims")
    ax.set_title("Verdicts by where the claim was made")
    ax.legend(frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    fig.tight_layout()
    plots.caption(fig, "claims as recorded", sorted(set(ds.sources.loc[
        ds.sources["source_id"].isin(checked["claim_source_id"]), "publisher"])),
        note="Verdicts computed from the dataset; see the table for the record beside each claim.")
    return plots.Chart(fig, table.reset_index(), "verdicts")
