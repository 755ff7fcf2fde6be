"""The report suite: ``reports/reports.toml`` declares every report that ``make reports`` renders.

Each ``[[report]]`` has a name (the HTML file's stem), a notebook, a title, a one-line description,
a ``theme`` (the front page's section, ``THEMES``) and a ``[report.parameters]`` table. A malformed
file or entry is an error naming the file and the entry, not a traceback.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from helpers.paths import PROJECT_ROOT
from helpers.table.external import DEFAULT, RELEASES

SUITE_FILE = PROJECT_ROOT / "reports" / "reports.toml"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
RESERVED = {"index", "changes"}  # index.html lists the reports; changes.xml is their feed
# The front page's sections, in order: a report's ``theme`` names one (``more`` where it names none)
THEMES = {"story": "The story: North Korean missiles in Russia's strikes",
          "attacks": "Attacks, night by night",
          "cards": "A card for every attack, by date",
          "air-war": "The whole air war",
          "checks": "Checks: claims and sources against each other",
          "dataset": "The dataset",
          "more": "More reports"}


def check_name(name: str, where: str = "report name") -> str:
    """A report's name: its file is ``<name>.html`` in the output folder and nowhere else."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise SuiteError(f"{where} {name!r} must be 1 to 80 lowercase letters, digits and '-', starting with a "
                         "letter or digit")
    if name in RESERVED:
        raise SuiteError(f"{where} {name!r} is reserved for the list of reports (index.html); choose another")
    return name


class SuiteError(ValueError):
    """The suite file cannot be read or one of its entries is incomplete."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    notebook: Path
    title: str
    description: str
    parameters: dict = field(default_factory=dict)
    theme: str = "more"  # the front page's section (``THEMES``)
    # parameter name -> the external file it is given (e.g. external_path -> missile_attacks_daily.csv, the
    # default release's; previous_path -> 2026-02/missile_attacks_daily.csv, a named release's): the renderer
    # finds the file (``helpers.table.external.locate``) and skips the report when there is none
    external: dict = field(default_factory=dict)


def load_suite(path: Path = SUITE_FILE) -> list[ReportSpec]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SuiteError(f"{path.name}: suite file not found at {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SuiteError(f"{Path(path).name}: not valid TOML: {exc}") from None
    entries = raw.get("report")
    if not isinstance(entries, list) or not entries:
        raise SuiteError(f"{Path(path).name}: declares no [[report]] entries")
    specs, seen = [], set()
    for i, entry in enumerate(entries, start=1):
        where = f"{Path(path).name}, report {i}"
        missing = [k for k in ("name", "notebook", "title", "description") if not isinstance(entry.get(k), str)]
        if missing:
            raise SuiteError(f"{where}: missing or not text: {', '.join(missing)}")
        unknown = set(entry) - {"name", "notebook", "title", "description", "theme", "parameters", "external"}
        if unknown:
            raise SuiteError(f"{where} ({entry['name']}): unknown key(s) {', '.join(sorted(unknown))}; "
                             "allowed: name, notebook, title, description, theme, parameters, external")
        theme = entry.get("theme", "more")
        if theme not in THEMES:
            raise SuiteError(f"{where} ({entry['name']}): theme {theme!r} is not one of {', '.join(THEMES)}")
        check_name(entry["name"], f"{where}: name")
        if entry["name"] in seen:
            raise SuiteError(f"{where}: name {entry['name']!r} is used twice")
        seen.add(entry["name"])
        params = entry.get("parameters", {})
        if not isinstance(params, dict):
            raise SuiteError(f"{where} ({entry['name']}): parameters must be a table")
        external = entry.get("external", {})
        if not isinstance(external, dict) or not all(isinstance(v, str) for v in external.values()):
            raise SuiteError(f"{where} ({entry['name']}): external must be a table of parameter = file name")
        for parameter, value in external.items():
            release, _, file = value.rpartition("/")
            if release and release not in RELEASES:
                raise SuiteError(f"{where} ({entry['name']}): external {parameter} = {value!r}: no release called "
                                 f"{release!r}; write a file of the current release by name "
                                 f"({', '.join(RELEASES[DEFAULT].files)}) or RELEASE/file name with RELEASE one of "
                                 f"{', '.join(RELEASES)}")
            files = RELEASES[release or DEFAULT].files
            if file not in files:  # a plain name of a pinned file: never a path out of the table's folder
                raise SuiteError(f"{where} ({entry['name']}): external {parameter} = {value!r}: not a file of release "
                                 f"{release or DEFAULT}; write one of its files by name ({', '.join(files)}), "
                                 "optionally after RELEASE/")
        clash = sorted(set(external) & set(params))
        if clash:
            raise SuiteError(f"{where} ({entry['name']}): {clash[0]} is given both as a parameter and as an "
                             "external file; give it once")
        specs.append(ReportSpec(entry["name"], PROJECT_ROOT / entry["notebook"], entry["title"],
                                entry["description"], params, theme, external))
    return specs
