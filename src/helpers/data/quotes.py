"""The source's own words beside each figure, and the two checks they make possible.

A figure row (a strike count, an attack total, a toll or count one source gives for an event, a claimed
number, a weapon's range) carries ``quote``: the sentence of its source that gives the figure, verbatim and
in the source's language (``quote_language``, ISO 639-1), with an English ``quote_gloss`` when that is not
English. Two slips that no other rule can see are then caught on every load:

- **the number is not in the words**: each figure of the row must appear in the quote, as digits (``1,000``,
  ``1 000`` and ``1.000`` read as 1000) or, in English, as words (``twenty-four``); a quote in another
  language may carry it in words, which its gloss then gives;
- **the wrong noun**: the row counts missiles, drones, people killed or injured, uses (occasions) or
  kilometres, and the quote (or its gloss) must name that kind of thing: "nine occasions" is not nine
  missiles, "21 air targets" is not 21 drones.

A figure whose words could not be found keeps no quote and is listed in ``weak_only.csv`` (table
``<table>.quote``) with why; ``helpers.checks`` lists one missing from both.
"""

from __future__ import annotations

import re

# The kinds of thing a figure counts, and words (lowercase stems, in the project's languages) that name them.
NOUNS: dict[str, tuple[str, ...]] = {
    "missiles": ("missile", "rocket", "ракет", "rakete", "misil", "missil", "pocisk", "rachet", "rakett", "미사일",
                 "ミサイル", "kinzhal", "kalibr", "iskander", "kn-23", "kn-24", "hwasong", "kh-", "x-", "х-", "s-300",
                 "с-300", "s-400", "с-400", "zircon", "циркон", "кинджал", "кинжал", "калібр", "калибр", "іскандер",
                 "искандер", "oniks", "онікс", "tochka", "ballistic", "балістич", "баллистич", "cruise", "крилат",
                 "крылат", "hwasong", "화성", "탄도", "弾道"),
    "drones": ("drone", "uav", "shahed", "шахед", "бпла", "бпла", "дрон", "безпілот", "беспилот", "drohne", "dron",
               "drona", "무인기", "드론", "ドローン", "無人機", "geran", "герань", "gerbera", "lancet", "orlan", "zala",
               "supercam", "merlin"),
    "bombs": ("bomb", "бомб", "kab", "каб", "ukab", "glide"),
    "killed": ("kill", "dead", "died", "death", "die ", "lives", "life", "body", "bodies", "fatal", "загин", "загиб",
               "погиб", "убит", "вбит", "вбив", "смерт", "tot", "getötet", "muert", "mort", "tué", "uccis", "morti",
               "zabit", "zgin", "ucis", "사망", "숨져", "숨진", "死亡", "死者", "死去", "látnir", "látin", "mortos",
               "casualt", "victim", "жертв", "father and his son", "father and son"),
    "injured": ("injur", "wound", "hurt", "поран", "ранен", "травм", "постражд", "пострада", "verletz", "verwund",
                "herid", "bless", "feriti", "rann", "răni", "부상", "다쳐", "다친", "負傷", "けが", "怪我", "slasað",
                "slösuð", "feridos", "casualt", "victim", "hospital", "госпітал"),
    "uses": ("occasion", "time", "attack", "use", "strike", "launch", "раз", "випад", "случа", "атак", "удар",
             "einsätz", "mal", "회", "回"),
    "km": ("km", "kilomet", "kilomèt", "mile", "км", "кілометр", "километр", "킬로미터", "キロ"),
    "weapons": ("weapon", "missile", "drone", "засоб", "средств", "air attack", "target", "ціл", "цел", "uav",
                "shahed", "ракет", "бпла"),
}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SEPARATED = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")


def english_words(n: int) -> list[str]:
    """The ways English writes the whole number ``n`` (up to 999) in words: ``twenty-four``, ``twenty four``;
    ``a hundred``, ``one hundred``; ``a dozen`` for 12."""
    if n < 0 or n > 999:
        return []
    if n < 20:
        words = [_ONES[n]]
    elif n < 100:
        tens, ones = divmod(n, 10)
        words = [_TENS[tens]] if not ones else [f"{_TENS[tens]}-{_ONES[ones]}", f"{_TENS[tens]} {_ONES[ones]}"]
    else:
        hundreds, rest = divmod(n, 100)
        heads = [f"{_ONES[hundreds]} hundred"] + (["a hundred"] if hundreds == 1 else [])
        words = heads if not rest else [f"{h} and {w}" for h in heads for w in english_words(rest)] + \
            [f"{h} {w}" for h in heads for w in english_words(rest)]
    return words + (["a dozen", "dozen"] if n == 12 else [])


def numbers_in(text: str) -> set[int]:
    """The whole numbers written in digits in ``text``; thousands separated by a comma, dot or space read whole."""
    joined = _SEPARATED.sub("", text)
    return {int(m) for m in re.findall(r"(?<![\d.,])\d+(?![\d])", joined) if len(m) < 12}


_ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]
# How English says none, and one, without a numeral: "no casualties", "failed to intercept", "a missile".
_ZERO = ("no", "none", "nobody", "zero", "not", "without", "failed", "failure", "nothing")
_ONE = ("a", "an", "one", "single", "lone", "another")


def _word(text: str, word: str) -> bool:
    return re.search(rf"(?<![a-z0-9-]){re.escape(word)}(?![a-z0-9-])", text) is not None


_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 10 * i for i, w in enumerate(_TENS) if w}
_RUN = re.compile(r"(?:(?:" + "|".join(sorted(list(_VALUE) + ["hundred", "and"], key=len, reverse=True))
                  + r")(?:[\s-]+|(?![a-z])))+")


def _words_given(text: str) -> set[int]:
    """The numbers that ``text`` (lowercase) gives in English words (``twenty-four``, ``one hundred and two``,
    ``a dozen``) or as ordinals (``third``)."""
    found = {n for n, w in enumerate(_ORDINALS) if n and _word(text, w)}
    if _word(text, "dozen"):
        found.add(12)
    for match in _RUN.finditer(text):
        if match.start() and text[match.start() - 1].isalpha():
            continue
        current, previous = None, ""
        for word in re.split(r"[\s-]+", match.group(0).strip()):
            if word == "hundred":  # "a hundred", "one hundred"
                current = (current or 1) * 100
            elif word in _VALUE:
                if current is not None and (current % 10 or _VALUE[word] >= 10) and previous != "and":
                    found.add(current)  # "one two": two numbers, not three
                    current = None
                current = (current or 0) + _VALUE[word]
            elif word == "and" and previous != "hundred" and current is not None:
                found.add(current)  # "seventy-one and five": two numbers
                current = None
            previous = word
        if current is not None:
            found.add(current)
    return found


def has_number(text: str, n: int) -> bool:
    """Whether ``text`` gives ``n``: in digits; in English words (``twenty-four``) or as an ordinal (``the third
    person killed``); 0 as "no", "none", "without"; 1 as "a", "an", "one"; or as the sum of two or three numbers
    it gives (18 injured in Kyiv and 42 in Kharkiv: 60)."""
    lowered = f" {text.lower()} "
    given = numbers_in(text) | _words_given(lowered)
    if n in given:
        return True
    if n == 0 and any(_word(lowered, w) for w in _ZERO):
        return True
    if n == 1 and any(_word(lowered, w) for w in _ONE):
        return True
    parts = sorted(v for v in given if 0 < v < n)
    return any(a + b == n or any(a + b + c == n for c in parts[k + 1:])
               for i, a in enumerate(parts) for k, b in enumerate(parts[i + 1:], start=i + 1))


def names(text: str, noun: str) -> bool:
    """Whether ``text`` names the kind of thing ``noun`` (a key of ``NOUNS``)."""
    lowered = text.lower()
    return any(stem in lowered for stem in NOUNS[noun])


def problems(quote: str | None, language: str | None, gloss: str | None,
             figures: dict[str, tuple[int, str | None]], also: str | None = None) -> list[tuple[str, str, str]]:
    """What is wrong with a row's quote: (column, rule, message) for each problem; none without a quote.

    ``figures`` maps each figure column of the row to (its value, what it counts: a key of ``NOUNS``, or
    ``None``); ``also`` is text whose words in the quote also give the figure (a claim's own wording, "560
    miles", for a figure the dataset records converted, 901 km)."""
    if not quote:
        return []
    out = []
    if not language:
        out.append(("quote_language", "a quote has its language", "is empty while quote is given"))
    elif language != "en" and not gloss:
        out.append(("quote_gloss", "a quote not in English has an English gloss",
                    f"is empty while the quote is in {language!r}"))
    words = quote + " " + (gloss or "")
    for column, (value, noun) in figures.items():
        given = has_number(quote, value) or (language != "en" and bool(gloss) and has_number(gloss, value)) or (
            bool(also) and also.lower() in quote.lower())
        if not given:
            out.append((column, "the figure is in its quote",
                        f"{value:,} is not in the quote (as digits{', or in words' if value < 1000 else ''}); "
                        "record what the source says, or the quote that says it"))
        if noun and not names(words, noun):
            out.append((column, "the quote names what the figure counts",
                        f"the quote does not name {noun}, which {column} counts; a count of something else is not "
                        "this figure"))
    return out
