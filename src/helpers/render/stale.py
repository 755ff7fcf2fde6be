"""Is each committed report still what rendering would produce, and exactly as it was rendered?

A page is stale when its fingerprint no longer matches its inputs (data, notebook, code, suite
entry, package versions, external files), and tampered with when its bytes no longer match the seal
written into it at render time. Either way ``make reports`` renders it again.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.render.html import read_fingerprint, read_meta, seal_intact
from helpers.render.index import index_problems
from helpers.render.jobs import MissingExternal, suite_job
from helpers.render.output import REPORTS_DIR
from helpers.render.provenance import fingerprints, local_fingerprints, what_changed
from helpers.render.suite import SUITE_FILE, load_suite


def changed_without_external(spec, text: str) -> list[str]:
    """For a report whose external file is not on this machine: the inputs checkable here (dataset, notebook,
    code, package versions) that changed since ``text`` (its page) was rendered, in words."""
    try:
        recorded = json.loads(read_meta(text, "inputs") or "{}")
    except ValueError:
        return []
    if not recorded:
        return []
    now = local_fingerprints(spec.notebook, spec.parameters)
    return what_changed({k: recorded.get(k) for k in now} | {"versions": recorded.get("versions", "")}, now,
                        spec.notebook.name)


def stale_reports(out_dir: Path = REPORTS_DIR, suite: Path = SUITE_FILE,
                  not_checked: list[str] | None = None) -> list[str]:
    """One line per report of the suite that is missing, out of date (naming what changed) or edited
    since it was rendered. A report built on a file that is not on this machine cannot be checked: its
    line goes to ``not_checked`` when a list is given, and is never counted as up to date or stale."""
    problems = []
    for spec in load_suite(suite):
        page = out_dir / f"{spec.name}.html"
        if not page.exists():
            problems.append(f"{page.name}: missing")
            continue
        if not page.is_file():
            problems.append(f"{page.name}: is a folder, not a page: remove it and run make reports")
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        if not seal_intact(text):
            problems.append(f"{page.name}: edited after it was rendered (its bytes no longer match its seal)")
            continue
        try:
            job = suite_job(spec)
        except MissingExternal as exc:  # its fingerprint cannot be computed here, but what it was made from can
            changed = changed_without_external(spec, text)
            if changed:
                problems.append(f"{page.name}: stale, and not renderable here ({exc.reason}): changed since it was "
                                f"rendered: {'; '.join(changed)}")
            elif not_checked is not None:
                not_checked.append(f"{page.name}: not checked: {exc.reason}")
            continue
        parts = fingerprints(job)
        have = read_fingerprint(text)
        if have != parts["report"]:
            try:
                recorded = json.loads(read_meta(text, "inputs") or "{}")
            except ValueError:
                recorded = {}
            changed = what_changed(recorded, parts, spec.notebook.name) if recorded else []
            why = "; ".join(changed) if changed else f"fingerprint {have}, its inputs now give {parts['report']}"
            problems.append(f"{page.name}: stale: changed since it was rendered: {why}")
    known = {f"{spec.name}.html" for spec in load_suite(suite)} | {"index.html"}
    for page in sorted(out_dir.glob("*.html")):
        if page.name not in known:
            problems.append(f"{page.name}: not a report of the suite ({Path(suite).name}); remove it")
    return problems + index_problems(out_dir)
