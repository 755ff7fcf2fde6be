"""The parts every report page shares: the key figures it leads with and its method note.

A page a newsroom would publish leads with the few numbers that matter, each in a sentence with
its source linked, and ends with how the numbers were made and what they cannot tell. The key
figures are computed by each analysis; the wording of the method note is kept here, once, so every
page explains the same convention the same way.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

from helpers import tables
from helpers.data import Dataset
from helpers.sources import cite, kind_mix


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: ``value`` (as shown, e.g. "236"), the ``sentence`` it stands in (plain text
    around ``{value}``), and the sources that give it."""

    value: str
    sentence: str
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def to_html(self) -> str:
        before, _, after = self.sentence.partition("{value}")
        cited = "; ".join(tables.link(p, u) for p, u in self.sources)
        source = f" <span class='key-source'>Source: {cited}.</span>" if cited else ""
        return (f"<li>{html.escape(before)}<strong>{html.escape(self.value)}</strong>{html.escape(after)}"
                f"{source}</li>")


def key_figure(ds: Dataset, value: str, sentence: str, source_ids: Iterable = ()) -> KeyFigure:
    """A ``KeyFigure`` whose sources are given by id (one or several, ``;``-separated cells allowed)."""
    return KeyFigure(value, sentence, cite(ds, list(source_ids)))


@dataclass
class KeyFigures:
    """The key figures of a page; shown as a list of sentences."""

    figures: list[KeyFigure]
    empty: str = "No figure to lead with in this window."

    def standfirst(self, n: int = 2) -> str:
        """The page's opening in plain text: its first ``n`` figures' sentences, with their values."""
        if not self.figures:
            return self.empty
        return " ".join(f.sentence.replace("{value}", f.value) for f in self.figures[:n])

    def to_html(self) -> str:
        lead = html.escape(self.standfirst(), quote=True)
        if not self.figures:
            return f"<p class='key-figures' data-standfirst='{lead}'>{html.escape(self.empty)}</p>"
        first = self.figures[0]  # the front page's headline figure for this page: the text around its value
        before, _, after = first.sentence.partition("{value}")
        head = (f" data-lead-value='{html.escape(first.value, quote=True)}'"
                f" data-lead-before='{html.escape(before, quote=True)}'"
                f" data-lead-after='{html.escape(after, quote=True)}'")
        return (f"<ul class='key-figures' data-standfirst='{lead}'{head}>" + "".join(f.to_html() for f in self.figures)
                + "</ul>")

    def _repr_html_(self) -> str:
        return self.to_html()


# The conventions a method note may state; each page picks those that apply to it.
CONVENTIONS = {
    "dates": "Dates are Kyiv dates. An attack is dated by the morning its night ended, as the Air Force reports "
             "it (an attack from the evening of 1 January to the morning of 2 January is dated 2 January); an "
             "event is dated by when it happened, not by when it was reported.",
    "unknown": "An empty cell or a dash (–) means the sources give no figure. Unknown is never counted as zero: "
               "sums add known figures only, and how many rows had no figure is said beside them.",
    "rate": "The interception rate is shot down divided by launched, counted only over the weapons whose report "
            "gives both figures. Every rate comes with its 95% Wilson score interval, because a rate computed "
            "from a handful of missiles (often the case for ballistic missiles) is a wide range, not a point; "
            "where fewer than 10 were launched the interval is shown but the rate should not be compared.",
    "dprk": "North Korean missiles are 'attributed' when an event in the dataset (an official, prosecutor or "
            "investigator's statement) says North Korean missiles were used that day, and 'possible' when only "
            "the Air Force's combined label Iskander-M/KN-23 allows them: that label covers Russian Iskander-M "
            "and North Korean KN-23 missiles alike.",
    "disagree": "Where two reports give different figures for the same attack and weapon, one is used (the most "
                "complete, then the latest published) and the others are listed, not averaged.",
    "totals": "Where a report gives a headline total for an attack (all missiles, all drones), that total stands "
              "for the attack even when its per-model split is incomplete.",
}


def method_html(ds: Dataset, source_ids: Iterable, conventions: Iterable[str], limits: Iterable[str] = ()) -> str:
    """The method and limitations note: the conventions that apply, the page's own limits, and the mix
    of source kinds behind its figures."""
    items = [CONVENTIONS[c] for c in conventions] + list(limits)
    mix = kind_mix(ds, list(source_ids))
    if len(mix):
        parts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in mix.items())
        items.append(f"The figures on this page rest on {int(mix.sum())} sources: {parts}.")
    else:
        items.append("No source stands behind a figure in this window.")
    return "<ul class='method'>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
