"""The claims-check page: every claim of ``claims.csv`` with its verdict (computed by ``helpers.verdicts``), grouped,
counted and shown with its sources.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from helpers import formatting, page, params, plots, tables
from helpers.data import Dataset
from helpers.sources import publishers, ranked_links
from helpers.verdicts import (  # noqa: F401 (the engine's names, as pages and tests know them from here)
    _EVENT_FIGURE_WORDS,
    _SCOPE_WORDS,
    _WHY_NO_EVENT_FIGURE,
    ASSESSED_ORDER,
    ASSESSED_VERDICTS,
    CLOSE,
    CONTRADICTED,
    NEAR,
    NOT_CHECKABLE,
    NOT_SUPPORTED,
    PARTLY,
    RECORD_SOURCES_SHOWN,
    SECTION_ORDER,
    SHOWN_VERDICTS,
    SUPPORTED,
    VERDICTS,
    WHY_ATTRIBUTION,
    WHY_NO_EVENT,
    WHY_NO_NUMBER,
    WHY_NO_PLACE,
    WHY_NO_RANGE,
    WHY_NO_VALUE,
    WHY_NO_WINDOW,
    WHY_NO_WINDOW_FIGURE,
    WHY_OWN,
    WHY_USES,
    Evidence,
    _day,
    _event,
    _event_sources,
    _none,
    _weapon,
    assessment_problems,
    check_claims,
    count_in_window,
    evidence_for,
    judge_number,
    judge_range,
    verdict,
)


@dataclass(frozen=True)
class ClaimsParameters:
    claimants: list[str] | None
    verdicts: list[str] | None


def parameters(ds: Dataset, claimants, verdicts) -> ClaimsParameters:
    """Check the claims notebook's parameters; raise ``ParameterError`` naming the bad one."""
    who = params.as_subset("claimants", claimants, sorted(set(ds.claims["claimant"]))) if claimants else None
    which = params.as_subset("verdicts", verdicts, VERDICTS + [NOT_SUPPORTED]) if verdicts else None
    return ClaimsParameters(who, which)


def select(checked: pd.DataFrame, p: ClaimsParameters) -> pd.DataFrame:
    mask = pd.Series(True, index=checked.index)
    if p.claimants is not None:
        mask &= checked["claimant"].isin(p.claimants)
    if p.verdicts is not None:  # the verdict a claim ends with: computed, or else assessed
        mask &= checked["final_verdict"].isin(p.verdicts)
    return checked[mask].reset_index(drop=True)


def verdict_counts(checked: pd.DataFrame) -> dict:
    """How many claims got each computed verdict (every verdict listed, zero included)."""
    return {v: int((checked["verdict"] == v).sum()) for v in VERDICTS}


def assessed_counts(checked: pd.DataFrame) -> dict:
    """How many claims got each assessed verdict, and how many are left with none."""
    counts = {v: int((checked["assessed_verdict"] == v).sum()) for v in ASSESSED_VERDICTS}
    counts[NOT_CHECKABLE] = int((checked["basis"] == NOT_CHECKABLE).sum())
    return counts


def seed_source_ids(ds: Dataset) -> set[str]:
    """The source ids of the seed article (the article the project started from)."""
    return set(ds.sources.loc[ds.sources["kind"] == "seed_article", "source_id"])


def seed_claims(ds: Dataset, checked: pd.DataFrame) -> pd.DataFrame:
    """The claims made by the seed article, in the order the dataset lists them (the article's)."""
    return checked[checked["claim_source_id"].isin(seed_source_ids(ds))].reset_index(drop=True)


def other_claims(ds: Dataset, checked: pd.DataFrame) -> pd.DataFrame:
    """Every claim not made by the seed article."""
    return checked[~checked["claim_source_id"].isin(seed_source_ids(ds))].reset_index(drop=True)


# ---------------------------------------------------------------- the page

def _assessed_phrase(a: dict) -> str:
    """'3 supported, 1 contradicted and 2 not supported', leaving out verdicts nobody got."""
    return formatting.listing(f"{a[v]} {v}" for v in ASSESSED_ORDER if a[v])


def key_figures(ds: Dataset, checked: pd.DataFrame) -> page.KeyFigures:
    """The verdict summary: computed verdicts first, the assessed ones apart, and the seed article's tally."""
    figures = []
    seed = seed_claims(ds, checked)
    if len(seed):
        c, a = verdict_counts(seed), assessed_counts(seed)
        read = sum(a[v] for v in ASSESSED_VERDICTS)
        if not read:
            sentence = (f"{{value}} statements in the seed article are contradicted by the record; {c[SUPPORTED]} are "
                        f"supported, {c[PARTLY]} partly supported and {c[NOT_CHECKABLE]} cannot be checked.")
        else:
            sentence = (f"{{value}} statements in the seed article are contradicted by the record; {c[SUPPORTED]} are "
                        f"supported and {c[PARTLY]} partly supported. The other {c[NOT_CHECKABLE]} cannot be computed "
                        f"from the data; read against the sources, {_assessed_phrase(a)}"
                        + (f"; {a[NOT_CHECKABLE]} could not be judged." if a[NOT_CHECKABLE] else "."))
        figures.append(page.key_figure(ds, f"{c[CONTRADICTED]} of {len(seed)}", sentence,
                                       sorted(set(seed["claim_source_id"]))))
    if len(checked):
        c, a = verdict_counts(checked), assessed_counts(checked)
        n = len(checked)
        read = sum(a[v] for v in ASSESSED_VERDICTS)
        from_seed = int((seed["verdict"] == CONTRADICTED).sum()) if len(seed) else 0
        figures += [
            page.KeyFigure(f"{c[SUPPORTED]} of {n}", "{value} claims on this page are supported by the record."),
            page.KeyFigure(f"{c[PARTLY]}", "{value} are partly supported: the record comes near the claimed "
                           "figure, within the margin its hedge allows, but not onto it."),
            page.KeyFigure(f"{c[CONTRADICTED]}", "{value} are contradicted by the record"
                           + (f", {from_seed} of them in the seed article." if from_seed else ".")),
        ]
        left = checked[checked["basis"] == NOT_CHECKABLE]
        if read:
            figures.append(page.KeyFigure(
                f"{read}", "{value} more are attributions, wording or figures the data cannot compute, assessed "
                f"instead by reading the sources: {_assessed_phrase(a)}."
                + ("" if len(left) else " Every claim has a verdict.")))
        if len(left):
            attributions = int((left["why_not_checkable"] == WHY_ATTRIBUTION).sum())
            figures.append(page.KeyFigure(
                f"{len(left)}", f"{{value}} cannot be checked: {attributions} are attributions, judgements or "
                f"intentions the data holds no value for, {len(left) - attributions} need a figure the record does "
                "not give."))
    return page.KeyFigures(figures, empty="No claims match these parameters.")


def _links(ds: Dataset, ids, limit: int | None = None) -> list[tuple[str, str]]:
    return ranked_links(ds, list(ids), limit)


def _what_the_record_says(row: pd.Series) -> str:
    if row["basis"] == "assessed":
        return f"Assessed from the sources (the data cannot compute it): {row['assessed_reasoning']}"
    if row["verdict"] == NOT_CHECKABLE:
        detail = "" if row["record"] == row["why_not_checkable"] else f" ({row['record']})"
        why = str(row["why_not_checkable"])
        return f"Not checkable: {why[:1].lower()}{why[1:]}{detail}."
    return row["record"]


def _record_ids(row: pd.Series) -> list[str]:
    """The sources beside a claim: the assessment's evidence, or the record's sources."""
    return list(row["assessed_source_ids"]) if row["basis"] == "assessed" else list(row["evidence_source_ids"])


def _said_by(claimant: str) -> str:
    """The seed article's claimant without the repeated ", as reported by the seed article"."""
    return re.sub(r",?\s*as reported by the seed article$", "", str(claimant)).strip()


def seed_table_html(ds: Dataset, checked: pd.DataFrame) -> str:
    """The seed article claim by claim: who it quotes, what it says, the verdict, the record and its sources."""
    seed = seed_claims(ds, checked)
    article = ranked_links(ds, sorted(seed_source_ids(ds)))
    named = "; ".join(tables.link(p, u) for p, u in article)
    lead = (f"<p>The article: {named}. Its statements in the order it makes them, each with the verdict and the "
            "record beside it.</p>") if named else ""
    if seed.empty:
        return lead + "<p><strong>No statement of the seed article matches these parameters.</strong></p>"
    view = pd.DataFrame({
        "said_by": seed["claimant"].map(_said_by),
        "what_it_says": seed["claim"],
        "verdict": seed["shown_verdict"].astype("string"),
        "what_the_record_says": seed.apply(_what_the_record_says, axis=1),
    })
    table = formatting.table(
        view, labels={"said_by": "Said by (per the article)", "what_it_says": "What the article says"},
        links={"record_sources": [_links(ds, _record_ids(r), RECORD_SOURCES_SHOWN) for _, r in seed.iterrows()]},
        max_rows=max(formatting.LONG_TABLE, len(seed)),  # the article is the point of the page: all of it shows
        note=f"Record sources: up to {RECORD_SOURCES_SHOWN} per claim, primary sources first. A verdict marked "
             "'assessed' is read from the sources, not computed from the data.")
    return lead + table.to_html()


VERDICT_ROWS_SHOWN = 8  # a verdict's longer list shows its first claims and folds the rest


def _verdict_table(ds: Dataset, rows: pd.DataFrame) -> str:
    view = pd.DataFrame({"claimant": rows["claimant"], "claim": rows["claim"], "what_the_record_says": rows["record"]})
    return formatting.table(view, links={
        "made_in": [_links(ds, [i]) for i in rows["claim_source_id"]],
        "record_sources": [_links(ds, ids, RECORD_SOURCES_SHOWN) for ids in rows["evidence_source_ids"]],
        "attack": attack_links(ds, rows["claim_id"]),
    }, labels={"attack": "Attack card"}, max_rows=VERDICT_ROWS_SHOWN).to_html()


def attack_links(ds: Dataset, claim_ids) -> list[list[tuple[str, str | None]]]:
    """Per claim, a link to the card of the attack it is about (its event is a mass strike or a North Korean
    missile use), else "no attack" (a statement, a transfer: nothing to card)."""
    from helpers.events import ATTACK_CATEGORIES, card_file

    event_of = ds.claims.set_index("claim_id")["event_id"]
    attacks = ds.events[ds.events["category"].isin(ATTACK_CATEGORIES)].set_index("event_id")["date"]
    out = []
    for cid in claim_ids:
        event = event_of.get(cid)
        day = attacks.get(event) if isinstance(event, str) else None
        out.append([(formatting.date(day), card_file(day))] if day is not None else [("no attack", None)])
    return out


def _not_checkable_html(ds: Dataset, rows: pd.DataFrame) -> str:
    """Not-checkable claims grouped by why: the reasons with their counts, then each group's claims."""
    groups = rows.groupby("why_not_checkable", sort=False)
    order = groups.size().sort_values(ascending=False, kind="stable")
    summary = formatting.table(pd.DataFrame({"why_not_checkable": order.index, "claims": order.to_numpy()}))
    parts = [summary.to_html()]
    for why in order.index:
        sub = rows[rows["why_not_checkable"] == why]
        view = pd.DataFrame({"claimant": sub["claimant"], "claim": sub["claim"]})
        table = formatting.table(view, links={"made_in": [_links(ds, [i]) for i in sub["claim_source_id"]]},
                                 caption=f"{why} ({len(sub):,})", max_rows=10)
        parts.append(table.to_html())
    return "".join(parts)


def _assessed_html(ds: Dataset, rows: pd.DataFrame) -> str:
    """Assessed claims, a table per verdict (the refuted first), each claim with its reasoning and
    evidence; long tables show their first rows and fold the rest."""
    parts = []
    for v in ASSESSED_ORDER:
        sub = rows[rows["assessed_verdict"] == v]
        if sub.empty:
            continue
        view = pd.DataFrame({"claimant": sub["claimant"], "claim": sub["claim"],
                             "reasoning": sub["assessed_reasoning"]})
        parts.append(formatting.table(view, links={
            "made_in": [_links(ds, [i]) for i in sub["claim_source_id"]],
            "evidence": [_links(ds, ids, RECORD_SOURCES_SHOWN) for ids in sub["assessed_source_ids"]],
        }, caption=f"{v.capitalize()} ({len(sub):,})", max_rows=6).to_html())
    return "".join(parts)


def other_claims_html(ds: Dataset, checked: pd.DataFrame) -> str:
    """The claims not made by the seed article: a section per computed verdict (contradicted first),
    then the claims assessed from the sources, then any nobody could check, grouped by why."""
    others = other_claims(ds, checked)
    if others.empty:
        return "<p><strong>No other claims match these parameters.</strong></p>"
    parts = []
    for v in SECTION_ORDER:
        rows = others[(others["verdict"] == v) & (others["basis"] == "computed")]
        if rows.empty:
            continue
        parts.append(f"<h3>{html.escape(v.capitalize())} ({len(rows):,})</h3>")
        parts.append(_verdict_table(ds, rows))
    assessed = others[others["basis"] == "assessed"]
    if len(assessed):
        parts.append(f"<h3>Assessed from the sources ({len(assessed):,})</h3>"
                     "<p>Attributions, wording and figures the data cannot compute, each judged by reading the "
                     "sources: who actually said what, and whether the claim says more than they did.</p>")
        parts.append(_assessed_html(ds, assessed))
    left = others[others["basis"] == NOT_CHECKABLE]
    if len(left):
        parts.append(f"<h3>Not checkable ({len(left):,})</h3>")
        parts.append(_not_checkable_html(ds, left))
    return "".join(parts)


def method_html(ds: Dataset, checked: pd.DataFrame) -> str:
    """How the verdicts are computed, what "not checkable" means, and the sources behind the page."""
    close, near = f"{CLOSE:.0%}", f"{NEAR:.0%}"
    limits = [
        "How a verdict is computed: a claimed date is compared with the recorded date of its event (supported "
        "only when they are the same day); a count over a period with the figure computed from the strike tables "
        "over the claimed days; a count about one event (North Korean missiles, killed, injured) with the event's "
        "recorded figure; a range with the range of ranges others stated for the weapon (weapon_ranges.csv: from "
        "the smallest stated maximum to the largest stated maximum or distance flown in a test, leaving out the "
        "claim's own statement and source, and conversions); a place with the recorded place.",
        f"Numbers are judged by their hedge. 'About' or 'nearly' N is supported within {close} of N and partly "
        f"supported within {near}; 'at least' or 'more than' N is supported at or above N and partly supported "
        f"from {1 - CLOSE:.0%} of it; 'at most' or 'fewer than' N likewise, from above. A number with no hedge must "
        f"match to be supported and come within {close} to be partly supported. A range is supported when it lies "
        f"within {close} of the range of ranges and partly supported within {near}; with no hedge it is read as "
        "'about', and 'at most' X needs only X to reach the lowest stated maximum.",
        "Not checkable means the record cannot decide, not that the claim is wrong: an attribution, judgement or "
        "intention is not a value the data holds, and a figure no source gave is unknown. A claim is contradicted "
        "only by a recorded value, never by a missing one.",
        "A verdict is only as good as the record: where the dataset's sources disagree, the best-supported figure "
        "is the one compared (each source's own figure is in event_sources.csv), and a count over days some of "
        "which have no figure says which days are missing.",
        "A claim is never checked against itself: where the record's only figure is the claimant's own statement, "
        "it is assessed against other bodies' counts instead. Each claim is our paraphrase of the words kept "
        "beside it (claims.csv, quote).",
        "An assessed verdict is our reading of the sources for a claim the data cannot compute: supported, "
        "partly supported (part of it holds, or it says more than the claimant did), contradicted (sources say "
        "otherwise) or not supported (nothing found bears it out, nothing refutes it). Each gives its reasoning "
        "and sources (claim_assessments.csv, claim_evidence.csv) and is shown apart from the computed verdicts.",
    ]
    ids = (list(checked["claim_source_id"]) + [i for ids in checked["evidence_source_ids"] for i in ids]
           + [i for ids in checked["assessed_source_ids"] for i in ids])
    return page.method_html(ds, ids, conventions=["dates", "unknown", "totals", "disagree"], limits=limits)


VERDICT_COLOURS = {SUPPORTED: "#009E73", PARTLY: "#F0E442", CONTRADICTED: "#D55E00", NOT_SUPPORTED: "#56B4E9",
                   NOT_CHECKABLE: "#BBBBBB"}
_TEXT_ON = {SUPPORTED: "white", PARTLY: "black", CONTRADICTED: "white", NOT_SUPPORTED: "black", NOT_CHECKABLE: "black"}


def _base(shown: str) -> str:
    """The verdict behind a label: "supported (assessed)" -> "supported"."""
    return shown.removesuffix(" (assessed)")


def verdict_figure(ds: Dataset, checked: pd.DataFrame) -> plots.Chart:
    """Verdicts per kind of source the claims were made in (the seed article, government, news ...),
    each segment labelled with its count, the legend under the bars."""
    import matplotlib.pyplot as plt

    plots.use_house_style()
    kind = checked["claim_source_id"].map(ds.sources.set_index("source_id")["kind"].astype("string"))
    table = pd.crosstab(kind.rename("made_in"), checked["shown_verdict"], dropna=False)
    table = table.reindex(columns=SHOWN_VERDICTS, fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(kind="stable").index]  # most claims on top
    fig, ax = plt.subplots(figsize=(10, 0.55 * max(len(table), 2) + 1.6), layout="constrained")
    if table.empty:
        plots.empty_note(ax, "No claims match these parameters.")
        return plots.Chart(fig, table.reset_index(), "verdicts")
    names = [str(k).replace("_", " ") for k in table.index]
    left = pd.Series(0, index=table.index)
    widest = int(table.sum(axis=1).max())
    for v in SHOWN_VERDICTS:
        if not table[v].any():
            continue  # a verdict nobody got takes no place in the legend
        assessed = v.endswith("(assessed)")  # assessed verdicts: the same colour, hatched, beside the computed
        ax.barh(names, table[v], left=left, color=VERDICT_COLOURS[_base(v)], label=v, edgecolor="white",
                hatch="///" if assessed else None)
        for y, (n, x0) in enumerate(zip(table[v], left, strict=True)):
            if n and n / widest >= 0.04:  # a count is written only where its segment can hold it
                ax.text(x0 + n / 2, y, f"{n}", ha="center", va="center", fontsize=9, color=_TEXT_ON[_base(v)],
                        bbox={"facecolor": VERDICT_COLOURS[_base(v)], "edgecolor": "none", "pad": 1} if assessed
                        else None)
        left += table[v]
    ax.set_xlabel("claims")
    ax.set_title("Verdicts by where the claim was made")
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))  # beside the bars, never on them
    plots.caption(fig, "claims as recorded", publishers(ds, checked["claim_source_id"]),
                  note=f"{len(checked)} claims; verdicts computed from the dataset, hatched where assessed from "
                       "the sources because the data cannot compute them (see the tables below).")
    data = table.rename(columns=lambda v: v.replace(" ", "_")).reset_index()
    counts = checked["shown_verdict"].astype(str).value_counts()
    finding = (f"Verdicts of {len(checked)} claims by where they were made: "
               + ", ".join(f"{n} {v}" for v, n in counts.items()) + ".")
    return plots.Chart(fig, data, "verdicts", finding)
