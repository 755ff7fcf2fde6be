"""``python -m helpers.render``: render the report suite, named reports, or any notebook.

    python -m helpers.render                          # every report in reports/reports.toml
    python -m helpers.render barrage-2023-12-29 claims-check
    python -m helpers.render --notebook notebooks/02-attack-volume.ipynb -p frequency=M \\
        -p start_date=2022-10-01 -p end_date=2026-02-28 --name whole-war-monthly
    python -m helpers.render --notebook notebooks/02-attack-volume.ipynb --params my.yaml
    python -m helpers.render --check                  # are the committed reports up to date?

Exit status: 0 when every report rendered, 1 when any failed, 2 for bad input (nothing rendered).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# jsonschema (imported by nbformat) compiles rfc3987-syntax's grammars on import when that optional
# package is present (JupyterLab's dependencies bring it): about 1 s, for an "iri" format check that
# notebook validation never uses. The render process opts out; jsonschema skips that checker.
sys.modules.setdefault("rfc3987_syntax", None)


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
    p.add_argument("--out", type=Path, default=None, help="output folder (default: reports/)")
    p.add_argument("--workers", type=int, default=2, help="kernels running at once (default: 2)")
    p.add_argument("--check", action="store_true", help="check that committed reports are up to date")
    return p


def _jobs(args, argv):
    from helpers.render.run import adhoc_job, suite_job
    from helpers.render.suite import SUITE_FILE, SuiteError, load_suite

    if args.notebook:
        import yaml

        given: dict = {}
        if args.params:
            try:
                loaded = yaml.load(args.params.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            except FileNotFoundError:
                raise SuiteError(f"parameter file {args.params} not found") from None
            except yaml.YAMLError as exc:
                raise SuiteError(f"parameter file {args.params} is not valid YAML: {exc}") from None
            if not isinstance(loaded, dict):
                raise SuiteError(f"parameter file {args.params} must map names to values")
            given.update(loaded)
        for item in args.parameter:
            if "=" not in item:
                raise SuiteError(f"-p {item!r}: write parameters as NAME=VALUE")
            key, value = item.split("=", 1)
            given[key.strip()] = value
        notebook = args.notebook if args.notebook.is_absolute() else Path.cwd() / args.notebook
        return [adhoc_job(notebook, given, args.name, True, argv)]
    specs = load_suite(args.suite or SUITE_FILE)
    if args.reports:
        known = {s.name: s for s in specs}
        unknown = [r for r in args.reports if r not in known]
        if unknown:
            raise SuiteError(f"unknown report {unknown[0]!r}; the suite has: {', '.join(known)}")
        specs = [known[r] for r in args.reports]
    return [suite_job(s) for s in specs]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    from helpers.render.contract import ContractError
    from helpers.render.suite import SuiteError

    if args.check:
        from helpers.render.stale import stale_reports

        problems = stale_reports()
        for line in problems:
            print(line)
        print("reports are up to date" if not problems else f"{len(problems)} report(s) are stale: run make reports")
        return 1 if problems else 0
    try:
        jobs = _jobs(args, argv)
    except (ContractError, SuiteError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from helpers.data import validate

    problems = validate()
    if problems:
        print(f"error: the dataset has {len(problems)} problem(s); nothing rendered (run make validate):",
              file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    from helpers.render.run import REPORTS_DIR, render

    out = args.out if args.out else REPORTS_DIR
    out = out if out.is_absolute() else Path.cwd() / out
    try:
        outcomes = render(jobs, out, workers=args.workers, index=(out == REPORTS_DIR or args.notebook is None))
    except PermissionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
