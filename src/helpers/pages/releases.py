"""Two releases of the public attack table compared, for a page: the same window's figures under each,
what the newer release adds after the older one ends, and every row edited or removed.

The table is republished as it grows and edited in place as its maintainers correct it. A reader of a
page built on the current release needs to know whether the figures of the period both releases
cover moved (and why: rows edited, removed, filled in), and what the newer release adds after the
older one's last report. Rows are matched as ``helpers.table.airforce_diff`` matches them (window, model,
post).
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import formatting, page, params
from helpers.notebook import show_html
from helpers.table import airforce, airforce_diff, external
from helpers.table.air_war import release_measures
from helpers.table.table_frame import classified

MEASURES = ["attacks", "missiles", "drones", "missiles_rate", "drones_rate", "withheld"]
MEASURE_WORDS = {
    "attacks": "Attacks (posts)",
    "missiles": "Missiles launched",
    "drones": "Drones launched",
    "missiles_rate": "Missiles intercepted",
    "drones_rate": "Drones intercepted",
    "withheld": "Rows with counts withheld",
}


@dataclass
class Comparison:
    """``same``: each measure over the window both releases cover, under each (``earlier``, ``current``);
    ``added``: the measures of the current release after the earlier one's last report; ``diff``: the rows."""

    earlier_label: str
    current_label: str
    earlier_last: pd.Timestamp
    current_last: pd.Timestamp
    same_window: tuple[pd.Timestamp, pd.Timestamp]
    added_window: tuple[pd.Timestamp, pd.Timestamp] | None
    same: pd.DataFrame  # measure, earlier, current
    added: dict  # measure -> value (None where not known)
    diff: airforce_diff.Diff
    backfilled: int  # rows added that are dated within the earlier release's span


def previous_table(previous_path: str) -> Path | None:
    """``previous_path`` as a file: a path, or the name of a pinned release (``2026-02``); ``None`` when empty."""
    if not previous_path:
        return None
    if previous_path in external.RELEASES:
        found = external.locate(external.TABLE, previous_path)
        if found is None:
            raise params.ParameterError("previous_path", previous_path,
                                        f"a path, or a pinned release on this machine: release {previous_path} is "
                                        f"not (run `make external`, or set {external.ENV_VAR})")
        return found.path
    path = Path(previous_path).expanduser()
    if not path.is_file():
        raise params.ParameterError("previous_path", previous_path,
                                    "the path of an existing earlier copy of the table, or a pinned release: "
                                    + ", ".join(external.RELEASES))
    return path


def compare(ds, previous: Path, current: Path, current_frame: pd.DataFrame, p) -> Comparison:
    """Both releases measured by ``helpers.table.air_war.release_measures`` for a frame read by
    ``helpers.table.table_frame.classified`` and the page's parameters ``p``, whose window is narrowed here."""
    rows, _ = airforce.read(previous, ds.model_aliases, ds.weapons, airforce.count_bound(ds.package))
    # the weapons of its combined labels are all classified needs: no strikes are built (no reporter kept)
    earlier = classified(airforce.as_dataset(ds, rows, reporters=()), rows)
    earlier_last, current_last = earlier["date"].max(), current_frame["date"].max()
    same_end = min(p.end, earlier_last)
    same_p = dataclasses.replace(p, end=same_end)
    a, b = release_measures(earlier, same_p), release_measures(current_frame, same_p)
    same = pd.DataFrame({"measure": MEASURES, "earlier": [a[m] for m in MEASURES],
                         "current": [b[m] for m in MEASURES]})
    added_window, added = None, {}
    if p.end > earlier_last:
        start = max(p.start, earlier_last + pd.Timedelta(days=1))
        added_window = (start, min(p.end, current_last))
        added = release_measures(current_frame, dataclasses.replace(p, start=start))
    d = airforce_diff.diff(previous, current)
    dates = pd.to_datetime(d.added["time_end"].str[:10], errors="coerce") if len(d.added) else pd.Series([])
    return Comparison(external.attribution_label(previous), external.attribution_label(current), earlier_last,
                      current_last, (p.start, same_end), added_window, same, added, d,
                      int((dates <= earlier_last).sum()))


def _shown(measure: str, value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "no figure"
    return formatting.percent(value) if measure.endswith("_rate") else formatting.count(value)


def view(c: Comparison) -> str:
    """The comparison as HTML: a sentence, the same window under both, what the newer adds, the rows."""
    esc = html.escape
    span = f"{formatting.date(c.same_window[0])} to {formatting.date(c.same_window[1])}"
    parts = [f"<p>This page reads {esc(c.current_label)}; here it is compared with {esc(c.earlier_label)}, whose "
             f"last report is dated {esc(formatting.date(c.earlier_last))}. Both are counted the same way (the "
             "reporters and the rate definition of this page).</p>"]
    same = c.same.assign(change=[_change(m, x, y) for m, x, y in zip(c.same["measure"], c.same["earlier"],
                                                                       c.same["current"], strict=True)])
    shown = pd.DataFrame({"measure": same["measure"].map(MEASURE_WORDS),
                          "earlier": [_shown(m, v) for m, v in zip(same["measure"], same["earlier"], strict=True)],
                          "current": [_shown(m, v) for m, v in zip(same["measure"], same["current"], strict=True)],
                          "change": same["change"]})
    parts.append(formatting.table(shown, formats={k: "text" for k in shown.columns},
                                  labels={"measure": "Measure", "earlier": "Earlier release",
                                          "current": "Current release", "change": "Change"},
                                  caption=f"The window both releases cover ({span})").to_html())
    if c.added_window is not None:
        start, end = c.added_window
        rows = pd.DataFrame({"measure": [MEASURE_WORDS[m] for m in MEASURES],
                             "value": [_shown(m, c.added.get(m)) for m in MEASURES]})
        parts.append(formatting.table(rows, formats={"measure": "text", "value": "text"},
                                      labels={"measure": "Measure", "value": "Current release"},
                                      caption=f"Added by the current release: {formatting.date(start)} to "
                                              f"{formatting.date(end)}",
                                      note="Rows with counts withheld are counted as attacks and left out of "
                                           "launched and of the rates.").to_html())
    d = c.diff
    counts = d.counts()
    parts.append(f"<p>Row by row: {counts['added']:,} rows added ({c.backfilled:,} of them dated on or before "
                 f"{esc(formatting.date(c.earlier_last))}, filling in the earlier period), {counts['removed']:,} "
                 f"removed, {counts['edited']:,} edited ({len(d.edited):,} values), {counts['unchanged']:,} "
                 "unchanged."
                 + (f" Columns added: {esc(', '.join(d.columns_added))}." if d.columns_added else "")
                 + (f" Columns dropped: {esc(', '.join(d.columns_removed))}." if d.columns_removed else "")
                 + " Rows are matched on their window, weapon label and post.</p>")
    if len(d.edited):
        edited = d.edited.drop(columns=["row_old", "row_new"]).astype("string").fillna("")
        for side in ("old", "new"):  # detail columns hold dict-like text: shown in words, not as a repr
            edited[side] = edited[side].str.replace(r"[{}']", "", regex=True)
        if "source" in edited:
            edited["source"] = edited["source"].map(_post)
        parts.append(formatting.table(edited, formats={k: "text" for k in edited.columns},
                                      labels={"time_start": "From", "time_end": "To", "model": "Weapon label",
                                              "source": "Post", "column": "Column", "old": "Earlier",
                                              "new": "Current"},
                                      caption="Values edited in place").to_html())
    if len(d.removed):
        removed = d.removed.drop(columns=["row"]).astype("string").fillna("")
        if "source" in removed:
            removed["source"] = removed["source"].map(_post)
        parts.append(formatting.table(removed, formats={k: "text" for k in removed.columns},
                                      labels={"time_start": "From", "time_end": "To", "model": "Weapon label",
                                              "source": "Post", "launched": "Launched", "destroyed": "Destroyed"},
                                      caption="Rows removed").to_html())
    return "".join(parts)


def _post(source: str) -> str:
    """A post id short enough for a table cell: the account and the start of the post's id."""
    account, _, post = source.rpartition("/posts/")
    return f"{account}/posts/{post[:10]}…" if account and len(post) > 12 else source


def _change(measure: str, earlier, current) -> str:
    if earlier is None or current is None or pd.isna(earlier) or pd.isna(current):
        return ""
    if measure.endswith("_rate"):
        points = (float(current) - float(earlier)) * 100
        return "unchanged" if abs(points) < 0.05 else f"{points:+.1f} points"
    delta = int(current) - int(earlier)
    return "unchanged" if delta == 0 else f"{delta:+,}"


def section(ds, previous_path: str, current: Path, current_frame: pd.DataFrame, p):
    """The page's "what changed between releases" section (a line saying how to ask for it when
    ``previous_path`` is empty)."""
    previous = previous_table(previous_path)
    if previous is None:
        return page.KeyFigures([], empty="Give previous_path (an earlier copy of missile_attacks_daily.csv, or a "
                                         f"pinned release: {', '.join(external.RELEASES)}) to compare; or run "
                                         "python -m helpers.table.airforce_diff OLD NEW.")
    show_html(view(compare(ds, previous, current, current_frame, p)))
    return None
