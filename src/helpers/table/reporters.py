"""Who reported a row of the public attack table, and its rows grouped into reports.

The table's ``source`` names the post a row comes from. The Ukrainian Air Force's national post
(account ``kpszsu``) is the country-wide report; the regional air commands (south ``PvKPivden``, east
``pvkshid``, west ``PvkZahid``, centre ``PvkCenter``) post about their own region, in part the same
weapons again; the General Staff and others appear now and then. Adding them all double-counts, so
figures default to the national reports and say what they left out.

One post is one report: its rows (one per weapon model) may carry different windows; the report is
dated by the morning its last window ended, and its window runs from the earliest start to the latest
end of its rows.
"""

from __future__ import annotations

import re

import pandas as pd

NATIONAL = "air_force"
REPORTERS = {
    NATIONAL: "the Air Force's national reports",
    "air_command_south": "the southern air command",
    "air_command_east": "the eastern air command",
    "air_command_west": "the western air command",
    "air_command_centre": "the central air command",
    "general_staff": "the General Staff",
    "other": "other accounts",
}
_ACCOUNTS = {
    "kpszsu": NATIONAL,
    "pvkpivden": "air_command_south",
    "pvkshid": "air_command_east",
    "pvkzahid": "air_command_west",
    "pvkcenter": "air_command_centre",
    "generalstaff.ua": "general_staff",
}
_PREFIX = re.compile(r"^(?:https?://)?(?:www\.|m\.)?(?:facebook\.com/|t\.me/)?", re.I)
NO_POST = "(no post id)"  # what the reader writes for a row without a source


def account(source: str) -> str:
    """The posting account of a ``source`` cell: ``kpszsu/posts/…``, ``https://t.me/kpszsu/1`` -> ``kpszsu``."""
    rest = _PREFIX.sub("", str(source).strip())
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


def reporter_of(sources: pd.Series) -> pd.Series:
    """The reporter (a key of ``REPORTERS``) of each row, from its ``source``; categorical."""
    values = pd.Series(sources, copy=False).astype("category")
    named = {s: _ACCOUNTS.get(account(s), "other") for s in values.cat.categories}
    return values.map(named).astype(pd.CategoricalDtype(list(REPORTERS))).fillna("other").rename("reporter")


def report_keys(rows: pd.DataFrame) -> pd.Series:
    """The report each row belongs to: its post; a row without a post id is a report of its own window."""
    source = rows["source_id"].astype("string")
    return source.where(source != NO_POST, "window " + rows["attack"].astype("string"))


def windows(attack: pd.Series) -> pd.DataFrame:
    """``start`` and ``end`` of each window as the reader writes it (``"<start> to <end>"``)."""
    parts = attack.astype("string").str.split(" to ", n=1, expand=True, regex=False)
    for missing in range(parts.shape[1], 2):  # no window at all (an empty table), or none with " to "
        parts[missing] = pd.NA
    start = pd.to_datetime(parts[0], errors="coerce", format="mixed")
    end = pd.to_datetime(parts[1], errors="coerce", format="mixed")
    return pd.DataFrame({"start": start, "end": end}, index=attack.index)


def window_text(start, end) -> str:
    """A report's window: its earliest start to its latest end, times left out where the table gives none."""
    if pd.isna(start) or pd.isna(end):
        return ""

    def shown(t: pd.Timestamp) -> str:
        return f"{t:%Y-%m-%d}" if (t.hour, t.minute) == (0, 0) else f"{t:%Y-%m-%d %H:%M}"

    return f"{shown(start)} to {shown(end)}"


def as_reports(rows: pd.DataFrame) -> pd.DataFrame:
    """For each row (``date``, ``attack``, ``source_id``): the ``date`` and ``attack`` of the report it belongs
    to, so that grouping by them counts reports, not rows: the date of the morning its last window ended and
    its window from the earliest start to the latest end of its rows."""
    attack = rows["attack"].astype("string")
    distinct = pd.Series(attack.unique()).dropna()
    times = windows(distinct).set_index(distinct)  # each distinct window parsed once
    parts = pd.DataFrame({"key": report_keys(rows).to_numpy(), "date": rows["date"].to_numpy(),
                          "start": times["start"].reindex(attack).to_numpy(),
                          "end": times["end"].reindex(attack).to_numpy()}, index=rows.index)
    per_report = parts.groupby("key", sort=False).agg(date=("date", "max"), start=("start", "min"),
                                                      end=("end", "max"))
    per_report["text"] = [window_text(a, b) for a, b in zip(per_report["start"], per_report["end"], strict=True)]
    mine = per_report.reindex(parts["key"])
    text = pd.Series(mine["text"].to_numpy(), index=rows.index, dtype="string")
    return pd.DataFrame({"date": mine["date"].to_numpy(), "attack": text.where(text != "", attack)},
                        index=rows.index)
