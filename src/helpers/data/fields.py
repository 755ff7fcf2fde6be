"""Parsing one value by its Table Schema type and checking its constraints.

Only the types the dataset uses are supported; an unknown type in the descriptor is a programming
error and raises at once rather than letting a column through unchecked.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from helpers.data.schema import Field

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

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
    value = _typed(field.type, text)
    _constrain(field, value)
    return value


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
    raise FieldError(f"type {type_}", f"is not {TYPE_HINTS[type_]}")


def _constrain(field: Field, value) -> None:
    c = field.constraints
    if "enum" in c and value not in c["enum"]:
        raise FieldError("enum", f"is not one of: {', '.join(c['enum'])}")
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        raise FieldError("pattern", f"does not match {c['pattern']}")
    if "minimum" in c and value < c["minimum"]:
        raise FieldError("minimum", f"is below the minimum {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise FieldError("maximum", f"is above the maximum {c['maximum']}")
