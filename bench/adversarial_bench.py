"""Benchmark: the work a hostile input can cause, which must grow linearly with its size.

Times the public table's text parsers on cells that almost parse (a long run of spaces before a stray
character, many names, a mapping padded with spaces), each at 900 bytes and 9,000 bytes (under the
10,000-character cap past which a cell is not parsed at all). Prints one line per case with both times and
their ratio (linear: about 10; quadratic: about 100). Then the widest window a parameter allows, by day
(2014-02-20 to 2030-12-31, 6,160 periods), through notebook 02's figure: its time to draw and export.
Usage: .venv/bin/python bench/adversarial_bench.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.table.text import border_crossing, regions  # noqa: E402

CASES = {
    "affected region, spaces then a stray character": lambda n: (regions, "['Kyiv'" + " " * n + "x"),
    "affected region, many names, no closing bracket": lambda n: (regions, "['Kyiv', " * (n // 8)),
    "border crossing, padded value": lambda n: (border_crossing, "{'belarus': 2" + " " * n + "x}"),
}


def best(parse, text, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            parse(text)
        except ValueError:
            pass
        times.append(time.perf_counter() - started)
    return min(times)


def widest_window() -> float:
    """Seconds to compute and draw notebook 02's figure over the widest daily window the parameters allow."""
    import matplotlib

    matplotlib.use("Agg")
    import helpers.data
    from helpers.pages import volume
    from helpers.params import EARLIEST_DATE, LATEST_DATE

    ds = helpers.data.load()
    started = time.perf_counter()
    p = volume.parameters(ds, EARLIEST_DATE, LATEST_DATE, "D", [], [], 10)
    periods = volume.periods(ds, volume.period_summary(ds, p), p)
    chart = volume.figure(ds, periods, p)
    chart.figure.savefig(io.BytesIO(), format="png")
    return time.perf_counter() - started


def main() -> int:
    print(f"notebook 02 figure, daily, 2014-02-20 to 2030-12-31 (6,160 periods): {widest_window():.1f} s")
    for name, make in CASES.items():
        small, large = best(*make(900)), best(*make(9_000))
        print(f"{name}: 900 B {small * 1e3:.3f} ms, 9,000 B {large * 1e3:.3f} ms, ratio {large / max(small, 1e-9):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
