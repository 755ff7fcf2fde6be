"""The publication check: is a rendered report a page a reader can be given, or a notebook dump?

Each rule is something a reader noticed on a page: pandas' defaults leaking through (``<NA>``,
``NaN``, 0.713115, snake_case headers, "5 rows × 3 columns", a Python dict), two titles, no
headline numbers, no method note, figures without a text alternative, a phone screen that scrolls
sideways. The rules read the page as a reader gets it, so they hold whichever notebook, helper or
template produced it; ``check_page`` returns every problem as one line naming the page and where
on it (section, or table, row and column), so one run lists everything to fix.

The provenance block is left out of the text rules: fingerprints and sizes are meant to be exact
there. Layout needs a real browser engine; ``check_layout`` takes a launched Chromium (see
``helpers.render.chromium``), and ``check_page`` without one checks the HTML only.

    python -m helpers.render.publication reports/          # every page of a folder, in Chromium too
    python -m helpers.render.publication --no-browser page.html
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

KEY_FIGURES = "Key figures"
METHOD = "Method and limitations"
WIDTHS = (390, 1280)  # a phone held upright, a laptop
NBCONVERT_ALT = "No description has been provided for this image"
MAX_PER_RULE = 5  # a page with 300 NaN cells says so in six lines, not 300

_UNKNOWN_RAW = re.compile(r"<NA>|\bNaN\b|\bnan\b|\bNaT\b")
_UNKNOWN_CELL = {"None", "null", "NULL", "none"}
_RAW_FLOAT = re.compile(r"(?<![\w.])\d+\.\d{4,}")
_REPRS = ("{'", "['", "Timestamp(", "dtype:", "np.float64(", "np.int64(", "object at 0x", "<Figure size")
_TRUNCATED = re.compile(r"\d+ rows × \d+ columns|rows × ")
_TRUNCATED_CELL = {"...", "…"}
_SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
_HIDDEN = ("script", "style", "head", "template", "noscript")


def pages(folder: Path) -> list[Path]:
    """The report pages of a folder: every ``*.html`` but the index."""
    return sorted(p for p in Path(folder).glob("*.html") if p.name != "index.html")


def _heading(tag: Tag) -> str:
    """A heading's text without nbconvert's "¶" anchor link."""
    return "".join(s for s in tag.find_all(string=True) if not (s.parent and "anchor-link" in
                                                                   (s.parent.get("class") or []))).strip()


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _in_provenance(node) -> bool:
    return any(getattr(p, "get", None) and p.get("id") == "provenance" for p in node.parents)


def _section(node) -> str:
    h2 = node.find_previous("h2")
    return f'section "{_heading(h2)}"' if h2 else "the top of the page, before any section"


def _cell_place(cell: Tag, tables: dict[int, int]) -> str:
    """'table 2 in section "Reach", row 3, column "Distance (km)"' for a ``td``/``th``."""
    table = cell.find_parent("table")
    number = tables.get(id(table), 0)
    row = cell.find_parent("tr")
    # Identity, not ==: bs4 compares tags by content, and two cells often read alike.
    cells = row.find_all(["td", "th"], recursive=False)
    position = next(i for i, c in enumerate(cells) if c is cell)
    head = table.find("thead")
    # The first header row names the columns; align from the right, since row headers spanning
    # several rows (pandas' index) leave the rows below them shorter on the left.
    header = head.find("tr").find_all(["td", "th"], recursive=False) if head and head.find("tr") else []
    at = len(header) - (len(cells) - position)
    label = _shorten(header[at].get_text(" ", strip=True), 40) if 0 <= at < len(header) else ""
    column = f', column "{label}"' if label else ""
    body = [r for r in table.find_all("tr") if r.find_parent("thead") is None]
    number_in_body = next((i for i, r in enumerate(body, start=1) if r is row), None)
    where = f", row {number_in_body}" if number_in_body else ", header"
    return f"table {number} in {_section(table)}{where}{column}"


def _place(node, tables: dict[int, int]) -> str:
    cell = node.find_parent(["td", "th"]) if isinstance(node, NavigableString) else None
    return _cell_place(cell, tables) if cell is not None else _section(node)


def _context(text: str, start: int, end: int) -> str:
    """' ("…the text around it…")', or nothing when the text is the match alone (a cell)."""
    a, b = max(0, start - 25), min(len(text), end + 25)
    around = " ".join(text[a:b].split())
    if around == text[start:end].strip():
        return ""
    return f' ("{"…" if a > 0 else ""}{around}{"…" if b < len(text) else ""}")'


class _Problems:
    """Problems of one page, at most ``MAX_PER_RULE`` lines per rule plus a count of the rest."""

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.counts: dict[str, int] = {}

    def add(self, rule: str, message: str) -> None:
        self.counts[rule] = self.counts.get(rule, 0) + 1
        if self.counts[rule] <= MAX_PER_RULE:
            self.lines.append(f"{self.name}: {message}")

    def result(self) -> list[str]:
        more = [f"{self.name}: {n - MAX_PER_RULE} more of: {rule}" for rule, n in self.counts.items()
                if n > MAX_PER_RULE]
        return self.lines + more


def check_html(text: str, name: str = "page") -> list[str]:
    """Every rule that can be read from the HTML alone; one line per problem."""
    soup = BeautifulSoup(text, "html.parser")
    found = _Problems(name)
    tables = {id(t): i for i, t in enumerate(soup.find_all("table"), start=1)}

    # Text a reader sees (headings, paragraphs, cells, captions, the collapsed rest of long tables).
    for node in soup.find_all(string=True):
        if type(node) is not NavigableString:
            continue  # comments, doctype, CDATA (subclasses of NavigableString)
        if any(p.name in _HIDDEN for p in node.parents) or _in_provenance(node):
            continue
        s = str(node)
        for m in _UNKNOWN_RAW.finditer(s):
            found.add("missing values shown raw",
                      f'{_place(node, tables)}: shows "{m.group()}" for a missing value{_context(s, *m.span())}; '
                      "unknown must show as \"–\" with a note")
        for m in _RAW_FLOAT.finditer(s):
            found.add("raw floats", f'{_place(node, tables)}: raw number "{m.group()}"{_context(s, *m.span())}; '
                                    "round it (percentages to one decimal)")
        for marker in _REPRS:
            at = s.find(marker)
            if at >= 0:
                found.add("Python reprs",
                          f'{_place(node, tables)}: Python repr "{marker}"{_context(s, at, at + len(marker))}; '
                          "show values through helpers.formatting, never a Python object")
        m = _TRUNCATED.search(s)
        if m:
            found.add("truncated tables", f'{_place(node, tables)}: truncated-table marker "{_shorten(m.group())}"; '
                                          "show every row (a long table puts the rest in <details>)")

    for cell in soup.find_all(["td", "th"]):
        if _in_provenance(cell):
            continue
        value = cell.get_text(strip=True)
        if value in _UNKNOWN_CELL:
            found.add("missing values shown raw", f'{_cell_place(cell, tables)}: shows "{value}" for a missing value; '
                                                  'unknown must show as "–" with a note')
        if value in _TRUNCATED_CELL:
            found.add("truncated tables", f'{_cell_place(cell, tables)}: shows "{value}" (a truncated table); '
                                          "show every row (a long table puts the rest in <details>)")
        if cell.name == "th":
            m = _SNAKE.search(cell.get_text(" ", strip=True))
            if m:
                found.add("snake_case labels", f'{_cell_place(cell, tables)}: snake_case label "{m.group()}"; '
                                               "label columns in words (helpers.formatting.LABELS)")

    for table in soup.find_all("table"):
        if "dataframe" in (table.get("class") or []) and not _in_provenance(table):
            found.add("raw pandas tables", f"table {tables[id(table)]} in {_section(table)}: a raw pandas table "
                                           '(class "dataframe"); show it through helpers.formatting.table')

    titles = [_shorten(_heading(h)) for h in soup.find_all("h1")]
    if len(titles) != 1:
        shown = "; ".join(f'"{t}"' for t in titles) or "none"
        found.add("titles", f"{len(titles)} h1 titles ({shown}); a page has exactly one, the report's")

    sections = [_heading(h) for h in soup.find_all("h2") if not _in_provenance(h)]
    if KEY_FIGURES not in sections:
        found.add("sections", f'no h2 "{KEY_FIGURES}" section; it must be the first section')
    elif sections[0] != KEY_FIGURES:
        found.add("sections", f'the first section is "{_shorten(sections[0])}", not "{KEY_FIGURES}"')
    if METHOD not in sections:
        found.add("sections", f'no h2 "{METHOD}" section; it must be the last section before the provenance')
    elif sections[-1] != METHOD:
        found.add("sections", f'the last section is "{_shorten(sections[-1])}", not "{METHOD}"')

    for i, img in enumerate(soup.find_all("img"), start=1):
        alt = (img.get("alt") or "").strip()
        if not alt:
            found.add("alt text", f"image {i} in {_section(img)} has no alt text; caption it with "
                                  "helpers.plots.caption (the caption becomes its alt text)")
        elif alt == NBCONVERT_ALT:
            found.add("alt text", f"image {i} in {_section(img)} has only nbconvert's placeholder alt text "
                                  f'("{NBCONVERT_ALT}"); caption it with helpers.plots.caption')
    return found.result()


# Outermost elements that stick out of the viewport and are not inside a box that scrolls sideways.
_LAYOUT_JS = """() => {
  const viewport = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const sticking = [];
  if (scrollWidth > viewport) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || (r.right <= viewport + 0.5 && r.left >= -0.5)) continue;
      let a = el.parentElement, inBox = false, inSticking = false;
      while (a && a !== document.body) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') { inBox = true; break; }
        const ar = a.getBoundingClientRect();
        if (ar.right > viewport + 0.5 || ar.left < -0.5) inSticking = true;
        a = a.parentElement;
      }
      if (inBox || inSticking) continue;
      let h = null, n = el;
      while (n && !h) {
        let s = n.previousElementSibling;
        while (s && !h) {
          h = s.tagName === 'H2' ? s : s.querySelector('h2:last-of-type');
          s = s.previousElementSibling;
        }
        n = n.parentElement;
      }
      const cls = typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      sticking.push({what: el.tagName.toLowerCase() + cls, right: Math.round(r.right),
                     section: h ? h.textContent.replace('¶', '').trim() : ''});
    }
  }
  return {viewport, scrollWidth, sticking: sticking.slice(0, 3)};
}"""


# On a phone: every image, figure or table wider than the screen must sit in a scroll box a keyboard can reach
# and a screen reader can name; every figure's picture fills the width of the text column.
_PHONE_JS = """() => {
  const content = document.querySelector('main') || document.body;
  const style = getComputedStyle(content);
  const width = content.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const view = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\\s+/)[0] : '');
  const wide = [];
  for (const e of document.querySelectorAll('img, figure, table, svg, picture')) {
    const r = e.getBoundingClientRect();
    if (r.width <= view + 0.5) continue;
    const box = e.closest('.table-scroll');
    const ok = box && box.getAttribute('tabindex') === '0' && (box.getAttribute('aria-label') || '').trim();
    if (!ok) wide.push(name(e) + ' ' + Math.round(r.width) + ' px');
  }
  const figures = [];
  for (const img of document.querySelectorAll('figure.chart img')) {
    const w = img.getBoundingClientRect().width;
    if (Math.abs(w - width) > 1.5) figures.push((img.closest('figure').dataset.name || 'figure') + ' ' +
                                                 Math.round(w) + ' px');
  }
  return {width: Math.round(width), wide: wide, figures: figures};
}"""


def page_phone_problems(seen: dict) -> list[str]:
    """The phone rules' lines for what ``_PHONE_JS`` saw (``seen['phone']``)."""
    phone = seen.get("phone") or {}
    lines = []
    if phone.get("wide"):
        lines.append(f"{len(phone['wide'])} element(s) wider than the screen outside a labelled scroll box a "
                     f"keyboard can reach (e.g. {'; '.join(phone['wide'][:3])})")
    if phone.get("figures"):
        lines.append(f"{len(phone['figures'])} figure(s) not as wide as the text column ({phone['width']} px): "
                     f"{'; '.join(phone['figures'][:3])}")
    return lines


def check_layout(browser, path: Path, widths: Iterable[int] = WIDTHS) -> list[str]:
    """Open ``path`` in ``browser`` at each width and report a page wider than the screen.

    The narrow width is opened as a phone (mobile viewport and touch), so a page without a
    ``width=device-width`` viewport lays out at a desktop width and fails, as it would on a phone.
    """
    path = Path(path)
    problems = []
    for width in widths:
        mobile = width < 800
        context = browser.new_context(viewport={"width": width, "height": 844 if mobile else 900},
                                      is_mobile=mobile, has_touch=mobile, device_scale_factor=1)
        try:
            page = context.new_page()
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            seen = page.evaluate(_LAYOUT_JS)
            seen["phone"] = page.evaluate(_PHONE_JS) if mobile else {}
        finally:
            context.close()
        if mobile:
            problems += [f"{path.name}: at {width} px wide {line}" for line in page_phone_problems(seen)]
        if seen["scrollWidth"] > width:
            where = "; ".join(f"{s['what']} in section \"{_shorten(s['section'])}\" reaches {s['right']} px"
                              if s["section"] else f"{s['what']} reaches {s['right']} px" for s in seen["sticking"])
            problems.append(f"{path.name}: at {width} px wide the page is {seen['scrollWidth']} px wide (it scrolls "
                            f"sideways){': ' + where if where else ''}; wide content belongs in a box that scrolls")
    return problems


def check_page(path: Path, browser=None) -> list[str]:
    """Every problem of one page: the HTML rules, and the layout rules when ``browser`` is given."""
    path = Path(path)
    problems = check_html(path.read_text(encoding="utf-8"), path.name)
    if browser is not None:
        problems += check_layout(browser, path)
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m helpers.render.publication",
                                description="Check rendered report pages against the publication rules.")
    p.add_argument("targets", nargs="*", type=Path, default=[Path("reports")],
                   help="report pages or folders of them (default: reports/; index.html is skipped)")
    p.add_argument("--no-browser", action="store_true", help="check the HTML only, not the layout in Chromium")
    args = p.parse_args(argv)
    files: list[Path] = []
    for target in args.targets:
        if target.is_dir():
            files += pages(target)
        elif target.is_file():
            files.append(target)
        else:
            print(f"{target}: no such page or folder", file=sys.stderr)
            return 2
    if not files:
        print(f"no report page in {', '.join(map(str, args.targets))}", file=sys.stderr)
        return 2
    problems: list[str] = []
    if args.no_browser:
        for f in files:
            problems += check_page(f)
    else:
        from helpers.render.chromium import MISSING, browser, chromium_path

        if chromium_path() is None:
            print(f"{MISSING}; or pass --no-browser to check the HTML only", file=sys.stderr)
            return 2
        with browser() as b:
            for f in files:
                problems += check_page(f, b)
    for line in problems:
        print(line)
    print(f"{len(files)} page(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
