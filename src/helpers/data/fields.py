"""Parsing one value by its Table Schema type and checking its constraints.

Only the types the dataset uses are supported; the descriptor check rejects any other type, and an
unknown type reaching this module is a programming error that raises at once rather than letting a
column through unchecked.

Numbers are bounded by the descriptor's ``minimum`` and ``maximum``. A whole number that does not
fit in 64 bits is judged against those bounds without converting it, so ``10**23`` is a clear
"above the maximum" and never an overflow in pandas or a wrapped-around sum in a report.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from helpers.data.schema import Field
from helpers.lookalike import describe

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

TYPE_HINTS = {
    "string": "text",
    "integer": "a whole number such as 12",
    "number": "a number such as 48.5",
    "date": "a real date as YYYY-MM-DD",
    "datetime": "a date and time as YYYY-MM-DD HH:MM",
}


class FieldError(Exception):
    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


def parse(field: Field, text: str):
    """Return the typed value of ``text`` (``None`` when empty) or raise ``FieldError``."""
    if text != text.strip():
        raise FieldError("no surrounding spaces", "has leading or trailing spaces")
    if text == "":
        if field.required:
            raise FieldError("required", "is empty but the column is required")
        return None
    if field.type == "integer" and _INTEGER.fullmatch(text):
        return _integer(field, text)
    value = _typed(field.type, text)
    if isinstance(value, float) and not math.isfinite(value):
        _out_of_range(field, value < 0, "number", "is too large to be a number the dataset can hold")
    _constrain(field, value)
    return value


def _integer(field: Field, text: str) -> int:
    """A whole number within its bounds. More than 19 digits cannot fit in 64 bits, so such text is
    judged by its sign alone (and never handed to ``int``, which refuses thousands of digits)."""
    digits = text.lstrip("-").lstrip("0")
    if len(digits) <= 19:
        value = int(text)
        if INT64_MIN <= value <= INT64_MAX:
            _constrain(field, value)
            return value
    _out_of_range(field, text.startswith("-"), "integer", "is too large to be a whole number the dataset can hold "
                                                          "(64 bits)")
    raise AssertionError("unreachable")  # _out_of_range always raises


def _out_of_range(field: Field, negative: bool, type_: str, fallback: str) -> None:
    """Raise the bound a too-large value breaks, or, for an unbounded field, a type error."""
    c = field.constraints
    if negative and "minimum" in c:
        raise FieldError("minimum", f"is below the minimum {c['minimum']}")
    if not negative and "maximum" in c:
        raise FieldError("maximum", f"is above the maximum {c['maximum']}")
    raise FieldError(f"type {type_}", fallback)


def _typed(type_: str, text: str):
    try:
        if type_ == "string":
            return text
        if type_ == "integer" and _INTEGER.fullmatch(text):
            return int(text)
        if type_ == "number" and _NUMBER.fullmatch(text):
            return float(text)
        if type_ == "date" and _DATE.fullmatch(text):
            return date.fromisoformat(text)
        if type_ == "datetime" and _DATETIME.fullmatch(text):
            return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        pass
    if type_ not in TYPE_HINTS:
        raise NotImplementedError(f"field type {type_!r} is not supported by the validator")
    raise FieldError(f"type {type_}", f"is not {TYPE_HINTS[type_]}{describe(text)}")


def _constrain(field: Field, value) -> None:
    c = field.constraints
    if "enum" in c and value not in c["enum"]:
        raise FieldError("enum", f"is not one of: {', '.join(c['enum'])}{describe(value)}")
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        raise FieldError("pattern", f"does not match {c['pattern']}{describe(value)}")
    if "minimum" in c and value < c["minimum"]:
        raise FieldError("minimum", f"is below the minimum {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise FieldError("maximum", f"is above the maximum {c['maximum']}")
