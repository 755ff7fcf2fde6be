"""Dataset text on figures is drawn as written: never parsed as matplotlib mathtext."""

from __future__ import annotations

import html
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import make_dataset

import helpers.data
from helpers import plots
from helpers.pages import dprk

HREF = r"$\href{x}{y}$"
DOLLARS = "$x$"


def _dataset(tmp_path):
    """The fixture dataset with a mathtext-looking publisher and place names, through validation."""
    folder = make_dataset(tmp_path)
    sources = (folder / "sources.csv").read_text(encoding="utf-8")
    (folder / "sources.csv").write_text(sources.replace("Fixture Ministry", f"Ministry {HREF} and {DOLLARS}"),
                                        encoding="utf-8")
    with (folder / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"href-city,{HREF},city,UKR,Kharkiv Oblast,49.9,36.3,,fixture-20240104-briefing,,\n"
                 f"dollar-city,{DOLLARS} town,city,UKR,Kharkiv Oblast,49.8,36.1,,fixture-20240104-briefing,,\n")
    return helpers.data.load(folder)


def test_the_house_style_turns_mathtext_off_at_import():
    assert plots.STYLE["text.parse_math"] is False
    assert matplotlib.rcParams["text.parse_math"] is False


def test_mathtext_in_place_and_publisher_names_renders_literally(tmp_path):
    ds = _dataset(tmp_path)
    p = dprk.DprkParameters(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"), 900.0, "low")
    fig = dprk.reach_figure(ds, p).figure
    png = io.BytesIO()
    fig.savefig(png, format="png")
    assert png.getvalue().startswith(b"\x89PNG")
    texts = fig.texts + fig.axes[0].texts
    drawn = [t.get_text() for t in texts]
    assert HREF in drawn and f"{DOLLARS} town" in drawn
    assert f"Ministry {HREF} and {DOLLARS}" in fig.ledger_caption  # the caption is page text, not pixels
    assert not any(t.get_parse_math() for t in texts)
    from helpers.figures import figure_html

    markup = figure_html(fig, "reach")  # both pictures render, and the caption reaches the page escaped
    assert html.escape(f"Ministry {HREF} and {DOLLARS}") in markup and "<figcaption>" in markup
    assert markup.count("data:image/png;base64,") >= 1


def test_the_same_text_breaks_a_figure_when_parsed_as_math():
    """The input is a real hazard: with mathtext on, the figure does not render at all."""
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, HREF, parse_math=True)
    with pytest.raises(ValueError):
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_text_made_after_a_style_reset_stays_literal():
    """Notebooks draw after ``use_house_style`` and after the renderer restores the rcParams taken
    after importing this module; both keep mathtext off, so a legend or tick label is literal too."""
    plots.use_house_style()
    fig, ax = plt.subplots()
    ax.bar([HREF, DOLLARS], [1, 2], label=DOLLARS)
    legend = ax.legend()
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == [HREF, DOLLARS]
    assert not any(t.get_parse_math() for t in [*ax.get_xticklabels(), *legend.get_texts()])
    plt.close(fig)


def test_captions_are_wrapped_to_the_figure_without_mathtext():
    """Captions wrap at the figure's width, measured as plain text (matplotlib's own wrapping
    measures a line with two dollar signs as mathtext and fails on it)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    text = " ".join([f"Publisher {i} {HREF} with a long name" for i in range(20)])
    wrapped = plots.wrap_text(text, 400, 8)
    lines = wrapped.split("\n")
    assert len(lines) > 3 and " ".join(lines) == text
    widths = [TextToPath().get_text_width_height_descent(line, FontProperties(size=8), ismath=False)[0]
              for line in lines]
    assert max(widths) <= 400 and min(widths[:-1]) > 300
    assert plots.wrap_text("short", 400, 8) == "short"


def test_map_labels_are_drawn_literally(tmp_path):
    """Labels placed on a map (oblast figures, place names) are dataset text too: drawn as written."""
    from helpers import maps

    ds = _dataset(tmp_path)
    values = pd.DataFrame({"oblast": ["Kharkiv Oblast"], "uses": [1]})
    panel = maps.Panel("uses", "Uses", ("use", "uses"), lambda row: f"{HREF}: {int(row['uses'])}")
    places = pd.DataFrame({"name": [f"{DOLLARS} town"], "lat": [49.8], "lon": [36.1]})
    fig, [placed] = maps.choropleth(ds, values, [panel], places=places)
    fig.savefig(io.BytesIO(), format="png")
    assert sorted(p.text.get_text() for p in placed) == sorted([f"{HREF}: 1", f"{DOLLARS} town"])
    assert not any(p.text.get_parse_math() for p in placed)
    plt.close(fig)
