"""Executed notebook to one self-contained HTML file.

Built on nbconvert's lab template through the project's own ``ledger`` template, which drops every
script and stylesheet fetched from a CDN. Code cells are hidden; a header with the title and a table
of contents, the figures' data as embedded CSV downloads, and a provenance block are added. All
text that comes from the dataset or the suite file is escaped.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
import threading
import urllib.parse
from pathlib import Path

from helpers.mime import FIGURE_DATA_MIME, RECORD_MIME

TEMPLATES = Path(__file__).resolve().parent / "templates"
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', re.S)
_TAG = re.compile(r"<[^>]+>")

_exporter = None
_exporter_lock = threading.Lock()


def exporter():
    """One HTMLExporter per process: building it loads the templates once."""
    global _exporter
    with _exporter_lock:
        if _exporter is not None:
            return _exporter
        _exporter = _ledger_exporter_class()(template_name="ledger", extra_template_basedirs=[str(TEMPLATES)])
        _exporter.exclude_input = True
        _exporter.exclude_input_prompt = True
        _exporter.exclude_output_prompt = True
        _exporter.embed_images = True
        return _exporter


def _ledger_exporter_class():
    """nbconvert's HTMLExporter without its last pass, which parses the whole page with BeautifulSoup to give
    images without alt text a placeholder and every cell wrapper a tab stop. Every figure here carries its
    caption as alt text, and an empty tab stop per cell only burdens a keyboard reader; the pass took about
    half of a large report's export time."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class LedgerExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return LedgerExporter


def _figure_data_link(payload: dict) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", str(payload.get("name", "figure")).lower()).strip("-") or "figure"
    # percent-encoded, not base64: a CSV is mostly letters, digits and commas, which stay as they are (base64
    # would add a third); every character that could end the attribute or start markup is encoded
    data = urllib.parse.quote(payload["csv"], safe=",.-_:;/()+=")
    return (f'<p><a class="figure-data" download="{name}.csv" href="data:text/csv;charset=utf-8,{data}">'
            f"Download the data of this figure ({html.escape(name)}.csv)</a></p>")


def _local_prefixes() -> list[tuple[str, str]]:
    """Folders of this machine that a warning or message may name, and what a page shows instead."""
    import sys
    import tempfile

    from helpers.paths import PROJECT_ROOT

    pairs = [(str(PROJECT_ROOT) + "/", ""), (sys.prefix + "/", "<python>/"), (sys.base_prefix + "/", "<python>/"),
             (tempfile.gettempdir() + "/", "<tmp>/"), (str(Path.home()) + "/", "~/")]
    return sorted({p for p in pairs if len(p[0]) > 1}, key=lambda p: -len(p[0]))


def _without_local_paths(out: dict) -> dict:
    """A text output (a warning, an error line) with this machine's folders taken out of it.

    Python warnings start with the full path of the code that issued them; a page is shared, and
    must say nothing about the layout of the machine it was made on.
    """
    def scrub(text: str) -> str:
        for prefix, shown in _local_prefixes():
            text = text.replace(prefix, shown)
        return text

    if out.get("output_type") == "stream":
        out = copy.deepcopy(out)
        text = out.get("text", "")
        out["text"] = scrub("".join(text) if isinstance(text, list) else text)
    elif out.get("output_type") == "error":
        out = copy.deepcopy(out)
        out["evalue"] = scrub(out.get("evalue", ""))
        out["traceback"] = [scrub(line) for line in out.get("traceback", [])]
    elif "text/plain" in out.get("data", {}) and len(out["data"]) == 1:
        out = copy.deepcopy(out)
        text = out["data"]["text/plain"]
        out["data"]["text/plain"] = scrub("".join(text) if isinstance(text, list) else text)
    return out


def prepare(nb):
    """A copy of ``nb`` ready for export: the notebook's own title removed (the page has the report's),
    parameter cells removed, records dropped, figures with their alt text, figure data as links."""
    nb = copy.deepcopy(nb)
    keep = []
    titled = False
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown" and not titled:
            titled = True
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            lines = source.splitlines()
            if lines and lines[0].startswith("# "):
                cell = copy.deepcopy(cell)
                cell["source"] = "\n".join(lines[1:]).strip()
                if not cell["source"]:
                    continue
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            continue
        outputs = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RECORD_MIME in data:
                continue
            if "image/png" in data and out.get("metadata", {}).get("image/png", {}).get("alt"):
                out = copy.deepcopy(out)
                alt = out["metadata"]["image/png"]["alt"]
                out["data"] = {"text/html": f'<img class="figure" src="data:image/png;base64,{data["image/png"]}" '
                                            f'alt="{html.escape(alt, quote=True)}">'}
            if FIGURE_DATA_MIME in data:
                out = copy.deepcopy(out)
                out["data"] = {"text/html": _figure_data_link(data[FIGURE_DATA_MIME])}
            outputs.append(_without_local_paths(out))
        if "outputs" in cell:
            cell["outputs"] = outputs
        keep.append(cell)
    nb.cells = keep
    return nb


def render_html(nb, title: str, description: str, provenance: dict[str, str], fingerprint: str,
                parameters: str = "", inputs: dict[str, str] | None = None, warnings: tuple[str, ...] = (),
                theme: str = "more", data_dates: str = "") -> str:
    """The report page: header and table of contents, the notebook's outputs, then provenance.

    The page is sealed: a meta tag carries the sha-256 of the page itself (computed with that tag
    empty), so ``--check`` notices a page edited after it was rendered. ``inputs`` (the fingerprint of
    each input, and the package versions) is stored too, so ``--check`` can say what changed. ``warnings``
    (an input that is not what the page would otherwise be taken to show) open the page, before anything else.
    ``theme`` (its section on the front page), ``data_dates`` (how recent its data are, in words) and its lead
    key figure are stored in its head for the front page (``helpers.render.index``).
    """
    body, _ = exporter().from_notebook_node(prepare(nb), resources={"metadata": {"name": title}})
    body = _STYLE.sub(lambda m: "<style>" + minified_css(m.group(1)) + "</style>", body, count=1)
    headings = [(anchor, _TAG.sub("", text).strip()) for anchor, text in _H2.findall(body)]
    toc_items = "".join(f'<li><a href="#{html.escape(a, quote=True)}">{html.escape(t)}</a></li>'
                        for a, t in headings)
    toc_items += '<li><a href="#provenance">Provenance</a></li>'
    lead = standfirst(body)
    header = ('<header class="ledger-header"><p class="crumbs"><a href="index.html">Strike Ledger: all reports</a>'
              f"</p><h1>{html.escape(title)}</h1>"
              + (f'<p class="standfirst">{html.escape(lead)}</p>' if lead else "")
              + "".join(f'<p class="input-warning" role="note"><strong>Input:</strong> {html.escape(w)}</p>'
                        for w in warnings) + "</header>")
    # the contents come after the story (standfirst, key figures, lead figure): open on a wide screen, a
    # closed disclosure on a phone
    toc = (f'<nav class="toc toc-wide" aria-label="Contents"><strong>Contents</strong><ol>{toc_items}</ol></nav>'
           f'<details class="toc toc-narrow"><summary>Contents</summary><ol>{toc_items}</ol></details>')
    body = _insert_after_lead(body, toc)
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in provenance.items())
    footer = (f'<section class="provenance" id="provenance"><h2>Provenance</h2>'
              f"<p>What produced this report, and how to produce it again.</p><dl>{rows}</dl></section>")
    body = body.replace("<main>", "<main>" + header, 1).replace("</main>", footer + "</main>", 1)
    value, sentence = lead_figure(body)
    meta = "\n".join(f'<meta name="strike-ledger-{key}" content="{html.escape(value, quote=True)}">'
                     for key, value in (("fingerprint", fingerprint), ("title", title),
                                        ("description", description), ("parameters", parameters),
                                        ("inputs", json.dumps(inputs or {}, sort_keys=True)),
                                        ("theme", theme), ("data-dates", data_dates),
                                        ("lead-value", value), ("lead-sentence", sentence)))
    page = body.replace("</head>", meta + "\n" + _SEAL.format("") + "\n</head>", 1)
    return seal(page)


_STANDFIRST = re.compile(r"class='key-figures' data-standfirst='([^']*)'")


_LEAD = re.compile(r"class='key-figures' data-standfirst='[^']*' data-lead-value='([^']*)' "
                   r"data-lead-before='([^']*)' data-lead-after='([^']*)'")


def lead_figure(body: str) -> tuple[str, str]:
    """The page's first key figure: (value, sentence with ``{value}`` where the value goes), or empty strings."""
    m = _LEAD.search(body)
    if m is None:
        return "", ""
    return html.unescape(m.group(1)), html.unescape(m.group(2)) + "{value}" + html.unescape(m.group(3))


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def minified_css(css: str) -> str:
    """The stylesheet without its comments and spare whitespace (every page carries it)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};:,>])\s*", r"\1", css).strip()


def standfirst(body: str) -> str | None:
    """The page's opening sentences: those its first key figures carry (``helpers.page.KeyFigures``)."""
    m = _STANDFIRST.search(body)
    return html.unescape(m.group(1)) if m else None


def _insert_after_lead(body: str, block: str) -> str:
    """``block`` placed after the page's lead: the output cell of its first figure after the key figures (with
    the figure's data link), else the key figures' cell, else the start of the page."""
    start = body.find("<main>") + len("<main>")
    m = _STANDFIRST.search(body)
    if m is None:
        return body[:start] + block + body[start:]
    figure = body.find("</figure>", m.end())
    after = figure if figure != -1 else m.end()
    close = body.find("</div>", after)  # the end of that output cell (figures and key figures hold no div)
    at = close + len("</div>") if close != -1 else start
    return body[:at] + block + body[at:]


_SEAL = '<meta name="strike-ledger-page-sha256" content="{}">'
SEAL_TAG = _SEAL.format("")  # where a page's seal goes, before ``seal`` fills it in
_SEAL_RE = re.compile(r'<meta name="strike-ledger-page-sha256" content="([0-9a-f]*)">')


def seal(page: str) -> str:
    """``page`` with its seal filled in: the sha-256 of the page as it reads with an empty seal."""
    digest = hashlib.sha256(page.encode("utf-8")).hexdigest()
    return page.replace(_SEAL.format(""), _SEAL.format(digest), 1)


def seal_intact(page: str) -> bool:
    """True when the page is exactly as rendered (its seal matches its bytes)."""
    m = _SEAL_RE.search(page)
    if not m:
        return False
    unsealed = page[: m.start(1)] + page[m.end(1):]
    return hashlib.sha256(unsealed.encode("utf-8")).hexdigest() == m.group(1)


def read_fingerprint(page: str) -> str | None:
    m = re.search(r'<meta name="strike-ledger-fingerprint" content="([0-9a-f]+)">', page)
    return m.group(1) if m else None


def read_meta(page: str, key: str) -> str | None:
    """A value the renderer stored in the page's head (title, description, parameters, inputs)."""
    m = re.search(rf'<meta name="strike-ledger-{re.escape(key)}" content="([^"]*)">', page)
    return html.unescape(m.group(1)) if m else None
