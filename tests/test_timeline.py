"""The timeline page from small hand-built records: its key figures, a figure whose attacks stay
visible and whose legends stay off the data, and an event table in words."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from frames import STANDARD_WEAPONS, dataset, strikes, totals
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import Rectangle

from helpers.pages import timeline as tl

CATEGORIES = ["arms_transfer", "dprk_missile_use", "mass_strike", "statement", "investigation", "diplomacy"]


def _events(rows):
    """rows of (event_id, date, category, title, place, oblast, killed, precision)."""
    df = pd.DataFrame(rows, columns=["event_id", "date", "category", "title", "place", "oblast", "killed",
                                     "date_precision"])
    df["date"] = pd.to_datetime(df["date"])
    df["category"] = pd.Categorical(df["category"], categories=CATEGORIES)
    df["date_precision"] = pd.Categorical(df["date_precision"], categories=["day", "month"])
    df["killed"] = df["killed"].astype("Int64")
    df["injured"] = pd.array([None] * len(df), dtype="Int64")
    df["missile_count"] = pd.array([1 if c == "dprk_missile_use" and i == "use-1" else None
                                    for c, i in zip(df["category"], df["event_id"], strict=True)], dtype="Int64")
    df["confidence"] = pd.Categorical(["high"] * len(df), categories=["low", "medium", "high"])
    for c in ("title", "place", "oblast"):
        df[c] = df[c].astype("string")
    return df


@pytest.fixture
def ds():
    events = _events([
        ("summit", "2023-09-13", "arms_transfer", "Summit", "Vostochny", None, None, "day"),
        ("barrage", "2023-12-29", "mass_strike", "Barrage", None, None, 40, "day"),
        ("use-1", "2023-12-30", "dprk_missile_use", "First use", "Zaporizhzhia", "Zaporizhzhia Oblast", None, "day"),
        ("use-2", "2024-01-02", "dprk_missile_use", "Kharkiv hit", "Kharkiv", "Kharkiv Oblast", 3, "day"),
        ("use-3", "2024-01-02", "dprk_missile_use", "Kyiv part", "Kyiv", "Kyiv City", 4, "day"),
        ("probe", "2024-02-01", "investigation", "Cases counted", None, None, None, "month"),
    ])
    srcs = pd.DataFrame({
        "source_id": ["news-a", "gov", "agency", "af"],
        "publisher": ["Daily A", "Ministry", "Wire", "Air Force"],
        "url": ["https://a.example/1", "https://gov.example/2", "https://wire.example/3", "https://af.example/4"],
        "kind": ["news", "government", "news_agency", "military"],
        "published": pd.to_datetime(["2023-09-13", "2024-01-03", "2023-12-31", "2024-01-02"]),
    })
    links = pd.DataFrame({"event_id": ["summit", "barrage", "barrage", "use-1", "use-1", "use-2", "use-3", "probe"],
                          "source_id": ["news-a", "news-a", "gov", "news-a", "agency", "gov", "agency", "news-a"]})
    return dataset(
        weapons=STANDARD_WEAPONS, events=events, event_sources=links, sources=srcs,
        strikes=strikes([("2023-12-29", "main", "kh-101", 90, 60, "af"),
                         ("2023-12-30", "main", "kn-23", 1, 0, "af"),
                         ("2024-01-01", "main", "shahed", 90, 87, "af"),
                         ("2024-01-01", "additional", "shahed", 10, 9, "af"),
                         ("2024-01-02", "main", "iskander-m-kn-23", 10, 3, "af"),
                         ("2024-01-03", "main", "iskander-m-kn-23", 6, 1, "af"),
                         ("2024-01-04", "main", "shahed", None, None, "af")]),
        strike_totals=totals([("2023-12-29", "main", "missiles", 122, 87, "af")]),
    )


def _params(start, end):
    return tl.TimelineParameters(pd.Timestamp(start), pd.Timestamp(end), CATEGORIES, None, "low")


def _sizes(ds, start, end):
    return tl.attack_sizes(ds, start, end)


def _draw(ds, start, end):
    p = _params(start, end)
    fig = tl.timeline_figure(tl.select(ds, p), _sizes(ds, start, end), p.start, p.end, p.categories)
    fig.canvas.draw()
    return fig


def test_over_two_years_attacks_are_stems_with_dots_not_hairline_bars(ds):
    fig = _draw(ds, "2023-09-01", "2025-12-31")
    bars = fig.axes[1]
    assert not [p for p in bars.patches if isinstance(p, Rectangle)]
    stems = [c for c in bars.collections if isinstance(c, LineCollection)]
    assert stems and all(w >= 2 for c in stems for w in c.get_linewidths())
    dots = [c for c in bars.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in dots) == 6 + 1  # six attacks with a size, one drawn as "x"
    assert all(s >= 40 for c in dots for s in c.get_sizes())


def test_in_a_short_window_attacks_are_bars_and_two_on_one_day_are_stacked(ds):
    fig = _draw(ds, "2023-12-29", "2024-01-04")
    bars = [p for p in fig.axes[1].patches if isinstance(p, Rectangle)]
    by_day = {}
    for b in bars:
        by_day.setdefault(round(b.get_x() + b.get_width() / 2, 3), []).append((b.get_y(), b.get_height()))
    stacked = [sorted(v) for v in by_day.values() if len(v) == 2]
    assert stacked == [[(0.0, 90.0), (90.0, 10.0)]]  # 1 Jan: the main attack, the additional one on top
    assert all(b.get_width() == pytest.approx(0.8) for b in bars)


def test_an_attack_with_no_size_is_marked_not_drawn_as_zero(ds):
    fig = _draw(ds, "2023-12-29", "2024-01-04")
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "attack recorded,\nsize not reported" in labels
    assert not [b for b in fig.axes[1].patches if isinstance(b, Rectangle) and b.get_height() == 0]


def test_legends_explain_every_colour_and_sit_beside_the_data(ds):
    fig = _draw(ds, "2023-09-01", "2025-12-31")
    lanes, bars = fig.axes
    labels = [t.get_text() for t in bars.get_legend().get_texts()]
    assert labels == [tl.VOLUME_LABELS["attributed"], tl.VOLUME_LABELS["possible"], tl.VOLUME_LABELS[""],
                      "attack recorded,\nsize not reported"]
    for ax in (lanes, bars):
        assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1
    assert [t.get_text() for t in lanes.get_yticklabels()] == [tl.category_label(c) for c in CATEGORIES]
    colours = [matplotlib.colors.to_hex(t.get_color()) for t in lanes.get_yticklabels()]
    assert colours[CATEGORIES.index("dprk_missile_use")] == tl.plots.DPRK.lower()


def test_two_events_of_one_lane_on_one_day_are_drawn_apart(ds):
    fig = _draw(ds, "2023-09-01", "2025-12-31")
    lane = CATEGORIES.index("dprk_missile_use")
    ys = sorted(y for c in fig.axes[0].collections for _, y in c.get_offsets() if abs(y - lane) < 0.5)
    assert ys == pytest.approx([lane - 0.1, lane, lane + 0.1])


def test_key_figures_are_computed_with_their_sources(ds):
    figures = tl.key_figures(ds, tl.select(ds, _params("2023-09-01", "2025-12-31")),
                             _params("2023-09-01", "2025-12-31")).figures
    assert [f.value for f in figures] == ["6", "3", "122", "2 of 6"]
    assert figures[0].sentence.startswith("{value} events in the window: 3 reported uses of North Korean missiles, ")
    assert "The first, on 13 Sep 2023: Summit; the latest, on 1 Feb 2024: Cases counted." in figures[0].sentence
    assert figures[1].sentence == (
        "{value} reported uses of North Korean missiles, the first on 30 Dec 2023 (Zaporizhzhia, Zaporizhzhia "
        "Oblast), the latest on 2 Jan 2024 (Kyiv City). North Korean missiles counted: 1, in the 1 use that gives "
        "a number; 2 uses give none (unknown, not zero).")
    assert figures[1].sources == (("Wire", "https://wire.example/3"),)  # the agency ranks before the outlet
    assert figures[2].sentence == ("{value} missiles and drones launched on 29 Dec 2023, the largest of the 6 "
                                   "attacks with a recorded size in the window.")
    assert figures[2].sources == (("Air Force", "https://af.example/4"),)
    assert figures[3].sentence.endswith("; in 1 more the Air Force's combined Iskander-M/KN-23 label allows them.")
    assert figures[3].sources == (("Wire", "https://wire.example/3"), ("Ministry", "https://gov.example/2"))


def test_an_empty_window_says_so(ds):
    p = _params("2022-03-01", "2022-03-02")
    events = tl.select(ds, p)
    assert tl.key_figures(ds, events, p).to_html() == (
        "<p class='key-figures' data-standfirst='No events and no attacks recorded in this window.'>"
        "No events and no attacks recorded in this window.</p>")
    assert tl.event_table_html(ds, events).startswith("<p><strong>No events in this window.</strong>")


def test_event_table_is_in_words_with_sources_primary_first(ds):
    page = tl.event_table_html(ds, tl.select(ds, _params("2023-09-01", "2025-12-31")))
    for shown in ("13 Sep 2023", "North Korean missile use", "Arms transfer", "Zaporizhzhia, Zaporizhzhia Oblast",
                  ">Kyiv City<", ">Feb 2024<", "Date", "Category", "Where", "Sources"):
        assert shown in page, shown
    shown_text = re.sub(r'href="[^"]*"', "", page)  # dates in words; a card's file name is only in its link
    for hidden in ("dprk_missile_use", "2023-12-30", "<NA>", "nan", "None"):
        assert hidden not in shown_text, hidden
    assert '<a href="attack-2023-12-30.html">attack card</a>' in page  # an attack links to its card
    barrage = page[page.index("Barrage"):]
    assert barrage.index("Ministry") < barrage.index("Daily A")  # a government source before a newspaper


def test_method_states_the_gaps_and_conventions(ds):
    p = _params("2023-09-01", "2025-12-31")
    text = html.unescape(tl.method_html(ds, tl.select(ds, p), p))
    assert "a gap in the record, not a day without attacks" in text
    assert "Unknown is never counted as zero" in text
    assert "events of at least 'low' confidence" in text
