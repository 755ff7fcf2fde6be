"""Verdicts of the claims check, computed from small hand-built records."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import STANDARD_WEAPONS, dataset, sources, strikes, totals

from helpers.pages import claims as cc

CLAIM_COLUMNS = ["claim_id", "source_id", "claimant", "claim", "claim_type", "claimed_value", "qualifier",
                 "claimed_date", "claimed_number", "unit", "event_id", "weapon_id", "window_start",
                 "window_end", "scope", "note"]


def claim_rows(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([{c: r.get(c) for c in CLAIM_COLUMNS} for r in rows])
    for c in ("claimed_date", "window_start", "window_end"):
        df[c] = pd.to_datetime(df[c])
    return df


@pytest.fixture
def ds():
    weapons = STANDARD_WEAPONS.copy()
    weapons["range_km"] = pd.array([900, 500, None, 5500, 2500, None], dtype="Float64")
    weapons["range_source_id"] = ["s1", "s1", None, "s1", "s1", None]
    events = pd.DataFrame({
        "event_id": ["briefing", "kharkiv"], "date": pd.to_datetime(["2024-01-04", "2024-01-02"]),
        "title": ["Briefing", "Kharkiv strike"], "place": ["Washington", "Kharkiv"],
        "oblast": [None, "Kharkiv Oblast"], "category": ["statement", "dprk_missile_use"],
        "killed": pd.array([None, 3], dtype="Int64"), "injured": pd.array([None, 64], dtype="Int64"),
        "missile_count": pd.array([None, None], dtype="Int64"),
    })
    return dataset(
        weapons=weapons, events=events,
        event_sources=pd.DataFrame({"event_id": ["briefing", "kharkiv"], "source_id": ["s1", "s2"]}),
        sources=sources([("s1", "2024-01-04"), ("s2", "2024-01-03")]),
        strikes=strikes([
            ("2023-12-29", "main", "shahed", 36, 27, "s2"),
            ("2023-12-29", "main", "kh-101", 90, None, "s2"),       # split incomplete: total wins
            ("2023-12-31", "main", "shahed", 49, 21, "s2"),
            ("2024-01-01", "main", "shahed", 90, 87, "s2"),
            ("2024-01-01", "additional", "shahed", 10, 9, "s2"),
            ("2024-01-02", "main", "shahed", 35, 35, "s2"),
            ("2024-01-02", "main", "kh-101", 70, 59, "s2"),
        ]),
        strike_totals=totals([("2023-12-29", "main", "missiles", 122, 87, "s2")]),
    )


def test_wrong_month_is_contradicted_right_date_supported(ds):
    c = claim_rows([
        {"claim_id": "a", "claim_type": "date", "claimed_date": "2024-04-04", "event_id": "briefing"},
        {"claim_id": "b", "claim_type": "date", "claimed_date": "2024-01-04", "event_id": "briefing"},
    ])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out.loc["a", "verdict"] == cc.CONTRADICTED
    assert out.loc["a", "record"] == "Recorded date 4 Jan 2024: “Briefing”"
    assert out.loc["a", "evidence_source_ids"] == ["s1"]
    assert out.loc["b", "verdict"] == cc.SUPPORTED


def test_counts_over_a_window_use_report_totals_and_all_attacks(ds):
    drones = cc.count_in_window(ds, "2023-12-29", "2024-01-02", "drones")
    assert drones.value == 36 + 49 + 90 + 10 + 35
    assert drones.text == ("220 drones launched from 29 Dec 2023 to 2 Jan 2024 (29 Dec: 36; 31 Dec: 49; 1 Jan: 100; "
                           "2 Jan: 35); no figure recorded for 30 Dec 2023")
    missiles = cc.count_in_window(ds, "2023-12-29", "2024-01-02", "missiles")
    assert missiles.value == 122 + 70
    none = cc.count_in_window(ds, "2024-03-29", "2024-04-02", "drones")
    assert none.value is None and none.text == "No drones figure recorded from 29 Mar 2024 to 2 Apr 2024"
    assert none.reason == cc.WHY_NO_WINDOW_FIGURE
    one_day = cc.count_in_window(ds, "2023-12-29", "2023-12-29", "all")
    assert (one_day.value, one_day.text) == (158, "158 missiles and drones launched on 29 Dec 2023")


def test_swapped_figures_are_contradicted(ds):
    c = claim_rows([
        {"claim_id": "swapped", "claim_type": "count", "claimed_number": 300, "qualifier": "more_than",
         "window_start": "2023-12-29", "window_end": "2024-01-02", "scope": "drones", "claimed_value": "over 300"},
        {"claim_id": "right", "claim_type": "count", "claimed_number": 200, "qualifier": "more_than",
         "window_start": "2023-12-29", "window_end": "2024-01-02", "scope": "drones", "claimed_value": "over 200"},
        {"claim_id": "killed", "claim_type": "count", "claimed_number": 3, "event_id": "kharkiv", "scope": "killed",
         "claimed_value": "3"},
    ])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out.loc["swapped", "verdict"] == cc.CONTRADICTED
    assert out.loc["right", "verdict"] == cc.SUPPORTED
    assert out.loc["killed", "verdict"] == cc.SUPPORTED


def test_range_place_and_attribution(ds):
    c = claim_rows([
        {"claim_id": "range", "claim_type": "range", "claimed_number": 901, "weapon_id": "kn-23",
         "claimed_value": "560 mi"},
        {"claim_id": "far", "claim_type": "range", "claimed_number": 400, "weapon_id": "kn-23",
         "claimed_value": "400 km"},
        {"claim_id": "place", "claim_type": "place", "claimed_value": "Kharkiv", "event_id": "kharkiv"},
        {"claim_id": "wrong-place", "claim_type": "place", "claimed_value": "Odesa", "event_id": "kharkiv"},
        {"claim_id": "who", "claim_type": "attribution", "claimed_value": "North Korea"},
    ])
    out = cc.check_claims(ds, c).set_index("claim_id")["verdict"].to_dict()
    assert out == {"range": cc.SUPPORTED, "far": cc.CONTRADICTED, "place": cc.SUPPORTED,
                   "wrong-place": cc.CONTRADICTED, "who": cc.NOT_CHECKABLE}


def _ranges(rows):
    """weapon_ranges rows: (range_id, stated_by, basis, low_km, high_km, source_id, event_id)."""
    frame = pd.DataFrame(rows, columns=["range_id", "stated_by", "basis", "low_km", "high_km", "source_id",
                                        "event_id"])
    return frame.assign(weapon_id="kn-23", date=pd.Timestamp("2024-01-04"),
                        low_km=frame["low_km"].astype("Float64"), high_km=frame["high_km"].astype("Float64"))


RANGES = [("us-900", "US NSC", "stated_maximum", None, 900, "s1", "briefing"),
          ("ap-885", "AP conversion", "conversion", None, 885, "s2", "briefing"),
          ("mdaa-690", "MDAA", "stated_maximum", None, 690, "s2", None),
          ("press-450-690", "A newsroom", "stated_maximum", 450, 690, "s4", None),
          ("japan-800", "Japan MoD", "flown", None, 800, "s5", None)]


def test_a_range_claim_is_judged_against_the_range_of_ranges_others_stated(ds):
    ds = dataset(**{**ds.tables, "weapon_ranges": _ranges(RANGES)})
    c = claim_rows([
        # the briefing's own 900 and its conversion are left out: 690..800 km from the others
        {"claim_id": "own-900", "source_id": "s3", "claim_type": "range", "claimed_number": 900,
         "qualifier": "about", "weapon_id": "kn-23", "event_id": "briefing"},
        {"claim_id": "seven-hundred", "source_id": "s3", "claim_type": "range", "claimed_number": 700,
         "weapon_id": "kn-23"},                                             # no hedge: read as "about"
        {"claim_id": "at-most-690", "source_id": "s4", "claim_type": "range", "claimed_number": 690,
         "qualifier": "at_most", "weapon_id": "kn-23"},
        {"claim_id": "far", "source_id": "s3", "claim_type": "range", "claimed_number": 2000,
         "qualifier": "about", "weapon_id": "kn-23"}])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out["verdict"].astype(str).to_dict() == {"own-900": cc.PARTLY, "seven-hundred": cc.SUPPORTED,
                                                    "at-most-690": cc.SUPPORTED, "far": cc.CONTRADICTED}
    assert out.loc["own-900", "record"].startswith("Maximum ranges of kn-23 stated by others run from 690 to 800 km")
    assert "US NSC" not in out.loc["own-900", "record"] and "AP" not in out.loc["own-900", "record"]
    assert out.loc["own-900", "evidence_source_ids"] == ["s2", "s4", "s5"]
    assert "900 km (US NSC)" in out.loc["seven-hundred", "record"]      # another claimant's claim sees it
    assert "A newsroom" not in out.loc["at-most-690", "record"]          # its own source is left out


def test_a_range_only_the_claimant_stated_is_not_checked_against_itself(ds):
    ds = dataset(**{**ds.tables, "weapon_ranges": _ranges(RANGES[:2])})
    c = claim_rows([{"claim_id": "own", "source_id": "s3", "claim_type": "range", "claimed_number": 900,
                     "weapon_id": "kn-23", "event_id": "briefing"}])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out.loc["own", "verdict"] == cc.NOT_CHECKABLE
    assert out.loc["own", "why_not_checkable"] == cc.WHY_OWN


@pytest.mark.parametrize("claimed, qualifier, expected", [
    (700, "about", cc.SUPPORTED), (630, "about", cc.SUPPORTED), (600, "about", cc.PARTLY),
    (500, "about", cc.CONTRADICTED), (880, None, cc.SUPPORTED), (1000, None, cc.PARTLY),
    (1001, None, cc.CONTRADICTED), (300, "at_most", cc.CONTRADICTED), (650, "at_most", cc.SUPPORTED),
    (5000, "at_least", cc.CONTRADICTED), (850, "at_least", cc.SUPPORTED)])
def test_judge_range_by_its_hedge(claimed, qualifier, expected):
    assert cc.judge_range(claimed, 690, 800, qualifier) == expected


@pytest.mark.parametrize("claimed, recorded, qualifier, expected", [
    (300, 300, None, cc.SUPPORTED), (300, 290, None, cc.PARTLY), (300, 200, None, cc.CONTRADICTED),
    (300, 280, "about", cc.SUPPORTED), (300, 240, "about", cc.PARTLY), (300, 100, "about", cc.CONTRADICTED),
    (300, 235, "nearly", cc.PARTLY), (300, 290, "nearly", cc.SUPPORTED),
    (300, 300, "at_least", cc.SUPPORTED), (300, 280, "at_least", cc.PARTLY), (300, 300, "more_than", cc.PARTLY),
    (50, 40, "fewer_than", cc.SUPPORTED), (50, 60, "at_most", cc.CONTRADICTED), (50, None, None, cc.NOT_CHECKABLE),
])
def test_judge_number_by_hedge(claimed, recorded, qualifier, expected):
    assert cc.judge_number(claimed, recorded, qualifier) == expected


def test_verdict_counts_list_every_verdict():
    checked = pd.DataFrame({"verdict": [cc.SUPPORTED, cc.SUPPORTED, cc.CONTRADICTED]})
    assert cc.verdict_counts(checked) == {cc.SUPPORTED: 2, cc.PARTLY: 0, cc.CONTRADICTED: 1, cc.NOT_CHECKABLE: 0}


def test_not_checkable_claims_say_why_and_checkable_ones_do_not(ds):
    c = claim_rows([
        {"claim_id": "who", "claim_type": "attribution", "claimed_value": "North Korea"},
        {"claim_id": "no-count", "claim_type": "count", "claimed_number": 10, "event_id": "kharkiv",
         "scope": "dprk_missiles", "claimed_value": "about ten"},
        {"claim_id": "no-event", "claim_type": "count", "claimed_number": 148, "scope": "dprk_missiles",
         "claimed_value": "148"},
        {"claim_id": "gap", "claim_type": "count", "claimed_number": 3, "window_start": "2023-12-30",
         "window_end": "2023-12-30", "scope": "ballistic", "claimed_value": "3 ballistic"},
        {"claim_id": "no-date-event", "claim_type": "date", "claimed_date": "2022-02-24"},
        {"claim_id": "killed", "claim_type": "count", "claimed_number": 3, "event_id": "kharkiv", "scope": "killed",
         "claimed_value": "3"},
    ])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert set(out.loc[out["verdict"] == cc.NOT_CHECKABLE].index) == {"who", "no-count", "no-event", "gap",
                                                                      "no-date-event"}
    assert out["why_not_checkable"].dropna().to_dict() == {
        "who": cc.WHY_ATTRIBUTION, "no-count": "The record gives no missile count for the event",
        "no-event": cc.WHY_NO_EVENT, "gap": cc.WHY_NO_WINDOW_FIGURE, "no-date-event": cc.WHY_NO_EVENT}
    assert out.loc["gap", "record"] == "No ballistic missiles figure recorded on 30 Dec 2023"
    assert out.loc["killed", "record"] == "Recorded: 3 killed, “Kharkiv strike”"


# ---------------------------------------------------------------- the page

def _page_ds(ds):
    """``ds`` with sources a page can cite (publisher, url, kind) and a seed article's claims."""
    srcs = pd.DataFrame({
        "source_id": ["s1", "s2", "seed"], "publisher": ["Gov", "Agency", "Seed Times"],
        "url": ["https://gov.example/a", "https://agency.example/b", "https://seed.example/c"],
        "kind": ["government", "news_agency", "seed_article"],
        "published": pd.to_datetime(["2024-01-04", "2024-01-03", "2024-01-05"]),
    })
    claims = claim_rows([
        {"claim_id": "seed-month", "source_id": "seed", "claimant": "Kirby, as reported by the seed article",
         "claim": "Briefing on April 4.", "claim_type": "date", "claimed_date": "2024-04-04", "event_id": "briefing",
         "claimed_value": "April 4"},
        {"claim_id": "seed-who", "source_id": "seed", "claimant": "Seed author", "claim": "North Korea did it.",
         "claim_type": "attribution", "claimed_value": "North Korea"},
        {"claim_id": "gov-date", "source_id": "s1", "claimant": "Gov", "claim": "Briefing on 4 Jan.",
         "claim_type": "date", "claimed_date": "2024-01-04", "event_id": "briefing", "claimed_value": "4 Jan"},
        {"claim_id": "gov-killed", "source_id": "s1", "claimant": "Gov", "claim": "Five killed in Kharkiv.",
         "claim_type": "count", "claimed_number": 5, "event_id": "kharkiv", "scope": "killed", "claimed_value": "5"},
        {"claim_id": "agency-who-1", "source_id": "s2", "claimant": "Agency", "claim": "Missiles were North Korean.",
         "claim_type": "attribution", "claimed_value": "DPRK"},
        {"claim_id": "agency-who-2", "source_id": "s2", "claimant": "Agency", "claim": "Missiles were accurate.",
         "claim_type": "attribution", "claimed_value": "accurate"},
        {"claim_id": "agency-none", "source_id": "s2", "claimant": "Agency", "claim": "148 delivered.",
         "claim_type": "count", "claimed_number": 148, "scope": "dprk_missiles", "claimed_value": "148"},
    ])
    return dataset(**{**ds.tables, "sources": srcs, "claims": claims})


def test_key_figures_lead_with_the_seed_articles_tally_and_every_verdict(ds):
    ds = _page_ds(ds)
    checked = cc.check_claims(ds)
    figures = cc.key_figures(ds, checked).figures
    assert [f.value for f in figures] == ["1 of 2", "1 of 7", "0", "2", "4"]
    assert figures[0].sentence == ("{value} statements in the seed article are contradicted by the record; 0 are "
                                   "supported, 0 partly supported and 1 cannot be checked.")
    assert figures[0].sources == (("Seed Times", "https://seed.example/c"),)
    assert figures[3].sentence == "{value} are contradicted by the record, 1 of them in the seed article."
    assert figures[4].sentence.startswith("{value} cannot be checked: 3 are attributions")
    html = cc.key_figures(ds, checked).to_html()
    assert "<strong>1 of 2</strong>" in html and 'href="https://seed.example/c"' in html


def test_seed_article_claim_by_claim_then_the_others_grouped_by_verdict_without_repeats(ds):
    ds = _page_ds(ds)
    checked = cc.check_claims(ds)
    seed = cc.seed_table_html(ds, checked)
    assert "Briefing on April 4." in seed and "North Korea did it." in seed
    assert "Kirby, as reported by the seed article" not in seed and ">Kirby<" in seed
    assert "Not checkable: an attribution, judgement or intention" in seed
    assert "Said by (per the article)" in seed and "What the article says" in seed
    others = cc.other_claims_html(ds, checked)
    assert "Briefing on April 4." not in others and "North Korea did it." not in others
    order = [others.index(h) for h in ("<h3>Contradicted (1)</h3>", "<h3>Supported (1)</h3>",
                                       "<h3>Not checkable (3)</h3>")]
    assert order == sorted(order) and "Partly supported" not in others
    # not checkable: one row per reason with its count, then each reason's claims once, not a reason per row
    assert others.count(cc.WHY_ATTRIBUTION) == 2  # the summary row and the group's caption
    assert f"{cc.WHY_ATTRIBUTION} (2)" in others and f"{cc.WHY_NO_EVENT} (1)" in others


def test_pages_with_nothing_to_show_say_so(ds):
    ds = _page_ds(ds)
    checked = cc.check_claims(ds).iloc[0:0]
    assert "No statement of the seed article matches these parameters." in cc.seed_table_html(ds, checked)
    assert cc.other_claims_html(ds, checked) == "<p><strong>No other claims match these parameters.</strong></p>"
    said = "No claims match these parameters."
    assert cc.key_figures(ds, checked).to_html() == f"<p class='key-figures' data-standfirst='{said}'>{said}</p>"


def test_method_states_the_thresholds_and_what_not_checkable_means(ds):
    ds = _page_ds(ds)
    text = cc.method_html(ds, cc.check_claims(ds))
    assert "supported within 10% of N and partly supported within 25%" in text
    assert "A claim is contradicted only by a recorded value, never by a missing one." in text
    assert "The figures on this page rest on 3 sources: " in text
    assert all(kind in text for kind in ("1 government", "1 news agency", "1 seed article"))


def test_verdict_figure_keeps_its_legend_off_the_bars_and_has_alt_text(ds):
    ds = _page_ds(ds)
    chart = cc.verdict_figure(ds, cc.check_claims(ds))
    fig = chart.figure
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # beside the plotting area, not over it
    assert fig.axes[0].get_title() == "Verdicts by where the claim was made"
    assert fig.ledger_caption.startswith("Window: claims as recorded.")
    assert chart.data.columns.tolist() == ["made_in", "supported", "partly_supported", "contradicted",
                                           "supported_(assessed)", "partly_supported_(assessed)",
                                           "contradicted_(assessed)", "not_supported_(assessed)", "not_checkable"]


def _assessed_ds(ds):
    """``_page_ds`` with two claims assessed from the sources: one of the seed article's, one other."""
    ds = _page_ds(ds)
    assessments = pd.DataFrame({
        "claim_id": ["seed-who", "agency-who-2", "gov-date"],
        "verdict": ["contradicted", "not supported", "supported"],
        "reasoning": ["The agency named another maker.", "No source gives the accuracy.", "Computed already."],
    })
    evidence = pd.DataFrame({"claim_id": ["seed-who", "agency-who-2", "gov-date"], "source_id": ["s2", "s1", "s1"]})
    return dataset(**{**ds.tables, "claim_assessments": assessments, "claim_evidence": evidence})


def test_assessed_verdicts_stand_apart_from_computed_ones(ds):
    ds_plain, ds = ds, _assessed_ds(ds)
    out = cc.check_claims(ds).set_index("claim_id")
    # computed verdicts are untouched; an assessment applies only where the data cannot compute
    assert out.loc["seed-who", "verdict"] == cc.NOT_CHECKABLE
    assert out.loc["seed-who", "assessed_verdict"] == "contradicted"
    assert out.loc["seed-who", "basis"] == "assessed"
    assert out.loc["seed-who", "shown_verdict"] == "contradicted (assessed)"
    assert out.loc["seed-who", "assessed_source_ids"] == ["s2"]
    assert out.loc["gov-date", "basis"] == "computed" and pd.isna(out.loc["gov-date", "assessed_verdict"])
    assert out.loc["agency-who-1", "basis"] == cc.NOT_CHECKABLE
    # the computed counts do not take in the assessed verdicts
    assert cc.verdict_counts(out) == cc.verdict_counts(cc.check_claims(_page_ds(ds_plain)))
    assert cc.assessed_counts(out) == {"supported": 0, "partly supported": 0, "contradicted": 1,
                                       "not supported": 1, "not checkable": 2}


def test_the_page_shows_assessed_verdicts_with_their_reasoning_and_evidence(ds):
    ds = _assessed_ds(ds)
    checked = cc.check_claims(ds)
    seed = cc.seed_table_html(ds, checked)
    assert "contradicted (assessed)" in seed
    assert "Assessed from the sources (the data cannot compute it): The agency named another maker." in seed
    assert 'href="https://agency.example/b"' in seed
    others = cc.other_claims_html(ds, checked)
    assert "<h3>Assessed from the sources (1)</h3>" in others and "No source gives the accuracy." in others
    assert others.index("Assessed from the sources (1)") < others.index("<h3>Not checkable (2)</h3>")
    figures = cc.key_figures(ds, checked).figures
    assert figures[0].sentence.endswith("The other 1 cannot be computed from the data; read against the sources, "
                                        "1 contradicted.")
    assert [f.value for f in figures] == ["1 of 2", "1 of 7", "0", "2", "2", "2"]
    assert figures[4].sentence == ("{value} more are attributions, wording or figures the data cannot compute, "
                                   "assessed instead by reading the sources: 1 contradicted and 1 not supported.")
    assert cc.verdict_figure(ds, checked).data.set_index("made_in").loc["seed_article",
                                                                        "contradicted_(assessed)"] == 1


def test_the_verdicts_parameter_matches_assessed_verdicts_too(ds):
    ds = _assessed_ds(ds)
    p = cc.parameters(ds, None, ["not supported"])
    assert cc.select(cc.check_claims(ds), p)["claim_id"].tolist() == ["agency-who-2"]
    with pytest.raises(Exception, match="verdicts"):
        cc.parameters(ds, None, ["refuted"])


def test_a_count_of_uses_is_never_compared_with_a_missile_count(ds):
    ds = _page_ds(ds)
    events = ds.events.copy()
    events["missile_count"] = pd.array([None, 50], dtype="Int64")
    ds = dataset(**{**ds.tables, "events": events})
    c = claim_rows([{"claim_id": "u", "claim_type": "count", "claimed_number": 50, "unit": "uses",
                     "event_id": "kharkiv", "scope": "dprk_missiles"},
                    {"claim_id": "m", "claim_type": "count", "claimed_number": 50, "unit": "missiles",
                     "event_id": "kharkiv", "scope": "dprk_missiles"}])
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out.loc["u", "verdict"] == cc.NOT_CHECKABLE and out.loc["u", "why_not_checkable"] == cc.WHY_USES
    assert out.loc["m", "verdict"] == cc.SUPPORTED


def _with_disclosure(ds):
    """``ds`` plus a prosecutor's disclosure event (a cumulative count: 24 missiles, 14 killed) reported by s3,
    and by s4 too."""
    events = pd.concat([ds.events, pd.DataFrame({
        "event_id": ["tally"], "date": pd.to_datetime(["2024-02-16"]), "title": ["Prosecutor: at least 24"],
        "place": ["Kyiv"], "oblast": ["Kyiv City"], "category": ["investigation"],
        "killed": pd.array([14], dtype="Int64"), "injured": pd.array([None], dtype="Int64"),
        "missile_count": pd.array([24], dtype="Int64")})], ignore_index=True)
    events["figure_scope"] = ["incident", "incident", "cumulative"]
    event_sources = pd.concat([ds.event_sources, pd.DataFrame({"event_id": ["tally", "tally"],
                                                                "source_id": ["s3", "s4"]})], ignore_index=True)
    return dataset(**{**ds.tables, "events": events, "event_sources": event_sources,
                      "sources": sources([("s1", "2024-01-04"), ("s2", "2024-01-03"), ("s3", "2024-02-16"),
                                          ("s4", "2024-02-17")])})


def test_a_claim_is_never_checked_against_its_own_statement(ds):
    """The prosecutor's 'at least 24', reported by s3, against the disclosure event that records the same
    statement (s3 among its sources): not computed, however well it would match."""
    ds = _with_disclosure(ds)
    c = claim_rows([{"claim_id": "own", "source_id": "s3", "claim_type": "count", "claimed_number": 24,
                     "qualifier": "at_least", "unit": "missiles", "event_id": "tally", "scope": "dprk_missiles"},
                    {"claim_id": "own-killed", "source_id": "s3", "claim_type": "count", "claimed_number": 20,
                     "qualifier": "more_than", "unit": "people", "event_id": "tally", "scope": "killed"},
                    {"claim_id": "other", "source_id": "s1", "claim_type": "count", "claimed_number": 3,
                     "unit": "people", "event_id": "kharkiv", "scope": "killed"}])
    out = cc.check_claims(ds, c).set_index("claim_id")
    for cid in ("own", "own-killed"):
        assert out.loc[cid, "verdict"] == cc.NOT_CHECKABLE
        assert out.loc[cid, "why_not_checkable"] == ("The record's figure is this claimant's own statement, not an "
                                                     "independent count")
    assert out.loc["other", "verdict"] == cc.SUPPORTED  # an incident's toll from other reporting is a record


def test_an_event_sourced_only_to_the_claim_is_not_a_record_of_it(ds):
    c = claim_rows([{"claim_id": "only", "source_id": "s2", "claim_type": "count", "claimed_number": 3,
                     "unit": "people", "event_id": "kharkiv", "scope": "killed"}])  # kharkiv's only source is s2
    ds = dataset(**{**ds.tables, "event_sources": pd.DataFrame({"event_id": ["briefing", "kharkiv"],
                                                                 "source_id": ["s1", "s2"]})})
    out = cc.check_claims(ds, c).set_index("claim_id")
    assert out.loc["only", "why_not_checkable"] == cc.WHY_OWN
