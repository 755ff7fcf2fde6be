"""New notebooks and tables from templates, with everything they need to pass the tests.

    python -m helpers.scaffold notebook NAME --title "A title" [--description "..."]   # make new-notebook
    python -m helpers.scaffold table NAME --title "A title" [--description "..."]      # make new-table

``table`` creates ``data/NAME.csv`` (its header only: rows come from sources, never from a template) and
its resource in ``data/datapackage.json`` (a ``NAME_id`` key, a date, a ``source_id`` that must be a row of
``sources.csv``, a note), and regenerates the README's codebook. The test fixtures follow the data: a
table without a fixture file of its own is taken from ``data/``, and the sources it cites are added to the
fixture sources (``tests/conftest.py``), so nothing is copied by hand.

``notebook``
creates, from the templates below:

- ``notebooks/NN-NAME.ipynb`` (the next free number): the title cell, one ``parameters`` cell
  (``start_date``, ``end_date``), then cells that only call the page module: key figures, a table,
  the method; stored as the notebook filter stores notebooks (no outputs, cell ids ``0..n``);
- ``src/helpers/pages/NAME.py``: the page module (parameter check, the computation, key figures,
  table, method), a working example on the events of the window to replace with the real analysis;
- ``tests/test_NAME.py``: unit tests on the fixture dataset;
- a ``[[report]]`` entry in ``reports/reports.toml`` and a row in the README's notebook table.

Nothing else is registered by hand: the renderer's kernel, the architecture test and the notebook tests
find the page by its folder and the notebook by its file. Then ``make test-fast`` passes, and ``make
reports`` renders the new report. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from helpers.paths import PROJECT_ROOT

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

PAGE = '''"""{title}: {description}

Made by ``make new-notebook``: a working example (the events of the window, by category) to replace with
the real analysis. Notebook cells only call this module; it imports the core and the table layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import formatting, page, params
from helpers.data import Dataset
from helpers.events import filter_events


@dataclass(frozen=True)
class Parameters:
    start: pd.Timestamp
    end: pd.Timestamp


def parameters(start_date, end_date) -> Parameters:
    """Check the notebook's parameters; raise ``ParameterError`` naming the bad one."""
    start, end = params.as_window(start_date, end_date)
    return Parameters(start, end)


def by_category(ds: Dataset, p: Parameters) -> pd.DataFrame:
    """Events of the window per category, with the sources behind them."""
    events = filter_events(ds, p.start, p.end)
    linked = ds.event_sources[ds.event_sources["event_id"].isin(events["event_id"])]
    counts = events.groupby("category", observed=True).size().rename("events")
    sources = linked.merge(events[["event_id", "category"]], on="event_id").groupby(
        "category", observed=True)["source_id"].nunique().rename("sources")
    out = pd.concat([counts, sources], axis=1).fillna(0).astype("int64").reset_index()
    return out.sort_values(["events", "category"], ascending=[False, True]).reset_index(drop=True)


def source_ids(ds: Dataset, p: Parameters) -> list[str]:
    events = filter_events(ds, p.start, p.end)
    return list(ds.event_sources.loc[ds.event_sources["event_id"].isin(events["event_id"]), "source_id"])


def key_figures(ds: Dataset, table: pd.DataFrame, p: Parameters) -> page.KeyFigures:
    window = f"from {{formatting.date(p.start)}} to {{formatting.date(p.end)}}"
    figures = []
    if len(table):
        figures.append(page.key_figure(ds, f"{{int(table['events'].sum()):,}}",
                                       f"{{{{value}}}} events recorded {{window}}, in {{len(table)}} categories.",
                                       source_ids(ds, p)[:6]))
    return page.KeyFigures(figures, empty=f"No event is recorded {{window}}.")


def table_view(table: pd.DataFrame) -> formatting.Table:
    view = table.assign(category=table["category"].astype("string").str.replace("_", " "))
    return formatting.table(view, labels={{"category": "Category", "events": "Events", "sources": "Sources"}})


def method(ds: Dataset, p: Parameters) -> str:
    return page.method_html(ds, source_ids(ds, p), ["dates"],
                            ["Events are counted by the date the dataset gives them; each is one row of events.csv."])
'''

TEST = '''"""{title}: the page module on the fixture dataset (made by ``make new-notebook``)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_dataset

from helpers.data import load
from helpers.events import filter_events
from helpers.pages import {name}
from helpers.params import ParameterError


def test_events_are_counted_by_category_with_their_sources(tmp_path):
    ds = load(make_dataset(tmp_path))
    p = {name}.parameters("2023-01-01", "2025-12-31")
    table = {name}.by_category(ds, p)
    events = filter_events(ds, p.start, p.end)
    assert int(table["events"].sum()) == len(events) > 0
    assert (table["sources"] >= 1).all()
    html = {name}.key_figures(ds, table, p).to_html()
    assert f"<strong>{{len(events):,}}</strong> events recorded" in html


def test_a_window_without_events_says_so(tmp_path):
    ds = load(make_dataset(tmp_path))
    p = {name}.parameters("2014-03-01", "2014-03-31")  # before anything the record holds
    assert {name}.by_category(ds, p).empty
    assert "No event is recorded" in {name}.key_figures(ds, {name}.by_category(ds, p), p).to_html()


def test_a_bad_window_is_refused_with_its_name():
    with pytest.raises(ParameterError, match="end_date"):
        {name}.parameters("2024-02-01", "2024-01-01")
    assert isinstance({name}.parameters("2024-01-01", "2024-01-31").start, pd.Timestamp)
'''


def _cells(number: str, name: str, title: str, description: str) -> list[dict]:
    setup = (f'import helpers.data\nfrom helpers import notebook, params\nfrom helpers.pages import {name}\n\n'
             f'params.check_injected("{number}-{name.replace("_", "-")}.ipynb")\nds = helpers.data.load()\n'
             f"p = {name}.parameters(start_date, end_date)\ntable = {name}.by_category(ds, p)\n"
             'notebook.record("events", int(table["events"].sum()))')
    sources = [
        ("markdown", f"# {number} · {title}\n\n{description}", []),
        ("code", 'start_date: str = "2023-09-01"  # first day (YYYY-MM-DD)\n'
                 'end_date: str = "2025-12-31"  # last day (YYYY-MM-DD, on or after start_date)', ["parameters"]),
        ("code", setup, []),
        ("markdown", "## Key figures", []),
        ("code", f"{name}.key_figures(ds, table, p)", []),
        ("markdown", "## Events by category\n\nOne row per category of the events of the window.", []),
        ("code", f"{name}.table_view(table)", []),
        ("markdown", "## Method and limitations", []),
        ("code", f"notebook.show_html({name}.method(ds, p))", []),
    ]
    cells = []
    for i, (kind, source, tags) in enumerate(sources):
        cell = {"cell_type": kind, "id": str(i), "metadata": {"tags": tags} if tags else {}, "source": source}
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        cells.append(cell)
    return cells


def new_notebook(name: str, title: str, description: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Create the notebook ``name`` and everything it needs (see the module's docstring); the paths made."""
    import json

    if not NAME.match(name):
        raise ValueError(f"NAME {name!r}: lowercase letters, digits and _, starting with a letter (a module name)")
    slug = name.replace("_", "-")
    numbers = [int(p.name[:2]) for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb")]
    number = f"{max(numbers, default=-1) + 1:02d}"
    notebook = root / "notebooks" / f"{number}-{slug}.ipynb"
    module = root / "src" / "helpers" / "pages" / f"{name}.py"
    test = root / "tests" / f"test_{name}.py"
    suite = root / "reports" / "reports.toml"
    for path in (notebook, module, test):
        if path.exists():
            raise FileExistsError(f"{path.relative_to(root)} exists: nothing was created")
    if re.search(rf'^name = "{re.escape(slug)}"$', suite.read_text(encoding="utf-8"), re.M):
        raise FileExistsError(f"reports/reports.toml has a report named {slug!r}: nothing was created")
    nb = {"cells": _cells(number, name, title, description),
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                      "name": "python3"}, "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    for cell in nb["cells"]:  # as nbformat stores it: a list of lines
        cell["source"] = cell["source"].splitlines(keepends=True)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    module.write_text(PAGE.format(title=title, description=description), encoding="utf-8")
    test.write_text(TEST.format(title=title, name=name), encoding="utf-8")
    with suite.open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[report]]\nname = "{slug}"\nnotebook = "notebooks/{notebook.name}"\n'
                 f"title = {json.dumps(title)}\ndescription = {json.dumps(description)}\n")
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    rows = list(re.finditer(r"^\| `\d\d-[a-z0-9-]+\.ipynb` \|.*$", text, re.M))
    row = f"| `{notebook.name}` | events | {description} | `start_date`, `end_date` |"
    readme.write_text(text[:rows[-1].end()] + "\n" + row + text[rows[-1].end():], encoding="utf-8")
    return [notebook, module, test, suite, readme]


def new_table(name: str, title: str, description: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Create the table ``name`` (see the module's docstring); the paths made or changed."""
    import json

    from helpers import codebook
    from helpers.data.schema import read_package

    if not NAME.match(name):
        raise ValueError(f"NAME {name!r}: lowercase letters, digits and _, starting with a letter")
    data = root / "data"
    csv_path = data / f"{name}.csv"
    descriptor = data / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    if csv_path.exists() or any(r["name"] == name for r in package["resources"]):
        raise FileExistsError(f"data/{name}.csv or a resource named {name!r} exists: nothing was created")
    key = f"{name}_id"
    csv_path.write_text(f"{key},date,source_id,note\n", encoding="utf-8")
    package["resources"].append({
        "name": name, "path": csv_path.name, "title": title, "description": description,
        "grain": "One row per record.", "caveats": [], "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "header": True},
        "schema": {
            "fields": [
                {"name": key, "type": "string", "description": "Identifier of the row: lowercase words and digits.",
                 "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9][a-z0-9-]*$"}},
                {"name": "date", "type": "date", "description": "The day the row is about (Kyiv time).",
                 "constraints": {"required": True}},
                {"name": "source_id", "type": "string", "description": "The source that gives the row (a row of "
                 "sources.csv).", "constraints": {"required": True}},
                {"name": "note", "type": "string", "description": "Caveats, in a sentence."},
            ],
            "primaryKey": [key],
            "foreignKeys": [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}],
        },
    })
    raw = descriptor.read_text(encoding="utf-8")
    indent = len(raw.split("\n", 2)[1]) - len(raw.split("\n", 2)[1].lstrip())
    descriptor.write_text(json.dumps(package, indent=indent or 2, ensure_ascii=False) + "\n", encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(codebook.splice(readme.read_text(encoding="utf-8"), codebook.render(read_package(data))),
                      encoding="utf-8")
    return [csv_path, descriptor, readme]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.scaffold", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    nb = commands.add_parser("notebook", help="a new notebook with its page module, tests and report")
    nb.add_argument("name", help="a module name: lowercase letters, digits and _")
    nb.add_argument("--title", required=True)
    nb.add_argument("--description", default="What this notebook shows, in one sentence.")
    table = commands.add_parser("table", help="a new data table (CSV and its resource in datapackage.json)")
    table.add_argument("name", help="a table name: lowercase letters, digits and _")
    table.add_argument("--title", required=True)
    table.add_argument("--description", default="What one row records, in one sentence.")
    args = parser.parse_args(argv)
    try:
        make = new_notebook if args.command == "notebook" else new_table
        made = make(args.name, args.title, args.description)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in made:
        print(f"{'updated' if path.name in ('reports.toml', 'README.md', 'datapackage.json') else 'created'}: "
              f"{path.relative_to(PROJECT_ROOT).as_posix()}")
    print("next: make test-fast; make reports" if args.command == "notebook" else
          "next: add rows citing sources.csv; make validate; make test-fast")
    return 0


if __name__ == "__main__":
    sys.exit(main())
