"""Benchmark: rendering the report suite three ways, on this machine, in one run.

(a) ``make reports``: the project's pipeline (validate, then render in one process with overlapped
    kernels);
(b) the naive loop a user would write: ``papermill`` then ``jupyter nbconvert --to html`` per report;
(c) the floor: the same computations and figures as plain Python scripts, run back to back.

Prints each wall time and the ratios a/c (target <= 1.0) and b/a (target >= 5).
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

from helpers.render.run import suite_job  # noqa: E402
from helpers.render.suite import load_suite  # noqa: E402

BIN = Path(sys.executable).parent


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def make_reports() -> None:
    subprocess.run(["make", "--no-print-directory", "reports"], cwd=ROOT, check=True, capture_output=True)


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
    cases = {"a make reports": make_reports, "b naive papermill + nbconvert": naive_loop,
             "c floor (plain scripts)": floor}
    best = {name: min(timed(fn) for _ in range(args.repeat)) for name, fn in cases.items()}
    reports = len(load_suite())
    for name, seconds in best.items():
        print(f"{name:32s} {seconds:6.1f} s  ({seconds / reports:.1f} s per report, {reports} reports)")
    a, b, c = best.values()
    print(f"a/c = {a / c:.2f} (target <= 1.0)")
    print(f"b/a = {b / a:.2f} (target >= 5)")


if __name__ == "__main__":
    main()
