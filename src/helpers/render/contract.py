"""The parameter contract: what a notebook's ``parameters`` cell accepts.

papermill only warns about a parameter the notebook does not declare, and injects any type it is
given. Here every parameter is checked against the cell's declarations (``name: type = default  #
help``) before a kernel starts: unknown names, wrong types and dates that do not parse are errors
naming the parameter and what is allowed. Values from the command line or a YAML file arrive as
text and are converted by the declared type, so a string code such as ``"0123"`` keeps its zeros.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ContractError(ValueError):
    """Parameters that break a notebook's contract (or a notebook without one)."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: object
    help: str

    @property
    def is_date(self) -> bool:
        return self.type == "str" and self.name.endswith("_date")

    def describe(self) -> str:
        kind = "a date YYYY-MM-DD" if self.is_date else {"str": "text", "int": "a whole number",
                                                         "float": "a number", "bool": "true or false",
                                                         "list": "a list"}[self.type]
        return f"{self.name} ({kind}, default {self.default!r})"


def read_notebook(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContractError(f"notebook {path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise ContractError(f"notebook {path} is not valid JSON ({exc})") from None


def declared(path: Path) -> dict[str, Parameter]:
    """The parameters declared in the notebook's cell tagged ``parameters``."""
    nb = read_notebook(path)
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ContractError(f"notebook {Path(path).name} has no cell tagged 'parameters'; "
                            "tag the cell that declares its parameters")
    source = "".join(cells[0]["source"]) if isinstance(cells[0]["source"], list) else cells[0]["source"]
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, kind = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, kind = node.targets[0].id, None
        else:
            continue
        default = ast.literal_eval(node.value)
        kind = kind or type(default).__name__
        if kind not in TYPES:
            raise ContractError(f"notebook {Path(path).name}: parameter {name} has type {kind}, "
                                f"not one of {', '.join(TYPES)}")
        comment = lines[node.lineno - 1].split("#", 1)
        out[name] = Parameter(name, kind, default, comment[1].strip() if len(comment) > 1 else "")
    return out


def _allowed(params: dict[str, Parameter]) -> str:
    return "; ".join(p.describe() for p in params.values())


def from_text(param: Parameter, text: str):
    """Convert a command-line or YAML value (text) to the declared type."""
    if param.type == "str":
        return text
    if param.type == "int" and re.fullmatch(r"-?\d+", text.strip()):
        return int(text)
    if param.type == "float":
        try:
            return float(text)
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
    raise ContractError(f"parameter {param.name} = {text!r} is not {param.describe()}")


def check(path: Path, given: dict, *, as_text: bool = False) -> dict:
    """``given`` checked against the notebook's contract; returns the typed values.

    ``as_text``: the values came from a command line or YAML file as text and are converted by the
    declared type first.
    """
    params = declared(path)
    typed = {}
    for name, value in given.items():
        if name not in params:
            raise ContractError(f"parameter {name!r} is not declared by {Path(path).name}; "
                                f"allowed: {_allowed(params)}")
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
        raise ContractError(f"parameter {p.name} = {value!r} is not {p.describe()}")
    if p.is_date:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise ContractError(f"parameter {p.name} = {value!r} is not a date written YYYY-MM-DD") from None
    return float(value) if p.type == "float" else value


def effective(path: Path, typed: dict) -> dict:
    """Every parameter the notebook will see: its defaults overlaid with ``typed``."""
    return {name: p.default for name, p in declared(path).items()} | typed
