"""Attack-volume sums, rates, report choice and rankings on small hand-built frames; notebook 02's figure
data (every period, gaps flagged), key figures, tables and the load report as a page shows them."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import STANDARD_WEAPONS, dataset, events, sources, strikes, totals

from helpers import sources as source_links
from helpers import strikes as volume
from helpers.pages import volume as nb02
from helpers.strikes import period_range
from helpers.table.airforce import LoadReport
from helpers.weapons import weapon_table

SOURCES = sources([("a", "2024-01-02"), ("b", "2024-01-03"), ("c", "2024-01-01")])


def ds_with(strike_rows, total_rows=(), event_rows=()):
    return dataset(weapons=STANDARD_WEAPONS, sources=SOURCES, strikes=strikes(strike_rows),
                   strike_totals=totals(list(total_rows)),
                   events=events(list(event_rows)) if event_rows else events([]))


def test_group_weapon_gets_combined_origin_and_possible_dprk_flag():
    w = weapon_table(dataset(weapons=STANDARD_WEAPONS))
    assert w.loc["iskander-m-kn-23", "origin_label"] == "PRK/RUS"
    assert bool(w.loc["iskander-m-kn-23", "dprk_possible"]) and not bool(w.loc["iskander-m-kn-23", "dprk"])
    assert bool(w.loc["kn-23", "dprk"])
    assert w.loc["unknown-missile", "origin_label"] == "unknown"


def test_one_report_per_attack_and_weapon_most_complete_then_latest():
    ds = ds_with([
        ("2024-01-02", "main", "shahed", 35, None, "b"),   # later but incomplete
        ("2024-01-02", "main", "shahed", 35, 30, "a"),     # complete: chosen
        ("2024-01-02", "main", "kh-101", 70, 59, "c"),
        ("2024-01-02", "main", "kh-101", 72, 60, "b"),     # same completeness, later: chosen
        ("2024-01-02", "additional", "shahed", 10, 9, "c"),  # a separate attack: kept
    ])
    rows = volume.strike_rows(ds)
    got = {(r.attack, r.weapon_id): (r.launched, r.source_id) for r in rows.itertuples()}
    assert got == {("main", "kh-101"): (72, "b"), ("main", "shahed"): (35, "a"),
                   ("additional", "shahed"): (10, "c")}
    alt = volume.alternative_reports(ds.strikes, ds.sources, ["date", "attack", "weapon_id"])
    assert sorted(alt["source_id"]) == ["b", "c"]
    assert alt.set_index("source_id").loc["c", "chosen_launched"] == 72


def test_summary_sums_and_rate_treat_unknown_as_unknown():
    ds = ds_with([
        ("2024-01-01", "main", "shahed", 90, 87, "a"),
        ("2024-01-01", "main", "iskander-m", 4, None, "a"),   # no interception figure
        ("2024-01-02", "main", "kh-101", 70, 59, "a"),
        ("2024-01-03", "main", "iskander-m", 6, None, "a"),   # only unknowns that day
    ])
    daily = volume.summarise(volume.strike_rows(ds), "D")
    day1 = daily.loc[pd.Timestamp("2024-01-01")]
    assert (day1["launched"], day1["destroyed"], day1["launched_with_figure"], day1["launched_no_figure"]) == \
        (94, 87, 90, 4)
    assert day1["interception_rate"] == pytest.approx(87 / 90)
    day3 = daily.loc[pd.Timestamp("2024-01-03")]
    assert day3["launched"] == 6
    assert pd.isna(day3["destroyed"]) and pd.isna(day3["interception_rate"])


def test_weekly_and_monthly_periods_start_on_monday_and_the_first():
    ds = ds_with([
        ("2023-12-31", "main", "shahed", 49, 21, "a"),  # a Sunday
        ("2024-01-01", "main", "shahed", 90, 87, "a"),  # a Monday
        ("2024-01-08", "main", "shahed", 8, 8, "a"),
    ])
    weekly = volume.summarise(volume.strike_rows(ds), "W")
    assert list(weekly.index) == [pd.Timestamp("2023-12-25"), pd.Timestamp("2024-01-01"),
                                  pd.Timestamp("2024-01-08")]
    assert list(weekly["launched"]) == [49, 90, 8]
    monthly = volume.summarise(volume.strike_rows(ds), "M")
    assert list(monthly["launched"]) == [49, 98]
    with pytest.raises(ValueError, match="freq must be one of D, W, M"):
        volume.summarise(volume.strike_rows(ds), "Q")


def test_summary_by_class_and_filters():
    ds = ds_with([
        ("2024-01-02", "main", "kh-101", 70, 59, "a"),
        ("2024-01-02", "main", "shahed", 35, 35, "a"),
        ("2024-01-02", "main", "iskander-m-kn-23", 12, 0, "a"),
    ])
    by_class = volume.summarise(volume.strike_rows(ds), "D", by="weapon_class")
    assert by_class["launched"].droplevel(0).to_dict() == {"ballistic_missile": 12, "cruise_missile": 70,
                                                           "strike_drone": 35}
    only = volume.strike_rows(ds, classes=["ballistic_missile"], origins=["PRK/RUS"])
    assert list(only["weapon_id"]) == ["iskander-m-kn-23"]
    assert volume.strike_rows(ds, start="2024-01-03").empty


def test_interception_rate_is_never_a_division_by_zero():
    rate = volume.interception_rate(pd.Series([0, 5, None], dtype="Int64"), pd.Series([0, 10, None], dtype="Int64"))
    assert pd.isna(rate[0]) and rate[1] == 0.5 and pd.isna(rate[2])


def test_attack_sizes_prefer_report_totals_and_mark_dprk():
    ds = ds_with(
        [("2024-01-02", "main", "kh-101", 70, 59, "a"), ("2024-01-02", "main", "shahed", 35, 35, "a"),
         ("2024-01-05", "main", "shahed", 29, 21, "a"),
         ("2024-02-15", "main", "iskander-m-kn-23", 6, 1, "a")],
        [("2024-01-02", "main", "missiles", 99, 72, "a"), ("2024-01-02", "main", "drones", 35, 35, "a")],
        [("e1", "2024-01-02", "dprk_missile_use")],
    )
    sizes = volume.attack_sizes(ds).set_index("date")
    assert sizes.loc["2024-01-02", "launched"] == 134 and sizes.loc["2024-01-02", "destroyed"] == 107
    assert sizes.loc["2024-01-02", "basis"] == "report total"
    assert sizes.loc["2024-01-05", "basis"] == "sum of per-model rows"
    assert sizes.loc["2024-01-02", "dprk"] == "attributed"
    assert sizes.loc["2024-02-15", "dprk"] == "possible"
    assert sizes.loc["2024-01-05", "dprk"] == ""
    top = volume.largest_attacks(ds, top_n=2)
    assert list(top["rank"]) == [1, 2] and list(top["launched"]) == [134, 29]


def test_kind_totals_take_report_totals_over_an_incomplete_split():
    ds = ds_with(
        [("2023-12-29", "main", "kh-101", 90, None, "a"), ("2023-12-29", "main", "shahed", 36, 27, "a"),
         ("2024-01-01", "main", "iskander-m", 4, None, "a"), ("2024-01-01", "main", "shahed", 90, 87, "a")],
        [("2023-12-29", "main", "missiles", 122, 87, "b")],
    )
    kt = volume.kind_totals(ds).set_index(["date", "kind"])
    assert kt.loc[("2023-12-29", "missiles"), "launched"] == 122
    assert kt.loc[("2023-12-29", "missiles"), "basis"] == "report total"
    assert kt.loc[("2023-12-29", "drones"), "basis"] == "sum of per-model rows"
    assert pd.isna(kt.loc[("2024-01-01", "missiles"), "launched_with_figure"])
    summary = volume.summarise_kinds(volume.kind_totals(ds), "M")
    jan = summary.loc[(pd.Timestamp("2024-01-01"), "drones")]
    assert (jan["launched"], jan["destroyed"]) == (90, 87)
    dec = summary.loc[(pd.Timestamp("2023-12-01"), "missiles")]
    assert dec["interception_rate"] == pytest.approx(87 / 122)
    assert pd.isna(summary.loc[(pd.Timestamp("2024-01-01"), "missiles"), "interception_rate"])


# ---------------------------------------------------------------- notebook 02: periods, figure, key figures

FULL_SOURCES = pd.DataFrame({
    "source_id": ["a", "b", "c", "e"],
    "publisher": ["Outlet A", "Outlet B", "Outlet A", "Prosecutor E"],
    "url": ["https://a.example/1", "https://b.example/1", "https://a.example/2", "https://e.example/1"],
    "published": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-01", "2024-01-20"]),
    "kind": ["news", "news", "news", "prosecutor"],
})


def full_ds(strike_rows, total_rows=(), event_rows=()):
    ds = ds_with(strike_rows, total_rows, event_rows)
    ev = events(list(event_rows)) if event_rows else events([])
    links = pd.DataFrame({"event_id": list(ev["event_id"]), "source_id": ["e"] * len(ev)})
    return dataset(weapons=STANDARD_WEAPONS, sources=FULL_SOURCES, strikes=ds.strikes,
                   strike_totals=ds.strike_totals, events=ev, event_sources=links)


def params_for(ds, start, end, freq, classes=None, origins=None, top_n=10):
    return nb02.parameters(ds, start, end, freq, classes or [], origins or [], top_n)


# Three weeks, the middle one with no record at all; a DPRK use attributed in that empty week.
WEEKS = dict(
    strike_rows=[("2024-01-03", "main", "shahed", 40, 30, "a"), ("2024-01-03", "main", "kh-101", 20, 15, "a"),
                 ("2024-01-18", "main", "iskander-m-kn-23", 4, 1, "b"), ("2024-01-18", "main", "shahed", 6, 6, "b")],
    event_rows=[("use-1", "2024-01-10", "dprk_missile_use")],
)


def test_period_range_covers_the_window_and_cuts_its_first_and_last_weeks():
    weeks = period_range("2024-01-03", "2024-01-23", "W")
    assert list(weeks["period"].dt.strftime("%Y-%m-%d")) == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    assert list(weeks["first"].dt.strftime("%d")) == ["03", "08", "15", "22"]
    assert list(weeks["last"].dt.strftime("%d")) == ["07", "14", "21", "23"]
    assert len(period_range("2024-01-30", "2024-03-02", "M")) == 3
    with pytest.raises(ValueError, match="freq must be one of D, W, M"):
        period_range("2024-01-01", "2024-01-02", "Q")


def test_every_period_of_the_window_is_in_the_figure_data_and_gaps_are_flagged_not_zero():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    assert list(data["period"]) == ["1–7 Jan 2024"] * 2 + ["8–14 Jan 2024"] * 2 + ["15–21 Jan 2024"] * 2
    assert list(data["kind"].astype(str)) == ["missiles", "drones"] * 3
    gap = data[data["period"] == "8–14 Jan 2024"]
    assert set(gap["record"]) == {"no record"}
    assert gap["launched"].isna().all() and gap["interception_rate"].isna().all()  # unknown, not 0
    assert set(data.loc[data["period"] != "8–14 Jan 2024", "record"]) == {"recorded"}
    week1 = data.set_index(["period", "kind"]).loc[("1–7 Jan 2024", "missiles")]
    assert (week1["launched"], week1["destroyed"]) == (20, 15)
    assert week1["interception_rate"] == pytest.approx(0.75)
    assert week1["rate_low"] < 0.75 < week1["rate_high"]


def test_dprk_marks_attributed_even_in_a_week_with_no_record_and_possible_from_the_combined_label():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    missiles = data[data["kind"] == "missiles"].set_index("period")["north_korean_missiles"]
    assert missiles.to_dict() == {"1–7 Jan 2024": "", "8–14 Jan 2024": "attributed", "15–21 Jan 2024": "possible"}
    assert set(data.loc[data["kind"] == "drones", "north_korean_missiles"]) == {""}


def test_rates_from_fewer_than_ten_are_kept_out_of_the_figure():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p).set_index(["period", "kind"])
    assert bool(data.loc[("1–7 Jan 2024", "missiles"), "rate_in_figure"])      # 20 launched with a figure
    assert not bool(data.loc[("15–21 Jan 2024", "missiles"), "rate_in_figure"])  # 4
    assert not bool(data.loc[("8–14 Jan 2024", "drones"), "rate_in_figure"])     # no record


def test_a_window_that_cuts_its_weeks_names_only_its_own_days():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-03", "2024-01-18", "W")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    assert list(dict.fromkeys(data["period"])) == ["3–7 Jan 2024", "8–14 Jan 2024", "15–18 Jan 2024"]
    assert str(data["period_start"].iloc[0].date()) == "2024-01-03"


def test_daily_window_shows_every_day_and_monthly_names_whole_months():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-02", "2024-01-05", "D")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    days = data[data["kind"] == "drones"]
    assert list(days["period"]) == ["2 Jan 2024", "3 Jan 2024", "4 Jan 2024", "5 Jan 2024"]
    assert list(days["record"]) == ["no record", "recorded", "no record", "no record"]
    assert volume.period_label(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"), "M") == "Jan 2024"
    assert volume.period_label(pd.Timestamp("2023-12-25"), pd.Timestamp("2024-01-01"), "W") == \
        "25 Dec 2023 – 1 Jan 2024"
    assert volume.period_label(pd.Timestamp("2024-01-29"), pd.Timestamp("2024-02-04"), "W") == "29 Jan – 4 Feb 2024"


def test_a_class_filter_shows_only_the_kinds_it_can_count():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W", classes=["ballistic_missile"])
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    assert set(data["kind"].astype(str)) == {"missiles"}
    assert list(data["record"]) == ["no record", "no record", "recorded"]
    assert list(data["launched"].astype("Float64").fillna(-1)) == [-1, -1, 4]


def test_the_chart_carries_its_data_and_draws_each_period_at_its_tick():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    chart = nb02.figure(ds, data, p)
    try:
        assert chart.data is data
        missiles_ax = chart.figure.axes[0]
        assert [round(t, 1) for t in missiles_ax.get_xticks()] == [-0.5, 0.5, 1.5, 2.5]  # each week's start
        assert list(missiles_ax.get_xticks(minor=True)) == [0, 1, 2]                    # labels at the middle
        labels = [t.get_text() for t in chart.figure.axes[-1].get_xticklabels(minor=True)]
        assert labels == ["1–7 Jan\n2024", "8–14 Jan", "15–21 Jan"]
        hatched = [a for a in missiles_ax.patches if a.get_hatch()]
        assert len(hatched) == 1                                          # the empty week, once per panel
        assert "no record" in chart.figure.ledger_caption and "fewer than 10" in chart.figure.ledger_caption
        legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
        assert "North Korean missiles attributed" in legend and "no record (not zero)" in legend
    finally:
        import matplotlib.pyplot as plt

        plt.close(chart.figure)


def test_period_table_has_every_period_in_words_with_rates_and_no_record():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    page_html = nb02.period_table(nb02.periods(ds, nb02.period_summary(ds, p), p)).to_html()
    assert "8–14 Jan 2024" in page_html and "no record" in page_html
    assert "75.0% (" in page_html and "Missiles launched" in page_html
    for bad in ("<NA>", "NaN", "nan", "_launched", "True", "False"):
        assert bad not in page_html


def test_key_figures_are_computed_with_rate_interval_largest_attack_and_dprk_days():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2024-01-01", "2024-01-21", "W")
    figures = nb02.key_figures(ds, nb02.period_summary(ds, p), p).figures
    missiles, drones, largest, dprk = figures
    assert missiles.value == "24" and "of the 24 whose report gives an interception figure, 16 were shot down" \
        in missiles.sentence and "66.7% (95% interval" in missiles.sentence
    assert drones.value == "46"
    assert largest.value == "60" and "3 Jan 2024" in largest.sentence
    assert dprk.value == "1" and "10 Jan 2024" in dprk.sentence and "1 more" in dprk.sentence
    assert [s[0] for s in dprk.sources] == ["Prosecutor E"]


def test_cite_tells_two_pages_of_one_publisher_apart_and_caps_the_list():
    ds = full_ds(**WEEKS)
    assert source_links.cite(ds, ["a;c", "b"]) == (("Outlet A, 2 Jan 2024", "https://a.example/1"),
                                          ("Outlet A, 1 Jan 2024", "https://a.example/2"),
                                          ("Outlet B", "https://b.example/1"))
    assert source_links.cite(ds, ["a", "b", "c"], limit=1)[-1] == ("and 2 more, listed in the tables below", None)


def test_empty_window_shows_a_note_and_keeps_every_period_in_the_data():
    ds = full_ds(**WEEKS)
    p = params_for(ds, "2023-03-01", "2023-03-03", "D")
    data = nb02.periods(ds, nb02.period_summary(ds, p), p)
    assert len(data) == 6 and set(data["record"]) == {"no record"}
    chart = nb02.figure(ds, data, p)
    assert "No attack volume recorded" in chart.figure.ledger_caption or chart.figure.axes[0].texts
    import matplotlib.pyplot as plt

    plt.close(chart.figure)
    assert "No attack" in nb02.largest_table(ds, p).data


def test_load_report_shows_the_files_counts_as_whole_numbers():
    from helpers import strikes as core

    report = LoadReport(file="t.csv", rows_read=12345, rows_kept=12345, destroyed_over_launched=pd.DataFrame({
        "row": [6], "time_start": ["2024-01-01 04:00"], "time_end": ["2024-01-01 04:10"], "model": ["X"],
        "launched": pd.array(["2.0"], dtype="string"), "destroyed": pd.array(["4.0"], dtype="string")}))
    page_html = core.load_report_html(report)
    assert "12,345" in page_html and "2.0" not in page_html and "4.0" not in page_html
    assert ">2</td>" in page_html and ">4</td>" in page_html and "Row in the file" in page_html
