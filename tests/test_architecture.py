"""One core the analyses share: a notebook's module imports core modules, never another notebook's."""

from __future__ import annotations

import ast

from conftest import ROOT

# The modules that belong to one notebook each; everything else under helpers is shared core.
NOTEBOOK_MODULES = {"overview", "timeline", "volume", "dprk", "claims", "reconcile", "airwar", "dprk_share",
                    "record_vs_table", "releases"}


def _imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "helpers":
                found |= {a.name for a in node.names}
            elif node.module.startswith("helpers."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("helpers.")}
    return found


def test_notebook_modules_import_only_the_core():
    helpers = ROOT / "src" / "helpers"
    crossings = {name: sorted(_imports(helpers / f"{name}.py") & (NOTEBOOK_MODULES - {name}))
                 for name in NOTEBOOK_MODULES if (helpers / f"{name}.py").exists()}
    assert {k: v for k, v in crossings.items() if v} == {}


def test_core_modules_import_no_notebook_module():
    helpers = ROOT / "src" / "helpers"
    core = [p for p in helpers.glob("*.py") if p.stem not in NOTEBOOK_MODULES and p.stem != "__init__"]
    assert core, "no core modules found"
    offenders = {p.stem: sorted(_imports(p) & NOTEBOOK_MODULES) for p in core}
    assert {k: v for k, v in offenders.items() if v} == {}


def _graph() -> dict[str, set[str]]:
    """Module -> the helpers modules it imports anywhere in its file (top level or inside a function), for
    every top-level module of helpers (a package counts as one module)."""
    helpers = ROOT / "src" / "helpers"
    graph: dict[str, set[str]] = {}
    for path in helpers.rglob("*.py"):
        name = path.relative_to(helpers).parts[0].removesuffix(".py")
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
