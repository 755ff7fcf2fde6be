"""Strike figures as every analysis needs them: one report per attack and weapon, weapon classes,
totals per attack and kind, interception rates with their uncertainty, and the largest attacks.

This is the core that the attack-volume, timeline, DPRK, claims and reconciliation analyses share;
none of them computes strike figures on its own. Two rules keep the figures honest:

- One report per attack and weapon. When two reports give figures for the same attack and weapon
  (a first and an updated count, or two outlets), summing them would double-count; the summary
  takes one (the most complete, then the most recently published) and ``alternative_reports``
  lists the others, so a disagreement is shown rather than averaged away.
- Unknown is not zero. Sums keep ``<NA>`` when nothing is known, and the interception rate is
  destroyed / launched over the rows that report both counts only; what was launched with no
  interception figure is reported beside it, never counted as 0 shot down. A row that reports
  more shot down than launched (the public table has such rows; its load report lists them) is
  summed as reported but left out of the rate, which it would push past 100%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import tables
from helpers.data import Dataset
from helpers.stats import wilson_interval
from helpers.weapons import CLASS_WORDS as WEAPON_CLASS_WORDS
from helpers.weapons import weapon_table

FREQUENCIES = {"D": "day", "W": "week (Monday to Sunday)", "M": "month"}
_PERIOD = {"D": "D", "W": "W-SUN", "M": "M"}
ATTACK_KEY = ["date", "attack"]


def _rank_reports(rows: pd.DataFrame, sources: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """``rows`` sorted so that the preferred report of each ``key`` group comes first."""
    published = sources.set_index("source_id")["published"]
    ranked = rows.assign(
        _complete=rows["launched"].notna().astype(int) + rows["destroyed"].notna().astype(int),
        _published=rows["source_id"].map(published),
    )
    ranked = ranked.sort_values(key + ["_complete", "_published", "source_id"],
                                ascending=[True] * len(key) + [False, False, True], kind="stable")
    return ranked


def chosen_reports(rows: pd.DataFrame, sources: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """One row per ``key`` group: the most complete report, then the latest published."""
    ranked = _rank_reports(rows, sources, key)
    return ranked.drop_duplicates(key, keep="first").drop(columns=["_complete", "_published"])


def alternative_reports(rows: pd.DataFrame, sources: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The reports not chosen, beside the chosen figure, for every group that has more than one."""
    ranked = _rank_reports(rows, sources, key).drop(columns=["_complete", "_published"])
    first = ranked.drop_duplicates(key, keep="first")
    others = ranked[~ranked.index.isin(first.index)]
    chosen = first.set_index(key)[["launched", "destroyed", "source_id"]].add_prefix("chosen_")
    return others.join(chosen, on=key).reset_index(drop=True)


def with_weapons(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (with a ``weapon_id``) joined to each weapon's class, origin label and DPRK flags."""
    return rows.join(weapon_table(ds), on="weapon_id")


def strike_rows(ds: Dataset, start=None, end=None, classes=None, origins=None) -> pd.DataFrame:
    """Per-model rows (one report each) in the window, with weapon class, origin and DPRK flags."""
    rows = with_weapons(ds, chosen_reports(ds.strikes, ds.sources, ATTACK_KEY + ["weapon_id"]))
    mask = pd.Series(True, index=rows.index)
    if start is not None:
        mask &= rows["date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= rows["date"] <= pd.Timestamp(end)
    if classes is not None:
        mask &= rows["weapon_class"].isin(classes)
    if origins is not None:
        mask &= rows["origin_label"].isin(origins)
    return rows[mask].sort_values(ATTACK_KEY + ["weapon_id"]).reset_index(drop=True)


def summarise(rows: pd.DataFrame, freq: str = "D", by: str | None = None) -> pd.DataFrame:
    """Launched, destroyed and interception rate per period (and per ``by`` column).

    Columns: ``launched`` (sum of known launched), ``destroyed`` (sum of known destroyed),
    ``launched_with_figure`` (launched where destroyed is known too), ``interception_rate``
    (destroyed / launched_with_figure, ``<NA>`` when nothing has both), ``launched_no_figure``
    (launched where the report gave no interception figure) and ``rows``.
    """
    if freq not in _PERIOD:
        raise ValueError(f"freq must be one of {', '.join(_PERIOD)}, not {freq!r}")
    both = _rateable(rows["launched"], rows["destroyed"])
    frame = pd.DataFrame({
        "period": rows["date"].dt.to_period(_PERIOD[freq]).dt.start_time,
        "launched": rows["launched"],
        "destroyed": rows["destroyed"],
        "launched_with_figure": rows["launched"].where(both),
        "destroyed_with_figure": rows["destroyed"].where(both),
        "launched_no_figure": rows["launched"].where(rows["destroyed"].isna()),
    })
    keys = ["period"] + ([by] if by else [])
    if by:
        frame[by] = rows[by]
    grouped = frame.groupby(keys, sort=True, observed=True)
    out = grouped[["launched", "destroyed", "launched_with_figure", "launched_no_figure",
                   "destroyed_with_figure"]].sum(min_count=1)
    out["rows"] = grouped.size()
    out = out.astype({c: "Int64" for c in out.columns})
    _add_rate(out)
    return out


def period_label(first: pd.Timestamp, last: pd.Timestamp, freq: str, year: bool = True) -> str:
    """A period in words: "29 Dec 2023", "1–7 Jan 2024", "27 Nov – 3 Dec 2023", "Dec 2023".

    A period cut by the window is named by its days inside the window, so a three-day "week" never
    passes for a whole one.
    """
    y = f" {last.year}" if year else ""
    if first == last:
        return f"{first.day} {first:%b}" + (f" {first.year}" if year else "")
    if freq == "M" and first.day == 1 and last == last + pd.offsets.MonthEnd(0) and first.month == last.month:
        return f"{first:%b}" + y
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}" + y
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b}" + y
    return f"{first.day} {first:%b} {first.year} – {last.day} {last:%b} {last.year}"


def period_labels(periods, start, end, freq: str, year: bool = True) -> list[str]:
    """``period_label`` of each period (by its first day), cut by the window ``start`` to ``end``: the one way
    every page names a day, week or month."""
    cut = period_range(start, end, freq).set_index("period")
    out = []
    for stamp in pd.to_datetime(pd.Series(periods)):
        if stamp in cut.index:
            out.append(period_label(cut.loc[stamp, "first"], cut.loc[stamp, "last"], freq, year))
        else:
            whole = pd.Period(stamp, freq=_PERIOD[freq])
            out.append(period_label(whole.start_time.normalize(), whole.end_time.normalize(), freq, year))
    return out


def period_range(start, end, freq: str = "D") -> pd.DataFrame:
    """Every period from ``start`` to ``end``, those with no record included: ``period`` (its first
    day, as ``summarise`` labels it) and ``first`` and ``last``, the days of it inside the window.

    ``summarise`` only has the periods that hold a row, so a figure drawn from it alone would drop a
    week with no record or close the gap, and a gap in the record would pass for a quiet week. This
    is the calendar to set a summary against; a week cut by the window says which of its days count.
    """
    if freq not in _PERIOD:
        raise ValueError(f"freq must be one of {', '.join(_PERIOD)}, not {freq!r}")
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    periods = pd.period_range(start, end, freq=_PERIOD[freq]) if start <= end else pd.PeriodIndex([], freq="D")
    return pd.DataFrame({
        "period": pd.DatetimeIndex([q.start_time for q in periods]),
        "first": pd.DatetimeIndex([max(q.start_time.normalize(), start) for q in periods]),
        "last": pd.DatetimeIndex([min(q.end_time.normalize(), end) for q in periods]),
    })


def _rateable(launched: pd.Series, destroyed: pd.Series) -> pd.Series:
    """Rows whose report gives both counts, consistently (no more shot down than launched)."""
    both = launched.notna() & destroyed.notna()
    return (both & (destroyed.where(both, 0) <= launched.where(both, 0))).fillna(False).astype(bool)


def _add_rate(out: pd.DataFrame) -> None:
    """The interception rate and its 95% Wilson interval, from the rows that report both counts."""
    out["interception_rate"] = interception_rate(out["destroyed_with_figure"], out["launched_with_figure"])
    out["rate_low"], out["rate_high"] = wilson_interval(out["destroyed_with_figure"], out["launched_with_figure"])


def interception_rate(destroyed: pd.Series, launched_with_figure: pd.Series) -> pd.Series:
    """destroyed / launched, ``<NA>`` where nothing launched has a figure (never 0/0 or x/0)."""
    d = destroyed.astype("Float64")
    n = launched_with_figure.astype("Float64")
    return (d / n.where(n > 0)).astype("Float64")


DRONE_CLASSES = ("strike_drone", "decoy_drone", "drone_unknown_type")
# Weapon classes as a page names them (a cell or a sentence shows these, never the codebook's ids): the one
# taxonomy of ``helpers.weapons``.
CLASS_WORDS = WEAPON_CLASS_WORDS
KINDS = ("missiles", "drones")
# Classes that are neither: each is a kind of its own, and attack totals (``kind_totals``) leave them out.
OWN_KINDS = {"loitering_munition": "loitering munitions", "guided_bomb": "guided bombs",
             "reconnaissance_drone": "reconnaissance drones"}


def weapon_kind(weapon_class: pd.Series) -> pd.Series:
    """The kind of each weapon class: ``drones`` for long-range one-way attack drones and decoys
    (``DRONE_CLASSES``), a kind of its own for loitering munitions, guided bombs and reconnaissance
    drones (``OWN_KINDS``), ``missiles`` for every other class. A reconnaissance drone shot down is not
    an attack, and weapons of the front are reported apart from the missile and drone barrages, so
    none of the three may swell the missile or drone totals. Decided once per distinct class."""
    classes = weapon_class.astype("category")
    names = pd.Series(classes.cat.categories.astype("string"))
    kinds = names.map(OWN_KINDS).fillna(names.isin(DRONE_CLASSES).map({True: "drones", False: "missiles"}))
    order = [*KINDS, *OWN_KINDS.values()]
    code_of = np.array([order.index(k) for k in kinds] + [order.index("missiles")], dtype="int8")
    return pd.Series(pd.Categorical.from_codes(code_of[classes.cat.codes.to_numpy()], categories=order),
                     index=weapon_class.index)


def kind_totals(ds: Dataset, start=None, end=None) -> pd.DataFrame:
    """Launched and destroyed per attack for missiles and for drones.

    Per attack and kind, the report's own headline total is used where it gives one, because a
    per-model split is often incomplete (29 Dec 2023: 122 missiles reported, far fewer split by
    type); otherwise the per-model rows are summed. ``basis`` says which; ``launched_with_figure``
    is what the interception rate may divide by.
    """
    rows = strike_rows(ds, start, end)
    rows["kind"] = weapon_kind(rows["weapon_class"])
    rows = rows[rows["kind"].isin(KINDS).to_numpy()]  # loitering munitions, bombs, reconnaissance: not attacks
    both = _rateable(rows["launched"], rows["destroyed"])
    rows["launched_with_figure"] = rows["launched"].where(both)
    rows["destroyed_with_figure"] = rows["destroyed"].where(both)
    per_model = rows.groupby(ATTACK_KEY + ["kind"], observed=True).agg(
        launched=("launched", lambda s: s.sum(min_count=1)),
        destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        launched_with_figure=("launched_with_figure", lambda s: s.sum(min_count=1)),
        destroyed_with_figure=("destroyed_with_figure", lambda s: s.sum(min_count=1)),
        source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
    )
    per_model["basis"] = "sum of per-model rows"
    totals = chosen_reports(ds.strike_totals, ds.sources, ATTACK_KEY + ["scope"])
    totals = totals[totals["scope"].isin(KINDS) & totals["launched"].notna()]
    if start is not None:
        totals = totals[totals["date"] >= pd.Timestamp(start)]
    if end is not None:
        totals = totals[totals["date"] <= pd.Timestamp(end)]
    rateable = _rateable(totals["launched"], totals["destroyed"])
    reported = pd.DataFrame({
        "launched": totals["launched"].to_numpy(),
        "destroyed": totals["destroyed"].to_numpy(),
        "launched_with_figure": totals["launched"].where(rateable).to_numpy(),
        "destroyed_with_figure": totals["destroyed"].where(rateable).to_numpy(),
        "source_ids": totals["source_id"].to_numpy(),
        "basis": "report total",
    }, index=pd.MultiIndex.from_arrays([totals["date"], totals["attack"],
                                        totals["scope"].astype("string")], names=ATTACK_KEY + ["kind"]))
    per_model.index = per_model.index.set_levels(per_model.index.levels[2].astype("string"), level=2)
    out = pd.concat([reported, per_model[~per_model.index.isin(reported.index)]])
    out = out.astype({"launched": "Int64", "destroyed": "Int64", "launched_with_figure": "Int64",
                      "destroyed_with_figure": "Int64",
                      "basis": "string", "source_ids": "string"})
    return out.sort_index().reset_index()


def summarise_kinds(totals: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """``kind_totals`` per period and kind, with the interception rate over rows that have both counts."""
    if freq not in _PERIOD:
        raise ValueError(f"freq must be one of {', '.join(_PERIOD)}, not {freq!r}")
    frame = totals.assign(period=totals["date"].dt.to_period(_PERIOD[freq]).dt.start_time)
    grouped = frame.groupby(["period", "kind"], sort=True)
    out = grouped[["launched", "destroyed", "launched_with_figure", "destroyed_with_figure"]].sum(min_count=1)
    out = out.astype("Int64")
    _add_rate(out)
    return out


def attack_sizes(ds: Dataset, start=None, end=None) -> pd.DataFrame:
    """Each attack's size: launched and destroyed, missiles and drones together; ``basis`` says
    whether report totals or per-model sums stand behind it, and ``dprk`` marks North Korean
    missiles (``attributed`` by an event in the dataset, ``possible`` when the report's label
    includes KN-23)."""
    kt = kind_totals(ds, start, end)
    out = kt.groupby(ATTACK_KEY, sort=True).agg(
        launched=("launched", lambda s: s.sum(min_count=1)),
        destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        basis=("basis", lambda s: " + ".join(sorted(set(s)))),
        source_ids=("source_ids", lambda s: ";".join(sorted({i for v in s for i in str(v).split(";")}))),
    ).astype({"launched": "Int64", "destroyed": "Int64", "basis": "string"}).reset_index()
    rows = strike_rows(ds, start, end)
    from helpers.events import attributed_dates

    dprk_dates = attributed_dates(ds)  # a day with only the Air Force's combined label is possible, not attributed
    possible = set(map(tuple, rows.loc[rows["dprk_possible"], ATTACK_KEY].itertuples(index=False)))
    out["dprk"] = [
        "attributed" if d in dprk_dates else "possible" if (d, a) in possible else ""
        for d, a in zip(out["date"], out["attack"], strict=True)
    ]
    return out


def largest_attacks(ds: Dataset, start=None, end=None, top_n: int = 10) -> pd.DataFrame:
    """The ``top_n`` attacks of the window by launched, largest first (ties by date)."""
    sizes = attack_sizes(ds, start, end).dropna(subset=["launched"])
    ranked = sizes.sort_values(["launched", "date"], ascending=[False, True], kind="stable").head(top_n)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked.reset_index(drop=True)


def window_totals(summary: pd.DataFrame) -> dict:
    """Launched and destroyed over the whole window, per kind (for the notebook's headline)."""
    columns = ["launched", "destroyed", "launched_with_figure", "destroyed_with_figure"]
    by_kind = summary.groupby(level="kind")[columns].sum(min_count=1).astype("Int64")
    _add_rate(by_kind)
    out = {}
    for kind, row in by_kind.iterrows():
        out[kind] = {"launched": _int(row["launched"]), "destroyed": _int(row["destroyed"]),
                     "launched_with_figure": _int(row["launched_with_figure"]),
                     "destroyed_with_figure": _int(row["destroyed_with_figure"]),
                     "interception_rate": _round(row["interception_rate"]),
                     "rate_low": _round(row["rate_low"]), "rate_high": _round(row["rate_high"])}
    return out


def _round(value):
    return None if pd.isna(value) else round(float(value), 4)


def _int(value):
    return None if pd.isna(value) else int(value)




CURATED = "curated"


LISTED = 200  # rows of each load-report listing shown on a page; the count above says how many there are


def load_report_html(report, who_reported: bool = True) -> str:
    """The reader's load report as formatted tables (or a line saying the curated data is used).

    Counts are whole numbers with thousands separators, and the file's own launched and destroyed
    text ("2.0") is shown as the number it is; a value listed because it is not a valid count is
    shown exactly as the file has it, since that text is what a reader has to find and fix.
    """
    from helpers import formatting

    if report is None:
        return "<p>Strikes: the curated, cited <code>strikes.csv</code> and <code>strike_totals.csv</code>.</p>"
    row_number = {"row": lambda v: str(int(v))}
    labels = {"row": "Row in the file", "check": "Check", "rows": "Rows", "weapon_ids": "Weapons",
              "column": "Column", "value": "Value as written", "problem": "Problem"}
    parts = [f"<p>Strikes read from <code>{tables.cell(report.file)}</code>: what the reader noticed. "
             "Exact duplicates are removed; every other row is kept and listed here.</p>",
             formatting.table(report.summary().reset_index(), labels=labels, formats={"rows": "count"}).to_html()]
    if who_reported and len(report.reporters):  # a page with its own "Who reported" section says False
        who = report.reporters.assign(counted=report.reporters["counted"].map({True: "counted", False: "left out"}))
        parts.append("<h3>Who reported</h3>" + formatting.table(
            who, labels={"reporter": "Reporter", "rows": "Rows", "posts": "Posts", "launched": "Launched (as they "
                         "report it)", "counted": "On this page"},
            note="Regional air commands report on their own region, in part the same weapons as the national "
                 "report: adding them would count those weapons twice.").to_html())
    for title, frame in [("Labels not mapped to a weapon (kept, not summed)", report.unmapped),
                         ("Combined labels (several weapons, counts not split)", report.combined),
                         ("Destroyed more than launched", report.destroyed_over_launched),
                         ("Counts the Air Force withheld (status_data = hidden; read as unknown, never 0)",
                          report.withheld),
                         ("Sub-types counted inside a row's figure (destroyed_types; listed, never added again)",
                          report.nested),
                         ("Windows that cannot be one attack's: ending before they start, in the future, or "
                          "longer than 7 days (figures not summed)", report.bad_windows),
                         ("Windows longer than two days", report.long_windows),
                         ("Sources that are not an Air Force post id (read as no post id, never as another source)",
                          report.not_posts),
                         ("Times that do not parse", report.bad_times),
                         ("Counts that are not valid (left empty, not summed)", report.bad_counts),
                         ("Exact duplicates removed", report.duplicates)]:
        if not len(frame):
            continue
        view = frame.reset_index().head(LISTED)
        for column in ("launched", "destroyed"):
            if column in view and not pd.api.types.is_numeric_dtype(view[column]):
                numbers = pd.to_numeric(view[column], errors="coerce")
                given = view[column].notna()
                if numbers[given].notna().all() and (numbers[given] % 1 == 0).all():
                    view[column] = numbers.round().astype("Int64")
        note = f"The first {LISTED:,} of {len(frame):,} are listed." if len(frame) > LISTED else None
        parts.append(f"<h3>{tables.cell(title)}</h3>"
                     + formatting.table(view, labels=labels, formats=row_number, note=note).to_html())
    return "".join(parts)
