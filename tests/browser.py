"""A real headless Chromium (Debian's package) driven by Playwright, for opening reports from file://.

Never downloads a browser: it launches the ``chromium`` found on PATH (``helpers.render.chromium``).
Without one, the caller skips with a reason; CI installs it (see .ci/run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from helpers.render.chromium import FLAGS, browser, chromium_path  # noqa: F401 (re-exported for the tests)


def must_run() -> bool:
    """In CI the browser tests may not skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(b, path: Path):
    """Open ``path`` in a fresh context; return the page and what happened while it loaded."""
    context = b.new_context()
    page = context.new_page()
    visit = Visit()
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))

    def on_dialog(d):
        visit.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    return page, visit
