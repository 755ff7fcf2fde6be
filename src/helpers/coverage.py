"""Which days of the key windows had an Air Force attack report, and which had none.

A day missing from ``strikes.csv`` can mean "no attack was reported" or "nobody looked".
``coverage.csv`` tells them apart: for every day of a key window it records whether the Air Force
reported an attack, as checked in the public attack table, which carries the id of every Air Force
post it was built from. ``national`` means a post of the Air Force's national page (``kpszsu``);
``regional_only`` means only a regional air command posted (for example the southern command's
reconnaissance drones), which is not a national attack report; ``none`` means the table has no row
ending that day.

The days are attack-report days: a row belongs to the day its attack window ends, the day the
Air Force reports an overnight attack, the same convention as ``strikes.csv``.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import Dataset

NATIONAL_PAGE = "kpszsu"
# The key windows: the winter of the first reported North Korean missile uses and the largest
# barrages (it holds the 29 Dec 2023 to 8 Jan 2024 barrage window). Days of reported North Korean
# missile use outside it are covered one by one, as ``dprk-use-day``.
KEY_WINDOWS = {"winter-2023-24": ("2023-12-01", "2024-02-29")}
DPRK_USE_DAY = "dprk-use-day"


def report_days(rows: pd.DataFrame, days: pd.DatetimeIndex) -> pd.DataFrame:
    """For each day, the report status and the national post ids ending that day.

    ``rows`` are the public table's rows as ``helpers.table.airforce.read`` returns them (``date`` is the
    day the attack window ends, ``source_id`` the post id such as ``kpszsu/posts/pfbid...``).
    """
    frame = pd.DataFrame({"date": pd.to_datetime(rows["date"]).dt.normalize(),
                          "post": pd.Series(rows["source_id"], dtype="string").str.strip()})
    frame = frame[frame["date"].isin(days)]
    national = frame["post"].str.split("/").str[0] == NATIONAL_PAGE
    posts = (frame[national].drop_duplicates().sort_values("post")
             .groupby("date")["post"].agg(lambda s: ";".join(s.str.split("/").str[-1])))
    any_row = set(frame["date"])
    out = pd.DataFrame(index=pd.DatetimeIndex(days, name="date"))
    out["air_force_report"] = ["national" if d in posts.index else "regional_only" if d in any_row else "none"
                               for d in out.index]
    out["post_ids"] = posts.reindex(out.index).astype("string")
    return out.reset_index()


def required_days(ds: Dataset) -> pd.DataFrame:
    """Every (date, window) the coverage table must hold: each day of each key window, and each day
    with a reported North Korean missile use (day precision) outside them."""
    parts = [pd.DataFrame({"date": pd.date_range(first, last, freq="D"), "window": name})
             for name, (first, last) in KEY_WINDOWS.items()]
    inside = set(pd.concat(parts)["date"])
    events = ds.events
    uses = events.loc[(events["category"].astype(str) == "dprk_missile_use")
                      & (events["date_precision"].astype(str) == "day"), "date"]
    extra = sorted(set(uses) - inside)
    parts.append(pd.DataFrame({"date": pd.DatetimeIndex(extra), "window": DPRK_USE_DAY}))
    return pd.concat(parts, ignore_index=True)


def gaps(ds: Dataset) -> list[str]:
    """Required days with no coverage row (or filed under another window), one line each."""
    have = set(zip(ds.coverage["date"], ds.coverage["window"].astype(str), strict=True))
    need = required_days(ds)
    return [f"{day.date().isoformat()} ({window}): no row in coverage.csv"
            for day, window in zip(need["date"], need["window"], strict=True) if (day, window) not in have]


def disagreements(ds: Dataset, rows: pd.DataFrame) -> list[str]:
    """Coverage rows whose status or post ids differ from what the public table says, one line each."""
    recorded = ds.coverage.drop_duplicates("date").set_index("date")
    found = report_days(rows, pd.DatetimeIndex(recorded.index)).set_index("date")
    lines = []
    for day, row in recorded.iterrows():
        want = found.loc[day]
        if str(row["air_force_report"]) != want["air_force_report"]:
            lines.append(f"{day.date().isoformat()}: coverage.csv says {row['air_force_report']!r}, "
                         f"the public table says {want['air_force_report']!r}")
        elif str(row["post_ids"] if pd.notna(row["post_ids"]) else "") != str(
                want["post_ids"] if pd.notna(want["post_ids"]) else ""):
            lines.append(f"{day.date().isoformat()}: post ids differ from the public table's")
    return lines


def unreported_strike_days(ds: Dataset) -> list[str]:
    """Days recorded as ``none`` that nonetheless have strike rows in ``strikes.csv``."""
    none_days = set(ds.coverage.loc[ds.coverage["air_force_report"].astype(str) == "none", "date"])
    struck = set(ds.strikes["date"])
    return [f"{d.date().isoformat()}: coverage.csv says no report, strikes.csv has rows"
            for d in sorted(none_days & struck)]
