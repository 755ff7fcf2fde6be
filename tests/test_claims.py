"""Verdicts of the claims check, computed from small hand-built records."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import STANDARD_WEAPONS, dataset, sources, strikes, totals

from helpers import claims as cc

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
    assert out.loc["a", "record"] == "recorded date 2024-01-04 (Briefing)"
    assert out.loc["a", "evidence_source_ids"] == ["s1"]
    assert out.loc["b", "verdict"] == cc.SUPPORTED


def test_counts_over_a_window_use_report_totals_and_all_attacks(ds):
    drones = cc.count_in_window(ds, "2023-12-29", "2024-01-02", "drones")
    assert drones.value == 36 + 49 + 90 + 10 + 35
    assert "no figure recorded for 2023-12-30" in drones.text
    missiles = cc.count_in_window(ds, "2023-12-29", "2024-01-02", "missiles")
    assert missiles.value == 122 + 70
    none = cc.count_in_window(ds, "2024-03-29", "2024-04-02", "drones")
    assert none.value is None and none.text.startswith("no drones figure recorded")


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
    assert cc.verdict_table(checked)["claims"].tolist() == [2, 0, 1, 0]
