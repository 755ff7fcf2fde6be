"""The renderer as an attacker, a careless user and an interrupted run would meet it.

Names and folders (nothing written outside the output folder, the index never replaced), input
files that are folders, binary or not UTF-8, a kernel that dies, Ctrl-C, leftovers of a killed run,
provenance that identifies every input without exposing local paths, sealed pages, and incremental
builds. Every case runs the real command line and, where a previous report exists, checks that it
is left byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from helpers.render.html import read_fingerprint, read_meta, seal_intact
from helpers.render.stale import stale_reports

pytestmark = pytest.mark.render  # the slow tier: `make test-fast` leaves it out

GOOD = "<html>previous good report</html>\n"
VOLUME = "notebooks/02-attack-volume.ipynb"
CLAIMS = "notebooks/04-claims-check.ipynb"


def render(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.render", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600, env=env)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("claims-check", "adhoc", "index"):
        (folder / f"{name}.html").write_text(GOOD)
    return folder


def untouched(out: Path) -> bool:
    return all((out / f"{n}.html").read_text() == GOOD for n in ("claims-check", "adhoc", "index"))


def _notebook(tmp_path: Path, code: str, name: str = "probe.ipynb") -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Probe", "id": "a"},
             {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "n: int = 1  # a count",
              "outputs": [], "execution_count": None, "id": "b"},
             {"cell_type": "code", "metadata": {}, "source": "print(n)", "outputs": [], "execution_count": None,
              "id": "c"},
             {"cell_type": "code", "metadata": {}, "source": code, "outputs": [], "execution_count": None,
              "id": "d"}]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return path


def _params_file(tmp_path: Path, content: bytes | None, folder: bool = False) -> Path:
    path = tmp_path / "params.yaml"
    if folder:
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


# Each case: the arguments (with {params} standing for a parameter file made from the bytes given, or a
# folder), and the exact message. Paths in messages are written as {params}.
CASES = {
    "name-traversal": ([VOLUME, "--name", "../../../x"], None,
                       "error: --name '../../../x' must be 1 to 80 lowercase letters, digits and '-', starting "
                       "with a letter or digit"),
    "name-absolute": ([VOLUME, "--name", "/etc/x"], None,
                      "error: --name '/etc/x' must be 1 to 80 lowercase letters, digits and '-', starting with a "
                      "letter or digit"),
    "name-index": ([VOLUME, "--name", "index"], None,
                   "error: --name 'index' is reserved for the list of reports (index.html); choose another"),
    "params-missing": ([VOLUME, "--name", "adhoc", "--params", "{params}"], None,
                       "error: parameter file {params} not found"),
    "params-folder": ([VOLUME, "--name", "adhoc", "--params", "{params}"], "folder",
                      "error: parameter file {params} is a folder, not a file"),
    "params-binary": ([VOLUME, "--name", "adhoc", "--params", "{params}"], b"\x00" * 64,
                      "error: parameter file {params} is binary, not text (it contains NUL bytes; it starts "
                      "'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'…)"),
    "params-not-utf8": ([VOLUME, "--name", "adhoc", "--params", "{params}"], "frequency: M\xe9".encode("latin-1"),
                        "error: parameter file {params} is not UTF-8 text (byte 0xe9 at position 12; it starts "
                        "'frequency: M\\xe9')"),
    "params-not-mapping": ([VOLUME, "--name", "adhoc", "--params", "{params}"], b"- W\n- M\n",
                           "error: parameter file {params} must map names to values, e.g. 'frequency: W'"),
    "notebook-folder": (["notebooks", "--name", "adhoc"], None,
                        "error: notebook notebooks is a folder, not a notebook file"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_names_and_files_are_refused_before_any_kernel(case, tmp_path, out):
    args, content, message = CASES[case]
    params = tmp_path / "params.yaml"
    if content == "folder":
        params.mkdir()
    elif isinstance(content, bytes):
        params.write_bytes(content)
    args = [a.replace("{params}", str(params)) for a in args]
    run = render("--notebook", *args, "--out", str(out))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.strip() == message.replace("{params}", str(params))
    assert run.stdout == ""
    assert untouched(out)
    assert not (Path("/etc") / "x.html").exists()


def test_adhoc_reports_never_go_into_the_committed_suite_folder():
    before = {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*.html")}
    run = render("--notebook", CLAIMS, "--name", "adhoc-claims", "--out", "reports")
    assert run.returncode == 2
    assert run.stderr.strip() == ("error: reports/ holds only the suite of reports/reports.toml; write --notebook "
                                  "reports to another folder (the default is build/adhoc/), or add the report to "
                                  "the suite")
    assert {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*.html")} == before


def test_adhoc_reports_go_to_build_adhoc_by_default_with_their_own_index():
    target = ROOT / "build" / "adhoc" / "claims-seed.html"
    target.unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*.html")}
    run = render("--notebook", CLAIMS, "-p", "claimants=[]", "--name", "claims-seed")
    assert run.returncode == 0, run.stdout + run.stderr
    assert target.exists()
    index = (ROOT / "build" / "adhoc" / "index.html").read_text()
    assert 'href="claims-seed.html"' in index and "claimants = []" not in index  # parameters: the page's own
    assert "claimants = []" in target.read_text()[target.read_text().index('id="provenance"'):]
    assert {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*.html")} == before


def test_a_dead_kernel_names_its_cell_and_keeps_the_notebook(tmp_path, out):
    nb = _notebook(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    failed = ROOT / "build" / "failed" / "adhoc-killed.ipynb"  # a name of its own: tests run in parallel
    failed.unlink(missing_ok=True)
    run = render("--notebook", str(nb), "--name", "adhoc-killed", "--out", str(out))
    assert run.returncode == 1
    first, last = run.stdout.strip().splitlines()
    assert re.fullmatch(r"\[1/1\] adhoc-killed: FAILED: cell 4: the kernel died \(killed by signal SIGKILL\)"
                        r"(; it last wrote: .*)? \(\d+\.\d s\)", first), first
    assert last.endswith("failed: adhoc-killed (executed notebook kept in build/failed/adhoc-killed.ipynb)")
    assert "Traceback" not in run.stdout + run.stderr
    kept = json.loads(failed.read_text())
    assert any("SIGKILL" in "".join(c["source"]) for c in kept["cells"])
    assert untouched(out)


def test_ctrl_c_stops_cleanly_with_one_line_and_no_partial_file(tmp_path, out):
    nb = _notebook(tmp_path, "import time\ntime.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-m", "helpers.render", "--notebook", str(nb), "--name", "adhoc",
                             "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    kernels: list[int] = []
    while time.monotonic() < deadline and not kernels:  # interrupt once the kernel is running the notebook
        time.sleep(0.5)
        found = subprocess.run(["pgrep", "-f", "-P", str(proc.pid), "helpers.render.local_kernel"],
                               capture_output=True, text=True).stdout.split()
        kernels = [int(pid) for pid in found]
    assert kernels, "no kernel started"
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip() == "interrupted: 0 of 1 report(s) rendered; no partial file was written"
    assert "Traceback" not in stdout + stderr
    assert untouched(out)
    assert not list(out.glob(".*"))
    time.sleep(0.5)
    for pid in kernels:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    assert not [p for p in Path("/tmp").glob(f"strike-ledger-render-pid{proc.pid}-*")]


def test_leftovers_of_a_killed_run_are_removed_and_a_live_run_is_left_alone(tmp_path, out):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    orphan = out / f".claims-check.html.pid{dead}.x1y2.tmp"
    orphan.write_text("half a page")
    live = out / f".claims-check.html.pid{os.getpid()}.a1b2.tmp"
    live.write_text("a page being written by a render still running")
    run = render("--notebook", CLAIMS, "--name", "seed", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert not orphan.exists()
    assert live.exists()
    ignored = subprocess.run(["git", "check-ignore", "-q", "reports/.claims-check.html.pid1.abc.tmp"], cwd=ROOT)
    assert ignored.returncode == 0, "leftover temporary reports are not ignored by git"


def _two_tables(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = Path(__file__).parent / "fixtures" / "airforce" / "attacks.csv"
    a = tmp_path / "a" / "missile_attacks_daily.csv"
    b = tmp_path / "b" / "missile_attacks_daily.csv"
    same = tmp_path / "c" / "missile_attacks_daily.csv"
    for p in (a, b, same):
        p.parent.mkdir()
    shutil.copy(source, a)
    shutil.copy(source, same)
    b.write_bytes(source.read_bytes().replace(b"\n", b"\r\n", 1))  # one byte more, same rows
    return a, b, same


def test_provenance_identifies_external_files_by_bytes_and_never_shows_local_paths(tmp_path):
    a, b, same = _two_tables(tmp_path)
    pages = {}
    for label, table in (("a", a), ("b", b), ("same", same)):
        out = tmp_path / f"out-{label}"
        run = render("--notebook", "notebooks/05-reconciliation.ipynb", "-p", f"external_path={table}", "--name",
                     "reconciled", "--out", str(out))
        assert run.returncode == 0, run.stdout + run.stderr
        pages[label] = (out / "reconciled.html").read_text()
    assert read_fingerprint(pages["a"]) != read_fingerprint(pages["b"])
    assert read_fingerprint(pages["a"]) == read_fingerprint(pages["same"])
    digest = __import__("hashlib").sha256(a.read_bytes()).hexdigest()
    assert (f"external_path = missile_attacks_daily.csv ({a.stat().st_size:,} bytes, sha-256 {digest}; a copy that "
            "differs from every pinned release of the public table (its figures are not the published table&#x27;s))"
            in pages["a"])  # a small hand-made table: no pinned release, and the page says so
    assert "a copy that differs from every pinned release of the public attack table" in pages["a"]  # first thing
    for page in pages.values():
        assert str(tmp_path) not in page and str(ROOT) not in page
        assert "external_path=missile_attacks_daily.csv" in page  # the reproduce command names the file only


def test_a_copy_of_the_data_is_declared_and_the_reproduce_command_says_so(tmp_path):
    copy = tmp_path / "mydata"
    shutil.copytree(DATA, copy)
    out = tmp_path / "out"
    run = render("--notebook", CLAIMS, "--name", "seed", "--out", str(out),
                 env=os.environ | {"STRIKE_LEDGER_DATA": str(copy)})
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "seed.html").read_text()
    assert "a copy given by STRIKE_LEDGER_DATA (folder &#x27;mydata&#x27;), not this project&#x27;s data/" in page
    assert "the dataset did not come from this commit" in page
    assert "STRIKE_LEDGER_DATA=&lt;a copy of the dataset with the fingerprint above&gt; python -m" in page
    assert str(tmp_path) not in page


def test_a_missing_dataset_folder_is_an_error_not_a_traceback(tmp_path, out):
    run = render("--notebook", CLAIMS, "--name", "adhoc", "--out", str(out),
                 env=os.environ | {"STRIKE_LEDGER_DATA": str(tmp_path / "nowhere")})
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: the dataset has 1 problem(s); nothing rendered (run make validate):",
        f"  - the dataset folder {tmp_path / 'nowhere'} (given by STRIKE_LEDGER_DATA) does not exist or is not a "
        "folder"]
    assert untouched(out)


def _suite(tmp_path: Path) -> Path:
    suite = tmp_path / "reports.toml"
    suite.write_text('[[report]]\nname = "claims"\nnotebook = "notebooks/04-claims-check.ipynb"\n'
                     'title = "Claims"\ndescription = "All claims"\n')
    return suite


def test_unchanged_reports_are_not_rendered_again_and_edited_ones_are(tmp_path):
    suite, out = _suite(tmp_path), tmp_path / "out"
    first = render("--suite", str(suite), "--out", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    page = out / "claims.html"
    stamp, original = page.stat().st_mtime_ns, page.read_bytes()
    assert seal_intact(original.decode())
    again = render("--suite", str(suite), "--out", str(out))
    assert re.fullmatch(r"all 1 report\(s\) up to date \(\d+\.\d s\); --force renders them again",
                        again.stdout.strip()), again.stdout
    assert page.stat().st_mtime_ns == stamp
    forced = render("--suite", str(suite), "--out", str(out), "--force")
    assert "[1/1] claims: ok" in forced.stdout and page.read_bytes() == original
    page.write_bytes(original.replace(b"All claims", b"Some claims", 1))  # edited by hand after rendering
    assert not seal_intact(page.read_text())
    mended = render("--suite", str(suite), "--out", str(out))
    assert "[1/1] claims: ok" in mended.stdout
    assert page.read_bytes() == original


def test_check_reports_a_page_edited_after_rendering(tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", out)
    assert stale_reports(out) == []
    page = out / "claims-check.html"
    page.write_text(page.read_text().replace("Claims check", "Claims chequed", 1))
    assert stale_reports(out) == ["claims-check.html: edited after it was rendered (its bytes no longer match "
                                  "its seal)"]


def test_index_describes_each_page_by_its_own_parameters(tmp_path):
    out = tmp_path / "out"
    run = render("--notebook", VOLUME, "-p", "frequency=W", "-p", "start_date=2024-01-01", "--name", "weekly",
                 "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    index = (out / "index.html").read_text()
    page = (out / "weekly.html").read_text()
    provenance = page[page.index('id="provenance"'):]  # each page's parameters are in its provenance block
    assert "start_date = &#x27;2024-01-01&#x27;" in provenance and "frequency = &#x27;W&#x27;" in provenance
    assert 'href="weekly.html"' in index and "start_date" not in index
    assert read_meta((out / "weekly.html").read_text(), "title") == "Attack volume"


LISTENING = """import os, re
mine = set()
for fd in os.listdir("/proc/self/fd"):
    try:
        m = re.fullmatch(r"socket:\\[(\\d+)\\]", os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        continue
    if m:
        mine.add(m.group(1))
listening = []
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).read().splitlines()[1:]:
        cols = line.split()
        if cols[3] == "0A" and cols[9] in mine:
            listening.append(cols[1])
print(f"sockets={len(mine)} tcp-listening={len(listening)}")"""


def test_kernels_listen_on_no_network_port(tmp_path):
    """The kernel lists its own sockets and the TCP sockets in LISTEN state (from /proc): none may be its."""
    nb = _notebook(tmp_path, LISTENING)
    out = tmp_path / "out"
    run = render("--notebook", str(nb), "--name", "ports", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "without encryption" not in run.stdout + run.stderr
    found = re.search(r"sockets=(\d+) tcp-listening=(\d+)", (out / "ports.html").read_text())
    assert found and int(found.group(1)) > 0  # it did see its own (Unix) sockets
    assert found.group(2) == "0"


def _readme_render_commands() -> list[list[str]]:
    """Every `--notebook` render command in the README, as the argument list after `-m helpers.render`."""
    import shlex

    text = (ROOT / "README.md").read_text().replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].strip()
        if line.startswith(".venv/bin/python -m helpers.render") and "--notebook" in line:
            commands.append(shlex.split(line)[3:])
    return commands


@pytest.mark.uses_table
def test_the_readme_render_commands_run_as_written_and_leave_the_committed_reports_alone(tmp_path):
    from conftest import CURRENT_TABLE

    commands = _readme_render_commands()
    assert len(commands) >= 3
    before = {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*")}
    (tmp_path / "my.yaml").write_text("start_date: 2024-01-01\nend_date: 2024-01-08\nfrequency: W\n")
    table = CURRENT_TABLE
    for args in commands:
        if any("path/to/missile_attacks_daily.csv" in a for a in args):
            if not table.exists():
                continue
            args = [a.replace("path/to/missile_attacks_daily.csv", str(table)) for a in args]
        args = [str(tmp_path / "my.yaml") if a == "my.yaml" else a for a in args]
        run = render(*args)
        assert run.returncode == 0, (args, run.stdout + run.stderr)
        name = args[args.index("--name") + 1] if "--name" in args else Path(args[args.index("--notebook") + 1]).stem
        assert (ROOT / "build" / "adhoc" / f"{name}.html").exists()
    assert {p.name: p.read_bytes() for p in (ROOT / "reports").glob("*")} == before


def test_warnings_in_a_page_carry_no_local_path(tmp_path):
    nb = _notebook(tmp_path, "import warnings, helpers.paths, tempfile\n"
                             "warnings.warn('odd value in ' + str(helpers.paths.PROJECT_ROOT / 'data' / 'x.csv'))\n"
                             "print('scratch at', tempfile.gettempdir() + '/job')")
    out = tmp_path / "out"
    run = render("--notebook", str(nb), "--name", "warned", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "warned.html").read_text()
    assert "odd value in data/x.csv" in page and "scratch at &lt;tmp&gt;/job" in page
    assert str(ROOT) not in page and str(tmp_path) not in page


def _break_package(folder: Path, how: str) -> None:
    package = folder / "datapackage.json"
    if how == "missing":
        package.unlink()
    elif how == "invalid-json":
        package.write_text('{"resources": 3\n')
    elif how == "no-resources":
        package.write_text('{"name": "x"}')
    elif how == "nul-bytes":
        package.write_bytes(b"\x00" * 100)
    elif how == "folder-for-csv":
        (folder / "strikes.csv").unlink()
        (folder / "strikes.csv").mkdir()


DATASET_CASES = {
    "missing": "mydata/datapackage.json: file is missing; a dataset folder needs its data package descriptor "
               "[rule: file exists]",
    "invalid-json": "mydata/datapackage.json: is not valid JSON: Expecting ',' delimiter at line 2, column 1 "
                    "[rule: JSON syntax]",
    "no-resources": 'mydata/datapackage.json: "resources" is missing; it must be a list of the dataset\'s tables '
                    "[rule: data package descriptor]",
    "nul-bytes": "mydata/datapackage.json: value '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00…': contains NUL bytes: "
                 "binary data, not JSON text [rule: JSON syntax]",
    "folder-for-csv": "mydata/strikes.csv: is a folder; it must be a CSV file [rule: a file, not a folder]",
}


@pytest.mark.parametrize("how", DATASET_CASES, ids=list(DATASET_CASES))
def test_a_broken_dataset_is_one_clear_message_and_nothing_is_rendered(how, tmp_path, out):
    copy = tmp_path / "mydata"
    shutil.copytree(DATA, copy)
    _break_package(copy, how)
    run = render("--notebook", CLAIMS, "--name", "adhoc", "--out", str(out),
                 env=os.environ | {"STRIKE_LEDGER_DATA": str(copy)})
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: the dataset has 1 problem(s); nothing rendered (run make validate):", f"  - {DATASET_CASES[how]}"]
    assert "Traceback" not in run.stdout + run.stderr
    assert untouched(out)


def test_the_renderer_imports_the_kernel_machinery_before_its_workers_start():
    """Workers importing nbclient while the main thread imports nbconvert can deadlock on an import lock,
    failing a render at random; ``preload`` imports everything a worker needs, in one thread, first."""
    code = ("import sys; from helpers.render.kernel import preload; preload(); "
            "need = ['nbclient.exceptions', 'nbformat', 'papermill.parameterize', 'papermill.iorw', "
            "'jupyter_core.utils', 'jupyter_client.manager']; "
            "print(','.join(m for m in need if m not in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    run_source = (ROOT / "src" / "helpers" / "render" / "run.py").read_text(encoding="utf-8")
    assert run_source.index("preload()") < run_source.index("pool.start()")
