"""Benchmark: the public attack table's reader and the summaries at scale.

Cases: the real file (when ``../shared/external/missile_attacks_daily.csv`` or ``--real PATH`` is
there), and synthetic tables in the same format with 1,000,000 and 10,000,000 rows. Each case runs in
its own process, so its peak memory is its own, and reports:

- read+map: read, check and map (``helpers.airforce.read`` and ``as_dataset``);
- load: that plus choosing one report per attack and weapon (``helpers.strikes.strike_rows``);
- summaries: weekly and monthly launched/destroyed over every mapped row, per weapon class and
  per kind (missiles, drones).

Targets: the real file loads, checks and maps in < 0.5 s; 1M rows summarised in < 1 s; peak memory
under 2 GiB at 10M. Usage: .venv/bin/python bench/scale_bench.py [--sizes 1000000 10000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "external" / "missile_attacks_daily.csv"
LABELS = ["Shahed-136/131", "X-101/X-555", "Kalibr", "Iskander-M/KN-23", "X-47 Kinzhal", "C-300",
          "X-59/X-69", "X-22", "Orlan-10", "X-101/X-555 and Kalibr", "Unknown UAV", "Iskander-K"]


def synthesize(path: Path, rows: int, seed: int = 7) -> None:
    """A table in the public format: one attack window per day, a dozen labels, float counts,
    some empty counts, post ids; written in chunks to keep the generator's own memory small."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    days = pd.date_range("2022-10-01", "2026-02-28", freq="D")
    starts = (days - pd.Timedelta(hours=6)).strftime("%Y-%m-%d %H:%M").to_numpy()
    ends = (days + pd.Timedelta(hours=8)).strftime("%Y-%m-%d %H:%M").to_numpy()
    with path.open("w", encoding="utf-8") as fh:
        fh.write("time_start,time_end,model,launched,destroyed,source\n")
        for begin in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - begin)
            d = rng.integers(0, len(days), n)
            launched = rng.integers(1, 120, n)
            destroyed = np.minimum(launched, rng.integers(0, 120, n))
            chunk = pd.DataFrame({
                "time_start": starts[d], "time_end": ends[d],
                "model": np.asarray(LABELS, dtype=object)[rng.integers(0, len(LABELS), n)],
                "launched": np.where(rng.random(n) < 0.01, "", launched.astype(float).astype(str)),
                "destroyed": np.where(rng.random(n) < 0.05, "", destroyed.astype(float).astype(str)),
                "source": "kpszsu/posts/p" + pd.Series(rng.integers(0, 20_000, n)).astype(str),
            })
            chunk.to_csv(fh, header=False, index=False)


def measure(path: str) -> dict:
    """Run in a child process: load and summarise ``path``; return timings and peak memory."""
    import helpers.data
    from helpers import airforce
    from helpers import strikes as volume

    ds = helpers.data.load()
    t0 = time.perf_counter()
    rows, report = airforce.read(path, ds.model_aliases, ds.weapons)
    variant = airforce.as_dataset(ds, rows)
    t_map = time.perf_counter()
    volume.strike_rows(variant)  # one report per attack and weapon, as the notebooks use
    t_load = time.perf_counter()
    # the summaries over every mapped row: weekly and monthly, per weapon class and per kind
    every = volume.with_weapons(variant, variant.strikes)
    every["kind"] = volume.weapon_kind(every["weapon_class"])
    for freq in ("W", "M"):
        volume.summarise(every, freq, by="weapon_class")
        volume.summarise(every, freq, by="kind")
    t_sum = time.perf_counter()
    return {"rows": report.rows_read, "read_map_s": t_map - t0, "load_s": t_load - t0, "summaries_s": t_sum - t_load,
            "peak_mib": peak_mib()}


def peak_mib() -> float:
    """This process's peak resident memory. /proc's VmHWM starts afresh at exec; getrusage's maxrss
    would carry over the parent's memory at fork, so it is only the fallback."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(f"{'case':>22} {'rows':>11} {'read+map s':>10} {'load s':>8} {'summaries s':>11} {'peak MiB':>9}")
    cases = []
    if args.real.exists():
        cases.append(("real file", args.real))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.csv"
            synthesize(path, size)
            cases.append((f"synthetic {size:,}", path))
            r = child(path)
            print(f"{cases[-1][0]:>22} {r['rows']:>11,} {r['read_map_s']:>10.2f} {r['load_s']:>8.2f} "
                  f"{r['summaries_s']:>11.2f} {r['peak_mib']:>9.0f}", flush=True)
            path.unlink()
        if args.real.exists():
            r = child(args.real)
            print(f"{'real file':>22} {r['rows']:>11,} {r['read_map_s']:>10.2f} {r['load_s']:>8.2f} "
                  f"{r['summaries_s']:>11.2f} {r['peak_mib']:>9.0f}")
    print("targets: real file read+map < 0.5 s; 1M rows summaries < 1 s; 10M rows peak < 2048 MiB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
