"""A real headless Chromium (Debian's package) driven by Playwright, for looking at rendered pages.

The publication check and the README screenshots both need a real browser engine: only a browser
lays a page out, so only a browser can say whether a page is wider than a phone screen. They launch
the ``chromium`` found on PATH and never download a browser build (Playwright's own download is a
binary from outside the project's pinned dependencies). Playwright is a development dependency, so it
is imported only when a browser is launched.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions"]

MISSING = "no chromium on PATH: install Debian's chromium (apt-get install chromium)"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def browser():
    """A launched Chromium; raises ``RuntimeError(MISSING)`` when there is none on PATH."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            yield b
        finally:
            b.close()
