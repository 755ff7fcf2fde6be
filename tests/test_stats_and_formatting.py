"""The Wilson interval against published values, and the table formatter's rules."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import formatting as fmt
from helpers.stats import wilson, wilson_interval


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score, no correction)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
    # Brown, Cai & DasGupta (2001) discuss n = 4: three of four is consistent with about 30% to 95%
    (3, 4, 0.3006, 0.9544),
])
def test_wilson_interval_matches_published_values(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=5e-5) and hi == pytest.approx(high, abs=5e-5)


def test_wilson_edge_cases():
    assert wilson(0, 0) is None
    lo, hi = wilson(4, 4)
    assert hi == 1.0 and 0.5 < lo < 0.52
    with pytest.raises(ValueError, match="between 0 and trials"):
        wilson(5, 4)
    lows, highs = wilson_interval(pd.Series([160, None, 0], dtype="Int64"), pd.Series([222, 10, 0], dtype="Int64"))
    assert lows.isna().tolist() == [False, True, True]
    assert round(float(lows[0]), 3) == 0.658 and round(float(highs[0]), 3) == 0.776


def test_labels_are_words():
    assert fmt.label("launched_with_figure") == "Launched with an interception figure"
    assert fmt.label("distance_km") == "Distance (km)"
    assert fmt.label("nearest_city_id") == "Nearest city ID"
    assert fmt.label("uses_per_oblast") == "Uses per oblast"


def test_cell_rules():
    assert fmt.count(1234567) == "1,234,567" and fmt.count(pd.NA) == "–"
    assert fmt.percent(0.713115) == "71.3%"
    assert fmt.rate_with_interval(0.7211, 0.6601, 0.7744) == "72.1% (66.0–77.4%)"
    assert fmt.date(pd.Timestamp("2023-12-29")) == "29 Dec 2023" and fmt.date(None) == "–"
    assert fmt.boolean(True) == "yes" and fmt.boolean(False) == "no"
    assert fmt.text(["a", "b"]) == "a; b"
    with pytest.raises(TypeError, match="dict"):
        fmt.text({"share_low": 0.2})


def _table(**kw):
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2023-12-29", "2024-01-02"]),
        "title": ['<script>alert(1)</script>', "=HYPERLINK(\"x\")"],
        "launched": pd.array([1234, None], dtype="Int64"),
        "interception_rate": [0.72115, None], "rate_low": [0.6601, None], "rate_high": [0.7744, None],
        "within_range": [True, False],
    }, index=pd.Index([7, 8], name=None))
    return fmt.table(frame, rates={"interception_rate": ("rate_low", "rate_high")}, **kw).to_html()


def test_table_html_follows_every_rule():
    out = _table(links={"sources": [[("Reuters <b>", "https://example.org/a")], [("X", "javascript:alert(1)")]]})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script>" not in out
    assert "javascript:" not in out and '<a href="https://example.org/a"' in out and "Reuters &lt;b&gt;" in out
    assert "29 Dec 2023" in out and "1,234" in out and "72.1% (66.0–77.4%)" in out
    assert ">yes<" in out and ">no<" in out and "–" in out
    assert "not reported: unknown, which is never counted as zero" in out
    assert "Launched" in out and "Interception rate (95% interval)" in out and "Within range" in out
    assert "rate_low" not in out and "interception_rate" not in out and "<NA>" not in out and "nan" not in out
    assert ">7<" not in out  # no index column
    assert "class='table-scroll'" in out


def test_long_tables_show_their_first_rows_and_the_rest_on_request():
    frame = pd.DataFrame({"n": range(84)})
    out = fmt.table(frame).to_html()
    assert out.count("<table") == 2
    assert "<details class='table-rest'><summary>Show the other 59 rows (of 84)</summary>" in out
    short, rest = out.split("<details")
    assert short.count("<tr>") == 26 and rest.count("<tr>") == 60  # each a header row, then 25 and 59 rows
    assert ">24<" in short and ">25<" not in short and ">25<" in rest and ">24<" not in rest  # no row twice
    assert "tabindex='0' role='group' aria-label='Table: N'" in short  # a scroll box a keyboard reaches


def test_prose_tables_become_cards_on_a_phone_and_number_tables_do_not():
    prose = fmt.table(pd.DataFrame({"who": ["A"], "said": ["a sentence long enough to be prose, not a figure"]}))
    numbers = fmt.table(pd.DataFrame({"year": ["2024"], "n": [3]}))
    assert '<table class="ledger cards">' in prose.to_html() and 'data-label="Said"' in prose.to_html()
    assert '<table class="ledger">' in numbers.to_html() and "data-label" not in numbers.to_html()


def test_a_dict_never_reaches_a_page():
    with pytest.raises(TypeError, match="holds dicts"):
        fmt.table(pd.DataFrame({"share": [{"share_low": 0.28}]}))


@pytest.mark.parametrize("parts, text", [([], ""), (["a"], "a"), (["a", "b"], "a and b"),
                                         (["1 supported", "2 contradicted", "3 not supported"],
                                          "1 supported, 2 contradicted and 3 not supported")])
def test_a_listing_reads_as_a_sentence(parts, text):
    assert fmt.listing(parts) == text
