"""axe-core (the accessibility checker, from npm: ``package.json``) run on a page in the real Chromium.

``make test`` installs it (``npm ci``) into ``node_modules/``; without it the caller skips with a reason,
and CI, where it is installed, may not skip.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (headings in order, landmarks, one main)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def available() -> bool:
    return AXE.is_file()


def violations(b, path: Path, width: int) -> list[str]:
    """axe's violations on ``path`` at a viewport ``width`` px wide, one line each: rule, impact, how many
    nodes, the first node and what axe says to fix."""
    # the page forbids every script by its Content Security Policy; the test bypasses it to run the checker
    context = b.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                               "resultTypes: ['violations']})", TAGS)
    finally:
        context.close()
    lines = []
    for v in result["violations"]:
        first = v["nodes"][0]
        lines.append(f"{path.name} at {width}px: {v['id']} ({v['impact']}), {len(v['nodes'])} node(s), e.g. "
                     f"{first['target']}: {first['failureSummary'].splitlines()[-1].strip()}")
    return lines
