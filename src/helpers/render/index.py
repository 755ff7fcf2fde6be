"""``index.html``: the reports of an output folder, each described by what its page says of itself.

Every page carries its title, description, parameters and fingerprint in its head, so the index
describes each page as it was rendered (a suite report, or one rendered with other parameters),
never as a suite file now says it should be. Pages that were not made by the renderer are left out.
"""

from __future__ import annotations

import html
from pathlib import Path

from helpers.render.html import SEAL_TAG, read_fingerprint, read_meta, seal, seal_intact
from helpers.render.output import write_if_changed

INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _item(page: Path) -> str | None:
    if not page.is_file():  # a folder named like a page is no page
        return None
    text = page.read_text(encoding="utf-8", errors="replace")
    fingerprint = read_fingerprint(text)
    if fingerprint is None:
        return None
    title = read_meta(text, "title") or page.stem
    description = read_meta(text, "description") or ""
    params = read_meta(text, "parameters") or ""
    return (f'<li><h2><a href="{html.escape(page.name, quote=True)}">{html.escape(title)}</a></h2>'
            f"<p>{html.escape(description)}</p>"
            f"<p><strong>Parameters:</strong> {html.escape(params or 'the notebook defaults')}</p>"
            f"<p><strong>Fingerprint:</strong> <code>{html.escape(fingerprint)}</code></p></li>")


def index_page(out_dir: Path) -> str:
    items = [item for page in sorted(out_dir.glob("*.html")) if page.name != "index.html"
             for item in [_item(page)] if item is not None]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">
{SEAL_TAG}
<title>Strike Ledger reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 900px; margin: 0 auto; padding: 1rem 1.5rem; color: #222; }}
ul {{ list-style: none; padding: 0; }} li {{ border-bottom: 1px solid #ddd; padding: 0.5rem 0; }}
h2 {{ font-size: 1.15rem; margin: 0.3rem 0; }} code {{ background: #f3f3f3; padding: 0 0.2rem; }}
p {{ overflow-wrap: anywhere; }}
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


def sealed_index(out_dir: Path) -> str:
    """The index of ``out_dir`` as it is written: sealed like every page."""
    return seal(index_page(out_dir))


def index_problems(out_dir: Path) -> list[str]:
    """What is wrong with ``out_dir/index.html``: missing, edited after it was written, or not the index of
    the pages beside it (an entry added, removed or changed by hand). Empty when it is exactly what the
    renderer writes for those pages."""
    page = out_dir / "index.html"
    if not page.is_file() or page.is_symlink():
        return ["index.html: missing" if not page.exists() else "index.html: not a file the renderer wrote"]
    text = page.read_text(encoding="utf-8", errors="replace")
    if not seal_intact(text):
        return ["index.html: edited after it was written (its bytes no longer match its seal)"]
    if text != sealed_index(out_dir):
        return ["index.html: stale: it does not list the pages beside it as they are (an entry added, removed or "
                "changed since it was written)"]
    return []


def write_index(out_dir: Path) -> bool:
    """Write ``out_dir/index.html`` when its content changes; True if it was written."""
    return write_if_changed(out_dir / "index.html", sealed_index(out_dir))
