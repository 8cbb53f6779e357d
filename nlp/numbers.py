"""Numbers as the three languages write them: digits with local separators, scale words, words."""

from __future__ import annotations

import re
from functools import lru_cache

# Digits, with thousands grouped by spaces, dots, commas or the Swiss apostrophe (Indian 2-digit
# groups too), and an optional decimal part. The lookarounds keep codes like "COVID-19" and "A1"
# out; a dash glued to the digits after a space or "(" is a printed minus ("(-2,3 %)"), so the
# number is read and the sign decided by whoever reads it.
DIGITS = (
    # (?=\d) first: the lookbehinds are then tried at digits only, not at every character.
    r"(?=\d)(?:(?<![\w.,/\-−–])|(?<=[\s(\[][-−–])|(?<=\A[-−–])"
    # a currency written in letters, glued: "R530", "P21.9 billion", "Rs550", "Tk500", "KSh420"
    r"|(?<=\b[RP])|(?<=\bRs)|(?<=\bTk)|(?<=\b[KUT]Sh)|(?<=\bKsh))(?:"
    r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # Indian: 2,61,132
    # grouped: 3 810 (any space), 1.500, 1,234.5, 96'197
    r"|\d{1,3}(?:(?:[ \u00a0\u202f\u2009.]\d{3})+|(?:,\d{3})+|(?:['’]\d{3})+)(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"  # plain: 1572, 12,5, 3.2
    r")"
)

# Scale words after a number multiply it. The long scale of French and Italian makes a "billion"
# or "bilione" a million millions, the English short scale a thousand millions.
_SHARED_SCALES: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "millio": 1e6, "mm": 1e6,
    "bn": 1e9, "mld": 1e9, "mrd": 1e9, "mrds": 1e9, "md": 1e9, "mds": 1e9,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
_LANGUAGE_SCALES: dict[str, dict[str, float]] = {
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
           "billion": 1e12, "billions": 1e12, "trillion": 1e18, "trillions": 1e18},
    "it": {"mille": 1e3, "mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9,
           "miliardi": 1e9, "bilione": 1e12, "bilioni": 1e12, "trilione": 1e18, "trilioni": 1e18},
    "en": {"hundred": 1e2, "thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6,
           "billion": 1e9, "billions": 1e9, "trillion": 1e12, "trillions": 1e12},
}  # fmt: skip
# A text of unknown language reads its words the English way, the most common in such texts.
_ANY_LANGUAGE = {
    **_LANGUAGE_SCALES["it"],
    **_LANGUAGE_SCALES["fr"],
    **_LANGUAGE_SCALES["en"],
    "milliard": 1e9,
}
# Every scale word of the three languages (the English reading where they differ): whether a
# word is one. What it multiplies by in a given text is scale_value's answer.
SCALES: dict[str, float] = {**_SHARED_SCALES, **_ANY_LANGUAGE}
SCALE_WORDS = r"(?:" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")"


def scale_value(word: str, language: str | None) -> float | None:
    """What a scale word after a number multiplies it by, in `language`; None if it is none."""
    word = word.lower()
    table = _LANGUAGE_SCALES.get(language or "", _ANY_LANGUAGE)
    return table.get(word) or _SHARED_SCALES.get(word) or _ANY_LANGUAGE.get(word)


# Number words text2num understands; longest alternatives first so "dix-neuf" beats "dix".
_WORDS = {
    "fr": (
        "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
        "quinze seize dix-sept dix-huit dix-neuf vingt trente quarante cinquante soixante "
        "soixante-dix quatre-vingt quatre-vingts quatre-vingt-dix cent cents mille"
    ),
    "it": (
        "zero uno una un due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
        "quattordici quindici sedici diciassette diciotto diciannove venti trenta quaranta "
        "cinquanta sessanta settanta ottanta novanta cento mille mila"
    ),
    "en": (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety hundred thousand"
    ),
}
# Italian writes compounds as one word: "sessantotto", "duecentocinquanta".
_ITALIAN_MORPHEMES = (
    "diciassette|diciannove|quattordici|diciotto|quindici|tredici|undici|dodici|sedici|dieci|"
    "venti|vent|trenta|trent|quaranta|quarant|cinquanta|cinquant|sessanta|sessant|settanta|"
    "settant|ottanta|ottant|novanta|novant|cento|cent|mila|mille|quattro|cinque|sette|"
    "otto|nove|due|tre|tré|sei|uno|una|un"
)


@lru_cache(maxsize=8)
def word_number_pattern(language: str) -> re.Pattern[str]:
    """A regex for a number written in words in `language` (a run joined by spaces or hyphens)."""
    words = sorted(set(_WORDS.get(language, "").split()), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    single = "|".join(re.escape(w) for w in words)
    if language == "it":
        single = rf"(?:{_ITALIAN_MORPHEMES})+"
    joiner = r"(?:[ -]|\s+(?:et|and|e)\s+)"
    openers = "".join(sorted({w[0] for w in re.findall(r"[^\W\d_]+", _WORDS[language])}))
    return re.compile(
        rf"(?=[{openers}])(?<![\w-])(?:{single})(?:{joiner}(?:{single}))*(?![\w-])",
        re.IGNORECASE,
    )


def parse_words(text: str, language: str) -> float | None:
    """The value of a number written in words, or None."""
    from text_to_num import text2num

    cleaned = re.sub(r"\s+(?:et|and|e)\s+", " ", text.lower()) if language != "fr" else text.lower()
    try:
        return float(text2num(cleaned, language))
    except (ValueError, KeyError, IndexError):
        return None


# Statistics stop well short of 10^15 (a country's GDP is about 10^13); longer digit runs are
# codes, and past 10^308 a float is infinite.
_MAX_INTEGER_DIGITS = 15


_GROUP_MARKS = re.compile(r"[\s'’]")


def parse_digits(text: str, language: str | None) -> float | None:
    """The value of a digit string under the language's conventions ("3 810", "1.500", "1,5")."""
    compact = _GROUP_MARKS.sub("", text)
    if not compact or not compact[0].isdigit():
        return None
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        # Both marks: the last one is the decimal mark ("1,234.5", "1.234,5").
        decimal = "." if compact.rfind(".") > compact.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        compact = compact.replace(grouping, "").replace(decimal, ".")
    elif commas:
        compact = _single_mark(compact, ",", grouping_language=language == "en")
    elif dots:
        compact = _single_mark(compact, ".", grouping_language=language in ("fr", "it"))
    if len(compact.split(".", 1)[0]) > _MAX_INTEGER_DIGITS:
        return None  # a code, an identifier or a run of digits, not a quantity
    try:
        return float(compact)
    except ValueError:
        return None


def _single_mark(number: str, mark: str, grouping_language: bool) -> str:
    """Decide whether a lone kind of mark groups thousands or marks decimals."""
    groups = number.split(mark)
    tail_is_thousands = all(len(g) == 3 for g in groups[1:]) or _is_indian(groups)
    if len(groups) > 2 or (grouping_language and tail_is_thousands):
        return number.replace(mark, "")
    if len(groups) == 2 and _grouped_by_habit(groups):
        return number.replace(mark, "")
    return number.replace(mark, ".")


def _grouped_by_habit(groups: list[str]) -> bool:
    """ "4,100" in a French text: a decimal is not written with two trailing zeros after a whole
    number, so the mark groups thousands the English way, as some francophone sources do."""
    whole, tail = groups
    return whole not in ("", "0") and len(tail) == 3 and tail.endswith("00")


def _is_indian(groups: list[str]) -> bool:
    return len(groups) > 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1])
