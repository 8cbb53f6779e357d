"""Numbers as the three languages write them: digits with local separators, scale words, words."""

from __future__ import annotations

import re
from functools import lru_cache

# Digits, with thousands grouped by spaces, dots or commas (Indian 2-digit groups too), and an
# optional decimal part. The lookarounds keep codes like "COVID-19" and "A1" out.
DIGITS = (
    r"(?:(?<![\w.,/-])|(?<=\b[RP]))(?:"  # a glued currency letter: "R530", "P21.9"
    r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # Indian: 2,61,132
    # grouped: 3 810 (any space), 1.500, 1,234.5
    r"|\d{1,3}(?:(?:[ \u00a0\u202f\u2009.]\d{3})+|(?:,\d{3})+)(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"  # plain: 1572, 12,5, 3.2
    r")"
)

SCALES: dict[str, float] = {
    "mille": 1e3, "mila": 1e3, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "milione": 1e6, "milioni": 1e6, "mln": 1e6, "m": 1e6,
    "mio": 1e6, "millio": 1e6,
    "milliard": 1e9, "milliards": 1e9, "miliardo": 1e9, "miliardi": 1e9, "billion": 1e9,
    "billions": 1e9, "bn": 1e9, "mld": 1e9, "mrd": 1e9, "md": 1e9,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
    "crore": 1e7, "crores": 1e7,
    "trillion": 1e12, "trillions": 1e12,
}  # fmt: skip
SCALE_WORDS = r"(?:" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")"

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
    "otto|nove|due|tre|tré|sei|uno|un"
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
    return re.compile(rf"(?<![\w-])(?:{single})(?:{joiner}(?:{single}))*(?![\w-])", re.IGNORECASE)


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


def parse_digits(text: str, language: str | None) -> float | None:
    """The value of a digit string under the language's conventions ("3 810", "1.500", "1,5")."""
    compact = re.sub(r"\s", " ", text).replace(" ", "")
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
    return number.replace(mark, ".")


def _is_indian(groups: list[str]) -> bool:
    return len(groups) > 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1])
