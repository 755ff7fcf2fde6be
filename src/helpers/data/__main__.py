"""``python -m helpers.data [DATA_DIR]``: validate the dataset, print every problem, exit 1 if any."""

from __future__ import annotations

import sys

from helpers.data.errors import DataError
from helpers.data.load import load
from helpers.paths import data_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else data_dir()
    try:
        ds = load(folder)
    except DataError as exc:
        print(exc)
        return 1
    print("dataset valid: " + ", ".join(f"{len(ds[r.name])} {r.name}" for r in ds.package.resources))
    return 0


if __name__ == "__main__":
    sys.exit(main())
