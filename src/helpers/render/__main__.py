"""``python -m helpers.render``: render the report suite, named reports, or any notebook.

    python -m helpers.render                          # the suite: only reports whose inputs changed
    python -m helpers.render --force                  # every report of the suite, changed or not
    python -m helpers.render barrage-2023-12-29 claims-check
    python -m helpers.render --notebook notebooks/02-attack-volume.ipynb -p frequency=M \\
        -p start_date=2022-10-01 -p end_date=2026-02-28 --name whole-war-monthly
    python -m helpers.render --notebook notebooks/02-attack-volume.ipynb --params my.yaml
    python -m helpers.render --check                  # are the committed reports up to date? (seals, fingerprints)
    python -m helpers.render --check --verify         # ... and byte for byte what their inputs render now
    python -m helpers.render --check --strict         # a page that cannot be checked here is a failure too
    (--check and --verify look at reports/, or at the folder --out names: a copy of the suite's pages)

Suite reports go to reports/ (committed); reports of --notebook go to build/adhoc/ unless --out
names another folder (never reports/, which holds only the suite).

Exit status: 0 when every report rendered (or was up to date), 1 when any failed, 2 for bad input
(nothing rendered), 130 when interrupted with Ctrl-C (finished reports kept, nothing half-written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# jsonschema (imported by nbformat) compiles rfc3987-syntax's grammars on import when that optional
# package is present (JupyterLab's dependencies bring it): about 1 s, for an "iri" format check that
# notebook validation never uses. The render process opts out; jsonschema skips that checker.
sys.modules.setdefault("rfc3987_syntax", None)


class InputError(ValueError):
    """A command-line input (a file, a folder) that cannot be used."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m helpers.render", description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("reports", nargs="*", help="names of reports in the suite (default: all)")
    p.add_argument("--suite", type=Path, default=None, help="suite file (default: reports/reports.toml)")
    p.add_argument("--notebook", type=Path, help="render this notebook instead of suite reports")
    p.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter for --notebook (repeatable)")
    p.add_argument("--params", type=Path, help="a YAML file of parameters for --notebook")
    p.add_argument("--name", help="file name (without .html) of the --notebook report")
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default: reports/ for the suite, build/adhoc/ for --notebook)")
    p.add_argument("--workers", type=int, default=2, help="kernels running at once (default: 2)")
    p.add_argument("--force", action="store_true", help="render even reports that are up to date")
    p.add_argument("--check", action="store_true", help="check that committed reports are up to date")
    p.add_argument("--verify", action="store_true",
                   help="render every suite report again into a scratch folder and compare bytes with the committed "
                        "page (catches any edit, a recomputed seal included)")
    p.add_argument("--strict", action="store_true",
                   help="with --check or --verify: exit 1 when a page cannot be checked here (its input is missing)")
    return p


def _excerpt(data: bytes | str, limit: int = 16) -> str:
    """A short, escaped excerpt for a message: never raw control bytes on the terminal."""
    text = repr(data[:limit])
    if isinstance(data, bytes):
        text = text[1:]
    return text + ("…" if len(data) > limit else "")


def read_text_file(path: Path, what: str) -> str:
    """A small UTF-8 text file given on the command line, or an ``InputError`` saying what is wrong."""
    from helpers.render.params_file import ParamsFileError, read_bytes_capped

    try:
        data = read_bytes_capped(path)
    except ParamsFileError as exc:
        raise InputError(f"{what} {path}: {exc}") from None
    except FileNotFoundError:
        raise InputError(f"{what} {path} not found") from None
    except IsADirectoryError:
        raise InputError(f"{what} {path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{what} {path} cannot be read ({exc.strerror or exc})") from None
    if b"\0" in data:
        raise InputError(f"{what} {path} is binary, not text (it contains NUL bytes; it starts {_excerpt(data)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
                         f"{exc.start}; it starts {_excerpt(data)})") from None


def _given_parameters(args) -> dict:
    from helpers.render import params_file
    from helpers.render.suite import SuiteError

    given: dict = {}
    if args.params:
        text = read_text_file(args.params, "parameter file")
        try:
            loaded = params_file.load(text)
        except params_file.ParamsFileError as exc:
            raise SuiteError(f"parameter file {args.params}: {exc}") from None
        if not isinstance(loaded, dict):
            raise SuiteError(f"parameter file {args.params} must map names to values, e.g. 'frequency: W'")
        given.update(loaded)
    for item in args.parameter:
        if "=" not in item:
            raise SuiteError(f"-p {item!r}: write parameters as NAME=VALUE")
        key, value = item.split("=", 1)
        given[key.strip()] = value
    return given


def _jobs(args):
    from helpers.render.jobs import MissingExternal, adhoc_job, suite_job
    from helpers.render.suite import SUITE_FILE, SuiteError, load_suite

    if args.notebook:
        notebook = args.notebook if args.notebook.is_absolute() else Path.cwd() / args.notebook
        if notebook.is_dir():
            raise InputError(f"notebook {args.notebook} is a folder, not a notebook file")
        return [adhoc_job(notebook, _given_parameters(args), args.name)]
    if args.parameter or args.params or args.name:
        raise SuiteError("-p, --params and --name go with --notebook; suite reports take their parameters from "
                         "reports/reports.toml")
    specs = load_suite(args.suite or SUITE_FILE)
    if args.reports:
        known = {s.name: s for s in specs}
        unknown = [r for r in args.reports if r not in known]
        if unknown:
            raise SuiteError(f"unknown report {unknown[0]!r}; the suite has: {', '.join(known)}")
        specs = [known[r] for r in args.reports]
    jobs = []
    for spec in specs:
        try:
            jobs.append(suite_job(spec))
        except MissingExternal as exc:  # say why in one line, render the rest
            print(str(exc), flush=True)
            args.skipped.append(spec)
    return jobs


def _left_stale(skipped, out: Path) -> list[str]:
    """The skipped reports whose committed page is stale in what this machine can check (the dataset, the
    notebook, the code, package versions): ``make reports`` cannot bring them up to date here."""
    from helpers.render.stale import changed_without_external

    lines = []
    for spec in skipped:
        page = out / f"{spec.name}.html"
        if page.exists():
            changed = changed_without_external(spec, page.read_text(encoding="utf-8", errors="replace"))
            if changed:
                lines.append(f"{page.name}: left stale: changed since it was rendered: {'; '.join(changed)}")
    return lines


def _out_dir(args) -> Path:
    from helpers.render.output import ADHOC_DIR, REPORTS_DIR

    if args.out is None:
        return ADHOC_DIR if args.notebook else REPORTS_DIR
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    if args.notebook and out.resolve() == REPORTS_DIR.resolve():
        raise InputError("reports/ holds only the suite of reports/reports.toml; write --notebook reports to "
                         "another folder (the default is build/adhoc/), or add the report to the suite")
    return out


def _check(strict: bool = False, folder: Path | None = None) -> int:
    from helpers.render.output import REPORTS_DIR
    from helpers.render.stale import stale_reports

    not_checked: list[str] = []
    problems = stale_reports(folder or REPORTS_DIR, not_checked=not_checked)
    for line in problems + not_checked:
        print(line)
    if problems:
        print(f"{len(problems)} report(s) are stale: run make reports")
    elif not_checked:
        print(f"the reports checked are up to date; {len(not_checked)} report(s) not checked (see above)"
              + ("; --strict: that is a failure" if strict else ""))
    else:
        print("reports are up to date")
    return 1 if problems or (strict and not_checked) else 0


def _verify(workers: int, strict: bool, folder: Path | None = None, names: list[str] | None = None) -> int:
    """Render every suite report (or the ``names`` given) into a scratch folder and compare it, byte for byte,
    with the committed page (rendering is deterministic: the same inputs give the same bytes), then, for the
    whole suite, the index with the one the verified pages give. A seal only catches accidents (anyone can
    recompute it); this catches any edit."""
    import shutil
    import tempfile
    import time

    from helpers.render.index import index_problems
    from helpers.render.jobs import MissingExternal, suite_job
    from helpers.render.output import BUILD_DIR, REPORTS_DIR
    from helpers.render.run import plan, render
    from helpers.render.suite import SUITE_FILE, load_suite

    started = time.perf_counter()
    folder = folder or REPORTS_DIR
    specs = load_suite(SUITE_FILE)
    if names:
        unknown = sorted(set(names) - {s.name for s in specs})
        if unknown:
            raise InputError(f"--verify: no report of the suite is called {', '.join(map(repr, unknown))}")
    jobs, not_verified = [], []
    for spec in (s for s in specs if not names or s.name in names):
        try:
            jobs.append(suite_job(spec))
        except MissingExternal as exc:
            not_verified.append(f"{spec.name}.html: not verified: {exc.reason}")
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="verify-", dir=BUILD_DIR))
    try:
        outcomes = render(plan(jobs, scratch, force=True), workers=workers, index=False, stream=sys.stderr)
        failed = {o.name for o in outcomes if not o.ok}
        problems, verified = [], 0
        for job in jobs:
            page, fresh = folder / f"{job.name}.html", scratch / f"{job.name}.html"
            if job.name in failed or not fresh.is_file():
                problems.append(f"{page.name}: could not be rendered to verify it (see above)")
            elif not page.is_file() or page.is_symlink():
                problems.append(f"{page.name}: missing")
            elif page.read_bytes() != fresh.read_bytes():
                problems.append(f"{page.name}: differs from what its inputs render now (edited after rendering, or "
                                "stale): run make reports")
            else:
                verified += 1
        if not names:  # the whole suite: nothing else in the folder, and the index of exactly these pages
            known = {f"{spec.name}.html" for spec in specs} | {"index.html"}
            problems += [f"{p.name}: not a report of the suite (reports/reports.toml); remove it"
                         for p in sorted(folder.glob("*.html")) if p.name not in known]
            problems += index_problems(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for line in problems + not_verified:
        print(line)
    took = time.perf_counter() - started
    if problems:
        from helpers.render.provenance import git_state

        print(f"{len(problems)} problem(s): the committed reports are not what their inputs render ({took:.0f} s)")
        if "uncommitted" in git_state():  # each page names the commit of its inputs: commit them, render, verify
            print("note: the inputs have uncommitted changes, which every page records: commit them, run make "
                  "reports, then verify")
    else:
        print(f"verified: {verified} report(s){'' if names else ' and the index'} are byte for byte what their "
              f"inputs render ({took:.0f} s)"
              + (f"; {len(not_verified)} not verified (see above)" if not_verified else "")
              + ("; --strict: that is a failure" if strict and not_verified else ""))
    return 1 if problems or (strict and not_verified) else 0


def _dataset_problems() -> list[str]:
    from helpers.data import validate
    from helpers.paths import DATA_ENV_VAR, data_dir

    folder = data_dir()
    if not folder.is_dir():
        given = f" (given by {DATA_ENV_VAR})" if os.environ.get(DATA_ENV_VAR) else ""
        return [f"the dataset folder {folder}{given} does not exist or is not a folder"]
    return [str(p) for p in validate(folder)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    from helpers.render.contract import ContractError
    from helpers.render.output import OutputError
    from helpers.render.suite import SuiteError

    try:
        if args.strict and not (args.check or args.verify):
            raise InputError("--strict goes with --check or --verify")
        checked = None if args.out is None else (args.out if args.out.is_absolute() else Path.cwd() / args.out)
        if args.verify:
            return _verify(args.workers, args.strict, checked, list(args.reports) or None)
        if args.check:
            return _check(args.strict, checked)
        problems = _dataset_problems()
        if problems:
            print(f"error: the dataset has {len(problems)} problem(s); nothing rendered (run make validate):",
                  file=sys.stderr)
            for p in problems:
                print(f"  - {p}", file=sys.stderr)
            return 2
        args.skipped = []
        jobs = _jobs(args)
        out = _out_dir(args)
        from helpers.render.run import Interrupted, plan, render

        todo = plan(jobs, out, force=args.force)
        try:
            outcomes = render(todo, workers=args.workers)
        except Interrupted as exc:
            print(str(exc), file=sys.stderr)
            return 130
    except (ContractError, SuiteError, OutputError, InputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing rendered", file=sys.stderr)
        return 130
    stale = _left_stale(args.skipped, out)
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print(f"error: {len(stale)} committed report(s) are stale and need the public attack table to render again: "
              "run `make external` (or set STRIKE_LEDGER_EXTERNAL) and `make reports`", file=sys.stderr)
        return 1
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
