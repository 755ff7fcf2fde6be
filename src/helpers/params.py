"""Checking a notebook's parameters before any work is done.

papermill injects whatever it is given; a misspelt category or an end date before the start would
otherwise surface as an empty chart or a pandas traceback deep in a cell. Each check raises
``ParameterError`` naming the parameter, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd


class ParameterError(ValueError):
    """A notebook parameter has a value the notebook cannot use."""

    def __init__(self, name: str, value, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"parameter {name!r} = {value!r} is not allowed: {allowed}")


def as_date(name: str, value) -> pd.Timestamp:
    """A parameter that must be a calendar date written ``YYYY-MM-DD``."""
    if isinstance(value, str):
        try:
            stamp = pd.Timestamp.fromisoformat(value)
            if len(value) == 10:
                return stamp
        except ValueError:
            pass
    raise ParameterError(name, value, "a date written YYYY-MM-DD, such as '2024-01-02'")


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
        raise ParameterError(name, value, "one of " + ", ".join(repr(a) for a in allowed))
    return value


def as_subset(name: str, values, allowed: Sequence[str]) -> list[str]:
    """A list parameter whose items must each be in ``allowed``; empty or ``None`` means all."""
    if values is None or values == [] or values == "":
        return list(allowed)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        raise ParameterError(name, values, "a list drawn from " + ", ".join(repr(a) for a in allowed))
    values = list(values)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ParameterError(name, values if len(values) > 1 else values[0],
                             f"{unknown[0]!r} is unknown; choose from " + ", ".join(repr(a) for a in allowed))
    return values


def as_positive_int(name: str, value, maximum: int | None = None) -> int:
    """A whole-number parameter of at least 1 (and at most ``maximum``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (maximum and value > maximum):
        upper = f" and at most {maximum}" if maximum else ""
        raise ParameterError(name, value, f"a whole number of at least 1{upper}")
    return value


def as_positive_number(name: str, value) -> float:
    """A number parameter greater than zero (a distance, a range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ParameterError(name, value, "a number greater than 0")
    return float(value)
