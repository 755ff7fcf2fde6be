"""Characters that look like Latin letters but are not: say which one, so a user can find it.

A parameter or a data value typed with one Cyrillic or Greek letter (a Ukrainian keyboard layout
left on, text pasted from a news page) looks right on screen and still fails to match ``'M'`` or
``'dprk_missile_use'``. An error that only repeats the value leaves the user staring at identical
letters; ``describe`` names the character and its code point instead.
"""

from __future__ import annotations

import unicodedata

# Letters of other scripts that are drawn like a Latin letter in common fonts (the subset of
# Unicode's confusables that a Cyrillic or Greek keyboard produces).
_LOOKS_LIKE = {
    "а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p", "с": "c", "т": "T",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "ι": "i", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "FULLWIDTH", "MATHEMATICAL")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in _SCRIPTS:
        if name.startswith(script):
            return script.capitalize()
    return "non-Latin"


def lookalikes(text: str) -> list[str]:
    """One phrase per character of ``text`` that stands where a Latin letter is expected.

    Only letters of other scripts that resemble a Latin letter, and fullwidth forms, are named:
    accented Latin letters and punctuation are ordinary text.
    """
    found = []
    for char in dict.fromkeys(text):  # each character once, in order of appearance
        if char in _LOOKS_LIKE:
            found.append(f"{_script(char)} {char!r} (U+{ord(char):04X}), which looks like Latin "
                         f"{_LOOKS_LIKE[char]!r}")
        elif "\uff01" <= char <= "\uff5e":
            found.append(f"fullwidth {char!r} (U+{ord(char):04X}), which looks like {chr(ord(char) - 0xFEE0)!r}")
    return found


def describe(text: object) -> str:
    """``""`` for ordinary text, else a sentence naming each look-alike character (for an error)."""
    if not isinstance(text, str):
        return ""
    found = lookalikes(text)
    if not found:
        return ""
    return "; it contains " + ", ".join(found)
