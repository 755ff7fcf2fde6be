"""Render reports: decide what is out of date, execute it in overlapped kernels, write it atomically.

Nothing is lost on failure: each report is written to a temporary file beside its target and
moved into place only when complete; a failing notebook leaves the previous report untouched, is
saved executed (with its error) under ``build/failed/`` for debugging, and the others still render.
A report whose page already carries the fingerprint of its current inputs (and is intact) is not
rendered again unless forced. Ctrl-C stops the kernels, writes nothing half-done and says so in one
line.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpers.render.html import read_fingerprint, render_html, seal_intact
from helpers.render.jobs import Job
from helpers.render.kernel import Kernel, KernelDied, preload
from helpers.render.output import (
    FAILED_DIR,
    REPORTS_DIR,
    ensure_writable,
    process_alive,
    remove_leftovers,
    report_path,
    write_atomically,
)
from helpers.render.provenance import fingerprints, git_state, provenance, recorded_inputs

__all__ = ["REPORTS_DIR", "Interrupted", "Outcome", "Plan", "plan", "render"]

_WORKDIR_PREFIX = "strike-ledger-render-pid"


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    message: str = ""
    fingerprint: str = ""
    kept: str = ""  # where the failed notebook was kept, if it was
    title: str = ""
    changed: list | None = None  # the inputs that changed since the page there was rendered, in words; None: same


class Interrupted(Exception):
    """The user stopped the render (Ctrl-C); ``done`` reports were complete by then."""

    def __init__(self, done: list[Outcome], total: int):
        self.done, self.total = done, total
        super().__init__(f"interrupted: {len([o for o in done if o.ok])} of {total} report(s) rendered; "
                         "no partial file was written")


@dataclass
class Plan:
    """Which reports need rendering, with each job's fingerprints computed once."""

    out_dir: Path
    todo: list[Job] = field(default_factory=list)
    current: list[Job] = field(default_factory=list)
    parts: dict[str, dict[str, str]] = field(default_factory=dict)


def page_is_current(page: Path, want: str) -> bool:
    """The page exists, carries fingerprint ``want`` and has not been edited since it was rendered."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return read_fingerprint(text) == want and seal_intact(text)


def remove_stale_workdirs() -> None:
    """Kernel folders (sockets, connection files, logs) of renders that were killed before cleaning up."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_WORKDIR_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(_WORKDIR_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not process_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def plan(jobs: list[Job], out_dir: Path = REPORTS_DIR, force: bool = False) -> Plan:
    """Check the output folder, clean what killed runs left, and sort jobs into to-do and current."""
    ensure_writable(out_dir)
    for job in jobs:
        report_path(out_dir, job.name)
    remove_leftovers(out_dir)
    remove_leftovers(FAILED_DIR)
    remove_stale_workdirs()
    result = Plan(out_dir)
    for job in jobs:
        parts = fingerprints(job)
        result.parts[job.name] = parts
        if not force and page_is_current(out_dir / f"{job.name}.html", parts["report"]):
            result.current.append(job)
        else:
            result.todo.append(job)
    return result


def _visible_number(nb, index: int | None) -> int | None:
    """The cell number a reader of the notebook sees (the injected parameters cell is not counted)."""
    if index is None:
        return None
    number = 0
    for i, cell in enumerate(nb.cells):
        if "injected-parameters" not in cell.get("metadata", {}).get("tags", []):
            number += 1
        if i == index:
            return number
    return None


def failure_line(exc: Exception) -> str:
    nb = getattr(exc, "notebook", None)
    if nb is not None:
        visible = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
        for number, cell in enumerate(visible, start=1):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    return f"cell {number}: {out['ename']}: {out['evalue']}"
        number = _visible_number(nb, getattr(exc, "cell_index", None))
        if number is not None:
            return f"cell {number}: {exc}" if isinstance(exc, KernelDied) else \
                f"cell {number}: {type(exc).__name__}: {_last_line(exc)}"
    return f"{type(exc).__name__}: {_last_line(exc)}"


def _last_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else ""


def _keep_failed(name: str, nb) -> str:
    import nbformat

    FAILED_DIR.mkdir(parents=True, exist_ok=True)
    target = FAILED_DIR / f"{name}.ipynb"
    write_atomically(target, nbformat.writes(nb))
    return f"build/failed/{target.name}"


def _changed_since(page: Path, parts: dict[str, str], notebook: str) -> list[str] | None:
    """What changed since the page at ``page`` was rendered, in words (``[]``: there was none); ``None`` when it
    has the same fingerprint (a forced render of the same content)."""
    import json

    from helpers.render.html import read_fingerprint, read_meta
    from helpers.render.provenance import what_changed

    try:
        text = page.read_text(encoding="utf-8", errors="replace") if page.is_file() else ""
    except OSError:
        text = ""
    if not text or read_fingerprint(text) is None:
        return []
    if read_fingerprint(text) == parts["report"]:
        return None
    try:
        recorded = json.loads(read_meta(text, "inputs") or "{}")
    except ValueError:
        recorded = {}
    return what_changed(recorded, parts, notebook) if recorded else ["its inputs"]


def data_dates(job: Job) -> str:
    """How recent the page's data are, in words: the curated record's latest event, and the copy of the public
    table it reads (its pinned release, or that it is none)."""
    import csv

    from helpers import formatting
    from helpers.table.external import attribution_label

    with (job.data_folder / "events.csv").open(encoding="utf-8", newline="") as fh:
        days = [row["date"] for row in csv.DictReader(fh) if row.get("date")]
    words = [f"curated record to {formatting.date(max(days))}"] if days else []
    words += [f"public attack table: {f.release or attribution_label(f.path)}"
              for _, f in sorted(job.external.items()) if f.parameter in ("external_path", "compare_path")]
    return "; ".join(words)


def render_one(job: Job, parts: dict[str, str], kernel: Kernel, out_dir: Path, git: str,
               stop: threading.Event) -> Outcome:
    started = time.perf_counter()
    try:
        nb = kernel.execute(job)
        if stop.is_set():
            return Outcome(job.name, False, time.perf_counter() - started, "interrupted")
        shown = "; ".join(f"{k} = {v!r}" for k, v in job.shown_parameters().items())
        page = render_html(nb, job.spec.title, job.spec.description, provenance(job, parts, git),
                           parts["report"], shown, inputs=recorded_inputs(parts), warnings=job.input_warnings(),
                           theme=job.spec.theme, data_dates=data_dates(job))
        target = report_path(out_dir, job.name)
        changed = _changed_since(target, parts, job.spec.notebook.name)
        write_atomically(target, page)
        return Outcome(job.name, True, time.perf_counter() - started, fingerprint=parts["report"],
                       title=job.spec.title, changed=changed)
    except Exception as exc:
        if stop.is_set():
            return Outcome(job.name, False, time.perf_counter() - started, "interrupted")
        nb = getattr(exc, "notebook", None)
        kept = _keep_failed(job.name, nb) if nb is not None else ""
        return Outcome(job.name, False, time.perf_counter() - started, failure_line(exc), kept=kept)


class _Workers:
    """Up to ``count`` threads, each with one kernel, taking jobs from one queue."""

    def __init__(self, jobs: list[Job], p: Plan, workdir: Path, git: str, count: int):
        self.pending: queue.Queue = queue.Queue()
        for i, job in enumerate(jobs):
            self.pending.put((i, job))
        self.plan, self.workdir, self.git = p, workdir, git
        self.results: dict[int, Outcome] = {}
        self.stop = threading.Event()
        self.kernels: list[Kernel] = []
        self.running: dict[int, int] = {}  # worker number -> index of the job it is on
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._work, args=(n,), daemon=True)
                        for n in range(max(1, min(count, len(jobs))))]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def alive(self) -> bool:
        return any(t.is_alive() for t in self.threads)

    def _work(self, number: int) -> None:
        try:
            self._take_jobs(number)
        except Exception as exc:  # a bug in the renderer itself: report it on the job, never lose it silently
            index = self.running.get(number)
            if index is not None and index not in self.results:
                name = self.plan.todo[index].name if index < len(self.plan.todo) else "?"
                self.results[index] = Outcome(name, False, 0.0, f"renderer error: {type(exc).__name__}: {exc}")

    def _take_jobs(self, number: int) -> None:
        kernel = None
        try:
            while not self.stop.is_set():
                try:
                    index, job = self.pending.get_nowait()
                except queue.Empty:
                    return
                self.running[number] = index
                if kernel is None:
                    kernel = Kernel(self.workdir, f"kernel-{number}")
                    with self.lock:
                        self.kernels.append(kernel)
                    try:
                        kernel.warm()
                    except Exception as exc:
                        self.results[index] = Outcome(job.name, False, 0.0, f"the kernel did not start: "
                                                      f"{kernel.death_reason() if not kernel.alive() else exc}")
                        kernel.shutdown()
                        kernel = None
                        continue
                outcome = render_one(job, self.plan.parts[job.name], kernel, self.plan.out_dir, self.git, self.stop)
                self.results[index] = outcome
                if not outcome.ok and not kernel.alive():
                    kernel.shutdown()
                    kernel = None
        finally:
            if kernel is not None:
                kernel.shutdown()

    def interrupt(self) -> None:
        self.stop.set()
        with self.lock:
            for kernel in self.kernels:
                kernel.kill()


def render(p: Plan, workers: int = 2, index: bool = True, stream=sys.stdout) -> list[Outcome]:
    """Render the plan's to-do jobs with up to ``workers`` kernels at once; print progress and a summary.

    Raises ``Interrupted`` on Ctrl-C, after the kernels are stopped and nothing partial remains.
    """
    from helpers.render.index import write_index

    started = time.perf_counter()
    jobs = p.todo
    outcomes: list[Outcome] = []
    if jobs:
        outcomes = _run_jobs(jobs, p, workers, stream)
    if index and (not outcomes or any(o.ok for o in outcomes)):
        # the change feed, then the index of the pages there, whatever was edited by hand (each written only
        # when it differs); a run whose every render failed leaves the folder as it was
        from helpers.render.feed import build_date, report_entry, write_feed

        day = build_date()
        write_feed(p.out_dir, [report_entry(o.name, o.title, o.fingerprint, o.changed, day)
                               for o in outcomes if o.ok and o.changed is not None])
        write_index(p.out_dir)
    failed = [o for o in outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    if not jobs:
        summary = (f"all {len(p.current)} report(s) up to date ({elapsed:.1f} s); "
                   "--force renders them again")
    else:
        summary = f"rendered {len(outcomes) - len(failed)} of {len(outcomes)} report(s) in {elapsed:.1f} s"
        if p.current:
            summary += f"; {len(p.current)} already up to date"
        if failed:
            kept = [o.kept for o in failed if o.kept]
            summary += f"; failed: {', '.join(o.name for o in failed)}"
            if kept:
                summary += f" (executed notebook{'s' if len(kept) > 1 else ''} kept in {', '.join(kept)})"
    print(summary, file=stream, flush=True)
    return outcomes


def _shown(path: Path) -> str:
    """Where a report was written, as the user can open it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _run_jobs(jobs: list[Job], p: Plan, workers: int, stream) -> list[Outcome]:
    from helpers.render.html import exporter

    git = git_state()
    workdir = Path(tempfile.mkdtemp(prefix=f"{_WORKDIR_PREFIX}{os.getpid()}-"))
    preload()  # import the kernel machinery here: imports racing in two threads can fail
    pool = _Workers(jobs, p, workdir, git, workers)
    printed = 0
    try:
        pool.start()
        exporter()  # build the HTML exporter while the kernels boot
        while printed < len(jobs):
            if printed in pool.results:
                o = pool.results[printed]
                printed += 1
                status = "ok" if o.ok else f"FAILED: {o.message}"
                where = f": {_shown(report_path(p.out_dir, o.name))}" if o.ok else ""
                print(f"[{printed}/{len(jobs)}] {o.name}: {status} ({o.seconds:.1f} s){where}", file=stream,
                      flush=True)
            elif not pool.alive() and printed not in pool.results:
                break
            else:
                time.sleep(0.05)
        for t in pool.threads:
            t.join()
    except KeyboardInterrupt:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up
        try:
            pool.interrupt()
            for t in pool.threads:
                t.join(timeout=60)
            remove_leftovers(p.out_dir, own=True)
            remove_leftovers(FAILED_DIR, own=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            signal.signal(signal.SIGINT, previous)
        done = [pool.results[i] for i in sorted(pool.results)]
        raise Interrupted(done, len(jobs)) from None
    shutil.rmtree(workdir, ignore_errors=True)
    return [pool.results.get(i) or Outcome(job.name, False, 0.0, "not rendered: its worker stopped")
            for i, job in enumerate(jobs)]
