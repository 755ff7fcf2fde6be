"""Benchmark: the report suite with its attack cards, and the rebuild after one card's inputs change, in one run.

(s) today's suite without the cards: every report but the attack cards, rendered with --force;
(f) the full suite: every report, the cards included (--force);
(o) one card's inputs changed: one row of the curated record for a card's day is edited in a copy of the data,
    and `make reports` (no --force) renders again what depends on it: that card, and the pages that read the
    whole dataset; the other cards keep their fingerprint (a card's data fingerprint is the rows it reads,
    ``helpers.pages.attack.input_rows``) and are not rendered;
(c) one card alone, as the barrage report alone (a card must render in less time than that report).

Everything is rendered into scratch folders, from a scratch copy of data/, with the pinned public table.
Usage: .venv/bin/python bench/cards_bench.py
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.render.suite import load_suite  # noqa: E402

PY = sys.executable
CARD_DAY = "2024-01-02"


def render(out: Path, data: Path, *names: str, force: bool = True) -> tuple[float, str]:
    env = os.environ | {"STRIKE_LEDGER_DATA": str(data)}
    started = time.perf_counter()
    run = subprocess.run([PY, "-m", "helpers.render", "--out", str(out), *(["--force"] if force else []), *names],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(run.stdout[-2000:] + run.stderr[-2000:])
    return seconds, run.stdout.strip().splitlines()[-1]


def edit_one_row(data: Path) -> str:
    """Append a word to the note of one event_sources row of the card's day: a change only that card reads
    (and the pages that read the whole dataset)."""
    path = data / "event_sources.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns, rows = reader.fieldnames, list(reader)
    day = CARD_DAY.replace("-", "")
    row = next(r for r in rows if r["event_id"].startswith(day))
    row["note"] = (row["note"] + " (bench edit)").strip()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row["event_id"]


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="cards-bench-"))
    data = scratch / "data"
    shutil.copytree(ROOT / "data", data)
    specs = load_suite()
    cards = [s.name for s in specs if s.theme == "cards"]
    others = [s.name for s in specs if s.theme != "cards"]
    s, line_s = render(scratch / "suite", data, *others)
    f, line_f = render(scratch / "full", data)
    barrage, _ = render(scratch / "one", data, "barrage-2023-12-29")
    card, _ = render(scratch / "one", data, f"attack-{CARD_DAY}")
    event = edit_one_row(data)
    o, line_o = render(scratch / "full", data, force=False)
    rendered = int(re.search(r"rendered (\d+) of", line_o).group(1))
    print(f"s  today's suite, no cards ({len(others)} reports): {s:6.1f} s   [{line_s}]")
    print(f"f  full suite with {len(cards)} cards ({len(specs)} reports): {f:6.1f} s   [{line_f}]")
    print(f"o  one card's row edited ({event}): {o:6.1f} s, {rendered} of {len(specs)} rendered "
          f"(target: that card and the {len(others)} whole-dataset pages)   [{line_o}]")
    print(f"c  one card alone: {card:5.1f} s; the barrage report alone: {barrage:5.1f} s (target: card < barrage)")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
