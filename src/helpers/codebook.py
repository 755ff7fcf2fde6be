"""The README's codebook, generated from ``data/datapackage.json``.

The codebook is what a reader trusts when they open a CSV; writing it by hand would let it drift
from the schema the validator enforces. ``python -m helpers.codebook --write README.md`` rewrites
the part of the README between the codebook markers; the tests fail when it is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.data.errors import DataError
from helpers.data.schema import Package, read_package
from helpers.paths import PROJECT_ROOT, data_dir

START = "<!-- codebook:start (generated from data/datapackage.json by `make codebook`; do not edit) -->"
END = "<!-- codebook:end -->"


def render(package: Package) -> str:
    """Markdown: a section per table with grain, caveats and a field | type | description table."""
    out: list[str] = []
    for r in package.resources:
        out += [f"### `data/{r.path}`: {r.title}", "", r.description, "", f"**Grain.** {r.grain}", ""]
        if r.caveats:
            out += ["**Caveats.**", ""] + [f"- {c}" for c in r.caveats] + [""]
        keys = [f"primary key ({', '.join(r.primary_key)})"] if r.primary_key else []
        keys += [f"`{', '.join(fk.fields)}` → `{fk.resource}.{', '.join(fk.reference_fields)}`"
                 for fk in r.foreign_keys]
        if keys:
            out += ["**Keys.** " + "; ".join(keys), ""]
        out += _origin(r)
        out += [f"| {'property' if r.is_geojson else 'field'} | type | description |", "|---|---|---|"]
        for f in r.fields:
            out.append(f"| `{f.name}` | {_type(f)} | {_describe(f)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _origin(r) -> list[str]:
    """For a file copied from elsewhere (its hash recorded): where it came from, its licence, how it
    was derived and the bytes the validator checks, so the copy can be traced and re-made."""
    lines = []
    for s in r.sources:
        accessed = f", accessed {s['x_accessed']}" if s.get("x_accessed") else ""
        lines.append(f"**Source.** [{s.get('title', s.get('path', ''))}]({s.get('path', '')}){accessed}."
                     + (f" Original sha-256 `{s['x_sha256']}`." if s.get("x_sha256") else "")
                     + (f" Copied from <{s['x_copied_from']}>." if s.get("x_copied_from") else "")
                     + (f" Cite: {s['x_citation']}." if s.get("x_citation") else ""))
    for lic in r.licenses:
        lines.append(f"**Licence.** [{lic.get('title', lic.get('name', ''))}]({lic.get('path', '')})"
                     + (f"; attribution: \"{r.attribution}\"." if r.attribution else "."))
    if r.derived:
        lines.append(f"**Derived.** {r.derived}")
    if r.hash:
        lines.append(f"**Checked on load.** {r.bytes:,} bytes, `{r.hash}`." if r.bytes is not None
                     else f"**Checked on load.** `{r.hash}`.")
    return [line for text in lines for line in (text, "")]


def _type(f) -> str:
    text = f.type + (f" ({f.unit})" if f.unit else "")
    return text + (", required" if f.required else "")


def _describe(f) -> str:
    text = f.description
    c = f.constraints
    if "enum" in c:
        text += " One of: " + ", ".join(f"`{v}`" for v in c["enum"]) + "."
    if "minimum" in c or "maximum" in c:
        text += f" Range: {c.get('minimum', '')}…{c.get('maximum', '')}."
    return text.replace("|", "\\|")


def splice(readme: str, codebook: str) -> str:
    """``readme`` with the text between the markers replaced by ``codebook``."""
    if START not in readme or END not in readme:
        raise ValueError("README.md has no codebook markers; add the start and end lines first")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{codebook}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="README to update in place")
    parser.add_argument("--check", type=Path, help="README to check; exit 1 when stale")
    args = parser.parse_args(argv)
    try:
        codebook = render(read_package(data_dir()))
    except DataError as exc:  # a broken descriptor: the same list of problems as `make validate`
        print(exc, file=sys.stderr)
        return 1
    target = args.write or args.check
    if target is None:
        sys.stdout.write(codebook)
        return 0
    target = target if target.is_absolute() else PROJECT_ROOT / target
    current = target.read_text(encoding="utf-8")
    updated = splice(current, codebook)
    if args.check:
        if updated != current:
            print(f"{target.name}: codebook is out of date; run `make codebook`")
            return 1
        return 0
    target.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
