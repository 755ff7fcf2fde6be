"""Attack volume: launched and destroyed by period, class and origin, and the largest attacks.

Two rules keep the figures honest:

- One report per attack and weapon. When two reports give figures for the same attack and weapon
  (a first and an updated count, or two outlets), summing them would double-count; the summary
  takes one (the most complete, then the most recently published) and ``alternative_reports``
  lists the others, so a disagreement is shown rather than averaged away.
- Unknown is not zero. Sums keep ``<NA>`` when nothing is known, and the interception rate is
  destroyed / launched over the rows that report both counts only; what was launched with no
  interception figure is reported beside it, never counted as 0 shot down.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from helpers import params, plots, tables
from helpers.data import Dataset
from helpers.weapons import class_choices, origin_choices, weapon_table

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
    both = rows["launched"].notna() & rows["destroyed"].notna()
    frame = pd.DataFrame({
        "period": rows["date"].dt.to_period(_PERIOD[freq]).dt.start_time,
        "launched": rows["launched"],
        "destroyed": rows["destroyed"],
        "launched_with_figure": rows["launched"].where(both),
        "launched_no_figure": rows["launched"].where(rows["destroyed"].isna()),
    })
    keys = ["period"] + ([by] if by else [])
    if by:
        frame[by] = rows[by]
    grouped = frame.groupby(keys, sort=True, observed=True)
    out = grouped[["launched", "destroyed", "launched_with_figure", "launched_no_figure"]].sum(min_count=1)
    out["rows"] = grouped.size()
    out = out.astype({c: "Int64" for c in out.columns})
    out["interception_rate"] = interception_rate(out["destroyed"], out["launched_with_figure"])
    return out


def interception_rate(destroyed: pd.Series, launched_with_figure: pd.Series) -> pd.Series:
    """destroyed / launched, ``<NA>`` where nothing launched has a figure (never 0/0 or x/0)."""
    d = destroyed.astype("Float64")
    n = launched_with_figure.astype("Float64")
    return (d / n.where(n > 0)).astype("Float64")


DRONE_CLASSES = ("strike_drone", "decoy_drone", "drone_unknown_type")
KINDS = ("missiles", "drones")


def weapon_kind(weapon_class: pd.Series) -> pd.Series:
    """``missiles`` or ``drones`` for each weapon class."""
    return pd.Series(pd.Categorical(
        weapon_class.astype("string").isin(DRONE_CLASSES).map({True: "drones", False: "missiles"}),
        categories=list(KINDS)), index=weapon_class.index)


def kind_totals(ds: Dataset, start=None, end=None) -> pd.DataFrame:
    """Launched and destroyed per attack for missiles and for drones.

    Per attack and kind, the report's own headline total is used where it gives one, because a
    per-model split is often incomplete (29 Dec 2023: 122 missiles reported, far fewer split by
    type); otherwise the per-model rows are summed. ``basis`` says which; ``launched_with_figure``
    is what the interception rate may divide by.
    """
    rows = strike_rows(ds, start, end)
    rows["kind"] = weapon_kind(rows["weapon_class"])
    both = rows["launched"].notna() & rows["destroyed"].notna()
    rows["launched_with_figure"] = rows["launched"].where(both)
    per_model = rows.groupby(ATTACK_KEY + ["kind"], observed=True).agg(
        launched=("launched", lambda s: s.sum(min_count=1)),
        destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        launched_with_figure=("launched_with_figure", lambda s: s.sum(min_count=1)),
        source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
    )
    per_model["basis"] = "sum of per-model rows"
    totals = chosen_reports(ds.strike_totals, ds.sources, ATTACK_KEY + ["scope"])
    totals = totals[totals["scope"].isin(KINDS) & totals["launched"].notna()]
    if start is not None:
        totals = totals[totals["date"] >= pd.Timestamp(start)]
    if end is not None:
        totals = totals[totals["date"] <= pd.Timestamp(end)]
    reported = pd.DataFrame({
        "launched": totals["launched"].to_numpy(),
        "destroyed": totals["destroyed"].to_numpy(),
        "launched_with_figure": totals["launched"].where(totals["destroyed"].notna()).to_numpy(),
        "source_ids": totals["source_id"].to_numpy(),
        "basis": "report total",
    }, index=pd.MultiIndex.from_arrays([totals["date"], totals["attack"],
                                        totals["scope"].astype("string")], names=ATTACK_KEY + ["kind"]))
    per_model.index = per_model.index.set_levels(per_model.index.levels[2].astype("string"), level=2)
    out = pd.concat([reported, per_model[~per_model.index.isin(reported.index)]])
    out = out.astype({"launched": "Int64", "destroyed": "Int64", "launched_with_figure": "Int64",
                      "basis": "string", "source_ids": "string"})
    return out.sort_index().reset_index()


def summarise_kinds(totals: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """``kind_totals`` per period and kind, with the interception rate over rows that have both counts."""
    if freq not in _PERIOD:
        raise ValueError(f"freq must be one of {', '.join(_PERIOD)}, not {freq!r}")
    frame = totals.assign(period=totals["date"].dt.to_period(_PERIOD[freq]).dt.start_time)
    grouped = frame.groupby(["period", "kind"], sort=True)
    out = grouped[["launched", "destroyed", "launched_with_figure"]].sum(min_count=1).astype("Int64")
    out["interception_rate"] = interception_rate(out["destroyed"], out["launched_with_figure"])
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
    dprk_dates = set(ds.events.loc[ds.events["category"] == "dprk_missile_use", "date"])
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


@dataclass(frozen=True)
class VolumeParameters:
    start: pd.Timestamp
    end: pd.Timestamp
    frequency: str
    classes: list[str] | None
    origins: list[str] | None
    top_n: int

    @property
    def filtered(self) -> bool:
        return self.classes is not None or self.origins is not None


def parameters(ds: Dataset, start_date, end_date, frequency, weapon_classes, origins, top_n) -> VolumeParameters:
    """Check the attack-volume notebook's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    freq = params.as_choice("frequency", frequency, list(FREQUENCIES))
    classes = params.as_subset("weapon_classes", weapon_classes, class_choices(ds)) if weapon_classes else None
    chosen = params.as_subset("origins", origins, origin_choices(ds)) if origins else None
    return VolumeParameters(start, end, freq, classes, chosen, params.as_positive_int("top_n", top_n, 100))


def period_summary(ds: Dataset, p: VolumeParameters) -> pd.DataFrame:
    """Launched, destroyed and interception rate per period for missiles and drones.

    Without a class or origin filter the report totals stand behind each attack (see
    ``kind_totals``); with one, only the per-model rows can say which weapons they were.
    """
    if p.filtered:
        rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
        rows = rows.assign(kind=weapon_kind(rows["weapon_class"]).astype("string"))
        return summarise(rows, p.frequency, by="kind").drop(columns=["rows"])
    return summarise_kinds(kind_totals(ds, p.start, p.end), p.frequency)


def window_totals(summary: pd.DataFrame) -> dict:
    """Launched and destroyed over the whole window, per kind (for the notebook's headline)."""
    by_kind = summary.groupby(level="kind")[["launched", "destroyed", "launched_with_figure"]].sum(min_count=1)
    out = {}
    for kind, row in by_kind.iterrows():
        rate = interception_rate(pd.Series([row["destroyed"]]), pd.Series([row["launched_with_figure"]]))[0]
        out[kind] = {"launched": _int(row["launched"]), "destroyed": _int(row["destroyed"]),
                     "interception_rate": None if pd.isna(rate) else round(float(rate), 4)}
    return out


def _int(value):
    return None if pd.isna(value) else int(value)


def figure(ds: Dataset, summary: pd.DataFrame, p: VolumeParameters) -> plots.Chart:
    """Launched and destroyed per period, one panel for missiles and one for drones, with caption."""
    plots.use_house_style()
    kinds = [k for k in KINDS if k in set(summary.index.get_level_values("kind"))] if len(summary) else []
    if not kinds:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, f"No attack volume recorded in this window ({plots.window_label(p.start, p.end)}).")
        return plots.Chart(fig, summary.reset_index(), "attack-volume")
    fig, axes = plt.subplots(len(kinds), 1, figsize=(11, 3.2 * len(kinds)), sharex=True, squeeze=False)
    width = {"D": 0.8, "W": 5.5, "M": 24}[p.frequency]
    for ax, kind in zip(axes[:, 0], kinds, strict=True):
        part = summary.xs(kind, level="kind")
        x = part.index
        ax.bar(x, part["launched"].astype("float").fillna(0), width=width, color=plots.LAUNCHED, label="launched")
        ax.bar(x, part["destroyed"].astype("float").fillna(0), width=width * 0.55, color=plots.DESTROYED,
               label="destroyed (shot down)")
        ax.set_title(f"{kind.capitalize()} per {FREQUENCIES[p.frequency]}")
        ax.set_ylabel("count")
        ax.legend(loc="upper right", frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    used = strike_rows(ds, p.start, p.end, p.classes, p.origins)["source_id"]
    totals = ds.strike_totals
    used = list(used) + list(totals.loc[(totals["date"] >= p.start) & (totals["date"] <= p.end), "source_id"])
    pubs = sorted(set(ds.sources.loc[ds.sources["source_id"].isin(used), "publisher"]))
    filt = ""
    if p.filtered:
        filt = (f" Filter: classes {', '.join(p.classes) if p.classes else 'all'}; "
                f"origins {', '.join(p.origins) if p.origins else 'all'} (per-model rows only).")
    plots.caption(fig, plots.window_label(p.start, p.end), pubs,
                  note="Counts as the Ukrainian Air Force reported them; a bar with no dark part had no "
                       "interception figure, which is not zero." + filt)
    return plots.Chart(fig, summary.reset_index(), "attack-volume")


def breakdown(ds: Dataset, p: VolumeParameters, by: str) -> pd.DataFrame:
    """Per-model rows of the window summed by ``weapon_class`` or ``origin_label`` over the window."""
    rows = strike_rows(ds, p.start, p.end, p.classes, p.origins)
    if rows.empty:
        return pd.DataFrame(columns=["launched", "destroyed", "launched_with_figure", "launched_no_figure",
                                     "interception_rate"])
    whole = rows.assign(date=p.start)
    out = summarise(whole, "D", by=by).droplevel("period").drop(columns=["rows"])
    return out.sort_values("launched", ascending=False)


def largest_attacks_html(ds: Dataset, p: VolumeParameters) -> str:
    top = largest_attacks(ds, p.start, p.end, p.top_n)
    if top.empty:
        return "<p><strong>No attacks recorded in this window.</strong></p>"
    src = ds.sources.set_index("source_id")
    links = [[(src.loc[s, "publisher"], src.loc[s, "url"]) for s in str(ids).split(";") if s in src.index]
             for ids in top["source_ids"]]
    view = top[["rank", "date", "attack", "launched", "destroyed", "dprk", "basis"]].rename(
        columns={"dprk": "North Korean missiles"})
    return tables.to_html(view, links={"sources": links})


def disagreements_html(ds: Dataset, p: VolumeParameters) -> str:
    """Reports that the summary did not use, beside the figure it did use."""
    alt = alternative_reports(ds.strikes, ds.sources, ATTACK_KEY + ["weapon_id"])
    alt = alt[(alt["date"] >= p.start) & (alt["date"] <= p.end)]
    if alt.empty:
        return "<p>No competing reports for the same attack and weapon in this window.</p>"
    src = ds.sources.set_index("source_id")
    view = alt[["date", "attack", "weapon_id", "launched", "destroyed", "chosen_launched", "chosen_destroyed"]]
    links = [[(src.loc[a, "publisher"], src.loc[a, "url"])] for a in alt["source_id"]]
    chosen = [[(src.loc[c, "publisher"], src.loc[c, "url"])] for c in alt["chosen_source_id"]]
    return tables.to_html(view.reset_index(drop=True), links={"this report": links, "used instead": chosen})


CURATED = "curated"


def strikes_source(ds: Dataset, source: str):
    """The dataset to analyse and its load report: the curated strikes (report ``None``), or the rows of
    a copy of the public Air Force attack table at path ``source``."""
    from pathlib import Path

    from helpers import airforce

    if source == CURATED:
        return ds, None
    path = Path(str(source)).expanduser()
    if not path.is_file():
        raise params.ParameterError("strikes_source", source,
                                    f"{CURATED!r}, or the path of an existing CSV file of the public Air Force "
                                    "attack table")
    variant, _, report = airforce.load(ds, path)
    return variant, report


def load_report_html(report) -> str:
    """The reader's load report as HTML (or a line saying the curated data is used)."""
    if report is None:
        return "<p>Strikes: the curated, cited <code>strikes.csv</code> and <code>strike_totals.csv</code>.</p>"
    parts = [f"<p>Strikes read from <code>{tables.cell(report.file)}</code>: what the reader noticed. "
             "Exact duplicates are removed; every other row is kept and listed here.</p>",
             tables.to_html(report.summary().reset_index())]
    for title, frame in [("Labels not mapped to a weapon (kept, not summed)", report.unmapped),
                         ("Combined labels (several weapons, counts not split)", report.combined),
                         ("Destroyed more than launched", report.destroyed_over_launched),
                         ("Windows longer than two days", report.long_windows),
                         ("Times that do not parse", report.bad_times),
                         ("Counts that are not valid (left empty, not summed)", report.bad_counts),
                         ("Exact duplicates removed", report.duplicates)]:
        if len(frame):
            parts.append(f"<h4>{tables.cell(title)}</h4>" + tables.to_html(frame.reset_index().head(50)))
    return "".join(parts)
