"""The kernels that execute report notebooks: local, quiet, reused, and accounted for.

Each kernel talks to the renderer over Unix sockets in a private temporary folder (no TCP port,
no "running over TCP without encryption" warning), runs in its own session so a Ctrl-C in the
terminal reaches only the renderer (which then stops the kernels itself), and writes its own
stderr to a log file in that folder, whose last line explains a kernel that dies. Starting a kernel
and importing pandas and matplotlib costs more than most notebooks here, so a worker keeps its
kernel and resets it after each notebook (namespace, figures, plotting settings); the tests check
that a report is byte-identical to one from a fresh kernel.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from helpers.render.jobs import Job
from helpers.render.notebook_content import canonicalise

# Run once in each new kernel: the imports every notebook needs, and a snapshot of the plotting state.
WARM_UP = """import matplotlib
import matplotlib.pyplot
import importlib as _i, pkgutil as _k
import helpers.data, helpers.events, helpers.formatting, helpers.maps, helpers.notebook, helpers.page, helpers.plots
import helpers.pages, helpers.strikes, helpers.table
for _p in (helpers.pages, helpers.table):  # every page and table module, found by its folder
    for _m in _k.iter_modules(_p.__path__, _p.__name__ + "."):
        _i.import_module(_m.name)
del _i, _k, _p, _m
helpers.plots.FRESH_RC = dict(matplotlib.rcParams)"""
# Run after each notebook: back to the state of a fresh kernel (names, figures, plotting settings).
RESET = """%reset -f
import matplotlib as _m, matplotlib.pyplot as _p, helpers.plots as _h
_p.close("all"); _m.rcParams.update(_h.FRESH_RC); del _m, _p, _h"""


class KernelDied(RuntimeError):
    """The kernel process ended while a notebook was running."""


_MANAGER = None


def manager_class():
    """The kernel manager class, built once (call it before starting threads: imports are not thread-safe)."""
    global _MANAGER
    if _MANAGER is not None:
        return _MANAGER
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        """A python3 kernel started by ``helpers.render.local_kernel`` (no TCP port at all)."""

        @property
        def kernel_spec(self):
            return KernelSpec(argv=[sys.executable, "-m", "helpers.render.local_kernel", "-f", "{connection_file}"],
                              display_name="Python 3 (Strike Ledger renderer)", language="python")

    _MANAGER = LocalKernelManager
    return _MANAGER


def preload() -> None:
    """Import what running a notebook needs, once, in the calling thread.

    Kernels import nbclient, nbformat and papermill lazily (a command that renders nothing should not pay
    for them). Worker threads importing the same modules at the same moment can trip Python's import
    deadlock detection ("deadlock detected by _ModuleLock"), failing a render at random, so the renderer
    calls this before it starts its workers (the main thread then builds the nbconvert exporter, which
    imports nbclient too, while the workers run).
    """
    manager_class()
    import jupyter_core.utils  # noqa: F401
    import nbclient  # noqa: F401
    import nbclient.exceptions  # noqa: F401
    import nbformat  # noqa: F401
    import papermill.iorw  # noqa: F401
    import papermill.parameterize  # noqa: F401


class Kernel:
    """One kernel that runs notebooks one after another, reset to a fresh state between them."""

    def __init__(self, cwd: Path, label: str):
        self.cwd = cwd
        self.label = label
        self.km = manager_class()(kernel_name="python3", transport="ipc", ip=str(cwd / f"{label}-ipc"),
                                   connection_file=str(cwd / f"{label}.json"))
        self.kc = None
        self.started = False
        self.current_cell: int | None = None  # index in the executed notebook, while it runs
        self.log_path = cwd / f"{label}.log"
        self._log = None

    def _client(self, nb):
        from nbclient import NotebookClient

        def on_cell_start(cell, cell_index, **_):
            self.current_cell = cell_index

        client = NotebookClient(nb, km=self.km, timeout=600, record_timing=False, kernel_name="python3",
                                resources={"metadata": {"path": str(self.cwd)}}, on_cell_start=on_cell_start)
        client.kc = self.kc  # one client connection per kernel, not one per notebook
        return client

    def _run(self, nb):
        client = self._client(nb)
        client.execute()
        self.kc = client.kc
        return nb

    def _snippet(self, code: str) -> None:
        import nbformat

        self._run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]))

    def warm(self) -> None:
        """Start the kernel, then run the warm-up."""
        from jupyter_core.utils import run_sync

        self._log = open(self.log_path, "w", encoding="utf-8")  # closed in shutdown()
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), stdout=self._log, stderr=self._log,
                                       env=os.environ | {"PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        self.started = True
        self._snippet(WARM_UP)

    def execute(self, job: Job):
        """Run ``job``'s notebook with its parameters; return the executed notebook.

        On failure the exception carries the partly executed notebook (``notebook``) and the index of
        the cell that was running (``cell_index``); a kernel that died raises ``KernelDied``.
        """
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        nb = load_notebook_node(str(job.spec.notebook))
        canonicalise(nb)  # what JupyterLab or nbstripout wrote around the cells never reaches a page
        nb = parameterize_notebook(nb, job.parameters, report_mode=False)
        for cell in nb.cells:  # papermill gives the injected cell a random id; keep output reproducible
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell["id"] = "injected-parameters"
        self.current_cell = None
        try:
            self._run(nb)
        except Exception as exc:
            failure = exc
            if not self.alive():
                failure = KernelDied(self.death_reason())
            failure.notebook = nb
            failure.cell_index = self.current_cell
            if failure is exc:
                raise
            raise failure from exc
        finally:
            if self.alive():
                self._snippet(RESET)
        return nb

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        if not self.started:
            return False
        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def death_reason(self) -> str:
        """Why the kernel ended: its exit status, and the last line it wrote to stderr."""
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = proc.poll() if proc is not None else None
        if code is not None and code < 0:
            try:
                status = f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                status = f"killed by signal {-code}"
        else:
            status = f"exit status {code}" if code is not None else "exit status unknown"
        try:
            lines = [ln.strip() for ln in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
                     if ln.strip()]
        except OSError:
            lines = []
        last = f"; it last wrote: {lines[-1][:200]}" if lines else ""
        return f"the kernel died ({status}){last}"

    def kill(self) -> None:
        """Stop the kernel process at once (used on Ctrl-C, from another thread)."""
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.started:
                run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            self.kill()
        finally:
            self.started = False
            if self._log is not None:
                self._log.close()
                self._log = None
