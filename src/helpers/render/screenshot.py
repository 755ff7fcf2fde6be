"""Screenshots of a rendered report for the README: what a reader sees on a laptop and on a phone.

    python -m helpers.render.screenshot                    # reports/dprk-missiles.html → docs/
    python -m helpers.render.screenshot --page reports/timeline.html --out docs

Renders nothing: it opens a page already rendered (``make reports`` first) in Debian's Chromium and
writes ``report-1280.png`` (the top of the page down to the end of its key figures, at 1280 px
wide) and ``report-390.png`` (the first screen of a 390 px phone). The PNGs are reduced to a
256-colour palette, which text and flat charts survive unharmed, so the README stays light.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from helpers.paths import PROJECT_ROOT
from helpers.render.chromium import MISSING, browser, chromium_path

DEFAULT_PAGE = PROJECT_ROOT / "reports" / "dprk-missiles.html"
DEFAULT_OUT = PROJECT_ROOT / "docs"
LAPTOP = (1280, 720)  # width, and the least height shown
PHONE = (390, 844)
TALLEST = 1400  # key figures far down the page are cut here rather than making a poster

# Bottom of the key figures (the list after the "Key figures" heading), in page pixels, or null.
_KEY_FIGURES_BOTTOM = """() => {
  const h = Array.from(document.querySelectorAll('h2'))
    .find(e => e.textContent.replace('¶', '').trim() === 'Key figures');
  if (!h) return null;
  const list = document.querySelector('.key-figures');
  const el = list && (h.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING) ? list : h;
  return el.getBoundingClientRect().bottom + window.scrollY;
}"""


def _optimised(png: bytes) -> bytes:
    """The PNG as a 256-colour palette image, compressed as far as PNG goes, with no metadata."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _shoot(chromium, page: Path, width: int, height: int, mobile: bool) -> tuple[bytes, str]:
    """One screenshot (PNG bytes) and what it shows."""
    context = chromium.new_context(viewport={"width": width, "height": height}, is_mobile=mobile,
                                   has_touch=mobile, device_scale_factor=1)
    try:
        tab = context.new_page()
        tab.goto(page.resolve().as_uri(), wait_until="load")
        tab.wait_for_timeout(200)
        if mobile:
            return tab.screenshot(full_page=False), "first screen"
        bottom = tab.evaluate(_KEY_FIGURES_BOTTOM)
        full = tab.evaluate("document.documentElement.scrollHeight")
        if bottom is None:
            shown, note = height, "top of the page: it has no Key figures section"
        elif bottom + 32 > TALLEST:
            shown, note = TALLEST, f"top {TALLEST} px: the key figures end lower, at {int(bottom)} px"
        else:
            shown, note = int(min(max(bottom + 32, height), full)), "top of the page to the end of the key figures"
        return tab.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": shown}), note
    finally:
        context.close()


def take(page: Path, out: Path, chromium=None, name: str = "report") -> list[str]:
    """Write ``<name>-1280.png`` and ``<name>-390.png`` of ``page`` into ``out``; return what was done.

    ``chromium`` is a browser already launched (one thread drives one Playwright at a time); without
    it, one is launched for the two screenshots.
    """
    if chromium is None:
        with browser() as b:
            return take(page, out, b, name)
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for (width, height), mobile in ((LAPTOP, False), (PHONE, True)):
        png, note = _shoot(chromium, page, width, height, mobile)
        data = _optimised(png)
        target = out / f"{name}-{width}.png"
        if same_picture(target, data):  # a screenshot of an unchanged page leaves the committed file alone
            done.append(f"{target.name}: {note}, unchanged")
            continue
        target.write_bytes(data)
        done.append(f"{target.name}: {note}, {len(data) / 1024:,.0f} KB")
    return done


def same_picture(path: Path, png: bytes) -> bool:
    """True when the PNG at ``path`` shows exactly the pixels of ``png`` (whatever its bytes)."""
    from PIL import Image

    try:
        before = Image.open(path).convert("RGB")
    except (OSError, ValueError):
        return False
    after = Image.open(io.BytesIO(png)).convert("RGB")
    return before.size == after.size and before.tobytes() == after.tobytes()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m helpers.render.screenshot", description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--page", type=Path, default=DEFAULT_PAGE,
                   help="a rendered report (default: reports/dprk-missiles.html)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs (default: docs/)")
    p.add_argument("--name", default="report", help="the PNGs' names: NAME-1280.png and NAME-390.png (default: report)")
    args = p.parse_args(argv)
    if not args.page.is_file():
        print(f"{args.page}: no such page; render it first (make reports)", file=sys.stderr)
        return 2
    if chromium_path() is None:
        print(MISSING, file=sys.stderr)
        return 2
    for line in take(args.page, args.out, name=args.name):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
