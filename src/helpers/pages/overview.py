"""Notebook 00, the dataset: the counts a curator checks before trusting an analysis, as a page.

Imports core modules only. The page says what passing validation guarantees and what it cannot:
a row that loads is well formed and consistent with every other table, which is not the same as
being true; that is what the sources beside every row are for.
"""

from __future__ import annotations

import pandas as pd

from helpers import formatting, page, splits
from helpers.data import Dataset
from helpers.data.quality import WEAK_KINDS, quoted_share, weak_only_share

CATEGORY_WORDS = {"arms_transfer": "arms transfer", "dprk_missile_use": "use of North Korean missiles",
                  "mass_strike": "mass strike", "statement": "official statement", "investigation": "investigation",
                  "diplomacy": "diplomacy", "sanction": "sanctions", "un_action": "United Nations action"}
KIND_WORDS = {"government": "government", "military": "military", "prosecutor": "prosecutor", "un": "United Nations",
              "research": "research group", "news_agency": "news agency", "news": "news outlet",
              "reference": "reference work", "seed_article": "the seed article", "dataset": "published data set",
              "mirror": "mirror (a copy of another outlet)", "aggregator": "aggregator (a rewrite of other reports)",
              "state_media": "Russian state media", "blog": "blog"}
PRIMARY_KINDS = ("government", "military", "prosecutor", "un")


def table_sizes(ds: Dataset) -> pd.DataFrame:
    """Rows per table, in the descriptor's order."""
    return pd.DataFrame(
        {"table": [r.name for r in ds.package.resources],
         "rows": [len(ds[r.name]) for r in ds.package.resources]}
    ).set_index("table")


def events_by_category_and_year(ds: Dataset) -> pd.DataFrame:
    """Events per category (rows, every category shown) and year (columns)."""
    ev = ds.events
    table = pd.crosstab(ev["category"], ev["date"].dt.year, dropna=False)
    table.columns.name = "year"
    return table


def sources_by_kind(ds: Dataset) -> pd.Series:
    """How many sources of each kind the dataset cites."""
    return ds.sources["kind"].value_counts(sort=False).rename("sources")


REPORT_WORDS = {"national": "national report", "regional_only": "regional command only",
                "none": "no report in the public table"}


def strike_day_coverage(ds: Dataset, start: str, end: str) -> pd.DataFrame:
    """For each day from ``start`` to ``end``: whether the Air Force reported an attack (from
    ``coverage.csv``; ``<NA>`` where the day was not checked), the per-model rows, totals rows and
    distinct reports the strike tables hold for it.

    A day with no row at all is shown as zeros so it stands out; ``air_force_report`` says whether
    that is a day without a reported attack or a gap in the record.
    """
    days = pd.date_range(start, end, freq="D", name="date")
    per_model = ds.strikes.groupby("date").size()
    totals = ds.strike_totals.groupby("date").size()
    reports = pd.concat([ds.strikes[["date", "source_id"]], ds.strike_totals[["date", "source_id"]]])
    n_reports = reports.drop_duplicates().groupby("date").size()
    checked = ds.coverage.set_index("date")["air_force_report"].astype("string")
    out = pd.DataFrame({
        "air_force_report": checked.reindex(days),
        "per_model_rows": per_model.reindex(days, fill_value=0).astype("int64"),
        "total_rows": totals.reindex(days, fill_value=0).astype("int64"),
        "reports": n_reports.reindex(days, fill_value=0).astype("int64"),
    })
    return out


def facts(ds: Dataset, start, end) -> dict:
    """The numbers the key figures state, for the page and for tests to check against the tables."""
    coverage = strike_day_coverage(ds, start, end)
    kinds = sources_by_kind(ds)
    weak_rows, data_rows = weak_only_share(ds)
    quoted, figure_rows = quoted_share(ds)
    split = splits.split_check(ds)
    return {
        "rows": int(table_sizes(ds)["rows"].sum()),
        "tables": len(ds.package.resources),
        "sources": int(len(ds.sources)),
        "primary_sources": int(kinds.reindex(list(PRIMARY_KINDS), fill_value=0).sum()),
        "events": int(len(ds.events)),
        "dprk_uses": int((ds.events["category"] == "dprk_missile_use").sum()),
        "days": int(len(coverage)),
        "days_covered": int((coverage["reports"] > 0).sum()),
        "days_checked": int(coverage["air_force_report"].notna().sum()),
        "days_quiet": int((coverage["air_force_report"] == "none").sum()),
        "days_reported_without_figure": int(((coverage["air_force_report"] == "national")
                                             & (coverage["reports"] == 0)).sum()),
        "totals": int(len(split)),
        "totals_split": int((split["problem"] == "").sum()),
        "claims": int(len(ds.claims)),
        "weak_sources": int(kinds.reindex(list(WEAK_KINDS), fill_value=0).sum()),
        "weak_only_rows": weak_rows,
        "data_rows": data_rows,
        "quoted_rows": quoted,
        "figure_rows": figure_rows,
    }


def _days_phrase(f: dict) -> str:
    """What the days without a figure are: checked and quiet, reported but not entered, or unchecked."""
    missing = f["days"] - f["days_covered"]
    if not missing:
        return "Every day has one."
    unchecked = f["days"] - f["days_checked"]
    parts = []
    if f["days_quiet"]:
        parts.append(f"{f['days_quiet']:,} had no Air Force report in the public table")
    if f["days_reported_without_figure"]:
        parts.append(f"{f['days_reported_without_figure']:,} had a national report whose figures are not entered")
    if unchecked:
        parts.append(f"{unchecked:,} were not checked and are gaps in the record, not days without attacks")
    return ("Of the others, " + "; ".join(parts) + ".") if parts else ""


def _files(*names: str) -> tuple[tuple[str, None], ...]:
    """The dataset's own files as a key figure's source (they travel with the page's provenance)."""
    return tuple((f"data/{n}", None) for n in names)


def key_figures(ds: Dataset, start, end) -> page.KeyFigures:
    """What the dataset holds, in five sentences; its own files are the source of every number."""
    f = facts(ds, start, end)
    ev = ds.events["date"]
    window = f"from {formatting.date(start)} to {formatting.date(end)}"
    first, last = (formatting.date(ev.min()), formatting.date(ev.max())) if len(ev) else ("–", "–")
    return page.KeyFigures([
        page.KeyFigure(formatting.count(f["rows"]),
                       f"{{value}} rows in {f['tables']} tables, every one checked against the codebook each time "
                       "the data is loaded.", _files("datapackage.json")),
        page.KeyFigure(formatting.count(f["sources"]),
                       f"{{value}} public sources cited, each with its publisher, date and address; "
                       f"{f['primary_sources']:,} of them are governments, militaries, prosecutors or the UN.",
                       _files("sources.csv")),
        page.KeyFigure(
            formatting.percent(f["weak_only_rows"] / f["data_rows"]) if f["data_rows"] else "–",
            f"{{value}} of the {f['data_rows']:,} figures (events, strike figures, attack totals, weapon ranges, "
            f"places, assessed verdicts of claims) rest only on weak sources ({f['weak_only_rows']:,} rows): "
            f"mirrors, aggregators, Russian state media or blogs, {f['weak_sources']:,} of the sources. Each is "
            f"listed with the reason no original outlet is cited. {f['quoted_rows']:,} of the {f['figure_rows']:,} "
            "figures carry their source's own words, checked on every load to give the number and to name what it "
            "counts; the others are listed with why they could not be quoted.",
            _files("weak_only.csv", "sources.csv", "strikes.csv", "event_sources.csv")),
        page.KeyFigure(formatting.count(f["events"]),
                       f"{{value}} events from {first} to {last}, {f['dprk_uses']:,} of them reported uses of North "
                       "Korean missiles.", _files("events.csv", "event_sources.csv")),
        page.KeyFigure(formatting.count(f["days_covered"]),
                       f"{{value}} of the {f['days']:,} days {window} have an Air Force figure in the strike "
                       f"tables. {_days_phrase(f)} {f['totals_split']:,} of the {f['totals']:,} attack totals are "
                       "matched exactly by the per-model rows beside them; any that is not says why.",
                       _files("strikes.csv", "strike_totals.csv", "coverage.csv")),
        page.KeyFigure(formatting.count(f["claims"]),
                       "{value} claims recorded, from the seed article and officials, each checked against the "
                       "record on the claims page.", _files("claims.csv")),
    ])


def sizes_table(ds: Dataset) -> formatting.Table:
    """Each table: its file, what one row is, and how many rows it has."""
    view = pd.DataFrame({
        "file": [r.path for r in ds.package.resources],
        "table": [r.title or r.name for r in ds.package.resources],
        "one_row_is": [(r.grain or "–").replace("`", "") for r in ds.package.resources],  # codebook markup
        "rows": [len(ds[r.name]) for r in ds.package.resources],
    })
    return formatting.table(view, labels={"file": "File", "table": "Table", "one_row_is": "One row is"})


def events_table(ds: Dataset) -> formatting.Table:
    """Events per category and year, every category shown, with totals."""
    counts = events_by_category_and_year(ds)
    view = counts.copy()
    view.columns = [str(c) for c in view.columns]
    view["total"] = counts.sum(axis=1)
    view.index = [CATEGORY_WORDS.get(str(c), str(c).replace("_", " ")) for c in view.index]
    view = view.rename_axis("category").reset_index()
    return formatting.table(view, labels={"category": "Category", "total": "Total"})


def sources_table(ds: Dataset) -> formatting.Table:
    """Sources per kind, with each kind's share and whether it is an original or a weak copy."""
    kinds = sources_by_kind(ds)
    total = int(kinds.sum())
    view = pd.DataFrame({"kind": [KIND_WORDS.get(str(k), str(k)) for k in kinds.index],
                         "sources": kinds.to_numpy(),
                         "share": kinds.to_numpy() / total if total else [pd.NA] * len(kinds),
                         "weak": ["weak: a figure should not rest on it alone" if str(k) in WEAK_KINDS else ""
                                  for k in kinds.index]})
    return formatting.table(view, labels={"kind": "Kind of publisher", "sources": "Sources", "share": "Share",
                                          "weak": "Strength"},
                            formats={"share": "percent"})


def coverage_table(ds: Dataset, start, end) -> formatting.Table:
    """Each day of the window: whether the Air Force reported an attack and the strike rows behind it."""
    view = strike_day_coverage(ds, start, end).reset_index()
    status = view["air_force_report"]

    def note(row) -> str:
        if row["reports"] > 0:
            return ""
        if pd.isna(row["air_force_report"]):
            return "not checked: a gap in the record"
        if row["air_force_report"] == "none":
            return "no attack reported"
        return "reported, figures not entered" if row["air_force_report"] == "national" else "regional posts only"
    view["note"] = view.apply(note, axis=1)
    view["air_force_report"] = status.map(REPORT_WORDS).astype("string")
    return formatting.table(view, labels={"air_force_report": "Air Force report", "per_model_rows": "Per-model rows",
                                          "total_rows": "Report total rows", "reports": "Reports", "note": "Note"},
                            note="Air Force report: checked day by day in the public attack table (coverage.csv); "
                                 "– where the day is outside the checked windows.")


VALIDATION_GUARANTEES = [
    "Passing validation guarantees that every value has the type, format and allowed values the codebook "
    "gives it (dates, whole counts within their bounds, categories from their lists, http(s) addresses), that "
    "every required value is there, that every id is unique and every reference resolves (each strike's "
    "weapon and source, each event's sources), and that the rules across fields hold: no more shot down than "
    "launched, no window ending before it starts, no date before 24 February 2022 or in the future, every "
    "event backed by at least one source, every use of North Korean missiles with graded evidence of its "
    "origin, every place inside its region.",
    "It cannot guarantee that a source says what its row says, that the source is right (an Air Force figure is "
    "a claim by a party to the war), that the record is complete (a day or a weapon with no row is a gap, not "
    "a zero), or that a page is still online. Those are checked by reading the sources linked beside every "
    "row, and where sources disagree each keeps its own figure.",
    "The rows of a table are counted as stored: two reports of the same attack are two rows of strikes.csv, "
    "and the analyses pick one of them.",
]


def method(ds: Dataset) -> str:
    """The dataset page's method note: what validation guarantees and what it cannot."""
    return page.method_html(ds, list(ds.sources["source_id"].astype("string")), ["dates", "unknown"],
                            VALIDATION_GUARANTEES)
