"""Is each committed report still what rendering would produce? Compared by fingerprint."""

from __future__ import annotations

from helpers.render.html import read_fingerprint
from helpers.render.run import REPORTS_DIR, fingerprints, suite_job
from helpers.render.suite import load_suite


def stale_reports(out_dir=REPORTS_DIR) -> list[str]:
    """One line per report of the suite that is missing or whose fingerprint differs."""
    problems = []
    for spec in load_suite():
        page = out_dir / f"{spec.name}.html"
        if not page.exists():
            problems.append(f"{page.name}: missing")
            continue
        want = fingerprints(suite_job(spec))["report"]
        have = read_fingerprint(page.read_text(encoding="utf-8"))
        if have != want:
            problems.append(f"{page.name}: fingerprint {have} but data, notebook, code or suite now give {want}")
    if not (out_dir / "index.html").exists():
        problems.append("index.html: missing")
    return problems
