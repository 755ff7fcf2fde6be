"""North Korean missile figures, event filters and dataset coverage, on small hand-built frames."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import dataset, strikes, totals

from helpers import events
from helpers.pages import dprk, overview


def uses_frame():
    return pd.DataFrame({
        "event_id": ["a", "b", "c", "d"],
        "date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-02-07", "2024-08-11"]),
        "category": pd.Categorical(["dprk_missile_use"] * 4),
        "oblast": pd.Series(["Kharkiv Oblast", "Kyiv City", "Kharkiv Oblast", None], dtype="string"),
        "missile_count": pd.array([None, 1, 2, 4], dtype="Int64"),
        "killed": pd.array([3, 4, None, 2], dtype="Int64"),
        "injured": pd.array([64, None, 3, 3], dtype="Int64"),
        "confidence": pd.Categorical(["high", "medium", "medium", "low"], categories=["high", "medium", "low"]),
    })


def test_casualties_sum_known_figures_and_count_the_unknown():
    assert dprk.casualties(uses_frame()) == {"uses": 4, "killed": 9, "injured": 70,
                                             "uses_without_killed_figure": 1, "uses_without_injured_figure": 1}


def test_by_oblast():
    table = dprk.by_oblast(uses_frame())
    kharkiv = table.loc["Kharkiv Oblast"]
    assert (kharkiv["uses"], kharkiv["missiles"], kharkiv["uses_without_missile_count"], kharkiv["killed"]) == \
        (2, 2, 1, 3)
    assert table.loc["not given", "missiles"] == 4
    assert list(table.index) == ["Kharkiv Oblast", "Kyiv City", "not given"]  # uses naming no oblast come last
    assert table.loc["Kharkiv Oblast", "uses_without_casualty_figure"] == 0
    assert table.loc["Kyiv City", "uses_without_casualty_figure"] == 0  # killed given, injured not: a figure


def test_the_share_is_said_in_words_with_its_counts():
    value, sentence = dprk.share_in_words({"ballistic_launched": 20, "attributed_dprk": 1, "combined_label": 6,
                                           "share_low": 0.05, "share_high": 0.35})
    assert value == "5% to 35%"
    assert sentence.startswith("About {value} of the 20 ballistic missiles in the Air Force's national reports")
    assert "1 attributed to North Korea" in sentence and "up to 6 more" in sentence
    assert "rough range" in sentence and "{'" not in sentence
    value, sentence = dprk.share_in_words({"ballistic_launched": None, "attributed_dprk": None, "combined_label": 0,
                                           "share_low": None, "share_high": None})
    assert value == "No share" and "give no ballistic missile" in sentence
    value, sentence = dprk.share_in_words(None)  # no public table on this machine
    assert value == "No share" and "make external" in sentence


def table_frame(rows):
    """Rows of the public table as ``helpers.pages.airwar.classified`` gives them: date, label, class, launched,
    reporter, withheld."""
    return pd.DataFrame({
        "date": pd.to_datetime([r[0] for r in rows]), "label": pd.Series([r[1] for r in rows], dtype="string"),
        "class": [r[2] for r in rows], "launched": pd.array([r[3] for r in rows], dtype="Int64"),
        "reporter": [r[4] for r in rows], "withheld": [r[5] for r in rows]})


def test_ballistic_share_has_the_national_reports_ballistic_missiles_as_its_base():
    from helpers.pages import dprk_share

    b, mixed = "ballistic missiles", "missiles of several types counted together"
    frame = table_frame([
        ("2024-01-01", "Iskander-M", b, 10, "air_force", False),
        ("2024-01-02", "Iskander-M/KN-23", b, 6, "air_force", False),
        ("2024-01-02", "KN-23", b, 4, "air_force", False),
        ("2024-01-02", "Iskander-M/KN-23", b, 9, "air_command_south", False),  # a regional repeat: not in the base
        ("2024-01-03", "Iskander-M/KN-23", b, 0, "air_force", True),  # withheld: no count, not a zero
        ("2024-01-03", "X-47 Kinzhal and Iskander-M/KN-23", mixed, 7, "air_force", False),  # cannot be split
        ("2024-01-04", "Shahed-136/131", "strike drones", 35, "air_force", False),
        ("2024-04-02", "Iskander-M", b, 5, "air_force", False),
    ])
    uses = uses_frame().iloc[[1]]  # one use with 1 missile attributed, on 2 Jan 2024
    share = dprk_share.share(frame, uses, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"))
    assert {k: share[k] for k in ("ballistic_launched", "attributed_dprk", "combined_label", "share_low",
                                  "share_high", "withheld", "mixed_rows", "mixed_launched")} == {
        "ballistic_launched": 20, "attributed_dprk": 1, "combined_label": 10, "share_low": 0.05,
        "share_high": 0.55, "withheld": 1, "mixed_rows": 1, "mixed_launched": 7}
    value, sentence = dprk.share_in_words(share)
    assert value == "5% to 55%" and "1 rows with withheld counts are not in the base" in sentence
    quarters = dprk_share.by_quarter(frame, uses, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-30"))
    assert quarters[["ballistic_launched", "labelled", "attributed_dprk"]].astype(object).values.tolist() == [
        [20, 10, 1], [5, 0, 0]]  # no use in the second quarter: none attributed, not unknown
    assert quarters["partial"].tolist() == [False, True]  # the table's last row is 2 Apr 2024
    assert dprk_share.share(None, uses, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31")) is None


def test_filter_events_by_window_category_and_confidence():
    ev = uses_frame()
    ev["category"] = pd.Categorical(["dprk_missile_use", "statement", "dprk_missile_use", "dprk_missile_use"])
    ds = dataset(events=ev)
    got = events.filter_events(ds, "2024-01-01", "2024-02-28", ["dprk_missile_use"], None, "medium")
    assert list(got["event_id"]) == ["a", "c"]
    assert list(events.filter_events(ds, "2024-01-01", "2024-12-31", None, None, "high")["event_id"]) == ["a"]


def test_strike_day_coverage_shows_gaps_as_zero_and_says_which_days_were_checked():
    checked = pd.DataFrame({"date": pd.to_datetime(["2024-01-02", "2024-01-03"]),
                            "air_force_report": pd.array(["national", "none"], dtype="string")})
    ds = dataset(strikes=strikes([("2024-01-02", "main", "shahed", 35, 35, "s"),
                                  ("2024-01-02", "main", "kh-101", 70, 59, "s")]),
                 strike_totals=totals([("2024-01-02", "main", "drones", 35, 35, "t"),
                                       ("2024-01-04", "main", "drones", 2, 2, "t")]),
                 coverage=checked)
    cov = overview.strike_day_coverage(ds, "2024-01-01", "2024-01-04")
    assert cov.astype(object).where(cov.notna(), None).to_dict("list") == {
        "air_force_report": [None, "national", "none", None], "per_model_rows": [0, 2, 0, 0],
        "total_rows": [0, 1, 0, 1], "reports": [0, 2, 0, 1]}
    notes = overview.coverage_table(ds, "2024-01-01", "2024-01-04").frame["note"].tolist()
    assert notes == ["not checked: a gap in the record", "", "no attack reported", ""]


@pytest.mark.parametrize("radius, expected", [(100, 1), (2000, 2)])
def test_reach_counts_depend_on_the_range(radius, expected):
    from helpers import geo

    areas = pd.DataFrame({"place_id": ["belgorod"], "name": ["Belgorod"], "lat": [50.5997], "lon": [36.5983]})
    cities = pd.DataFrame({"place_id": ["kharkiv", "lviv"], "name": ["Kharkiv", "Lviv"],
                           "oblast": ["Kharkiv Oblast", "Lviv Oblast"],
                           "lat": [49.9935, 49.8397], "lon": [36.2304, 24.0297]})
    assert int(geo.reach(areas, cities, radius)["within_range"].sum()) == expected


def test_reach_of_a_gazetteer_with_two_places_of_one_name(tmp_path):
    """Two villages called Mykolaivka in the validated gazetteer: the reach table and map keep both,
    each with its own distance and a label naming its oblast."""
    from conftest import make_dataset

    import helpers.data

    folder = make_dataset(tmp_path)
    with (folder / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("mykolaivka-donetsk,Mykolaivka,city,UKR,Donetsk Oblast,48.86,37.58,,fixture-20240104-briefing,,\n"
                 "mykolaivka-sumy,Mykolaivka,city,UKR,Sumy Oblast,50.9,34.8,,fixture-20240104-briefing,,\n")
    ds = helpers.data.load(folder)
    p = dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"), 200.0, "low")
    table = dprk.reach_table(ds, p).set_index("city_id")
    assert set(table.index) == {"kharkiv", "mykolaivka-donetsk", "mykolaivka-sumy"}
    assert table.loc["mykolaivka-sumy", "city"] == "Mykolaivka (Sumy Oblast)"
    assert table.loc["mykolaivka-donetsk", "within_range"] != table.loc["mykolaivka-sumy", "within_range"]
    chart = dprk.reach_figure(ds, p)
    drawn = {t.get_text() for t in chart.figure.axes[0].texts}
    assert {"Mykolaivka (Donetsk Oblast)", "Mykolaivka (Sumy Oblast)", "Kharkiv"} <= drawn
    assert list(chart.data["city_id"]) == list(dprk.reach_table(ds, p)["city_id"])


def _fixture(tmp_path):
    from conftest import make_dataset

    import helpers.data

    folder = make_dataset(tmp_path)
    with (folder / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("fixture-20240103-other,Other Outlet,Other report,2024-01-03,shown,https://example.org/other,news,\n")
    with (folder / "event_sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("20240102-fixture-strike,fixture-20240103-other,2,,3,,Three missiles killed two people.,en,,,,\n")
    return helpers.data.load(folder)


def test_disagreements_list_each_figure_with_who_gives_it(tmp_path):
    ds = _fixture(tmp_path)
    p = dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"), 900.0, "low")
    found = dprk.disagreements(ds, dprk.uses(ds, p))
    assert found[["figure", "figure_used", "figures_given"]].to_dict("records") == [
        {"figure": "missiles", "figure_used": 1, "figures_given": "1 (Fixture Agency); 3 (Other Outlet)"}]
    html = dprk.disagreements_table(ds, dprk.uses(ds, p)).to_html()
    assert "Figures given (by whom)" in html and "2 Jan 2024" in html


def test_key_figures_are_sentences_with_sources_and_no_repr(tmp_path):
    ds = _fixture(tmp_path)
    p = dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"), 900.0, "low")
    uses = dprk.uses(ds, p)
    figures = dprk.key_figures(ds, uses, None, dprk.reach_table(ds, p), p)
    values = [f.value for f in figures.figures]
    assert values[:2] == ["1", "1"]  # one use; one missile counted
    assert values[-1] == "1 of 1"  # Kharkiv lies within 900 km of Belgorod
    html = figures.to_html()
    assert ("<strong>1</strong> reported use of North Korean missiles against Ukraine from 1 Jan 2024 to 31 Jan "
            "2024 in 1 oblast") in html
    assert "{" not in html and "None" not in html and "nan" not in html
    assert all(f.sources for f in figures.figures[:2])
    no_casualties = [f for f in figures.figures if "killed" in f.sentence]
    assert no_casualties == []  # the fixture gives no casualty figure: no sentence claims one


def test_the_uses_figure_keeps_uses_without_a_count_off_the_scale(tmp_path):
    import matplotlib.pyplot as plt

    ev = uses_frame().assign(place=["Kharkiv", "Kyiv", "Kharkiv", None], event_id=["a", "b", "c", "d"])
    ds = dataset(event_sources=pd.DataFrame({"event_id": [], "source_id": []}),
                 sources=pd.DataFrame({"source_id": [], "publisher": [], "url": [], "published": []}))
    p = dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"), 900.0, "low")
    chart = dprk.uses_figure(ds, ev, p)
    ax = chart.figure.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "not given" and "0.5" not in ticks
    hollow = [c for c in ax.collections if len(c.get_offsets()) == 1 and c.get_offsets()[0][1] < 0]
    assert len(hollow) == 1  # the one use without a count sits below zero, in its own lane
    assert "1 give no missile count" in chart.figure.ledger_caption
    plt.close(chart.figure)


def test_a_window_without_uses_says_so_and_draws_no_map(tmp_path):
    import matplotlib.pyplot as plt

    ds = _fixture(tmp_path)
    p = dprk.DprkParameters(pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-28"), 900.0, "low")
    uses = dprk.uses(ds, p)
    assert uses.empty and dprk.by_oblast(uses).empty
    figures = dprk.key_figures(ds, uses, None, dprk.reach_table(ds, p), p)
    assert [f.value for f in figures.figures][:2] == ["No", "No share"]
    chart = dprk.choropleth_figure(ds, uses, p)
    assert chart.figure.axes[0].texts[0].get_text().startswith("No reported use of North Korean missiles")
    assert "No reported use" in dprk.uses_table(ds, uses).data
    plt.close(chart.figure)


def test_a_day_with_only_the_air_forces_label_is_possible_not_attributed():
    """21 Mar 2024 rests only on the Air Force's combined Iskander-M/KN-23 label: it is no attributed day, and the
    largest-attacks list marks it possible (the label), while 2 Jan 2024 (debris matched) stays attributed."""
    from helpers import strikes
    from helpers.data import load
    from helpers.events import attributed_dates

    ds = load()
    days = attributed_dates(ds)
    assert pd.Timestamp("2024-03-21") not in days and pd.Timestamp("2024-01-02") in days
    top = strikes.largest_attacks(ds, "2024-03-21", "2024-03-21", 5)
    assert len(top) and set(top["dprk"]) == {"possible"}


def _label_frame():
    """Rows as ``dprk_share.public_table`` gives them: national and regional reports, KN-23 labels and others."""
    rows = [  # date, post, label, launched, destroyed, withheld, reporter
        ("2024-01-02", "p1", "Iskander-M/KN-23", 4, 1, False, "air_force"),       # the day of use a
        ("2024-01-02", "p1", "Kalibr", 10, 9, False, "air_force"),                 # not a label row
        ("2024-02-08", "p2", "KN-23", 2, 0, False, "air_force"),                   # the day after use c
        ("2024-03-01", "p3", "Iskander-M/KN-23", 3, 0, False, "air_force"),        # no use: label only
        ("2024-03-01", "p3", "C-400 and Iskander-M/KN-23", None, None, True, "air_force"),  # same report
        ("2024-03-05", "p4", "Iskander-M/KN-23", 5, 0, False, "air_command_south"),  # regional: left out
        ("2026-09-12", "p5", "Iskander-M/KN-23", None, None, True, "air_force"),   # withheld: no count
    ]
    frame = pd.DataFrame(rows, columns=["date", "source_id", "label", "launched", "destroyed", "withheld",
                                        "reporter"])
    return frame.assign(date=pd.to_datetime(frame["date"]), launched=frame["launched"].astype("Int64"),
                        destroyed=frame["destroyed"].astype("Int64"))


def test_label_nights_link_each_national_report_to_the_curated_use_of_its_day():
    from helpers.pages import dprk_nights

    ds = dataset(events=uses_frame(), dprk_evidence=pd.DataFrame(
        {"event_id": ["a", "c"], "grade": ["physical_evidence", "label_only"], "source_id": ["s1", "s2"]}))
    nights = dprk_nights.label_nights(_label_frame(), ds, "2024-01-01", "2026-09-30")
    assert list(nights["post"]) == ["p1", "p2", "p3", "p5"]
    assert list(nights["event_id"].fillna("-")) == ["a", "c", "-", "-"]
    assert list(nights["grade"]) == ["physical_evidence", "label_only", "label_only", "label_only"]
    assert list(nights["launched"].astype("Float64").fillna(-1)) == [4, 2, 3, -1]  # p3: the withheld row adds none
    assert list(nights["withheld"]) == [False, False, True, True]
    s = dprk_nights.summary(nights)
    assert (s["reports"], s["linked"], s["label_only"], s["label_only_missiles"], s["label_only_no_count"]) == \
        (4, 2, 2, 3, 1)
    value, sentence = dprk_nights.in_words(nights)
    assert value == "2 of 4"
    assert "the latest on 12 Sep 2026" in sentence and "possible North Korean launches, not attributed" in sentence
    years = dprk_nights.by_year(nights).frame.set_index("year")
    assert years.loc["2024", ["reports", "linked", "label_only"]].tolist() == [3, 2, 1]
    assert years.loc["2026", ["reports", "label_only", "no_count"]].tolist() == [1, 1, 1]
    assert pd.isna(years.loc["2026", "missiles"])  # a withheld count is unknown, not 0


def test_label_nights_need_the_table_and_an_empty_window_says_so():
    from helpers.pages import dprk_nights

    ds = dataset(events=uses_frame())
    assert dprk_nights.label_nights(None, ds, "2024-01-01", "2024-12-31") is None
    assert "need the public attack table" in dprk_nights.nights_figure(None, None, "2024").to_html()
    empty = dprk_nights.label_nights(_label_frame(), ds, "2025-01-01", "2025-12-31")
    assert empty.empty and dprk_nights.summary(empty)["reports"] == 0


def test_label_nights_of_a_window_without_the_label_say_so():
    from helpers.pages import dprk_nights

    ds = dataset(events=uses_frame())
    empty = dprk_nights.label_nights(_label_frame(), ds, "2025-01-01", "2025-12-31")
    assert "No national report in this window" in dprk_nights.by_year(empty).data
    assert dprk_nights.key_figure(empty, None) is None
    chart = dprk_nights.nights_figure(empty, "credit", "2025")
    assert chart.data.empty and chart.name == "dprk-label-nights"
