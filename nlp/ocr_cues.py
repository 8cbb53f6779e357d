"""What stands around a number on an OCR'd page: a word's marks and core, and the words after a
number (units, scale words, durations, currencies, per-cent words) that make it a quantity."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ingest.ocr_words import OcrWord
from nlp.currencies import currency_words
from nlp.numbers import SCALES
from nlp.units import DURATION_UNITS, PHYSICAL_UNITS

_WORD_PARTS = re.compile(r"([^\w|]*)(.*?)([^\w|]*)", re.DOTALL)
_PERCENT_WORDS = re.compile(r"(?:pour\s?cent|pourcent|per\s?cent|percent|per\s+cento|percento)\b")
# A number's first part as Tesseract cuts it off: "17,", "1.234.", "($30.".
_OPEN_NUMBER = re.compile(r"[^\w\s]*\d[\d.,]*[.,]")


def word_parts(text: str) -> tuple[str, str, str]:
    """A word's leading marks, its core and its trailing marks: "($17," -> "($", "17", ","."""
    match = _WORD_PARTS.fullmatch(text)
    assert match is not None  # every string matches
    return match.group(1), match.group(2), match.group(3)


def is_open_number(text: str) -> bool:
    """Whether a word is a number ending in its separator, its next digits cut off: "17,"."""
    return bool(_OPEN_NUMBER.fullmatch(text))


def same_paragraph(left: OcrWord, right: OcrWord) -> bool:
    return left.line[:2] == right.line[:2]


def is_sign(character: str) -> bool:
    """Whether a character is a currency sign ("$", "€", "£")."""
    return unicodedata.category(character) == "Sc"


@cache
def cue_words() -> frozenset[str]:
    """Words after which what comes before is a quantity: units, scale words, durations and
    currencies, in lower case (only those of three letters or more: "t", "m" or "ha" after a
    misread letter prove nothing)."""
    words = {*PHYSICAL_UNITS, *SCALES, *DURATION_UNITS, *currency_words()}
    return frozenset(w for w in words if len(w) >= 3 and " " not in w)


def is_cue(word: OcrWord | None, following: OcrWord | None = None) -> bool:
    """Whether `word` (then `following`) makes the number before it a quantity: a unit, a
    scale word, a currency (a word or a sign), "%" or a per-cent phrase."""
    if word is None:
        return False
    lead, core, _ = word_parts(word.text)
    if word.text.startswith("%") or (not core and any(is_sign(c) for c in lead)):
        return True
    phrase = core.lower() if following is None else f"{core} {following.text}".lower()
    return core.lower() in cue_words() or bool(_PERCENT_WORDS.match(phrase))
