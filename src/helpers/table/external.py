"""The public Air Force attack table: its pinned releases, where a copy is, and fetching them.

The table ("Massive Missile Attacks on Ukraine", Petro Ivaniuk, Kaggle; CC BY-NC-SA 4.0) is not
part of this project and is never copied into it. Two releases are pinned (a GitHub copy at a fixed
commit, each file checked against its sha-256): the current one, Kaggle version 211 of 19 Sep 2026
(``2026-09``, the default), and the February 2026 one (``2026-02``), which the whole-war page
compares it with and the curated record's table-sourced rows cite. ``make external`` fetches both into
a cache outside the repository; ``STRIKE_LEDGER_EXTERNAL`` points at any other copy (a folder holding
the files, in it or one folder down, or the attack table itself). A copy is recognised by its
sha-256, never by its folder's name; a copy that matches no pinned release is said to be one.
Reports and notebooks find the table through ``locate``; nothing is fetched while a notebook runs.

    python -m helpers.table.external fetch                   # what `make external` runs: both releases
    python -m helpers.table.external fetch --release 2026-02 # one release
    python -m helpers.table.external where [--release NAME]  # which copy would be used, with its sha-256 (exit 1 if
                                                       # none, or if it is not the pinned release: --any-copy
                                                       # says so and exits 0)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "STRIKE_LEDGER_EXTERNAL"
CACHE_ENV_VAR = "STRIKE_LEDGER_CACHE"
TABLE = "missile_attacks_daily.csv"
MODELS = "missiles_and_uavs.csv"
TITLE = "Massive Missile Attacks on Ukraine"
AUTHOR = "Petro Ivaniuk"
LICENCE = "CC BY-NC-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
DATASET_URL = "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine"


@dataclass(frozen=True)
class Release:
    """One pinned release: where its files are (a repository at a commit) and their sha-256."""

    name: str  # what --release and a suite entry call it
    label: str  # what a page calls it
    repository: str
    commit: str
    files: dict = field(default_factory=dict)  # local file name -> (path in the repository, sha-256)

    def url(self, name: str, base_url: str | None = None) -> str:
        if base_url is not None:  # a mirror or a test server: a folder per release, files by their local names
            return f"{base_url}{self.name}/{name}"
        return f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/{self.files[name][0]}"

    def sha256(self, name: str) -> str:
        return self.files[name][1]


CURRENT = Release(
    "2026-09", "Kaggle version 211 of 19 Sep 2026 (reports to 19 Sep 2026)", "Endorrfin/numbers-speak",
    "2b406a42f52028caebef53e3054d589e76decc09",
    {TABLE: ("data-raw/air-attacks-on-ukraine/missile_attacks_daily.csv",
             "8278a8d28145b9c1507fd62dba4780d4eee1f3b309493d62404114183f744d28")})
PREVIOUS = Release(
    "2026-02", "the release of February 2026 (reports to 8 Feb 2026)", "lukef533/Ukraine-Missle-Strikes-Data",
    "87fc6039ccf0664c4ae30056b8bd176147d11a94",
    {TABLE: (TABLE, "72c04869f85383b239c34a76a27d5ee2cf7c175777e1eda244755787d11f2e6d"),
     MODELS: (MODELS, "d85bdf56bcbf71b04959a44f14cba3675ccce84e1c5d3de26850f7a37120046b")})
RELEASES = {r.name: r for r in (CURRENT, PREVIOUS)}
DEFAULT = CURRENT.name
# The default release, as older code names it.
REPOSITORY, COMMIT = CURRENT.repository, CURRENT.commit
SHA256 = {name: CURRENT.sha256(name) for name in CURRENT.files}


def attribution(path: Path | str | None = None) -> str:
    """The table's credit line, naming the copy used: the pinned release its bytes are (by sha-256), or
    that it is none of them, so a page never names a release its figures do not come from."""
    credit = (f"Public attack table: \"{TITLE}\" by {AUTHOR} (Kaggle), built from the Ukrainian Air Force's "
              f"posts; licence {LICENCE}.")
    if path is None:
        return credit
    release = identify(path)
    if release is None:
        return (f"{credit} Copy used: not a pinned release (sha-256 {sha256(Path(path))[:16]}…); its figures may "
                "differ from the published table's.")
    return f"{credit} Copy used: {release.label}, GitHub {release.repository} at commit {release.commit[:12]}."


ATTRIBUTION = attribution()


def attribution_label(path: Path | str) -> str:
    """What a copy is, in words: the pinned release's label, or that it is none (with its sha-256)."""
    release = identify(path)
    if release is None:
        return f"a copy that is not a pinned release (sha-256 {sha256(Path(path))[:16]}…)"
    return release.label


def key_source(path: Path | str | None) -> tuple[str, str]:
    """A key figure's source when it comes from the copy at ``path``: the table and, in the words a reader sees
    beside the figure, the pinned release it is or that it is none (``None``: the table, no copy named)."""
    name = f"Public attack table ({AUTHOR}, Kaggle)"
    if path is None:
        return name, DATASET_URL
    release = identify(path)
    if release is None:  # the page's opening warning and its provenance give the copy's sha-256
        return f"{name}, a copy that differs from the pinned release", DATASET_URL
    return f"Public attack table ({AUTHOR}), {release.label.split(' (')[0]}", DATASET_URL


class ExternalError(RuntimeError):
    """The table cannot be fetched or the copy found is not the pinned one."""


@dataclass(frozen=True)
class Located:
    path: Path
    how: str  # "STRIKE_LEDGER_EXTERNAL" or "cache"
    release: Release | None = None  # the pinned release these bytes are; None for another copy


def release(name: str) -> Release:
    try:
        return RELEASES[name]
    except KeyError:
        raise ExternalError(f"no release called {name!r}; the pinned releases are "
                            f"{', '.join(RELEASES)} ({DEFAULT} is the default)") from None


def cache_root() -> Path:
    """Where ``make external`` keeps the fetched files, one folder per release: ``$STRIKE_LEDGER_CACHE``,
    else the user's cache."""
    override = os.environ.get(CACHE_ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir("strike-ledger")) / "external"


def cache_dir(name: str = DEFAULT) -> Path:
    return cache_root() / release(name).name


_DIGESTS: dict[tuple, str] = {}


def sha256(path: Path) -> str:
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        _DIGESTS[key] = h.hexdigest()
    return _DIGESTS[key]


def identify(path: Path | str) -> Release | None:
    """The pinned release whose file these bytes are, or ``None``."""
    path = Path(path)
    if not path.is_file():
        return None
    return release_of(sha256(path))


def release_of(digest: str) -> Release | None:
    """The pinned release one of whose files has this sha-256, or ``None``."""
    return next((r for r in RELEASES.values() if digest in {r.sha256(n) for n in r.files}), None)


def find_in(folder: Path, name: str = TABLE, release_name: str = DEFAULT) -> Path | None:
    """The copy of release ``release_name``'s file ``name`` in ``folder`` or one folder down (a folder per
    release, as the cache keeps them), recognised by its sha-256; ``None`` when none is."""
    wanted = release(release_name).sha256(name)
    candidates = [folder / release_name / name, folder / name, *sorted(folder.glob(f"*/{name}"))]
    return next((c.resolve() for c in candidates if c.is_file() and sha256(c) == wanted), None)


def locate(name: str = TABLE, release_name: str = DEFAULT) -> Located | None:
    """The copy of ``name`` of a release to use: under ``$STRIKE_LEDGER_EXTERNAL`` when that is set (a folder,
    or the file itself), else the fetched copy in the cache; ``None`` when there is none.

    Under ``$STRIKE_LEDGER_EXTERNAL`` the release's own bytes are looked for first; for the default release,
    a file of that name that matches no release is used next (a user's own copy: pages say it is not a pinned
    release). A wrong setting is never silently replaced by the cache."""
    wanted = release(release_name)
    given = os.environ.get(ENV_VAR)
    if given:
        path = Path(given).expanduser()
        if path.is_dir():
            found = find_in(path, name, release_name)
            if found is not None:
                return Located(found, ENV_VAR, wanted)
            if release_name == DEFAULT and (path / name).is_file():
                return Located((path / name).resolve(), ENV_VAR, identify(path / name))
            return None
        if path.is_file() and (path.name == name or name == TABLE):
            got = identify(path)
            if got is wanted or release_name == DEFAULT:
                return Located(path.resolve(), ENV_VAR, got)
        return None
    cached = cache_dir(release_name) / name
    if cached.is_file():
        return Located(cached, "cache", identify(cached))
    return None



def table_parameter(external_path: str, required: bool = True) -> Path | None:
    """A notebook's ``external_path`` parameter as the copy of the table to read: the path when given (it must
    be a file), else the fetched copy (or the one ``STRIKE_LEDGER_EXTERNAL`` points at). With none, a
    ``ParameterError`` when ``required``, else ``None`` (the page then says what needs the table)."""
    from helpers import params

    if external_path:
        path = Path(external_path).expanduser()
        if not path.is_file():
            raise params.ParameterError("external_path", external_path,
                                        "the path of an existing copy of missile_attacks_daily.csv, or empty for "
                                        "the fetched copy")
        return path
    found = locate()
    if found is None and required:
        raise params.ParameterError("external_path", external_path,
                                    f"a path: no fetched copy was found (run `make external`, or set "
                                    f"{ENV_VAR} to a folder holding missile_attacks_daily.csv)")
    return None if found is None else found.path

def fetch(release_name: str = DEFAULT, base_url: str | None = None, timeout: float = 60) -> list[Path]:
    """Download each file of a pinned release into its cache folder (once; pooch checks the sha-256)."""
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")  # one line per file is printed by the caller
    rel = release(release_name)
    names = tuple(rel.files)
    folder = cache_dir(release_name)
    blocking = next((f for f in (folder, *folder.parents) if f.exists() and not f.is_dir()), None)
    if blocking is not None:
        raise ExternalError(f"cannot fetch into {folder}: {blocking} is a file, not a folder (set {CACHE_ENV_VAR} "
                            "to a folder, or unset it)")
    created = [f for f in (folder, *folder.parents) if not f.exists()]  # what a failed fetch must not leave
    got = []
    try:
        for name in names:
            url = rel.url(name, base_url)
            try:
                path = pooch.retrieve(url, known_hash=f"sha256:{rel.sha256(name)}", fname=name, path=folder,
                                      downloader=pooch.HTTPDownloader(timeout=timeout, progressbar=False))
            except requests.exceptions.RequestException as exc:
                why = "no connection: offline?" if isinstance(exc, requests.exceptions.ConnectionError) else \
                    " ".join(str(exc).split())[:120]
                by_hand = " and ".join(f"{rel.url(n, base_url)} as {folder / n} (sha-256 {rel.sha256(n)})"
                                       for n in names if not (folder / n).is_file())
                raise ExternalError(
                    f"could not download {name} of release {rel.name} ({why}). Place copies by hand: save {by_hand}; "
                    f"or set {ENV_VAR} to a folder holding {' and '.join(names)}") from None
            except ValueError as exc:
                raise ExternalError(f"{name} from {url} is not the pinned file of release {rel.name}: "
                                    f"{' '.join(str(exc).split())}") from None
            got.append(Path(path))
    except ExternalError:
        for made in created:  # leave no empty cache folder behind
            if made.is_dir() and not any(made.iterdir()):
                made.rmdir()
        raise
    return got


def _where(release_name: str, any_copy: bool = False) -> int:
    rel = release(release_name)
    given = os.environ.get(ENV_VAR)
    found = locate(TABLE, release_name)
    if found is None:
        if given and not Path(given).expanduser().exists():
            print(f"{ENV_VAR} is set to {given}, which does not exist: set it to a folder holding {TABLE} (or the "
                  "file itself), or unset it to use the copy `make external` fetches")
        elif given:
            print(f"{ENV_VAR} is set to {given}, but that holds no {TABLE} of release {rel.name}: set it to a folder "
                  f"holding the file (or the file itself), or unset it to use the copy `make external` fetches")
        elif cache_root().exists() and not cache_root().is_dir():
            print(f"{CACHE_ENV_VAR} is set to {cache_root()}, which is a file, not a folder: point it at a folder "
                  "(or unset it), then run `make external`")
        else:
            print(f"no copy of {TABLE} (release {rel.name}): {ENV_VAR} is not set and {cache_dir(release_name)} "
                  f"holds none; run `make external`, or set {ENV_VAR}")
        return 1
    digest = sha256(found.path)
    if found.release is rel:
        print(f"{found.path} (from {found.how}); sha-256 {digest}: the pinned release {rel.name}, {rel.label}")
        return 0
    other = f" (it is release {found.release.name})" if found.release else ""
    print(f"{found.path} (from {found.how}); sha-256 {digest}: NOT the pinned release {rel.name} "
          f"(sha-256 {rel.sha256(TABLE)}){other}" + ("; pages built from it say so" if any_copy else ""))
    return 0 if any_copy else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.table.external", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fetch", "where"])
    parser.add_argument("--release", action="append", choices=list(RELEASES),
                        help=f"a pinned release (fetch: default every one; where: default {DEFAULT})")
    parser.add_argument("--any-copy", action="store_true",
                        help="where: exit 0 for a copy that is not the pinned release (it is still said)")
    parser.add_argument("--base-url", default=None, help=argparse.SUPPRESS)  # a mirror, or a test server
    args = parser.parse_args(argv)
    if args.command == "fetch":
        for name in args.release or list(RELEASES):
            try:
                paths = fetch(name, args.base_url)
            except ExternalError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            for path in paths:
                print(f"{name}/{path.name}: {path} (sha-256 {RELEASES[name].sha256(path.name)[:16]}…, checked)")
        return 0
    return max(_where(name, args.any_copy) for name in args.release or [DEFAULT])


if __name__ == "__main__":
    sys.exit(main())
