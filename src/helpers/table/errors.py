"""The error the public table's reader raises: the file cannot be read as the table (a line naming why)."""

from __future__ import annotations


class AirForceTableError(ValueError):
    """The file cannot be read as the public attack table."""
