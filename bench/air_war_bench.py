"""Benchmark: notebook 06 (the whole air war, on the real public table) against the curated barrage report,
rendered in one process by the renderer's own kernel, so both pay the same costs.

Each report is executed and exported three times, alternating, after a warm-up report; the best time of each
is kept. Prints both times and their ratio (target: the air-war report within 1.5 times the barrage report).
Needs the public table: `make external`, or STRIKE_LEDGER_EXTERNAL pointing at a copy.
Usage: .venv/bin/python bench/air_war_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.modules.setdefault("rfc3987_syntax", None)  # as the renderer does

from helpers.render.html import exporter, render_html  # noqa: E402
from helpers.render.jobs import MissingExternal, suite_job  # noqa: E402
from helpers.render.kernel import Kernel, manager_class  # noqa: E402
from helpers.render.provenance import fingerprints, provenance  # noqa: E402
from helpers.render.suite import load_suite  # noqa: E402

CASES = ["barrage-2023-12-29", "air-war-monthly"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    specs = {s.name: s for s in load_suite()}
    try:
        jobs = {name: suite_job(specs[name]) for name in ["claims-check", *CASES]}
    except MissingExternal as exc:
        print(exc)
        return 1
    manager_class()
    exporter()
    best = {name: float("inf") for name in CASES}
    with tempfile.TemporaryDirectory() as tmp:
        kernel = Kernel(Path(tmp), "bench")
        kernel.warm()
        try:
            kernel.execute(jobs["claims-check"])  # warm-up: fonts, caches, first figure
            for _ in range(args.repeat):
                for name in CASES:
                    job = jobs[name]
                    parts = fingerprints(job)
                    started = time.perf_counter()
                    nb = kernel.execute(job)
                    page = render_html(nb, job.spec.title, job.spec.description, provenance(job, parts, "bench"),
                                       parts["report"], "")
                    best[name] = min(best[name], time.perf_counter() - started)
                    best[name + " size"] = len(page)
        finally:
            kernel.shutdown()
    for name in CASES:
        print(f"{name:26s} {best[name]:5.2f} s  (page {best[name + ' size'] / 1e6:.2f} MB)")
    ratio = best["air-war-monthly"] / best["barrage-2023-12-29"]
    print(f"air-war-monthly / barrage = {ratio:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
