"""Uncertainty of a rate computed from a count: the Wilson score interval.

An interception rate of 3 of 4 ballistic missiles is not "75%": with so few, anything from about
30% to 95% is consistent with what was seen. The Wilson score interval (Wilson 1927) is the
standard choice for a binomial proportion because, unlike the textbook normal ("Wald") interval,
it stays inside 0-100%, is not zero-width at 0 of n or n of n, and keeps close to its nominal 95%
coverage for small n; every rate Strike Ledger shows carries it.
"""

from __future__ import annotations

import math

import pandas as pd

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of ``successes`` out of ``trials``; ``None`` when ``trials`` is 0."""
    if trials is None or successes is None or trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and trials ({trials}), not {successes}")
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_interval(successes: pd.Series, trials: pd.Series, z: float = Z95) -> tuple[pd.Series, pd.Series]:
    """Element-wise Wilson bounds as two nullable float Series (``<NA>`` where ``trials`` is unknown or 0)."""
    lows, highs = [], []
    for k, n in zip(successes, trials, strict=True):
        bounds = None if pd.isna(k) or pd.isna(n) else wilson(int(k), int(n), z)
        lows.append(pd.NA if bounds is None else bounds[0])
        highs.append(pd.NA if bounds is None else bounds[1])
    index = successes.index
    return pd.Series(lows, index=index, dtype="Float64"), pd.Series(highs, index=index, dtype="Float64")
