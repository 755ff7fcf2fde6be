"""Notebooks 05 (reconciliation) and 00 (dataset) as pages: key figures computed from the tables,
tables in words, the reconciliation figure's data, and 05 with no table showing a note and nothing
else (run for real with papermill)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import papermill
import pytest
from conftest import FIXTURES
from nbrun import NOTEBOOKS

import helpers.data
from helpers.mime import RECORD_MIME
from helpers.pages import overview, reconcile
from helpers.table import airforce

DS = helpers.data.load()
AF_FIXTURE = FIXTURES / "airforce" / "attacks.csv"


@pytest.fixture(scope="module")
def rec():
    external, _, _ = airforce.load(DS, AF_FIXTURE)
    return reconcile.reconcile(DS, external, "2024-01-01", "2024-01-10")


def test_table_names_classes_in_words_and_signs_differences(rec):
    page = reconcile.table(DS, rec).to_html()
    assert "strike drone" in page and "strike_drone" not in page
    assert "Launched: difference" in page and "curated_launched" not in page
    for bad in ("<NA>", "NaN", "nan<", "True", "False"):
        assert bad not in page
    diffs = rec["launched_difference"].dropna()
    for value in diffs[diffs != 0]:
        shown = f"+{int(value)}" if value > 0 else f"\u2212{-int(value)}"
        assert f">{shown}</td>" in page


def test_key_figures_count_pairs_and_agreement(rec):
    figures = reconcile.key_figures(DS, rec, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-10"),
                                    "attacks.csv").figures
    assert figures[0].value == str(len(rec))
    agree = int((rec["launched_difference"] == 0).sum())
    assert figures[1].value == str(agree) and f"of the {len(rec)} agree" in figures[1].sentence
    assert all(any("attacks.csv" in label for label, _ in f.sources) for f in figures)
    if (rec["launched_difference"].fillna(0) != 0).any():
        top = rec.iloc[0]
        assert len(figures) == 3 and str(abs(int(top["launched_difference"]))) in figures[2].value


def test_key_figures_with_nothing_in_common_say_so():
    empty = reconcile.reconcile(DS, DS, "2022-03-01", "2022-03-02")
    shown = reconcile.key_figures(DS, empty, pd.Timestamp("2022-03-01"), pd.Timestamp("2022-03-02"), "x.csv")
    assert shown.figures == [] and "No date and weapon class" in shown.to_html()
    assert "No date and weapon class" in reconcile.table(DS, empty).data


def test_figure_data_carries_each_pairs_verdict_and_marks_every_pair(rec):
    chart = reconcile.figure(DS, rec, "2024-01-01", "2024-01-10")
    try:
        assert len(chart.data) == len(rec)
        expected = ["agree" if d == 0 and (pd.isna(s) or s == 0) else None
                    for d, s in zip(rec["launched_difference"], rec["destroyed_difference"], strict=True)]
        got = list(chart.data["verdict"])
        assert [g for g, e in zip(got, expected, strict=True) if e] == [e for e in expected if e]
        marks = sum(len(c.get_offsets()) for c in chart.figure.axes[0].collections)
        assert marks == len(rec)
        assert "public table minus curated record" in chart.figure.ledger_caption
        assert chart.figure.legends, "the legend sits outside the axes"
    finally:
        plt.close(chart.figure)


def test_no_table_note_says_how_to_give_one():
    note = reconcile.no_table_note().data
    assert "No table given" in note and "external_path" in note and "missile_attacks_daily.csv" in note


@pytest.mark.kernel
def test_without_a_table_the_page_shows_the_note_and_no_figure_or_table(tmp_path):
    out = tmp_path / "05.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "05-reconciliation.ipynb"), str(out), parameters={},
                               kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    outputs = [o for c in nbformat.read(out, as_version=4)["cells"] for o in c.get("outputs", [])]
    shown = [o for o in outputs if RECORD_MIME not in o.get("data", {})]
    html = "".join(o.get("data", {}).get("text/html", "") for o in shown)
    assert "No table given" in html
    assert not any("image/png" in o.get("data", {}) for o in shown)
    assert "<table" not in html and "Key figures" not in str(shown)


def test_dataset_facts_match_the_tables():
    facts = overview.facts(DS, "2023-12-29", "2024-01-08")
    assert facts["sources"] == len(DS.sources) and facts["claims"] == len(DS.claims)
    assert facts["dprk_uses"] == int((DS.events["category"] == "dprk_missile_use").sum())
    primary = DS.sources["kind"].astype("string").isin(["government", "military", "prosecutor", "un"]).sum()
    assert facts["primary_sources"] == int(primary)
    cov = overview.strike_day_coverage(DS, "2023-12-29", "2024-01-08")
    assert (facts["days"], facts["days_covered"]) == (len(cov), int((cov["reports"] > 0).sum()))
    figures = overview.key_figures(DS, "2023-12-29", "2024-01-08").figures
    assert 3 <= len(figures) <= 6 and figures[1].value == f"{len(DS.sources):,}"
    from helpers.data.quality import unquoted
    assert facts["figure_rows"] - facts["quoted_rows"] == len(unquoted(DS)) > 0
    assert f"{facts['quoted_rows']:,} of the {facts['figure_rows']:,} figures carry their source's own words" in \
        figures[2].sentence
    assert all(f.sources for f in figures)


def test_dataset_tables_are_in_words():
    pages = [overview.sizes_table(DS).to_html(), overview.events_table(DS).to_html(),
             overview.sources_table(DS).to_html(),
             overview.coverage_table(DS, "2023-12-29", "2024-01-08").to_html()]
    joined = "".join(pages)
    assert "use of North Korean missiles" in joined and "dprk_missile_use" not in joined
    assert "news agency" in joined and "news_agency" not in joined
    assert "29 Dec 2023" in joined and "%" in pages[2]
    for bad in ("<NA>", "NaN", "per_model_rows", "one_row_is", "`"):
        assert bad not in joined
    assert "Passing validation guarantees" in overview.method(DS)


def test_pairs_copied_from_the_table_are_marked_and_counted_apart(rec):
    """A curated figure copied from the table's own post agrees by construction: it is marked, and the key
    figure counts the agreement of the pairs that rest on press reports apart."""
    for ids, where in zip(rec["curated_sources"], rec["curated_from"], strict=True):
        copied = [i.startswith("kpszsu-") for i in ids.split(";")]
        assert where == ("this table" if all(copied) else "press reports" if not any(copied) else "both")
    assert {"this table", "press reports"} <= set(rec["curated_from"])
    figures = reconcile.key_figures(DS, rec, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-10"), "t.csv")
    own = int((rec["curated_from"] == "this table").sum())
    indep = rec[rec["curated_from"] != "this table"]
    assert (f"{own} of the pairs take every curated figure from the Air Force's posts as this table records them"
            in figures.figures[1].sentence)
    assert (f"of the {len(indep)} that rest at least in part on press reports, "
            f"{int((indep['launched_difference'] == 0).sum())} agree" in figures.figures[1].sentence)
    assert "Curated figure from" in reconcile.table(DS, rec).to_html()
