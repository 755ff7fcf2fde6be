"""Benchmark: rendering the report suite three ways, on this machine, in one run.

(a) ``make reports`` rendering everything (``--force``): the project's pipeline (validate, then
    render in one process with overlapped kernels), into a scratch folder;
(b) the naive loop a user would write: ``papermill`` then ``jupyter nbconvert --to html`` per report;
(c) the floor: the same computations and figures as plain Python scripts, run back to back.

(n) ``make reports`` with nothing changed: the same command again on that folder, which finds every
    page current by its fingerprint and seal and renders nothing (target < 1 s).

Prints each wall time, the ratios a/c (target <= 0.6) and b/a (target >= 5), and each page's size (target:
every page <= 350 KB, the largest <= 500 KB).
Usage: .venv/bin/python bench/render_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.render.jobs import suite_job  # noqa: E402
from helpers.render.suite import load_suite  # noqa: E402

BIN = Path(sys.executable).parent


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


SCRATCH = Path(tempfile.mkdtemp(prefix="render-bench-"))


def render(*extra: str) -> None:
    subprocess.run([sys.executable, "-m", "helpers.render", "--out", str(SCRATCH), *extra], cwd=ROOT, check=True,
                   capture_output=True)


def make_reports() -> None:
    render("--force")


def make_reports_unchanged() -> None:
    render()


def naive_loop() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for spec in load_suite():
            job = suite_job(spec)
            executed = Path(tmp) / f"{spec.name}.ipynb"
            args = [str(BIN / "papermill"), str(spec.notebook), str(executed), "--log-level", "ERROR",
                    "-y", json.dumps(job.parameters)]
            subprocess.run(args, cwd=tmp, check=True, capture_output=True)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=tmp,
                           check=True, capture_output=True)


def floor() -> None:
    for spec in load_suite():
        job = suite_job(spec)
        subprocess.run([sys.executable, str(ROOT / "bench" / "floor.py"), str(spec.notebook),
                        json.dumps(job.parameters)], cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each case; the best is kept")
    args = parser.parse_args()
    make_reports()  # warm: environment present, caches (fonts, bytecode) built
    cases = {"a make reports (all rendered)": make_reports, "b naive papermill + nbconvert": naive_loop,
             "c floor (plain scripts)": floor, "n make reports, nothing changed": make_reports_unchanged}
    best = {name: min(timed(fn) for _ in range(args.repeat)) for name, fn in cases.items()}
    reports = len(load_suite())
    for name, seconds in best.items():
        print(f"{name:34s} {seconds:6.2f} s  ({seconds / reports:.2f} s per report, {reports} reports)")
    a, b, c, n = best.values()
    print(f"a/c = {a / c:.2f} (target <= 0.6)")
    print(f"b/a = {b / a:.2f} (target >= 5)")
    print(f"n   = {n:.2f} s (target < 1 s)")
    sizes = {page.name: page.stat().st_size for page in sorted(SCRATCH.glob("*.html"))}
    for name, size in sizes.items():
        print(f"page {name:32s} {size / 1e3:7.1f} KB (target <= 350 KB)")
    if sizes:
        print(f"largest page {max(sizes.values()) / 1e3:.1f} KB (target <= 500 KB); "
              f"{sum(s <= 350_000 for s in sizes.values())} of {len(sizes)} pages within 350 KB")


if __name__ == "__main__":
    main()
