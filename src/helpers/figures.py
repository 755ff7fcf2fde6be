"""Figures for every screen: a matplotlib figure as the HTML a page shows.

A figure's title, caption and (where it can be drawn as text) legend become HTML text, not pixels, so
they reflow and stay legible on any screen and can be read by a screen reader. The picture itself is
drawn twice: at the desktop width, and laid out again for a phone (narrower, fewer ticks, side-by-side
map panels stacked), and the browser picks one (``<picture>``). Both are PNGs reduced to a palette of
``COLOURS`` colours (charts have few), which makes them three to four times lighter. The alt text
states the figure's finding where the page gives one.

The output is deterministic: the same figure gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

DESKTOP_DPI = 100
PHONE_WIDTH_IN = 5.0  # drawn at PHONE_DPI: 450 px, shown at the phone's content width (about 350 CSS px)
PHONE_DPI = 90
PHONE_MEDIA = "(max-width: 700px)"
COLOURS = 32
MAX_PHONE_TICKS = 5
WIDE = 1.6
PHONE_TEXT = 1.25  # text grows by this on a phone's picture


def png(fig, dpi: float) -> tuple[bytes, int, int]:
    """The figure as a palette PNG: (bytes, width, height in pixels)."""
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    reduced = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue(), image.width, image.height


def take_title(fig) -> str | None:
    """Remove the figure's title from the picture and return it: its suptitle, or the title of its only
    titled axes (panel titles of a multi-panel figure stay in the picture)."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        text = sup.get_text()
        sup.set_text("")
        return text
    titled = [ax for ax in fig.axes if ax.get_title()]
    if len(titled) == 1:
        text = titled[0].get_title()
        titled[0].set_title("")
        return text
    return None


def _swatch(handle) -> tuple[str, str, str] | None:
    """(shape, fill, border) of a legend handle as CSS, or ``None`` where text cannot show it (a hatch, a
    dashed line, an unusual marker): then the legend stays in the picture."""
    def hex_of(colour) -> str | None:
        rgba = to_rgba(colour)
        return None if rgba[3] == 0 else to_hex(rgba)

    if isinstance(handle, Line2D):
        if handle.get_linestyle() in ("-", "solid") and handle.get_marker() in ("None", None, "", " "):
            return "line", to_hex(handle.get_color()), to_hex(handle.get_color())
        if handle.get_linestyle() in ("None", "", " ", "none") and handle.get_marker() in ("o", "."):
            face = hex_of(handle.get_markerfacecolor())
            return "dot", face or "#ffffff", to_hex(handle.get_markeredgecolor())
        return None
    if isinstance(handle, (Patch, Rectangle)):
        if handle.get_hatch() or handle.get_linestyle() not in ("-", "solid"):
            return None
        face = hex_of(handle.get_facecolor())
        edge = hex_of(handle.get_edgecolor())
        return ("box", face, edge or face) if face else None
    if isinstance(handle, PathCollection):
        faces, edges = handle.get_facecolor(), handle.get_edgecolor()
        face = hex_of(faces[0]) if len(faces) else None
        edge = hex_of(edges[0]) if len(edges) else None
        if face is None and edge is None:
            return None
        return "dot", face or "#ffffff", edge or face
    if isinstance(handle, LineCollection):
        colours = handle.get_color()
        return ("line", to_hex(colours[0]), to_hex(colours[0])) if len(colours) else None
    return None


def take_legend(fig) -> list[tuple[str, str, str, str]] | None:
    """Remove the figure's legend from the picture and return its entries (shape, fill, border, label) when
    it has exactly one legend and every entry can be drawn as text; otherwise leave it and return ``None``."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    if len(legends) != 1:
        return None
    legend = legends[0]
    handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
    labels = [t.get_text() for t in legend.get_texts()]
    entries = []
    for handle, label in zip(handles, labels, strict=False):
        swatch = _swatch(handle)
        if swatch is None:
            return None
        entries.append((*swatch, label))
    legend.remove()
    return entries


def _one_row(axes) -> list:
    """Map panels side by side (two or more axes of equal aspect on one row), else ``[]``."""
    if len(axes) < 2 or any(ax.get_aspect() not in (1.0, "equal") for ax in axes):
        return []
    rows = {round(ax.get_position().y0, 2) for ax in axes}
    return sorted(axes, key=lambda ax: ax.get_position().x0) if len(rows) == 1 else []


def _thin_x_ticks(ax) -> None:
    axis = ax.xaxis
    if not axis.get_tick_params(which="major").get("labelbottom", True):
        return  # a panel whose x labels are shown by the panel below (a shared axis): that one is thinned
    if isinstance(axis.get_major_formatter(), mdates.DateFormatter) or isinstance(
            axis.get_major_locator(), mdates.DateLocator):
        locator = mdates.AutoDateLocator(minticks=2, maxticks=MAX_PHONE_TICKS)
        axis.set_major_locator(locator)
        axis.set_major_formatter(mdates.ConciseDateFormatter(  # "Jan 2024", "15 Jan": no offset label in a corner
            locator, formats=["%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M"], offset_formats=[""] * 6))
        for label in ax.get_xticklabels():
            label.set_rotation(0)
            label.set_horizontalalignment("center")
        return
    if isinstance(axis.get_major_formatter(), FixedFormatter) or isinstance(axis.get_major_locator(), FixedLocator):
        labels = [label for label in ax.get_xticklabels() if label.get_text()]
        step = max(1, -(-len(labels) // MAX_PHONE_TICKS))
        for i, label in enumerate(labels):
            label.set_visible(i % step == 0)
        return
    if isinstance(axis.get_major_locator(), FixedLocator):
        return  # ticks the figure placed itself (or none at all) stay as they are
    if ax.get_xscale() == "linear" and ax.axison:
        axis.set_major_locator(MaxNLocator(MAX_PHONE_TICKS, integer=True))


def needs_phone_layout(fig) -> bool:
    """Whether a phone needs its own picture: every chart does (fewer ticks, larger text, legends below); a
    single map about as tall as wide does not (it reads the same scaled down, and a second picture would
    only add weight), while map panels side by side are stacked."""
    width, height = fig.get_size_inches()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    maps = bool(axes) and all(ax.get_aspect() in (1.0, "equal") for ax in axes)
    return not maps or width > WIDE * height or bool(_one_row(axes))


def phone_layout(fig) -> None:
    """Lay ``fig`` out again for a phone: narrower, map panels stacked, at most ``MAX_PHONE_TICKS`` x ticks."""
    width, height = fig.get_size_inches()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    row = _one_row(axes)
    if row:
        n = len(row)
        fig.set_size_inches(PHONE_WIDTH_IN, PHONE_WIDTH_IN * 1.05 * n)
        for i, ax in enumerate(row):
            ax.set_position([0.02, 1 - (i + 1) / n + 0.16 / n, 0.96, 0.8 / n])
        return
    rows = len({round(ax.get_position().y0, 2) for ax in axes})
    fig.set_size_inches(PHONE_WIDTH_IN, max(2.4, height * (0.8 if rows < 3 else 1.0)))
    for ax in axes:
        _thin_x_ticks(ax)
    for text in fig.findobj(Text):  # text drawn at a phone's scale stays legible
        text.set_fontsize(text.get_fontsize() * PHONE_TEXT)
    # a legend beside the plot would cover it on a narrow figure: it goes below the plot (or the figure)
    placed = [(ax.get_legend(), ax.transAxes, -0.22) for ax in axes if ax.get_legend() is not None]
    placed += [(legend, fig.transFigure, -0.02) for legend in fig.legends]
    for legend, transform, y in placed:
        legend.set_loc("upper left")
        legend.set_bbox_to_anchor((0, y), transform=transform)
        for text in legend.get_texts():
            text.set_fontsize(8 * PHONE_TEXT)
    if fig.get_layout_engine() is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.tight_layout()


def _legend_html(entries) -> str:
    items = []
    for shape, fill, border, label in entries:
        style = f"background:{fill};border-color:{border}" + (";border-width:2px" if fill == "#ffffff" else "")
        items.append(f'<li><span class="swatch {shape}" style="{style}" aria-hidden="true"></span>'
                     f"{html.escape(label)}</li>")
    return '<ul class="chart-legend" aria-label="Legend">' + "".join(items) + "</ul>"


def figure_html(fig, name: str, finding: str | None = None) -> str:
    """The figure as a page shows it (and closes it): title, legend and caption as text, the picture for a
    desktop and one for a phone. Alt text: ``finding`` (what the figure shows) or its title."""
    title = take_title(fig)
    legend = take_legend(fig)
    caption = getattr(fig, "ledger_caption", None)
    desktop, dw, dh = png(fig, DESKTOP_DPI)
    phone = None
    if needs_phone_layout(fig):
        phone_layout(fig)
        phone, pw, ph = png(fig, PHONE_DPI)
    plt.close(fig)
    alt = finding or (f"Chart: {title}" if title else f"Chart: {name}")

    def uri(data: bytes) -> str:
        return "data:image/png;base64," + base64.b64encode(data).decode("ascii")

    parts = [f'<figure class="chart" data-name="{html.escape(name, quote=True)}">']
    if title:
        parts.append(f'<p class="chart-title">{html.escape(title)}</p>')
    if legend:
        parts.append(_legend_html(legend))
    img = f'<img src="{uri(desktop)}" width="{dw}" height="{dh}" alt="{html.escape(alt, quote=True)}">'
    if phone is None:
        parts.append(img)
    else:
        parts.append(f'<picture><source media="{PHONE_MEDIA}" srcset="{uri(phone)}" width="{pw}" height="{ph}">'
                     f"{img}</picture>")
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)
