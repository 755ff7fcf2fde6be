"""The public Air Force attack table: where a copy is, and fetching the pinned one.

The table ("Massive Missile Attacks on Ukraine", Petro Ivaniuk, Kaggle; CC BY-NC-SA 4.0) is not
part of this project and is never copied into it. ``make external`` fetches the pinned release (a
GitHub copy at a fixed commit, checked against its sha-256) into a cache outside the repository;
``STRIKE_LEDGER_EXTERNAL`` points at any other copy (a folder holding the files, or the attack
table itself). Reports and notebooks find the table through ``locate``; nothing is fetched while a
notebook runs.

    python -m helpers.external fetch     # what `make external` runs
    python -m helpers.external where     # which copy would be used, with its sha-256 (exit 1 if none, or
                                         # if it is not the pinned release)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "STRIKE_LEDGER_EXTERNAL"
CACHE_ENV_VAR = "STRIKE_LEDGER_CACHE"
REPOSITORY = "lukef533/Ukraine-Missle-Strikes-Data"
COMMIT = "87fc6039ccf0664c4ae30056b8bd176147d11a94"
BASE_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/"
TABLE = "missile_attacks_daily.csv"
MODELS = "missiles_and_uavs.csv"
SHA256 = {
    TABLE: "72c04869f85383b239c34a76a27d5ee2cf7c175777e1eda244755787d11f2e6d",
    MODELS: "d85bdf56bcbf71b04959a44f14cba3675ccce84e1c5d3de26850f7a37120046b",
}
TITLE = "Massive Missile Attacks on Ukraine"
AUTHOR = "Petro Ivaniuk"
LICENCE = "CC BY-NC-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
DATASET_URL = "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine"
ATTRIBUTION = (f"Public attack table: \"{TITLE}\" by {AUTHOR} (Kaggle), built from the Ukrainian Air Force's "
               f"posts; licence {LICENCE}. Copy used: GitHub {REPOSITORY} at commit {COMMIT[:12]}.")


class ExternalError(RuntimeError):
    """The table cannot be fetched or the copy found is not the pinned one."""


@dataclass(frozen=True)
class Located:
    path: Path
    how: str  # "STRIKE_LEDGER_EXTERNAL" or "cache"


def cache_dir() -> Path:
    """Where ``make external`` keeps the fetched files: ``$STRIKE_LEDGER_CACHE``, else the user's cache."""
    override = os.environ.get(CACHE_ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir("strike-ledger")) / "external" / COMMIT[:12]


def locate(name: str = TABLE) -> Located | None:
    """The copy of ``name`` to use: under ``$STRIKE_LEDGER_EXTERNAL`` (a folder, or the file itself) when
    that is set, else the fetched copy in the cache; ``None`` when there is none."""
    given = os.environ.get(ENV_VAR)
    if given:  # a copy the user named wins, and a wrong name is not silently replaced by another copy
        path = Path(given).expanduser()
        if path.is_dir() and (path / name).is_file():
            return Located((path / name).resolve(), ENV_VAR)
        if path.is_file() and (path.name == name or name == TABLE):
            return Located(path.resolve(), ENV_VAR)
        return None
    cached = cache_dir() / name
    if cached.is_file():
        return Located(cached, "cache")
    return None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(base_url: str = BASE_URL, names: tuple[str, ...] = (TABLE, MODELS), timeout: float = 60) -> list[Path]:
    """Download each file of the pinned release into the cache (once; pooch checks the sha-256)."""
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")  # one line per file is printed by the caller
    folder = cache_dir()
    created = [f for f in (folder, *folder.parents) if not f.exists()]  # what a failed fetch must not leave
    got = []
    try:
        for name in names:
            url = base_url + name
            try:
                path = pooch.retrieve(url, known_hash=f"sha256:{SHA256[name]}", fname=name, path=folder,
                                      downloader=pooch.HTTPDownloader(timeout=timeout, progressbar=False))
            except requests.exceptions.RequestException as exc:
                why = "no connection: offline?" if isinstance(exc, requests.exceptions.ConnectionError) else \
                    " ".join(str(exc).split())[:120]
                by_hand = " and ".join(f"{base_url + n} as {folder / n} (sha-256 {SHA256[n]})"
                                       for n in names if not (folder / n).is_file())
                raise ExternalError(
                    f"could not download {name} ({why}). Place copies by hand: save {by_hand}; or set {ENV_VAR} "
                    f"to a folder holding {' and '.join(names)}") from None
            except ValueError as exc:
                raise ExternalError(f"{name} from {url} is not the pinned file: {' '.join(str(exc).split())}") \
                    from None
            got.append(Path(path))
    except ExternalError:
        for made in created:  # leave no empty cache folder behind
            if made.is_dir() and not any(made.iterdir()):
                made.rmdir()
        raise
    return got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.external", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fetch", "where"])
    parser.add_argument("--base-url", default=BASE_URL, help=argparse.SUPPRESS)  # a mirror, or a test server
    args = parser.parse_args(argv)
    if args.command == "fetch":
        try:
            paths = fetch(args.base_url)
        except ExternalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for path in paths:
            print(f"{path.name}: {path} (sha-256 {SHA256[path.name][:16]}…, checked)")
        return 0
    given = os.environ.get(ENV_VAR)
    found = locate()
    if found is None:
        if given:
            print(f"{ENV_VAR} is set to {given}, but that holds no {TABLE}: set it to a folder holding the file "
                  f"(or the file itself), or unset it to use the copy `make external` fetches")
        else:
            print(f"no copy of {TABLE}: {ENV_VAR} is not set and {cache_dir()} holds none; run `make external`, or "
                  f"set {ENV_VAR}")
        return 1
    digest = sha256(found.path)
    pinned = digest == SHA256[TABLE]
    print(f"{found.path} (from {found.how}); sha-256 {digest}: "
          + ("the pinned release" if pinned else f"NOT the pinned release (sha-256 {SHA256[TABLE]})"))
    return 0 if pinned else 1


if __name__ == "__main__":
    sys.exit(main())
