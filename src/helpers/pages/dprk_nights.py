"""The public table's nights under the Iskander-M/KN-23 label, linked to the curated uses.

The curated record holds the uses someone reported or attributed; the Air Force's national reports hold
every night it filed ballistic missiles under its combined "Iskander-M/KN-23" (or "KN-23") label, which
does not tell a Russian Iskander-M from a North Korean KN-23. Each such report is linked here to the
curated use of the same day or the day before (an overnight attack is reported in the morning), and
graded by that use's strongest evidence; a report with no curated use is graded ``label_only``: the
label is all that is known, so the night is a *possible* North Korean use, never an attributed one.

This is how the page's story reaches the table's last report (September 2026) although the curated
record's last reported use is earlier: the later nights are shown as label-only nights, not as uses.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from helpers import formatting, plots
from helpers.events import GRADE_ORDER, strongest_grade
from helpers.table.reporters import NATIONAL

LABEL_MARK = "KN-23"
LINK_DAYS = 1  # a report may name the night before its own date
TABLE_ONLY = "label_only"
COLUMNS = ["date", "post", "labels", "launched", "destroyed", "withheld", "event_id", "grade"]


def label_nights(frame: pd.DataFrame | None, ds, start, end) -> pd.DataFrame | None:
    """One row per national report in the window with a KN-23 label: its date, post, labels, the missiles
    launched and shot down under them (``<NA>`` where the Air Force withheld or gave no count), whether a
    count was withheld, and the curated use it links to (``event_id``) with that use's strongest grade, or
    ``label_only`` where the record has no use that day. ``None`` without the table."""
    if frame is None:
        return None
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    keep = ((frame["date"] >= start) & (frame["date"] <= end) & (frame["reporter"] == NATIONAL)
            & frame["label"].astype("string").str.contains(LABEL_MARK, regex=False).fillna(False))
    rows = frame[keep.to_numpy(dtype=bool)]
    if rows.empty:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"),
                             **{c: pd.Series([], dtype="string") for c in ("post", "labels", "event_id", "grade")},
                             "launched": pd.Series([], dtype="Int64"), "destroyed": pd.Series([], dtype="Int64"),
                             "withheld": pd.Series([], dtype=bool)})[COLUMNS]
    withheld = rows["withheld"].fillna(False).astype(bool) if "withheld" in rows else False
    rows = rows.assign(withheld=withheld)
    nights = (rows.groupby(["date", "source_id"], sort=True)
              .agg(labels=("label", lambda s: "; ".join(dict.fromkeys(s.astype(str)))),
                   launched=("launched", lambda s: s.sum(min_count=1)),
                   destroyed=("destroyed", lambda s: s.sum(min_count=1)),
                   withheld=("withheld", "any"))
              .reset_index().rename(columns={"source_id": "post"}))
    nights["launched"] = nights["launched"].astype("Int64")
    nights["destroyed"] = nights["destroyed"].astype("Int64")
    links = [_link(ds, day) for day in nights["date"]]
    nights["event_id"] = pd.array([e for e, _ in links], dtype="string")
    nights["grade"] = pd.array([g for _, g in links], dtype="string")
    return nights[COLUMNS]


def _link(ds, day: pd.Timestamp) -> tuple[str | None, str]:
    """The curated use of ``day`` or the day before with the strongest evidence (the later one on a tie), and
    that grade; no use: ``(None, "label_only")``."""
    uses = ds.events[(ds.events["category"] == "dprk_missile_use")
                     & (ds.events["date"] <= day) & (ds.events["date"] >= day - pd.Timedelta(days=LINK_DAYS))]
    if uses.empty:
        return None, TABLE_ONLY
    ordered = uses.sort_values("date", ascending=False)["event_id"]
    grades = strongest_grade(ds, ordered).fillna(TABLE_ONLY)
    best = max(ordered, key=lambda e: GRADE_ORDER.index(grades[e]))  # the first (latest) of the strongest
    return str(best), str(grades[best])


def summary(nights: pd.DataFrame | None) -> dict | None:
    """Counts for the key figure: reports, linked, label-only, the last label-only report's date, and the
    missiles under the label on label-only nights (with the number of such reports that withheld a count)."""
    if nights is None:
        return None
    alone = nights[nights["event_id"].isna()]
    return {"reports": len(nights), "linked": int(nights["event_id"].notna().sum()), "label_only": len(alone),
            "first": nights["date"].min() if len(nights) else None,
            "last": nights["date"].max() if len(nights) else None,
            "last_label_only": alone["date"].max() if len(alone) else None,
            "label_only_missiles": int(alone["launched"].sum()) if alone["launched"].notna().any() else 0,
            "label_only_no_count": int(alone["launched"].isna().sum())}


def longest_gap(nights: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The two consecutive label nights furthest apart (``None`` with fewer than two)."""
    days = nights["date"].drop_duplicates().sort_values().reset_index(drop=True)
    if len(days) < 2:
        return None
    i = int(days.diff().dt.days.idxmax())
    return days[i - 1], days[i]


def in_words(nights: pd.DataFrame) -> tuple[str, str]:
    """The key figure: (value, sentence with ``{value}``)."""
    s = summary(nights)
    withheld = (f"; {s['label_only_no_count']} of them give no count (withheld or not given)"
                if s["label_only_no_count"] else "")
    return (f"{s['label_only']:,} of {s['reports']:,}",
            f"{{value}} national reports under the Air Force's Iskander-M/KN-23 or KN-23 label (the first on "
            f"{formatting.date(s['first'])}, the latest on {formatting.date(s['last'])}) fall on a day the record "
            f"has no reported use: possible North Korean launches, not attributed ones, with "
            f"{s['label_only_missiles']:,} missiles under the label{withheld}.")


def key_figure(nights: pd.DataFrame | None, table):
    """The key figure (``helpers.page.KeyFigure``) for the DPRK page, citing the table copy ``table``; ``None``
    without the table or label nights."""
    from helpers import page
    from helpers.table import external

    if nights is None or nights.empty:
        return None
    return page.KeyFigure(*in_words(nights), (external.key_source(table),))


def by_year(nights: pd.DataFrame | None):
    """Per year: reports under the label, linked to a curated use, label-only, and missiles under the label."""
    if nights is None:
        return None
    if nights.empty:
        from IPython.display import HTML

        return HTML("<p>No national report in this window carries the Iskander-M/KN-23 or KN-23 label.</p>")
    view = nights.assign(year=nights["date"].dt.year.astype(str), alone=nights["event_id"].isna())
    table = (view.groupby("year").agg(reports=("post", "size"), linked=("event_id", "count"),
                                      label_only=("alone", "sum"),
                                      missiles=("launched", lambda s: s.sum(min_count=1)),
                                      no_count=("launched", lambda s: int(s.isna().sum())))
             .reset_index())
    table["missiles"] = table["missiles"].astype("Int64")
    gap = longest_gap(nights)
    gap_words = ("" if gap is None else
                 f" The longest run without the label: from {formatting.date(gap[0])} to {formatting.date(gap[1])} "
                 f"({(gap[1] - gap[0]).days:,} days): a run without the label is not proof that no North Korean "
                 "missile was fired.")
    return formatting.table(
        table, formats={"year": "text"},
        labels={"year": "Year", "reports": "Reports with the label", "linked": "On a curated use's day",
                "label_only": "Label only (no curated use)", "missiles": "Missiles under the label",
                "no_count": "Reports with no count"},
        note="National reports of the public attack table whose labels include KN-23 (the combined "
             "Iskander-M/KN-23, or KN-23 alone). A report is linked to a curated use of its day or the day "
             "before. Missiles under the label may be Russian Iskander-M." + gap_words)


def nights_figure(nights: pd.DataFrame | None, credit: str | None, window: str):
    """The label nights over time: a mark per report at the missiles under the label, filled where the
    record has a use that day, hollow where the label is all that is known; reports with no count in a lane
    below the axis."""
    from helpers import page

    if nights is None:
        return page.KeyFigures([], empty="The label nights need the public attack table, which is not on this "
                                         "machine: run `make external`, or give external_path.")
    plots.use_house_style()
    fig, ax = plt.subplots(figsize=(11, 3.4))
    if nights.empty:
        plots.empty_note(ax, "No national report in this window carries the KN-23 label.")
        plots.caption(fig, window, [credit])
        return plots.Chart(fig, nights, "dprk-label-nights")
    counted = nights[nights["launched"].notna()]
    top = float(counted["launched"].max()) if len(counted) else 1.0
    lane = -0.15 * max(top, 4)
    for linked, face, label in ((True, plots.DPRK, "on the day of a curated use"),
                                (False, "white", "label only: no curated use that day")):
        part = counted[counted["event_id"].notna() == linked]
        ax.scatter(part["date"], part["launched"].astype(float), facecolor=face, edgecolor=plots.DPRK, s=30,
                   linewidths=1.1, zorder=3, label=label)
    blank = nights[nights["launched"].isna()]
    ax.scatter(blank["date"], [lane] * len(blank), marker="|", color="#555555", s=60, label="count not given")
    ax.axhline(lane / 2, color="#999999", linewidth=0.6, linestyle=":")
    step = max(1, round(top / 4))
    ticks = list(range(0, int(top) + step, step))
    ax.set_yticks([lane, *ticks], ["not given", *[str(t) for t in ticks]])
    ax.set_ylim(lane * 1.8, max(top, ticks[-1]) * 1.08 + 0.5)
    ax.set_ylabel("Missiles under the label")
    ax.set_title("Nights the Air Force reported missiles under its Iskander-M/KN-23 label")
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=3, fontsize=9)
    fig.tight_layout()
    plots.caption(fig, window, [credit], note="One mark per national report. The label does not tell Iskander-M "
                                              "from KN-23: a hollow mark is a possible North Korean use, not an "
                                              "attributed one.")
    s = summary(nights)
    finding = (f"{s['reports']} national reports under the Iskander-M/KN-23 label from {formatting.date(s['first'])} "
               f"to {formatting.date(s['last'])}; {s['label_only']} fall on a day with no curated use.")
    return plots.Chart(fig, nights, "dprk-label-nights", finding)
