"""The parameter contract: what a notebook's ``parameters`` cell accepts.

papermill only warns about a parameter the notebook does not declare, and injects any type it is
given. Here every parameter is checked against the cell's declarations (``name: type = default  #
help``) before a kernel starts: unknown names, wrong types and dates that do not parse are errors
naming the parameter and what is allowed. Values from the command line or a YAML file arrive as
text and are converted by the declared type, so a string code such as ``"0123"`` keeps its zeros.
Numbers must be finite and, for a parameter with bounds in ``helpers.params.LIMITS``, within them.

The cell is parsed and an unknown name worded by ``helpers.params``, which the notebook itself also
uses (``params.check_injected``) when run with plain papermill, so both say the same.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from helpers.lookalike import describe as _lookalikes
from helpers.params import (
    EARLIEST_DATE,
    LATEST_DATE,
    TYPES,
    DeclarationError,
    Parameter,
    ParameterError,
    date_bounds,
    declarations,
    undeclared_message,
)
from helpers.params import within_limits as _within_limits

__all__ = ["TYPES", "ContractError", "Parameter", "check", "declared", "effective", "from_text", "read_notebook"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d also matches "２"


class ContractError(ValueError):
    """Parameters that break a notebook's contract (or a notebook without one)."""


def read_notebook(path: Path) -> dict:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ContractError(f"notebook {path} does not exist") from None
    except IsADirectoryError:
        raise ContractError(f"notebook {path} is a folder, not a notebook file") from None
    except OSError as exc:
        raise ContractError(f"notebook {path} cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContractError(f"notebook {path} is not a notebook: byte 0x{data[exc.start]:02x} at position {exc.start} "
                            "is not UTF-8 (a notebook is JSON text)") from None
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        why = exc if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise ContractError(f"notebook {path} is not valid JSON ({why})") from None
    if not isinstance(nb, dict):
        raise ContractError(f"notebook {path} is not a notebook (its JSON is not an object with cells)")
    return nb


def declared(path: Path) -> dict[str, Parameter]:
    """The parameters declared in the notebook's cell tagged ``parameters``."""
    nb = read_notebook(path)
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ContractError(f"notebook {Path(path).name} has no cell tagged 'parameters'; "
                            "tag the cell that declares its parameters")
    source = "".join(cells[0]["source"]) if isinstance(cells[0]["source"], list) else cells[0]["source"]
    try:
        return declarations(source, Path(path).name)
    except DeclarationError as exc:
        raise ContractError(str(exc)) from None


def from_text(param: Parameter, text: str):
    """Convert a command-line or YAML value (text) to the declared type."""
    if param.type == "str":
        return text
    if param.type == "int" and re.fullmatch(r"-?\d+", text.strip()):
        return int(text)
    if param.type == "float":
        try:
            return float(text)  # "inf" and "nan" read as numbers here and are refused by _check_type
        except ValueError:
            pass
    if param.type == "bool" and text.strip().lower() in ("true", "false", "yes", "no", "1", "0"):
        return text.strip().lower() in ("true", "yes", "1")
    if param.type == "list":
        stripped = text.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
                if isinstance(value, list):
                    return value
            except json.JSONDecodeError:
                pass
        elif stripped == "":
            return []
        else:
            return [item.strip() for item in stripped.split(",")]
    raise ContractError(f"parameter {param.name} = {text!r} is not {param.kind} (default {param.default!r})"
                        f"{_lookalikes(text)}")


def check(path: Path, given: dict, *, as_text: bool = False) -> dict:
    """``given`` checked against the notebook's contract; returns the typed values.

    ``as_text``: the values came from a command line or YAML file as text and are converted by the
    declared type first.
    """
    params = declared(path)
    typed = {}
    for name, value in given.items():
        if name not in params:
            raise ContractError(undeclared_message(name, Path(path).name, params))
        p = params[name]
        if as_text and isinstance(value, str):
            value = from_text(p, value)
        elif as_text and p.type == "list" and isinstance(value, list):
            value = [str(v) for v in value]
        typed[name] = _check_type(p, value)
    effective = {name: p.default for name, p in params.items()} | typed
    if "start_date" in effective and "end_date" in effective:
        start, end = effective["start_date"], effective["end_date"]
        if isinstance(start, str) and isinstance(end, str) and end < start:
            raise ContractError(f"parameter end_date = {end!r} is before start_date = {start!r}; "
                                "end_date must be on or after start_date")
    return typed


def _check_type(p: Parameter, value):
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
    }[p.type]
    if not ok:
        raise ContractError(f"parameter {p.name} = {value!r} is not {p.kind} (default {p.default!r})"
                            f"{_lookalikes(value)}")
    if p.is_date:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise ContractError(f"parameter {p.name} = {value!r} is not a date written YYYY-MM-DD"
                                f"{_lookalikes(value)}") from None
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ContractError(str(ParameterError(p.name, value, date_bounds())))
    try:  # finite, and within the parameter's bounds: the message the notebook itself would give
        _within_limits(p.name, value, whole=p.type == "int")
    except ParameterError as exc:
        raise ContractError(str(exc)) from None
    return float(value) if p.type == "float" else value


def effective(path: Path, typed: dict) -> dict:
    """Every parameter the notebook will see: its defaults overlaid with ``typed``."""
    return {name: p.default for name, p in declared(path).items()} | typed
