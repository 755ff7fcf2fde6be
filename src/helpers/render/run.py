"""Render reports: check parameters, execute in overlapped kernels, write atomically, index.

Nothing is lost on failure: each report is written to a temporary file beside its target and
moved into place only when complete; a failing notebook leaves the previous report untouched, is
saved executed (with its error) under ``build/failed/`` for debugging, and the others still render.
"""

from __future__ import annotations

import html
import os
import platform
import queue
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from helpers.paths import PROJECT_ROOT, data_dir
from helpers.render import contract, fingerprint
from helpers.render.html import exporter, read_fingerprint, render_html
from helpers.render.suite import ReportSpec

REPORTS_DIR = PROJECT_ROOT / "reports"
FAILED_DIR = PROJECT_ROOT / "build" / "failed"
PACKAGES = ["pandas", "numpy", "matplotlib", "nbconvert", "nbclient", "papermill", "ipykernel"]


@dataclass
class Job:
    spec: ReportSpec
    parameters: dict = field(default_factory=dict)  # typed, as given (not the defaults)
    command: str = ""


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    message: str = ""
    fingerprint: str = ""


def fingerprints(job: Job, folder: Path | None = None) -> dict[str, str]:
    folder = folder or data_dir()
    parts = {
        "data": fingerprint.data_fingerprint(folder),
        "notebook": fingerprint.file_fingerprint(job.spec.notebook),
        "code": fingerprint.code_fingerprint(),
        "parameters": fingerprint.parameters_fingerprint(job.parameters, job.spec.title, job.spec.description),
    }
    parts["report"] = fingerprint.combined(parts)
    return parts


def git_commit() -> str:
    """The last commit that changed the inputs of a report (and whether they have changed since)."""
    inputs = ["data", "notebooks", "src", "reports/reports.toml"]
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", *inputs], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *inputs], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    if not commit:
        return "no commit yet"
    return commit + (" with uncommitted changes to the inputs" if dirty else "")


def provenance(job: Job, parts: dict[str, str], commit: str) -> dict[str, str]:
    effective = contract.effective(job.spec.notebook, job.parameters)
    versions = f"python {platform.python_version()}; " + "; ".join(f"{p} {version(p)}" for p in PACKAGES)
    return {
        "Notebook": job.spec.notebook.relative_to(PROJECT_ROOT).as_posix(),
        "Parameters": "; ".join(f"{k} = {v!r}" for k, v in effective.items()),
        "Dataset fingerprint": parts["data"] + " (sha-256 of data/, first 16 hex digits)",
        "Notebook fingerprint": parts["notebook"],
        "Code fingerprint": parts["code"] + " (src/helpers)",
        "Report fingerprint": parts["report"],
        "Packages": versions,
        "Git commit": commit,
        "Reproduce with": job.command,
    }


# Run once in each new kernel: the imports every notebook needs, and a snapshot of the plotting state.
WARM_UP = """import matplotlib
import matplotlib.pyplot
import helpers.claims, helpers.data, helpers.dprk, helpers.notebook, helpers.overview, helpers.plots
import helpers.timeline, helpers.volume
helpers.plots.FRESH_RC = dict(matplotlib.rcParams)"""
# Run after each notebook: back to the state of a fresh kernel (names, figures, plotting settings).
RESET = """%reset -f
import matplotlib as _m, matplotlib.pyplot as _p, helpers.plots as _h
_p.close("all"); _m.rcParams.update(_h.FRESH_RC); del _m, _p, _h"""


class Kernel:
    """One kernel that runs notebooks one after another, reset to a fresh state between them.

    Starting a kernel and importing pandas and matplotlib costs more than most notebooks here; a
    worker keeps its kernel and clears the namespace, figures and plotting settings after each
    notebook (the tests check that a report is byte-identical to one from a fresh kernel).
    """

    def __init__(self, cwd: Path):
        from jupyter_client.manager import AsyncKernelManager

        self.cwd = cwd
        self.km = AsyncKernelManager(kernel_name="python3")
        self.kc = None
        self.started = False

    def _run(self, nb):
        from nbclient import NotebookClient

        client = NotebookClient(nb, km=self.km, timeout=600, record_timing=False, kernel_name="python3",
                                resources={"metadata": {"path": str(self.cwd)}})
        client.kc = self.kc  # one client connection per kernel, not one per notebook
        client.execute()
        self.kc = client.kc
        return nb

    def _snippet(self, code: str) -> None:
        import nbformat

        self._run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]))

    def warm(self) -> None:
        """Start the kernel, then (while it boots) load the client side, then run the warm-up."""
        from jupyter_core.utils import run_sync

        run_sync(self.km.start_kernel)(cwd=str(self.cwd))
        self.started = True
        self._snippet(WARM_UP)

    def execute(self, job: Job):
        """Run ``job``'s notebook with its parameters; return the executed notebook."""
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        nb = load_notebook_node(str(job.spec.notebook))
        nb = parameterize_notebook(nb, job.parameters, report_mode=False)
        for cell in nb.cells:  # papermill gives the injected cell a random id; keep output reproducible
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell["id"] = "injected-parameters"
        try:
            return self._run(nb)
        except Exception as exc:
            exc.notebook = nb  # keep the partly executed notebook for build/failed/
            raise
        finally:
            if self.started:
                self._snippet(RESET)

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.started:
            run_sync(self.km.shutdown_kernel)(now=True)


def _failure_line(job: Job, exc: Exception) -> str:
    nb = getattr(exc, "notebook", None)
    if nb is not None:
        visible = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
        for number, cell in enumerate(visible, start=1):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    return f"cell {number}: {out['ename']}: {out['evalue']}"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[-1] if first else ''}"


def write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_one(job: Job, kernel: Kernel, out_dir: Path, commit: str) -> Outcome:
    started = time.perf_counter()
    try:
        parts = fingerprints(job)
        nb = kernel.execute(job)
        page = render_html(nb, job.spec.title, job.spec.description, provenance(job, parts, commit),
                           parts["report"])
        write_atomically(out_dir / f"{job.spec.name}.html", page)
        return Outcome(job.spec.name, True, time.perf_counter() - started, fingerprint=parts["report"])
    except Exception as exc:
        nb = getattr(exc, "notebook", None)
        if nb is not None:
            import nbformat

            FAILED_DIR.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, FAILED_DIR / f"{job.spec.name}.ipynb")
        return Outcome(job.spec.name, False, time.perf_counter() - started, _failure_line(job, exc))


def _worker(jobs: queue.Queue, results: dict, out_dir: Path, commit: str, cwd: Path) -> None:
    """Take jobs until none is left, all in one kernel (a new one if the kernel itself breaks)."""
    kernel = None
    try:
        while True:
            try:
                index, job = jobs.get_nowait()
            except queue.Empty:
                return
            if kernel is None:
                kernel = Kernel(cwd)
                try:
                    kernel.warm()
                except Exception as exc:
                    results[index] = Outcome(job.spec.name, False, 0.0, f"kernel did not start: {exc}")
                    kernel = None
                    continue
            outcome = render_one(job, kernel, out_dir, commit)
            results[index] = outcome
            if not outcome.ok and not _alive(kernel):
                kernel.shutdown()
                kernel = None
    finally:
        if kernel is not None:
            kernel.shutdown()


def _alive(kernel: Kernel) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(kernel.km.is_alive)())
    except Exception:
        return False


def ensure_writable(out_dir: Path) -> None:
    """Fail before any kernel starts when reports could not be written to ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise PermissionError(f"output folder {out_dir} is not writable ({exc.strerror or exc})") from None


def render(jobs: list[Job], out_dir: Path = REPORTS_DIR, workers: int = 2, index: bool = True,
           stream=sys.stdout) -> list[Outcome]:
    """Render ``jobs`` with up to ``workers`` kernels at once; print progress and a summary line."""
    ensure_writable(out_dir)
    commit = git_commit()
    started = time.perf_counter()
    pending: queue.Queue = queue.Queue()
    for i, job in enumerate(jobs):
        pending.put((i, job))
    results: dict[int, Outcome] = {}
    printed = 0
    with tempfile.TemporaryDirectory(prefix="strike-ledger-") as cwd:
        threads = [threading.Thread(target=_worker, args=(pending, results, out_dir, commit, Path(cwd)),
                                    daemon=True) for _ in range(max(1, min(workers, len(jobs))))]
        for t in threads:
            t.start()
        exporter()  # build the HTML exporter while the kernels boot
        while printed < len(jobs):
            if printed in results:
                o = results[printed]
                printed += 1
                status = "ok" if o.ok else f"FAILED: {o.message}"
                print(f"[{printed}/{len(jobs)}] {o.name}: {status} ({o.seconds:.1f} s)", file=stream, flush=True)
            elif not any(t.is_alive() for t in threads) and printed not in results:
                break
            else:
                time.sleep(0.05)
        for t in threads:
            t.join()
    outcomes = [results[i] for i in sorted(results)]
    if index:
        write_index(out_dir, [job.spec for job in jobs])
    failed = [o.name for o in outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    summary = f"rendered {len(outcomes) - len(failed)} of {len(outcomes)} report(s) in {elapsed:.1f} s"
    if failed:
        summary += f"; failed: {', '.join(failed)} (executed notebooks kept in build/failed/)"
    print(summary, file=stream, flush=True)
    return outcomes


def suite_job(spec: ReportSpec) -> Job:
    typed = contract.check(spec.notebook, spec.parameters)
    return Job(spec, typed, f"python -m helpers.render {spec.name}")


def adhoc_job(notebook: Path, given: dict, name: str | None, as_text: bool, argv: list[str]) -> Job:
    typed = contract.check(notebook, given, as_text=as_text)
    for key, value in typed.items():  # a file named relative to where the command runs, not the kernel
        if isinstance(value, str) and value and not Path(value).is_absolute() and (Path.cwd() / value).is_file():
            typed[key] = str(Path.cwd() / value)
    stem = name or notebook.stem
    title = notebook.stem.split("-", 1)[-1].replace("-", " ").capitalize()
    spec = ReportSpec(stem, notebook, title, f"{notebook.name} with parameters given on the command line.", {})
    return Job(spec, typed, "python -m helpers.render " + " ".join(shlex.quote(a) for a in argv))


INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def write_index(out_dir: Path = REPORTS_DIR, rendered: list[ReportSpec] | None = None) -> None:
    """``index.html``: every report in ``out_dir`` with its title, description, parameters and fingerprint
    (described by the specs just rendered, else by the default suite file)."""
    from helpers.render.suite import SUITE_FILE, load_suite

    specs = {s.name: s for s in load_suite(SUITE_FILE)} if SUITE_FILE.exists() else {}
    specs.update({s.name: s for s in rendered or []})
    items = []
    for page in sorted(out_dir.glob("*.html")):
        if page.name == "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        spec = specs.get(page.stem)
        title = spec.title if spec else page.stem
        description = spec.description if spec else ""
        params = "; ".join(f"{k} = {v!r}" for k, v in spec.parameters.items()) if spec else ""
        items.append(
            f'<li><h2><a href="{html.escape(page.name, quote=True)}">{html.escape(title)}</a></h2>'
            f"<p>{html.escape(description)}</p>"
            f"<p><strong>Parameters:</strong> {html.escape(params or 'defaults')}</p>"
            f"<p><strong>Fingerprint:</strong> "
            f"<code>{html.escape(read_fingerprint(text) or 'none')}</code></p></li>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">
<title>Strike Ledger reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 900px; margin: 0 auto; padding: 1rem 1.5rem; color: #222; }}
ul {{ list-style: none; padding: 0; }} li {{ border-bottom: 1px solid #ddd; padding: 0.5rem 0; }}
h2 {{ font-size: 1.15rem; margin: 0.3rem 0; }} code {{ background: #f3f3f3; padding: 0 0.2rem; }}
</style>
</head>
<body>
<h1>Strike Ledger reports</h1>
<p>North Korean missiles and Russia's mass strikes on Ukraine: a cited dataset and its analyses.
Each report opens offline; its provenance block says how to reproduce it.</p>
<ul>
{chr(10).join(items)}
</ul>
</body>
</html>
"""
    write_atomically(out_dir / "index.html", page)
