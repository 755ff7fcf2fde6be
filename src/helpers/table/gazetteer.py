"""Place names as the public table writes them ("Kharkiv oblast", "Odesa", "Crimea") and the dataset's oblast
each lies in."""

from __future__ import annotations

import functools
import re

import pandas as pd


def _oblasts_of_the_dataset() -> dict[str, str]:
    """The dataset's oblasts (``data/oblasts.csv``) by the first word(s) of "<name> oblast", as the table writes
    them: the one list of oblasts, not a second copy of it here."""
    import csv

    from helpers.paths import data_dir

    with (data_dir() / "oblasts.csv").open(encoding="utf-8", newline="") as fh:
        names = [row["oblast"] for row in csv.DictReader(fh)]
    return {name.removesuffix(" Oblast").lower(): name for name in names if name.endswith(" Oblast")}


ALIASES = {  # other names the table gives an oblast: "Dnipro oblast"; "Lutsk oblast", Volyn after its centre
    "dnipro": "Dnipropetrovsk Oblast",
    "lutsk": "Volyn Oblast",
}


@functools.cache
def oblasts() -> dict[str, str]:
    """The first word(s) of "<name> oblast" -> the dataset's oblast (read once, on first use)."""
    return _oblasts_of_the_dataset() | ALIASES


def __getattr__(name: str):
    if name == "OBLASTS":  # as a name too, read on first use rather than at import
        return oblasts()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
PLACES = {  # a single place the table names (a city, Crimea, an island) -> the oblast it lies in
    "kyiv": "Kyiv City", "crimea": "Crimea", "sevastopol": "Sevastopol",
    # regional centres
    "cherkasy": "Cherkasy Oblast", "chernihiv": "Chernihiv Oblast", "chernivtsi": "Chernivtsi Oblast",
    "dnipro": "Dnipropetrovsk Oblast", "donetsk": "Donetsk Oblast", "ivano-frankivsk": "Ivano-Frankivsk Oblast",
    "kharkiv": "Kharkiv Oblast", "kherson": "Kherson Oblast", "khmelnytskyi": "Khmelnytskyi Oblast",
    "kropyvnytskyi": "Kirovohrad Oblast", "luhansk": "Luhansk Oblast", "lutsk": "Volyn Oblast",
    "lviv": "Lviv Oblast", "mykolaiv": "Mykolaiv Oblast", "odesa": "Odesa Oblast", "poltava": "Poltava Oblast",
    "rivne": "Rivne Oblast", "sumy": "Sumy Oblast", "ternopil": "Ternopil Oblast", "uzhhorod": "Zakarpattia Oblast",
    "vinnytsia": "Vinnytsia Oblast", "zaporizhzhia": "Zaporizhzhia Oblast", "zhytomyr": "Zhytomyr Oblast",
    # other places the table names as targets or launch places
    "berdiansk": "Zaporizhzhia Oblast", "kolomyia": "Ivano-Frankivsk Oblast", "kramatorsk": "Donetsk Oblast",
    "kremenchuk": "Poltava Oblast", "kryvyi rih": "Dnipropetrovsk Oblast", "melitopol": "Zaporizhzhia Oblast",
    "ochakiv": "Mykolaiv Oblast", "snake island": "Odesa Oblast", "starokostiantyniv": "Khmelnytskyi Oblast",
    "tokmak": "Zaporizhzhia Oblast",
    # "Belbek, Crimea": places inside the city of Sevastopol, which the codebook keeps apart from Crimea
    "balaklava": "Sevastopol", "belbek": "Sevastopol", "kacha": "Sevastopol",
}
_OBLAST_WORD = re.compile(r"^(.*?)\s+(?:oblast|oblas|obl\.?|region)$", re.IGNORECASE)


def oblast_of(name) -> str | None:
    """The dataset's oblast (as the codebook's ``oblast`` enum writes it) for a region name of the
    public table, or ``None`` when the name is not one Ukrainian oblast.

    ``Kharkiv oblast`` is ``Kharkiv Oblast``; the table's ``Lutsk oblast`` is ``Volyn Oblast`` (named
    after its centre); ``Kyiv`` is ``Kyiv City``, ``Crimea`` and ``Sevastopol`` are themselves; a city
    or island the table names as a target is the oblast it lies in (``Kryvyi Rih``: Dnipropetrovsk
    Oblast). ``Dnipropetrovsk oblast, Dnipro Raion`` and ``Kyiv oblast (south)`` are their oblast. A
    direction (``south``, ``front line``), the whole country (``Ukraine``), a sea, a place in Russia
    or Belarus, an unknown or ambiguous name, and a text naming several oblasts (``Kharkiv oblast
    and Poltava oblast``, ``Kryvyi Rih, Kharkiv, Vinnytsia``) have none: the caller splits lists.
    """
    if name is None or name is pd.NA or not isinstance(name, str):
        return None
    text = re.sub(r"\([^)]*\)", " ", name)
    parts = [p for chunk in re.split(r"\s+and\s+", text.strip()) for p in chunk.split(",")]
    found = {_oblast_of_one(p) for p in parts if p.strip()}
    named = [o for o in found if o is not None]
    if len(re.split(r"\s+and\s+", text.strip())) > 1 and len(named) != 1:
        return None
    if set(named) == {"Crimea", "Sevastopol"}:
        return "Sevastopol"  # "Sevastopol, Crimea", "Kacha, Crimea": in the city, on the peninsula
    return named[0] if len(named) == 1 else None


def _oblast_of_one(part: str) -> str | None:
    key = " ".join(part.split()).lower()
    m = _OBLAST_WORD.match(key)
    if m:
        return oblasts().get(m.group(1).strip())
    return PLACES.get(key)


# ---------------------------------------------------------------- the reader
