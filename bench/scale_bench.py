"""Benchmark: the public attack table's reader and the summaries at scale.

Cases: the real file (when ``../shared/external/missile_attacks_daily.csv`` or ``--real PATH`` is
there), and synthetic tables in the same format, with every column of the current release, with
1,000,000 and 10,000,000 rows. Each case runs in its own process, so its peak memory is its own, and
reports:

- read: read, check and map every column the release has (``helpers.table.airforce.read``), in seconds
  of the clock and of this process's CPU (the clock counts whatever else the machine is doing);
- read+map: that plus the dataset to analyse (``as_dataset``);
- load: that plus choosing one report per attack and weapon (``helpers.strikes.strike_rows``);
- summaries: weekly and monthly launched/destroyed over every mapped row, per weapon class and
  per kind (missiles, drones, and the kinds of their own: loitering munitions, guided bombs,
  reconnaissance drones).

Targets: the real file loads, checks and maps in < 0.5 s; 1M rows read in < 1.5 s and summarised in
< 1 s; peak memory under 2 GiB at 10M (``peak read``: after reading and mapping; ``peak``: the whole
case). Usage: .venv/bin/python bench/scale_bench.py [--sizes 1000000 10000000]
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
          "X-59/X-69", "X-22", "Orlan-10", "X-101/X-555 and Kalibr", "Unknown UAV", "Iskander-K", "Lancet",
          "Молнія", "ZALA", "GBU"]
# the release's columns, in its order: every one is written, so the reader parses the whole width
COLUMNS = ["time_start", "time_end", "model", "launch_place", "target", "target_main", "launched", "destroyed",
           "not_reach_goal", "still_attacking", "border_crossing", "is_shahed", "num_hit_location",
           "num_fall_fragment_location", "carrier", "turbojet", "turbojet_destroyed", "affected region",
           "destroyed_details", "launched_details", "launch_place_details", "source"]
# per text column: the values drawn, and the share of empty cells (about as often as in the real file)
TEXT = {
    "launch_place": (["Kursk oblast", "Primorsko-Akhtarsk and Kursk oblast", "Black Sea", "Crimea",
                      "Caspian Sea", "Belgorod oblast", "Chauda, Crimea and Kursk oblast"], 0.5),
    "target": (["Ukraine", "south", "Odesa oblast", "Kherson oblast", "Kharkiv oblast", "east"], 0.01),
    "target_main": (["Kyiv", "Kyiv oblast", "Lutsk oblast", "Kharkiv oblast and Poltava oblast"], 0.98),
    "border_crossing": (["{'belarus': 2.0}", "{'russia': 1.0}", "{'belarus': 1.0, 'russia': 3.0}",
                        "{'poland': 8}"], -1.0),
    "carrier": (["MiG-31K", "Tu-95MS", "Navy", "11 x Tu-95MS", "Su-34"], 0.9),
    "affected region": (["['Kharkiv oblast', 'Donetsk oblast']", "['Kyiv', 'Kyiv oblast']", "['Sumy oblast']",
                         "['Lutsk oblast', 'Odesa oblast', 'Zaporizhzhia oblast']"], 0.94),
    "destroyed_details": (["{'south': 11, 'west': 3, 'east': NaN}", "{'east': NaN, 'north': NaN}",
                           "{'south': 4}"], 0.8),
    "launched_details": (["{'X-101/X-555': 50, 'Kalibr': 12}"], 0.998),
    "launch_place_details": (["{'X-101/X-555': 'Volgograd oblast', 'Kalibr': 'Black Sea'}"], 0.998),
}
COUNTS = {"not_reach_goal": 0.8, "still_attacking": 0.97, "is_shahed": 0.95, "num_hit_location": 0.92,
          "num_fall_fragment_location": 0.92, "turbojet": 0.999, "turbojet_destroyed": 0.999}


def synthesize(path: Path, rows: int, seed: int = 7) -> None:
    """A table in the public format with all of its columns: one attack window per day, labels of
    every class, float counts, empty cells about as often as in the real file, dict- and list-like
    text, post ids; written in chunks to keep the generator's own memory small."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    days = pd.date_range("2022-10-01", "2026-02-28", freq="D")
    starts = (days - pd.Timedelta(hours=6)).strftime("%Y-%m-%d %H:%M").to_numpy()
    ends = (days + pd.Timedelta(hours=8)).strftime("%Y-%m-%d %H:%M").to_numpy()

    def pick(values, empty, n):
        cells = np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]
        if empty < 0:  # border_crossing: "{}" when nothing crossed, as the real file writes it
            return np.where(rng.random(n) < 0.98, "{}", cells)
        return np.where(rng.random(n) < empty, "", cells)

    def count(empty, n, high=60):
        return np.where(rng.random(n) < empty, "", rng.integers(0, high, n).astype(float).astype(str))

    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(COLUMNS) + "\n")  # "affected region" unquoted, as the real file writes it
        for begin in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - begin)
            d = rng.integers(0, len(days), n)
            launched = rng.integers(1, 120, n)
            destroyed = np.minimum(launched, rng.integers(0, 120, n))
            chunk = {
                "time_start": starts[d], "time_end": ends[d],
                "model": np.asarray(LABELS, dtype=object)[rng.integers(0, len(LABELS), n)],
                "launched": np.where(rng.random(n) < 0.01, "", launched.astype(float).astype(str)),
                "destroyed": np.where(rng.random(n) < 0.05, "", destroyed.astype(float).astype(str)),
                "source": "kpszsu/posts/p" + pd.Series(rng.integers(0, 20_000, n)).astype(str),
            }
            chunk |= {c: pick(values, empty, n) for c, (values, empty) in TEXT.items()}
            chunk |= {c: count(empty, n) for c, empty in COUNTS.items()}
            pd.DataFrame(chunk)[COLUMNS].to_csv(fh, header=False, index=False)


def measure(path: str) -> dict:
    """Run in a child process: load and summarise ``path``; return timings and peak memory."""
    import helpers.data
    from helpers import strikes as volume
    from helpers.table import airforce

    ds = helpers.data.load()
    t0, c0 = time.perf_counter(), time.process_time()
    rows, report = airforce.read(path, ds.model_aliases, ds.weapons)
    t_read, c_read = time.perf_counter(), time.process_time()
    variant = airforce.as_dataset(ds, rows)
    t_map = time.perf_counter()
    peak_read = peak_mib()
    n_columns = len(rows.columns)
    del rows  # as in the notebooks (``helpers.strikes.strikes_source``): only the dataset to analyse is kept
    volume.strike_rows(variant)  # one report per attack and weapon, as the notebooks use
    t_load = time.perf_counter()
    # the summaries over every mapped row: weekly and monthly, per weapon class and per kind
    every = volume.with_weapons(variant, variant.strikes)
    every["kind"] = volume.weapon_kind(every["weapon_class"])
    for freq in ("W", "M"):
        volume.summarise(every, freq, by="weapon_class")
        volume.summarise(every, freq, by="kind")
    t_sum = time.perf_counter()
    return {"rows": report.rows_read, "columns": n_columns, "read_s": t_read - t0, "read_cpu_s": c_read - c0,
            "read_map_s": t_map - t0, "load_s": t_load - t0, "summaries_s": t_sum - t_load,
            "peak_read_mib": peak_read, "peak_mib": peak_mib()}


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
    header = (f"{'case':>22} {'rows':>11} {'read s':>7} {'read cpu s':>10} {'read+map s':>10} {'load s':>7} "
              f"{'summaries s':>11} {'peak read MiB':>13} {'peak MiB':>9}")
    print(header)

    def show(name: str, r: dict) -> None:
        print(f"{name:>22} {r['rows']:>11,} {r['read_s']:>7.2f} {r['read_cpu_s']:>10.2f} {r['read_map_s']:>10.2f} "
              f"{r['load_s']:>7.2f} "
              f"{r['summaries_s']:>11.2f} {r['peak_read_mib']:>13.0f} {r['peak_mib']:>9.0f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.csv"
            synthesize(path, size)
            show(f"synthetic {size:,}", child(path))
            path.unlink()
        if args.real.exists():
            show("real file", child(args.real))
    print("targets: real file read+map < 0.5 s; 1M rows (every column of the release) read < 1.5 s and "
          "summaries < 1 s; 10M rows peak < 2048 MiB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
