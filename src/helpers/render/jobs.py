"""What to render: a report's spec, its checked parameters, the files it reads, and the command that
makes it again.

A job is built before any kernel starts, so every problem with a name, a parameter or an input
file is reported while nothing has been written. Files named by a parameter (a copy of the public
attack table) are inputs like the dataset: the job records their bytes' sha-256 and their file
name, never where they happen to lie on the machine that rendered the page.
"""

from __future__ import annotations

import hashlib
import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.paths import DATA_ENV_VAR, PROJECT_ROOT, data_dir
from helpers.render import contract
from helpers.render.suite import ReportSpec, check_name


@dataclass(frozen=True)
class ExternalFile:
    """A file a parameter names: identified by its bytes, shown by its name."""

    parameter: str
    path: Path
    sha256: str
    size: int
    release: str | None = None  # the label of the pinned release of the public table these bytes are, if any
    table: bool = False  # a file of the public attack table's name (or a parameter naming that table)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def unpinned_table(self) -> bool:
        """A copy of the public table that is none of the pinned releases (edited, or another release)."""
        return self.table and self.release is None

    def describe(self) -> str:
        what = ""
        if self.release:
            what = f"; the pinned release {self.release}"
        elif self.table:
            what = ("; a copy that differs from every pinned release of the public table (its figures are not the "
                    "published table's)")
        return f"{self.parameter} = {self.name} ({self.size:,} bytes, sha-256 {self.sha256}{what})"


@dataclass
class Job:
    spec: ReportSpec
    parameters: dict = field(default_factory=dict)  # typed, as given (not the defaults)
    adhoc: bool = False
    external: dict[str, ExternalFile] = field(default_factory=dict)
    data_folder: Path = field(default_factory=data_dir)
    data_from_env: bool = field(default_factory=lambda: bool(os.environ.get(DATA_ENV_VAR)))

    @property
    def name(self) -> str:
        return self.spec.name

    def effective(self) -> dict:
        """Every parameter the notebook sees: its declared defaults overlaid with the given ones."""
        return contract.effective(self.spec.notebook, self.parameters)

    def shown_parameters(self) -> dict:
        """The effective parameters as a page shows them: files by name, never by path."""
        return {k: (self.external[k].name if k in self.external else v) for k, v in self.effective().items()}

    def input_warnings(self) -> tuple[str, ...]:
        """What a reader must know first about the inputs: a copy of the public table that is no pinned release."""
        return tuple(f"This page is built from {f.name} (sha-256 {f.sha256[:16]}…, given as {f.parameter}), a copy "
                     "that differs from every pinned release of the public attack table: its figures are not the "
                     "published table's." for _, f in sorted(self.external.items()) if f.unpinned_table)

    def command(self) -> str:
        """The command that renders this report again, from the project folder."""
        prefix = f"{DATA_ENV_VAR}=<a copy of the dataset with the fingerprint above> " if self.data_from_env else ""
        if not self.adhoc:
            return f"{prefix}python -m helpers.render --force {self.spec.name}"
        words = ["python", "-m", "helpers.render", "--notebook", _project_relative(self.spec.notebook)]
        for key, value in self.parameters.items():
            shown = self.external[key].name if key in self.external else value
            words += ["-p", f"{key}={_as_text(shown)}"]
        words += ["--name", self.spec.name]
        command = prefix + " ".join(shlex.quote(w) for w in words)
        if self.external:
            command += "  (with the path of your copy of each external file listed above)"
        return command


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _project_relative(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return Path(path).name


def sha256_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def external_files(notebook: Path, typed: dict, base: Path,
                   keywords: Iterable[str] = ()) -> tuple[dict, dict[str, ExternalFile]]:
    """The parameters declared as paths (``Parameter.is_path``) whose value is a file: made absolute (the kernel
    runs elsewhere) and hashed. A value of any other parameter, or one of a path parameter's keywords (its
    quoted words, ``keywords``), stays the value it is even where a file of that name exists; a path that is
    not a file is left for the notebook to refuse by name."""
    declared = contract.declared(notebook)
    found: dict[str, ExternalFile] = {}
    typed = dict(typed)
    for key, value in typed.items():
        p = declared.get(key)
        if p is None or not p.is_path or not isinstance(value, str) or not value or "\0" in value:
            continue
        if value in p.keywords or value in keywords:
            continue
        path = Path(value).expanduser()
        path = path if path.is_absolute() else base / path
        try:
            if not path.is_file():
                continue
        except OSError:
            continue
        path = path.resolve()
        digest, size = sha256_file(path)
        found[key] = ExternalFile(key, path, digest, size, *_table_identity(key, path, digest))
        typed[key] = str(path)
    return typed, found


# The parameters that name a copy of the public attack table, whatever the file is called.
TABLE_PARAMETERS = ("external_path", "compare_path", "previous_path", "strikes_source")


def _table_identity(parameter: str, path: Path, digest: str) -> tuple[str | None, bool]:
    """(the label of the pinned release these bytes are, whether the file is a copy of the public table)."""
    from helpers.table import external as ext

    release = ext.release_of(digest)
    table = release is not None or path.name in (ext.TABLE, ext.MODELS) or parameter in TABLE_PARAMETERS
    return (release.label if release else None), table


def _fetched_copies(notebook: Path, typed: dict) -> dict:
    """``typed`` with each path parameter that is empty and means "the fetched copy" set to that copy, when
    one is found: the page then names, hashes and fingerprints the table it was built from."""
    from helpers.table import external as ext

    typed = dict(typed)
    for name, p in contract.declared(notebook).items():
        if p.fetched_when_empty and typed.get(name, p.default) == "":
            found = ext.locate()
            if found is not None:
                typed[name] = str(found.path)
    return typed


class MissingExternal(Exception):
    """A suite report needs an external file that is not on this machine (the report is skipped, and
    ``--check`` cannot check it). ``reason`` says so and how to get the file, for either message."""

    def __init__(self, report: str, file: str, reason: str):
        self.report, self.file, self.reason = report, file, reason
        super().__init__(f"{report}: skipped: {reason}")


def suite_job(spec: ReportSpec) -> Job:
    """The job of a suite report; ``MissingExternal`` when a file it needs cannot be found."""
    from helpers.table import external as ext

    given = dict(spec.parameters)
    for parameter, name in spec.external.items():
        # "missile_attacks_daily.csv" is the default release's file; "2026-02/missile_attacks_daily.csv" another's
        release, _, file = name.rpartition("/")
        wanted = ext.release(release or ext.DEFAULT)
        found = ext.locate(file, wanted.name)
        if found is None:
            which = f"{file} of release {release}" if release else file
            raise MissingExternal(spec.name, name, f"it needs {which}, which is not on this machine (run "
                                  f"`make external`, or set {ext.ENV_VAR} to a folder holding it)")
        if ext.sha256(found.path) != wanted.sha256(file):  # hashed again here: a cached copy may have been edited
            raise MissingExternal(spec.name, name, f"it needs {file} of release {wanted.name}, and the copy found "
                                  f"(in {'the cache' if found.how == 'cache' else ext.ENV_VAR}) differs from it "
                                  f"(sha-256 {ext.sha256(found.path)[:16]}…, not {wanted.sha256(file)[:16]}…): "
                                  "run `make external` to fetch it again; suite reports are built from the pinned "
                                  "releases only")
        given[parameter] = str(found.path)
    typed = contract.check(spec.notebook, given)
    typed, external = external_files(spec.notebook, typed, PROJECT_ROOT, ext.RELEASES)
    return Job(spec, typed, adhoc=False, external=external)


def adhoc_job(notebook: Path, given: dict, name: str | None) -> Job:
    from helpers.table import external as ext

    typed = _fetched_copies(notebook, contract.check(notebook, given, as_text=True))
    typed, external = external_files(notebook, typed, Path.cwd(), ext.RELEASES)
    stem = check_name(name if name is not None else notebook.stem, "--name")
    title = notebook.stem.split("-", 1)[-1].replace("-", " ").capitalize()
    spec = ReportSpec(stem, notebook, title, f"{notebook.name} with parameters given on the command line.", {})
    return Job(spec, typed, adhoc=True, external=external)
