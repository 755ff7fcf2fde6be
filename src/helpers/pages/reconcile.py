"""Notebook 05: reconciling the public Air Force attack table with the curated record.

For each date and weapon class that both cover, the two launched (and shot down) counts side by
side with their difference, and the curated record's sources beside them. Only pairs covered by
both are compared: a date or class missing from one side is a gap in coverage, not a disagreement.
Imports core modules only, never another notebook's.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

from helpers import formatting, page, plots, sources
from helpers.data import Dataset
from helpers.strikes import CLASS_WORDS, strike_rows

KEY = ["date", "weapon_class"]
PUBLIC_TABLE = "Ukrainian Air Force posts, as compiled in the public attack table"
# Curated rows that copy an Air Force post as the public table records it cite a source of kind
# `dataset` whose id starts with this; comparing them with the table compares the table with itself.
TABLE_COPY_PREFIX = "kpszsu-"


def _by_class(ds: Dataset, start, end) -> pd.DataFrame:
    rows = strike_rows(ds, start, end)
    rows["weapon_class"] = rows["weapon_class"].astype("string")
    return rows.groupby(KEY).agg(
        launched=("launched", lambda s: s.sum(min_count=1)),
        destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        source_ids=("source_id", lambda s: ";".join(sorted(set(s.astype("string"))))),
    )


def reconcile(curated: Dataset, external: Dataset, start, end) -> pd.DataFrame:
    """Date and weapon class pairs covered by both, with both counts and the differences
    (external minus curated), largest absolute launched difference first."""
    a, b = _by_class(curated, start, end), _by_class(external, start, end)
    both = a.merge(b, how="inner", left_index=True, right_index=True, suffixes=("_curated", "_external"))
    out = pd.DataFrame({
        "curated_launched": both["launched_curated"].astype("Int64"),
        "external_launched": both["launched_external"].astype("Int64"),
        "launched_difference": (both["launched_external"] - both["launched_curated"]).astype("Int64"),
        "curated_destroyed": both["destroyed_curated"].astype("Int64"),
        "external_destroyed": both["destroyed_external"].astype("Int64"),
        "destroyed_difference": (both["destroyed_external"] - both["destroyed_curated"]).astype("Int64"),
        "curated_sources": both["source_ids_curated"],
    }).reset_index()
    copies = _table_copies(curated)
    out["curated_from"] = [_curated_from(ids, copies) for ids in out["curated_sources"]]
    order = out["launched_difference"].abs().fillna(-1).sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


def _table_copies(ds: Dataset) -> set[str]:
    """The ids of the sources that copy an Air Force post as the public table records it."""
    s = ds.sources
    mask = (s["kind"].astype("string") == "dataset") & s["source_id"].astype("string").str.startswith(TABLE_COPY_PREFIX)
    return set(s.loc[mask, "source_id"].astype(str))


def _curated_from(ids: str, copies: set[str]) -> str:
    """``this table`` when every curated figure of the pair copies the table's own post, else ``press reports``
    (or ``both`` when the pair mixes them): a pair copied from the table agrees with it by construction."""
    copied = [i in copies for i in sources.split_ids([ids])]
    return "this table" if all(copied) else "press reports" if not any(copied) else "both"


def no_table_note() -> HTML:
    """What the page says when no table is given: how to give one, and nothing else."""
    path = "path/to/missile_attacks_daily.csv"
    return HTML("<p><strong>No table given, so nothing is compared.</strong> To compare, download your copy of "
                "the public &ldquo;Massive Missile Attacks on Ukraine&rdquo; table (file "
                f"<code>missile_attacks_daily.csv</code>) and give its path as <code>external_path</code>: "
                f"<code>python -m helpers.render --notebook notebooks/05-reconciliation.ipynb -p external_path={path} "
                "--name reconciliation</code>.</p>")


def _signed(value) -> str:
    """A difference with its sign: "+5", "−3" (a true minus), "0"; unknown as "–"."""
    if formatting._missing(value):
        return formatting.UNKNOWN
    v = int(value)
    return f"+{v:,}" if v > 0 else f"\u2212{-v:,}" if v < 0 else "0"


def _public(file: str) -> tuple[str, None]:
    return (f"{PUBLIC_TABLE} ({file})", None)


def key_figures(ds: Dataset, rec: pd.DataFrame, start, end, file: str) -> page.KeyFigures:
    """Pairs compared, pairs agreeing on launched (and on shot down), and the largest difference."""
    window = f"from {formatting.date(start)} to {formatting.date(end)}"
    if rec.empty:
        return page.KeyFigures([], empty=f"No date and weapon class is covered by both {window}.")
    ids = sources.split_ids(rec["curated_sources"])
    both_down = rec["destroyed_difference"].notna()
    agree = int((rec["launched_difference"] == 0).sum())
    agree_down = int((rec["destroyed_difference"][both_down] == 0).sum())
    own = rec["curated_from"] == "this table"
    independent = int((~own).sum())
    agree_independent = int(((rec["launched_difference"] == 0) & ~own).sum())
    figures = [
        page.KeyFigure(formatting.count(len(rec)),
                       f"{{value}} dates and weapon classes are covered by both the public table and the curated "
                       f"record {window}; only these are compared.",
                       tuple(sources.links(ds, ids)[:4]) + (_public(file),)),
        page.KeyFigure(formatting.count(agree),
                       f"{{value}} of the {len(rec):,} agree on the number launched; of the {int(both_down.sum()):,} "
                       f"where both give the number shot down, {agree_down:,} agree on it. "
                       + (f"{int(own.sum()):,} of the pairs take every curated figure from the Air Force's posts as "
                          f"this table records them, so they agree by construction; of the {independent:,} that rest "
                          f"at least in part on press reports, {agree_independent:,} agree on the number launched."
                          if own.any() else "Every curated figure compared rests on press reports."),
                       (_public(file),)),
    ]
    top = rec.iloc[0]
    if pd.notna(top["launched_difference"]) and top["launched_difference"] != 0:
        figures.append(page.KeyFigure(
            _signed(top["launched_difference"]),
            f"{{value}} launched is the largest difference (public table minus curated), for the class "
            f"“{CLASS_WORDS.get(top['weapon_class'], top['weapon_class'])}” on {formatting.date(top['date'])}: "
            f"{formatting.count(top['external_launched'])} in the public table against "
            f"{formatting.count(top['curated_launched'])} in the curated record.",
            tuple(sources.links(ds, [top["curated_sources"]])) + (_public(file),)))
    return page.KeyFigures(figures)


def table(ds: Dataset, rec: pd.DataFrame) -> formatting.Table | HTML:
    """The pairs, largest difference first, in words, with the curated record's sources."""
    if rec.empty:
        return HTML("<p>No date and weapon class is covered by both in this window.</p>")
    view = rec.drop(columns=["curated_sources"]).copy()
    view = view[[c for c in view.columns if c != "curated_from"] + ["curated_from"]]
    view["weapon_class"] = [CLASS_WORDS.get(c, c) for c in view["weapon_class"]]
    labels = {"curated_launched": "Launched, curated", "external_launched": "Launched, public table",
              "launched_difference": "Launched: difference", "curated_destroyed": "Shot down, curated",
              "external_destroyed": "Shot down, public table", "destroyed_difference": "Shot down: difference",
              "curated_from": "Curated figure from"}
    t = formatting.table(view, labels=labels,
                         formats={"launched_difference": _signed, "destroyed_difference": _signed},
                         links={"curated sources": sources.links_per_row(ds, rec["curated_sources"])},
                         note="Difference: public table minus curated record; 0 means they agree. Curated figure "
                              "from this table: the curated row copies the Air Force post as this table records "
                              "it, so the pair agrees by construction.")
    t.numeric |= {"launched_difference", "destroyed_difference"}
    return t


AGREE, MORE, FEWER, DOWN = "#999999", plots.DPRK, plots.DESTROYED, "#CC79A7"


def _verdict(row) -> str:
    """How a pair compares: launched differs, else shot down differs (where both give it), else agrees."""
    if pd.notna(row["launched_difference"]) and row["launched_difference"] != 0:
        return "public table more" if row["launched_difference"] > 0 else "public table fewer"
    if pd.notna(row["destroyed_difference"]) and row["destroyed_difference"] != 0:
        return "shot down differs"
    return "agree"


def figure(ds: Dataset, rec: pd.DataFrame, start, end) -> plots.Chart:
    """Every pair compared, one row per weapon class and a mark at each date: grey where the two agree,
    a labelled triangle where launched differs (up: the public table has more), a labelled ring where
    only shot down differs. Coverage and disagreement are read off one chart, however long the window."""
    plots.use_house_style()
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if rec.empty:
        fig, ax = plt.subplots(figsize=(11, 2))
        plots.empty_note(ax, "No date and weapon class covered by both sources in this window.")
        plots.caption(fig, plots.window_label(start, end), [PUBLIC_TABLE])
        return plots.Chart(fig, rec, "reconciliation")
    data = rec.assign(verdict=[_verdict(r) for _, r in rec.iterrows()])
    classes = sorted(data["weapon_class"].unique(), key=lambda c: CLASS_WORDS.get(c, c))
    row = {c: i for i, c in enumerate(classes)}
    fig, ax = plt.subplots(figsize=(11, 1.6 + 0.45 * len(classes)), layout="constrained")
    styles = {"agree": dict(marker="o", color=AGREE, s=36),
              "public table more": dict(marker="^", color=MORE, s=90),
              "public table fewer": dict(marker="v", color=FEWER, s=90),
              "shot down differs": dict(marker="o", facecolors="none", edgecolors=DOWN, linewidths=1.8, s=90)}
    words = {"agree": "agree", "public table more": "public table has more launched",
             "public table fewer": "public table has fewer launched",
             "shot down differs": "same launched, shot down differs"}
    # a label is left out where it would cover another one; the table lists every difference
    for verdict, style in styles.items():
        part = data[data["verdict"] == verdict]
        if len(part) or verdict == "agree":
            ax.scatter(part["date"], [row[c] for c in part["weapon_class"]], zorder=3, label=words[verdict],
                       **style)
    # the largest differences are labelled first; a label that would cover another is left out (the
    # table lists every pair)
    differ = data[data["verdict"] != "agree"]
    size = differ["launched_difference"].abs().fillna(0) * 10_000 + differ["destroyed_difference"].abs().fillna(0)
    labelled, crowded = {c: [] for c in classes}, False
    crowd = max(1.0, ((end - start).days + 1) * 0.035)
    for i in size.sort_values(ascending=False, kind="stable").index:
        r = differ.loc[i]
        if any(abs((r["date"] - d).days) < crowd for d in labelled[r["weapon_class"]]):
            crowded = True
            continue
        labelled[r["weapon_class"]].append(r["date"])
        text = (f"shot down {_signed(r['destroyed_difference'])}" if r["verdict"] == "shot down differs"
                else _signed(r["launched_difference"]))
        ax.annotate(text, (r["date"], row[r["weapon_class"]]), xytext=(6, 6), textcoords="offset points",
                    fontsize=9, color="#222222")
    ax.set_yticks(range(len(classes)), [CLASS_WORDS.get(c, c.replace("_", " ")) for c in classes])
    ax.set_ylim(-0.6, len(classes) - 0.4)
    ax.invert_yaxis()
    ax.set_xlim(start - pd.Timedelta(days=1), end + pd.Timedelta(days=1))
    if (end - start).days <= 45:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, ((end - start).days + 1) // 12 + 1)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%Y"))
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    ax.set_title("Launched: the public attack table against the curated record, per date and weapon class")
    fig.legend(loc="outside upper center", ncol=4, frameon=False, fontsize=9)
    pubs = sources.publishers(ds, rec["curated_sources"])
    plots.caption(fig, plots.window_label(start, end), pubs + [PUBLIC_TABLE],
                  note="A mark for each date and weapon class both cover (none: only one of them, or neither, has "
                       "it). Labels give the difference, public table minus curated record; shot down is compared "
                       "only where both give a figure."
                       + (" Where marks crowd, only the largest difference is labelled; the table lists every "
                          "pair." if crowded else ""))
    return plots.Chart(fig, data, "reconciliation")


def method(ds: Dataset, rec: pd.DataFrame | None, file: str | None) -> str:
    """The reconciliation's own definitions and limits (with no table given: how it would compare one)."""
    limits = [
        "A pair is a date and a weapon class that both the public table and the curated record cover; a date or "
        "class only one of them has is a gap in coverage, not a disagreement, and is not compared.",
        "Each side sums its per-model rows of that date and class. The curated side takes one report per "
        "attack and weapon (the most complete, then the latest published); its headline totals are not used, "
        "because the public table has none.",
        f"The public table{f' ({file})' if file else ''} is dated like the curated record: by the morning its "
        "report covers (the date of its time_end). Its labels are mapped to weapons through "
        "data/model_aliases.csv; a label naming several weapons of different classes counts as missiles of several "
        "types counted together (or, for drones, drones of unknown type), so its pair may not line up with the "
        "curated split, and labels that are not weapons the dataset counts are left out.",
        "Difference is the public table minus the curated record. The curated rows cite press reports of the same "
        "Air Force figures the public table compiles, or, on the key days, the Air Force's posts as this table "
        "records them (sources of kind dataset); the latter agree by construction and are marked, so only pairs "
        "resting on press reports test the table. A difference points to an updated figure, a typing error on "
        "either side, or a different split between weapon classes.",
    ]
    return page.method_html(ds, sources.split_ids(rec["curated_sources"]) if rec is not None and len(rec) else [],
                            ["dates", "unknown"], limits)
