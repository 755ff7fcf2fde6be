"""Layers that show in the folders: the core (``helpers/*.py``, ``data/``), the public table (``table/``), one
page per notebook (``pages/``) and the renderer (``render/``). A page imports the core and the table, never
another page; the core and the table import no page; no module reaches itself through its imports."""

from __future__ import annotations

import ast

from conftest import ROOT

HELPERS = ROOT / "src" / "helpers"
# The modules of the notebooks' pages, found by their folder: nothing to register.
NOTEBOOK_MODULES = {p.stem for p in (HELPERS / "pages").glob("*.py") if p.stem != "__init__"}
TABLE_MODULES = {p.stem for p in (HELPERS / "table").glob("*.py") if p.stem != "__init__"}


def _imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module in ("helpers", "helpers.pages", "helpers.table"):
                found |= {a.name for a in node.names}
            elif node.module.startswith("helpers."):
                parts = node.module.split(".")
                found.add(parts[2] if parts[1] in ("pages", "table") and len(parts) > 2 else parts[1])
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "helpers" and len(parts) > 1:
                    found.add(parts[2] if parts[1] in ("pages", "table") and len(parts) > 2 else parts[1])
    return found


def test_pages_import_no_other_page():
    assert {"airwar", "claims", "dprk", "volume"} <= NOTEBOOK_MODULES  # the folder is found
    crossings = {name: sorted(_imports(HELPERS / "pages" / f"{name}.py") & (NOTEBOOK_MODULES - {name}))
                 for name in NOTEBOOK_MODULES}
    assert {k: v for k, v in crossings.items() if v} == {}


def test_the_core_and_the_table_import_no_page():
    below = [p for p in [*HELPERS.glob("*.py"), *(HELPERS / "table").glob("*.py"), *(HELPERS / "data").glob("*.py")]
             if p.stem != "__init__"]
    assert len(below) > 20, "no core modules found"
    offenders = {p.stem: sorted(_imports(p) & NOTEBOOK_MODULES) for p in below}
    assert {k: v for k, v in offenders.items() if v} == {}


def _graph() -> dict[str, set[str]]:
    """Module -> the helpers modules it imports anywhere in its file (top level or inside a function), for
    every top-level module of helpers (a package counts as one module)."""
    graph: dict[str, set[str]] = {}
    for path in HELPERS.rglob("*.py"):
        parts = path.relative_to(HELPERS).parts
        name = (parts[1] if parts[0] in ("pages", "table") else parts[0]).removesuffix(".py")
        if name == "__init__":
            continue
        graph.setdefault(name, set()).update(_imports(path) - {name})
    return graph


def test_no_import_cycle():
    """Arrows point one way: no module reaches itself through the modules it imports."""
    graph = _graph()
    cycles = []

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                cycles.append(" -> ".join([*path, nxt]))
            elif nxt not in path and len(path) < 12:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []


# the commands a user runs, above every layer: they may reach into the table layer
COMMANDS = {"checks", "scaffold"}


def test_the_core_imports_no_table_module():
    """The arrows point one way: core <- table <- pages (the core knows nothing of the public table)."""
    core = [p for p in [*HELPERS.glob("*.py"), *(HELPERS / "data").glob("*.py")]
            if p.stem != "__init__" and p.stem not in COMMANDS]
    offenders = {p.stem: sorted(_imports(p) & TABLE_MODULES) for p in core}
    assert {k: v for k, v in offenders.items() if v} == {}
