"""Writing reports: only complete files, only inside the output folder, nothing left behind.

A report is written to a hidden temporary file beside its target and moved into place when
complete, so a reader (or a static host syncing the folder) never sees half a page, and a failed or
interrupted render leaves the previous report as it was. The temporary file's name carries the
writing process's id: a run killed before it could clean up (``kill -9``, a power cut) leaves a
file that the next run recognises as orphaned and removes, while the files of a render still
running in parallel are left alone.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from helpers.paths import PROJECT_ROOT

REPORTS_DIR = PROJECT_ROOT / "reports"
BUILD_DIR = PROJECT_ROOT / "build"
FAILED_DIR = BUILD_DIR / "failed"
ADHOC_DIR = BUILD_DIR / "adhoc"

_TMP = re.compile(r"\.(?P<name>.+)\.pid(?P<pid>\d+)\.[^.]+\.tmp")


class OutputError(ValueError):
    """The output folder or file name cannot be used."""


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` all at once: a temporary file in the same folder, then a rename (which
    replaces a link at ``target`` by the file, never writes through it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.pid{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(target: Path, text: str) -> bool:
    """Write only when the content differs (a static host then sees no change); True if written."""
    try:
        if not target.is_symlink() and target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(target, text)
    return True


def remove_leftovers(folder: Path, *, own: bool = False) -> list[Path]:
    """Remove temporary report files of runs that no longer exist (``own``: also this process's)."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(".*.tmp"):
        m = _TMP.fullmatch(path.name)
        if not m:
            continue
        pid = int(m.group("pid"))
        if (own and pid == os.getpid()) or (pid != os.getpid() and not process_alive(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def ensure_writable(out_dir: Path) -> None:
    """Fail before any kernel starts when reports could not be written to ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=f".write-test.pid{os.getpid()}.", suffix=".tmp"):
            pass
    except OSError as exc:
        raise OutputError(f"output folder {out_dir} is not writable ({exc.strerror or exc})") from None


def report_path(out_dir: Path, name: str) -> Path:
    """``out_dir/<name>.html``, refusing any name that would land elsewhere or replace the index."""
    from helpers.render.suite import check_name

    check_name(name)
    folder = out_dir.resolve()
    target = folder / f"{name}.html"  # the folder resolved, never the file: a link there is replaced, not followed
    if target.parent != folder:
        raise OutputError(f"report name {name!r} would be written outside {out_dir}")
    return target
