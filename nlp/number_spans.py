"""Where a text states numbers: digits and their printed sign, words, scale words, round amounts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.numbers import DIGITS, SCALE_WORDS, parse_digits, parse_words, scale_value
from nlp.numbers import word_number_pattern as _word_number_pattern


@dataclass
class Number:
    """A number in a text: its span, its value (scale and sign applied) and how it was written."""

    start: int
    end: int
    value: float
    word: bool
    scale: float = 1.0
    approx: bool = False  # a round amount: "une centaine", "un migliaio"


class Coverage:
    """Which characters of a text are taken: overlap tests in C instead of pairwise loops."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    @classmethod
    def of(cls, text: str, spans: Sequence[tuple[int, int]]) -> Coverage:
        """The characters of `text` that `spans` cover."""
        coverage = cls(len(text))
        for start, end in spans:
            coverage.add(start, end)
        return coverage

    def add(self, start: int, end: int) -> None:
        end = min(end, len(self._taken))
        self._taken[start:end] = b"\x01" * max(0, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) != -1


_DIGITS = re.compile(DIGITS)
# Glued after digits, an ordinal's ending makes a rank ("1er", "3rd", "2°"), no quantity.
_ORDINAL_SUFFIX = re.compile(
    r"^(?:er|ère|re|e|ème|èmes|eme|è|ième|ièmes|esim[oaie]|nd|rd|th|st|°|º|ª|bis)\b", re.IGNORECASE
)
# Glued to digits, a plural "s" makes a decade or an age ("the 1990s", "in their 30s"), and a
# lone letter other than a unit or a scale makes an identifier ("2017b", "12a").
_NOT_A_QUANTITY_SUFFIX = re.compile(r"^(?:'?s\b|(?![kKmMgtlhBx])[A-Za-z](?![\w'’]))")
_SCALE_AFTER = re.compile(rf"(\s?)({SCALE_WORDS})(?![\w])", re.IGNORECASE)
# "£3.2m", "$4k", "Rs5mn": these letters are scales only glued to the number ("3 m" is metres).
_GLUED_ONLY_SCALES = {"k", "mn"}
# "1,5 Md€", "3 M$": abbreviations that are scales before a currency only.
_SCALES_BEFORE_MONEY = {"m", "md", "mds", "mrd", "mrds"}
_MONEY_NEXT = re.compile(
    r"\s?(?:[€$£¥₹]|d'euros|de\s+(?:dollars|francs)|euros?\b|dollars?\b)", re.I
)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_ET_DEMI = re.compile(r"\s+(?:et\s+demie?|e\s+mezz[oa])\b", re.IGNORECASE)
# "half a million", "un demi-million", "mezzo milione": half of a scale word.
_HALF_SCALE = re.compile(
    r"\b(?=[hdumHDUM])(?:half\s+an?\s+|(?:un\s+)?demi-?\s?|mezz[oa]\s+)"
    r"(million|billion|thousand|milliard|milione|miliardo)s?\b",
    re.IGNORECASE,
)
# Round amounts: "une centaine d'agents" is about 100, "un migliaio" about 1000.
_ROUND_AMOUNTS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "decina": 10, "dozzina": 12, "quindicina": 15, "ventina": 20, "trentina": 30,
    "quarantina": 40, "cinquantina": 50, "sessantina": 60, "centinaio": 100, "migliaio": 1000,
    "dozen": 12,
}  # fmt: skip
_ROUND_AMOUNT = re.compile(
    r"\b(?=[uaUA])(?:une?|una|a)\s+(?=[dqvtcsmDQVTCSM])(" + "|".join(_ROUND_AMOUNTS) + r")\b",
    re.IGNORECASE,
)
_MINUS = "-−–"
_CODE_RUN_AFTER = re.compile(r"[.,]\d")


def find_numbers(
    text: str, language: str | None, blocked: Sequence[tuple[int, int]]
) -> list[Number]:
    """Every number in `text` outside `blocked`, with what is glued to it, in text order."""
    found: list[Number] = []
    taken = Coverage(len(text))
    for match in _DIGITS.finditer(text):
        value = parse_digits(match.group(), language)
        if value is not None:
            start = match.start()
            if is_signed(text, start):
                start -= 1
                value = -value if text[start] in _MINUS else value
            elif _spaced_sign(text, start):
                start -= 2  # "(- 11,50 %)": a sign set apart from its digits in a bracket
                value = -value if text[start] in _MINUS else value
            found.append(Number(start, match.end(), value, word=False))
            taken.add(match.start(), match.end())
    for match in _HALF_SCALE.finditer(text):
        scale = scale_value(match.group(1), language) or 0.0
        if scale and not taken.overlaps(match.start(), match.end()):
            found.append(Number(match.start(), match.end(), scale / 2, word=True, scale=scale))
            taken.add(match.start(), match.end())
    for match in _ROUND_AMOUNT.finditer(text):
        if not taken.overlaps(match.start(), match.end()):
            word = match.group(1).lower()
            approx = word != "dozen"  # "une douzaine" is about twelve, "a dozen" twelve
            number = Number(match.start(), match.end(), _ROUND_AMOUNTS[word], True, approx=approx)
            found.append(number)
            taken.add(match.start(), match.end())
    for code in [language] if language in ("fr", "it", "en") else ["fr", "it", "en"]:
        for match in _word_number_pattern(code).finditer(text):
            value = parse_words(match.group(), code)
            if value is not None and not taken.overlaps(match.start(), match.end()):
                found.append(Number(match.start(), match.end(), value, word=True))
                taken.add(match.start(), match.end())
    out_of_bounds = Coverage.of(text, blocked)
    kept = []
    for number in sorted(found, key=lambda n: n.start):
        if out_of_bounds.overlaps(number.start, number.end) or _not_a_quantity(text, number):
            continue
        absorb_half_and_scale(text, number, language)
        kept.append(number)
    return kept


_DASH_CHAIN_AROUND = re.compile(r"\d+(?:[-–]\d+){2,}")


def _in_dash_chain(text: str, number: Number) -> bool:
    window = max(0, number.start - 12)
    return any(
        chain.start() <= number.start and number.end <= chain.end()
        for chain in _DASH_CHAIN_AROUND.finditer(text, window, number.end + 12)
    )


def is_signed(text: str, start: int) -> bool:
    """Whether the mark before the digits at `start` is the number's sign ("(-2,3 %)", "+12 %")
    rather than a dash between two numbers ("5 - 10") or inside a code ("COVID-19")."""
    if start == 0 or text[start - 1] not in _MINUS + "+":
        return False
    if start == 1:
        return True
    before = text[start - 2]
    if before in "([":
        return True
    if not before.isspace():
        return False
    previous = start - 3  # the last character before the spaces, found without copying text
    while previous >= 0 and text[previous].isspace():
        previous -= 1
    return previous < 0 or not (text[previous].isdigit() or text[previous] == "%")


def _spaced_sign(text: str, start: int) -> bool:
    """A sign and a space between a bracket and the digits: "(- 11,50 %)", "(+ 313,8 %)"."""
    return (
        start >= 3
        and text[start - 1] == " "
        and text[start - 2] in _MINUS + "+"
        and (text[start - 3] in "([")
    )


def _not_a_quantity(text: str, number: Number) -> bool:
    if number.word:
        return False
    glued = number.start >= 2 and text[number.start - 2].isalnum()
    if glued and text[number.start - 1] == "(" and text[number.end : number.end + 1] == ")":
        return True  # a note's mark glued to its word: "au 1er janvier 2024(4)"
    if _in_dash_chain(text, number):
        return True  # "90–90–90", "24-7-365": a name or a code, no quantity
    after = text[number.end : number.end + 8]
    if _ORDINAL_SUFFIX.match(after) or _NOT_A_QUANTITY_SUFFIX.match(after):
        return True
    if _CODE_RUN_AFTER.match(after):
        return True  # a dotted or comma-joined run of codes: "3.2.1", "nrs. 22,24,26"
    digits = text[number.start : number.end].lstrip(_MINUS + "+")
    # "07", phone numbers and codes
    return len(digits) > 1 and digits[0] == "0" and digits[1] in "0123456789 "


def absorb_half_and_scale(text: str, number: Number, language: str | None) -> None:
    """Take in "and a half", the scale words after the number ("3 hundred thousand" multiplies
    twice, a larger scale each time), and "et demi" after the scale."""
    if half := _AND_A_HALF.match(text, number.end):
        number.value += 0.5 if number.value >= 0 else -0.5
        number.end = half.end()
    while (scale := _scale_after(text, number, language)) is not None:
        number.scale *= scale
        number.value *= scale
    if number.scale > 1 and (half := _ET_DEMI.match(text, number.end)):
        number.value += number.scale / 2 if number.value >= 0 else -number.scale / 2
        number.end = half.end()


def _scale_after(text: str, number: Number, language: str | None) -> float | None:
    """The scale word right after `number` (its end moved past it), or None."""
    match = _SCALE_AFTER.match(text, number.end)
    if not match:
        return None
    written = match.group(2)
    word = written.lower()
    scale = scale_value(word, language)
    spaced = bool(match.group(1))
    if scale is None or scale <= number.scale or (word == "mm" and written != "MM"):
        return None  # "mm" are millimetres; "mille milliards" is read by its last word
    if word in _GLUED_ONLY_SCALES and (spaced or number.word):
        return None
    needs_money = word in _SCALES_BEFORE_MONEY and (spaced or number.word)
    if needs_money and not _MONEY_NEXT.match(text, match.end()):
        return None
    number.end = match.end()
    return scale
