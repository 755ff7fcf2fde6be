"""``python -m helpers.data [DATA_DIR]``: validate the dataset, print every problem, exit 1 if any."""

from __future__ import annotations

import sys

from helpers.data.load import validate
from helpers.data.schema import read_package
from helpers.paths import data_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else data_dir()
    problems = validate(folder)
    if problems:
        print(f"{len(problems)} problem(s) in the dataset:")
        for p in sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.rule)):
            print(f"  - {p}")
        return 1
    from helpers.data.load import load

    ds = load(folder)
    counts = ", ".join(f"{len(ds[r.name])} {r.name}" for r in read_package(ds.package.path.parent).resources)
    print(f"dataset valid: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
