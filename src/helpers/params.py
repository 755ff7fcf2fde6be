"""Checking a notebook's parameters before any work is done.

papermill injects whatever it is given; a misspelt category or an end date before the start would
otherwise surface as an empty chart or a pandas traceback deep in a cell. Each check raises
``ParameterError`` naming the parameter, the value and what is allowed, and, when the value holds a
letter of another script that looks Latin (a Cyrillic ``М`` for ``M``), which character it is.

The parameters cell itself is read here too (``declarations``), so the renderer's contract (before a
kernel starts) and ``check_injected`` (inside the kernel, for notebooks run with plain papermill)
parse the same declarations and word an unknown name the same way.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from helpers.lookalike import describe as _lookalikes

if TYPE_CHECKING:  # pandas is imported where a date is checked, so the renderer's checks stay light
    import pandas as pd

# Bounds of numeric parameters, by name. A parameter name means the same thing in every notebook
# (as start_date or origins do), so its bounds are declared once: the renderer refuses a value
# outside them before a kernel starts, and the notebook's own check refuses it under plain papermill.
LIMITS: dict[str, tuple[float, float]] = {
    "range_km": (1, 20_000),  # no two points on Earth are farther apart than about 20,000 km
    "top_n": (1, 100),  # a ranking longer than 100 rows is no longer a ranking of the largest
}

# Date parameters lie between these days: Russia's war on Ukraine began with the seizure of Crimea in February
# 2014, so nothing this project counts is earlier; a window reaching past 2030 can only be a typo (2099), and
# bounding it bounds the work (a daily summary of 1900-2099 is 73,000 periods; of these bounds, 6,160).
EARLIEST_DATE, LATEST_DATE = "2014-02-20", "2030-12-31"
TYPES = ("str", "int", "float", "bool", "list")
_KINDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
          "list": "a list"}
# papermill writes the cell it injects with this first line; the kernel recognises it by it.
INJECTED_HEADER = "# Parameters"


class ParameterError(ValueError):
    """A notebook parameter has a value the notebook cannot use (or a name it does not declare)."""

    def __init__(self, name: str, value, allowed: str, message: str | None = None):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(message or f"parameter {name!r} = {value!r} is not allowed: {allowed}")

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this error: the one line that says what to change.

        The stack of helper frames above it tells a notebook user nothing they can act on.
        """
        return [f"{type(self).__name__}: {self}"]


class DeclarationError(ValueError):
    """A parameters cell that does not follow ``name: type = default  # help``, one per line."""


@dataclass(frozen=True)
class Parameter:
    """One declaration of a parameters cell: ``name: type = default  # help``."""

    name: str
    type: str
    default: object
    help: str

    @property
    def is_date(self) -> bool:
        return self.type == "str" and self.name.endswith("_date")

    @property
    def is_path(self) -> bool:
        """Declared as a file: a text parameter named ``*_path`` or ``*_source``. Only these are ever read as
        files; any other value stays a value, whatever files lie in the working folder."""
        return self.type == "str" and self.name.endswith(("_path", "_source"))

    @property
    def fetched_when_empty(self) -> bool:
        """A path parameter whose empty value means the fetched copy of the public table (its help says "empty
        for the fetched copy"): the renderer then names that copy as the input, so it is hashed and shown."""
        return self.is_path and "fetched copy" in self.help

    @property
    def keywords(self) -> frozenset[str]:
        """The words a path parameter takes instead of a path: its default when not empty, and each word its
        help quotes (``"curated"``, ``"2026-02"``). Such a value is never a file, even where one of that
        name exists."""
        quoted = re.findall(r'"([^"]+)"', self.help)
        return frozenset([*quoted, *([self.default] if isinstance(self.default, str) and self.default else [])])

    @property
    def kind(self) -> str:
        """The type in words: "a whole number", "a list", "a date YYYY-MM-DD"."""
        return "a date YYYY-MM-DD" if self.is_date else _KINDS[self.type]

    def describe(self) -> str:
        return f"{self.name} ({self.kind}, default {self.default!r})"


def declarations(source: str, notebook: str) -> dict[str, Parameter]:
    """The parameters declared by a parameters cell's ``source``, in order.

    Every statement must be one declaration on one line, written so that papermill's own inspector
    (``papermill --help-notebook``, and its check of the names it is given) reads it too: that
    inspector splits a line at its ``=`` signs and at its first ``#``, so an ``=`` in the help text
    or a ``#`` in the default would hide the parameter from it. Such a line is an error here rather
    than a parameter papermill silently does not know.
    """
    where = f"notebook {notebook}, parameters cell"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise DeclarationError(f"{where} line {exc.lineno}: not valid Python ({exc.msg})") from None
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in tree.body:
        line = lines[node.lineno - 1]
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, kind = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, kind = node.targets[0].id, None
        else:
            raise DeclarationError(f"{where} line {node.lineno}: {line.strip()!r} is not a declaration "
                                   "'name: type = default  # help'")
        if node.end_lineno != node.lineno:
            raise DeclarationError(f"{where} line {node.lineno}: declaration of {name} spans several lines; "
                                   "write it on one line so papermill can read it")
        if line.count("=") > 1:
            raise DeclarationError(f"{where} line {node.lineno}: {line.strip()!r} has more than one '='; "
                                   "papermill cannot read it (write the help text without '=')")
        if "#" in line[:node.end_col_offset]:
            raise DeclarationError(f"{where} line {node.lineno}: the default of {name} contains '#'; "
                                   "papermill would read the rest as help text")
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise DeclarationError(f"{where} line {node.lineno}: the default of {name} is not a literal "
                                   "value") from None
        kind = kind or type(default).__name__
        if kind not in TYPES:
            raise DeclarationError(f"notebook {notebook}: parameter {name} has type {kind}, "
                                   f"not one of {', '.join(TYPES)}")
        comment = line.split("#", 1)
        out[name] = Parameter(name, kind, default, comment[1].strip() if len(comment) > 1 else "")
    return out


def undeclared_message(name: str, notebook: str, declared: dict[str, Parameter]) -> str:
    """The error for a parameter name the notebook does not declare, the same wherever it is found."""
    allowed = "; ".join(p.describe() for p in declared.values())
    return f"parameter {name!r} is not declared by {notebook}; allowed: {allowed}{_lookalikes(name)}"


def check_injected(notebook: str) -> None:
    """Refuse a parameter papermill injected that the notebook's parameters cell does not declare.

    papermill only logs a warning for an unknown name and runs on with the defaults, so a typo such
    as ``-p freqency W`` gives a report that silently ignores it. Call this first thing in the
    notebook's first code cell after the parameters cell; ``notebook`` is the notebook's file name,
    which the kernel cannot know. The kernel cannot see cell tags either, but IPython keeps each
    executed cell's source in order: when papermill (or the renderer, which uses papermill to
    inject) ran this notebook, the cell before the current one is the injected one, which starts
    with ``# Parameters``, and the cell before that is the parameters cell. Run interactively
    there is no injected cell and nothing is checked.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # not in a kernel: nothing was injected
        return
    shell = get_ipython()
    if shell is None:
        return
    history = shell.history_manager.input_hist_raw  # [..., parameters, injected, this cell]
    if len(history) < 3 or history[-2].splitlines()[:1] != [INJECTED_HEADER]:
        return
    try:
        declared = declarations(history[-3], notebook)
    except DeclarationError:
        return  # the cell before the injected one is not a parameters cell: cells ran out of order
    for name in injected_names(history[-2]):
        if name not in declared:
            raise ParameterError(name, None, "", undeclared_message(name, notebook, declared))


def injected_names(source: str) -> list[str]:
    """The names a papermill-injected cell assigns, in order."""
    return [target.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)]


def as_date(name: str, value) -> pd.Timestamp:
    """A parameter that must be a calendar date written ``YYYY-MM-DD``."""
    import pandas as pd

    if isinstance(value, str):
        try:
            stamp = pd.Timestamp.fromisoformat(value)
            ok = len(value) == 10
        except ValueError:
            ok = False
        if ok:
            if not EARLIEST_DATE <= value <= LATEST_DATE:
                raise ParameterError(name, value, date_bounds())
            return stamp
    raise ParameterError(name, value, "a date written YYYY-MM-DD, such as '2024-01-02'" + _lookalikes(value))


def date_bounds() -> str:
    """The allowed values of a date parameter, in words."""
    return (f"a date from {EARLIEST_DATE} (the war's start, with Crimea) to {LATEST_DATE}, written YYYY-MM-DD")


def as_window(start, end, start_name: str = "start_date", end_name: str = "end_date"
              ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Two date parameters forming an inclusive window; the end may not precede the start."""
    first, last = as_date(start_name, start), as_date(end_name, end)
    if last < first:
        raise ParameterError(end_name, end, f"a date on or after {start_name} ({start})")
    return first, last


def as_choice(name: str, value, allowed: Sequence[str]) -> str:
    """A parameter that must be one of ``allowed``."""
    if value not in allowed:
        raise ParameterError(name, value, "one of " + ", ".join(repr(a) for a in allowed) + _lookalikes(value))
    return value


def as_subset(name: str, values, allowed: Sequence[str]) -> list[str]:
    """A list parameter whose items must each be in ``allowed``; empty or ``None`` means all."""
    if values is None or values == [] or values == "":
        return list(allowed)
    if isinstance(values, str):  # papermill's -p gives text; a one-item list is written as a list
        raise ParameterError(name, values, f"a list, e.g. [{values!r}] (papermill: -y \"{name}: [{values}]\"; "
                                           f"the renderer: -p {name}={values})")
    if not isinstance(values, Iterable):
        raise ParameterError(name, values, "a list drawn from " + ", ".join(repr(a) for a in allowed))
    values = list(values)
    unknown = [v for v in values if v not in allowed]
    joined = _split_at_commas(values, allowed)
    if unknown and joined:
        raise ParameterError(name, values, "", f"parameter {name!r} = {values!r}: {joined!r} was split at its comma "
                             f"into separate names; give a name with a comma as a JSON list: "
                             f"-p {name}='{json.dumps([joined], ensure_ascii=False)}'")
    if unknown:
        raise ParameterError(name, values if len(values) > 1 else values[0],
                             f"{unknown[0]!r} is unknown; choose from " + ", ".join(repr(a) for a in allowed)
                             + _lookalikes(unknown[0]))
    return values


def _split_at_commas(values: list, allowed: Sequence[str]) -> str | None:
    """The allowed name that consecutive items of ``values`` form when joined with ", " (a name with a comma
    that a comma-separated list split), or ``None``."""
    known = set(allowed)
    items = [str(v) for v in values]
    for i in range(len(items)):
        for j in range(i + 2, len(items) + 1):
            candidate = ", ".join(items[i:j])
            if candidate in known:
                return candidate
    return None


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bounded(name: str, value, whole: bool, low: float, high: float | None):
    """``value`` if it is a (whole) finite number, at least ``low`` (above 0 when ``low`` is 0) and
    at most ``high``; else ``ParameterError`` stating that range."""
    number = not isinstance(value, bool) and isinstance(value, int if whole else (int, float))
    ok = (number and not (isinstance(value, float) and not math.isfinite(value))
          and (value >= low if low else value > 0) and (high is None or value <= high))
    if not ok:
        kind = "a whole number" if whole else "a number" if high is not None else "a finite number"
        if high is None:
            allowed = f"{kind} of at least {_number(low)}" if low else f"{kind} greater than 0"
        elif low:
            allowed = f"{kind} from {_number(low)} to {_number(high)}"
        else:
            allowed = f"{kind} greater than 0 and at most {_number(high)}"
        raise ParameterError(name, value, allowed)
    return value


def as_positive_int(name: str, value, maximum: int | None = None) -> int:
    """A whole-number parameter of at least 1 and at most ``maximum`` (else the bound in ``LIMITS``)."""
    return _bounded(name, value, True, 1, maximum or LIMITS.get(name, (1, None))[1])


def as_positive_number(name: str, value, maximum: float | None = None) -> float:
    """A finite number parameter greater than zero (a distance, a range).

    Infinity and NaN are refused: a report would print them ("a inf km missile") as if they were
    figures. Bounds come from ``LIMITS`` for a parameter named there; ``maximum`` overrides the upper.
    """
    low, high = LIMITS.get(name, (0, None))
    return float(_bounded(name, value, False, low, maximum or high))


def within_limits(name: str, value, whole: bool) -> None:
    """Raise ``ParameterError`` if a numeric ``value`` is not finite or is outside ``LIMITS[name]``.

    The renderer's contract calls this before a kernel starts (``whole`` for a parameter declared
    ``int``), so it refuses what the notebook would refuse, with the same message.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if name in LIMITS:
        low, high = LIMITS[name]
        _bounded(name, value, whole, low, high)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(name, value, "a finite number")
