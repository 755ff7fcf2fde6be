"""What a dataset file must be before any byte of it is read: a file of the dataset folder, of a size a
hand-curated table can have.

A link that leads out of the folder (``data/sources.csv`` -> a system file) is refused without opening
its target, so no message can quote another file's contents; a file above ``MAX_BYTES`` is refused
before it is loaded into memory.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024  # the largest file of data/ is under 1 MB; 50 MB leaves room and bounds memory


def refusal(path: Path) -> tuple[str, str] | None:
    """``(rule, message)`` when ``path`` must not be read as a dataset file, else ``None`` (read it)."""
    path = Path(path)
    try:
        if path.is_symlink():
            folder = path.parent.resolve()
            target = path.resolve()
            if not target.is_relative_to(folder):
                return ("a file inside the dataset folder",
                        "is a link to a file outside the dataset folder; it was not read: copy the file into "
                        "the folder instead")
        size = os.stat(path).st_size
    except (OSError, RuntimeError):  # missing, a link loop: the reader says which
        return None
    if path.is_file() and size > MAX_BYTES:
        return ("at most 50 MB", f"is {size:,} bytes, more than a dataset file can be (50 MB); it was not read")
    return None
