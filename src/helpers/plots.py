"""One house style for every figure: colour-blind-safe colours, a caption with window and sources.

The Okabe-Ito palette stays distinguishable under the common colour-vision deficiencies; every
figure states its window and its sources in a caption, because a chart passed around without them
cannot be checked.

Text on a figure is dataset text (publishers, places, titles, weapon labels), so it is drawn as
written: matplotlib's mathtext is switched off (``text.parse_math``). Otherwise a publisher named
``A $5 B $6`` loses its dollar signs to italics, and ``$\\href{x}{y}$`` stops the figure from rendering.
This is set when this module is imported, not only in ``use_house_style``, so text drawn before the
style is applied, and in notebooks whose rcParams are reset to the state after import, is safe too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LAUNCHED = "#56B4E9"
DESTROYED = "#0072B2"
DPRK = "#D55E00"

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "svg.hashsalt": "strike-ledger",
    "path.simplify": False,
    "text.parse_math": False,
}
TEXT_IS_TEXT = {"text.parse_math": False}
plt.rcParams.update(TEXT_IS_TEXT)


def use_house_style() -> None:
    """Apply the house style to every figure made after this call."""
    plt.rcParams.update(STYLE)


def caption(fig, window: str, sources: Iterable[str], note: str | None = None) -> None:
    """Give the figure its caption: the window, then the sources (publishers) it draws on, then ``note``. The
    caption is text the page shows under the picture (``helpers.figures``), never pixels in it."""
    names = sorted({s for s in sources if s})
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    shown = shown or "none in this window"
    text = f"Window: {window}. Sources: {shown}" + ("" if shown.endswith(".") else ".")
    if note:
        text += f" {note}"
    fig.ledger_caption = text


def wrap_text(text: str, width_pt: float, fontsize: float) -> str:
    """``text`` broken into lines no wider than ``width_pt`` points, measured with the font itself.

    matplotlib's own ``wrap=True`` measures each candidate line as mathtext whenever it holds two
    dollar signs, even with ``parse_math`` off, so a caption naming a publisher such as
    ``$\\href{x}{y}$`` would stop the figure from rendering; this measures plain text only.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop, measure = FontProperties(size=fontsize), TextToPath()
    widths: dict[str, float] = {}

    def width(word: str) -> float:  # each distinct word measured once; a line is its words plus spaces
        if word not in widths:
            widths[word] = measure.get_text_width_height_descent(word, prop, ismath=False)[0]
        return widths[word]

    space = width("a a") - 2 * width("a")
    lines: list[str] = []
    line, line_width = "", 0.0
    for word in text.split(" "):
        added = width(word) + (space if line else 0.0)
        if line and line_width + added > width_pt:
            lines.append(line)
            line, line_width = word, width(word)
        else:
            line, line_width = (f"{line} {word}" if line else word), line_width + added
    lines.append(line)
    return "\n".join(lines)


def window_label(start, end) -> str:
    """``2023-12-29 to 2024-01-02``."""
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def empty_note(ax, message: str) -> None:
    """Show ``message`` in place of an empty chart, with no axes to misread."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, transform=ax.transAxes, parse_math=False)


@dataclass
class Chart:
    """A figure with the data it draws. Shown in a notebook, it displays the figure and attaches the
    data, which a rendered report offers as a CSV download beside the figure."""

    figure: object
    data: pd.DataFrame
    name: str
    finding: str | None = None  # what the figure shows, in a sentence: its alt text

    def _ipython_display_(self):
        from helpers.notebook import show_figure

        show_figure(self.figure, self.name, self.data, self.finding)
