"""Is each committed report still what rendering would produce, and exactly as it was rendered?

A page is stale when its fingerprint no longer matches its inputs (data, notebook, code, suite
entry, package versions, external files), and tampered with when its bytes no longer match the seal
written into it at render time. Either way ``make reports`` renders it again.
"""

from __future__ import annotations

from pathlib import Path

from helpers.render.html import read_fingerprint, seal_intact
from helpers.render.jobs import MissingExternal, suite_job
from helpers.render.output import REPORTS_DIR
from helpers.render.provenance import fingerprints
from helpers.render.suite import SUITE_FILE, load_suite


def stale_reports(out_dir: Path = REPORTS_DIR, suite: Path = SUITE_FILE) -> list[str]:
    """One line per report of the suite that is missing, out of date or edited since it was rendered."""
    problems = []
    for spec in load_suite(suite):
        page = out_dir / f"{spec.name}.html"
        if not page.exists():
            problems.append(f"{page.name}: missing")
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        if not seal_intact(text):
            problems.append(f"{page.name}: edited after it was rendered (its bytes no longer match its seal)")
            continue
        try:
            job = suite_job(spec)
        except MissingExternal:
            continue  # its fingerprint cannot be computed here: the file it is made from is not on this machine
        want = fingerprints(job)["report"]
        have = read_fingerprint(text)
        if have != want:
            problems.append(f"{page.name}: fingerprint {have} but its inputs now give {want}")
    if not (out_dir / "index.html").exists():
        problems.append("index.html: missing")
    return problems
