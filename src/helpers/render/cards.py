"""The attack cards of the suite, generated from the data: ``make cards``.

Every curated mass strike and North Korean missile use, and the largest reports of each year of the public
table (``helpers.pages.attack.cards``), get a card: a ``[[report]]`` of ``notebooks/07-attack.ipynb`` named
``attack-YYYY-MM-DD``. The entries live in one block at the end of ``reports/reports.toml``, between the two
marker lines below; nothing in the block is typed by hand, and a new mass strike in ``data/events.csv`` gets
its card by running the command again.

    python -m helpers.render.cards            # list the cards the data call for
    python -m helpers.render.cards --write    # rewrite the block in reports/reports.toml
    python -m helpers.render.cards --check    # exit 1 when the block is not what the data call for
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from helpers.render.suite import SUITE_FILE

BEGIN = "# ---- attack cards: generated from the data by `make cards` (helpers.render.cards); do not edit ----"
END = "# ---- end of the attack cards ----"
NOTEBOOK = "notebooks/07-attack.ipynb"


def block(cards) -> str:
    """The suite entries for ``cards`` (``helpers.pages.attack.cards``), between the markers."""
    from helpers import formatting

    parts = [BEGIN]
    for _, c in cards.iterrows():
        day = formatting.date(c["date"])
        parts.append(
            f'\n[[report]]\nname = "{c["name"]}"\nnotebook = "{NOTEBOOK}"\n'
            f"title = {json.dumps(f'The attack of {day}')}\n"
            f"description = {json.dumps(f'The attack reported on the morning of {day}: ' + c['why'] + '.')}\n"
            f'theme = "cards"\n[report.parameters]\nattack = "{c["date"]:%Y-%m-%d}"\n'
            f'[report.external]\nexternal_path = "missile_attacks_daily.csv"')
    parts.append(END)
    return "\n".join(parts)


def with_block(text: str, new_block: str) -> str:
    """``text`` (the suite file) with its card block replaced by ``new_block`` (appended when it has none); what
    stands before and after the block (an entry added by ``make new-notebook``) is kept as it is."""
    if BEGIN in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        return head + new_block + tail
    return text.rstrip("\n") + "\n\n" + new_block + "\n"


def wanted(data_folder: Path | None = None):
    """The cards the data call for, with the pinned public table (required: the largest reports come from it)."""
    import helpers.data
    from helpers.pages import attack
    ds = helpers.data.load(data_folder) if data_folder else helpers.data.load()
    frame, _, _ = attack.load_table(ds, "")
    if frame is None:
        raise SystemExit("make cards needs the public attack table (the largest reports of each year come from it): "
                         "run `make external`, or set STRIKE_LEDGER_EXTERNAL to a folder holding it")
    return attack.cards(ds, frame)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m helpers.render.cards", description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="rewrite the card block of reports/reports.toml")
    p.add_argument("--check", action="store_true", help="exit 1 when the block differs from what the data call for")
    p.add_argument("--suite", type=Path, default=SUITE_FILE, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    cards = wanted()
    text = args.suite.read_text(encoding="utf-8")
    new = with_block(text, block(cards))
    if args.check:
        if new != text:
            print(f"{args.suite.name}: the attack cards are not what the data call for ({len(cards)} cards); "
                  "run `make cards`", file=sys.stderr)
            return 1
        print(f"{args.suite.name}: {len(cards)} attack cards, as the data call for")
        return 0
    if args.write:
        if new != text:
            args.suite.write_text(new, encoding="utf-8")
        print(f"{args.suite.name}: {len(cards)} attack cards" + (" (rewritten)" if new != text else " (unchanged)"))
        return 0
    for _, c in cards.iterrows():
        print(f"{c['name']}: {c['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
