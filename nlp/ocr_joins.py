"""Numbers OCR cut in two after their separator ("17, 614", "30. 7%"), joined again where the
gap between the two boxes is narrower than a word space and the pieces fit how the language
writes numbers."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.ocr_words import OcrWord, Repair
from nlp.ocr_cues import is_cue, is_open_number, is_sign, word_parts
from nlp.ocr_layout import PageLayout

# Tesseract joins by itself pieces whose gap is well under its estimate of the line's word
# space: on pages rendered and degraded for the tests it split a printed "17,614" only at
# 0.62-1.0 of the line's usual gap, and real spaces between numbers ("In 2017, 614") came down to
# 0.56 on photocopies. Under this ratio a gap is narrower than any word space measured: the
# shape of the number is evidence enough.
JOIN_NARROW_GAP = 0.5
# Up to this ratio a split is joined only when the number is plainly a quantity ("%", a unit, a
# scale word or a currency after it, a currency sign before it): on clean pages real spaces after
# a number's comma or point measured 0.94 of the usual gap and more.
JOIN_CUED_GAP = 0.9
# Pieces read with less confidence are as likely misread digits: joined, they would make a
# figure out of noise.
JOIN_MIN_CONFIDENCE = 40

_GROUP = {"en": ",", "fr": ".", "it": "."}
_DECIMAL = {"en": ".", "fr": ",", "it": ","}
# "2019, 30 %" and "in 2017. 614 people": a year closes a clause far more often than a number
# with a decimal part of that size begins.
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def join_split_numbers(
    words: list[OcrWord], language: str | None, layout: PageLayout, repairs: list[Repair]
) -> list[OcrWord]:
    """The words with each number cut after its separator joined back into one word."""
    result: list[OcrWord] = []
    for index, word in enumerate(words):
        before = result[-1] if result else None
        after = words[index + 1] if index + 1 < len(words) else None
        if before is not None and _joins(before, word, after, language, layout):
            joined = _union(before, word)
            repairs.append(Repair(f"{before.text} {word.text}", joined.text))
            result[-1] = joined
        else:
            result.append(word)
    return result


def _joins(
    left: OcrWord, right: OcrWord, after: OcrWord | None, language: str | None, layout: PageLayout
) -> bool:
    if not is_open_number(left.text) or not _fits(left.text, right.text, language):
        return False
    if min(left.confidence, right.confidence) < JOIN_MIN_CONFIDENCE:
        return False
    ratio = layout.gap_ratio(left, right)
    if ratio is None:
        return False
    if ratio < JOIN_NARROW_GAP:
        return True
    after_on_line = after if after is not None and after.line == right.line else None
    quantity = (
        "%" in right.text
        or any(is_sign(c) for c in word_parts(left.text)[0])
        or is_cue(after_on_line)
    )
    return quantity and ratio <= JOIN_CUED_GAP


def _fits(left: str, right: str, language: str | None) -> bool:
    """Whether "17," and "614" make one number as `language` writes them: a thousands group of
    three digits after its grouping mark, or decimals (and "%") after the decimal mark."""
    whole, mark = word_parts(left)[1], left[-1]
    tail = re.fullmatch(r"(\d+(?:[.,]\d+)*)(%?)[.,;:)\]]*", right)
    if tail is None:
        return False
    digits, percent = tail.groups()
    conventions = [language] if language in _GROUP else list(_GROUP)
    for convention in conventions:
        group, decimal = _GROUP[convention], _DECIMAL[convention]
        if mark == group and re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})*", whole):
            rest = rf"\d{{3}}(?:{re.escape(group)}\d{{3}})*(?:{re.escape(decimal)}\d+)?"
            if not percent and re.fullmatch(rest, digits):
                return True
        integer = rf"\d+(?:{re.escape(group)}\d{{3}})*"
        decimals = digits.isdigit() and not _YEAR.fullmatch(whole)
        if mark == decimal and decimals and re.fullmatch(integer, whole):
            return True
    return False


def _union(left: OcrWord, right: OcrWord) -> OcrWord:
    top = min(left.top, right.top)
    return replace(
        left,
        text=left.text + right.text,
        confidence=min(left.confidence, right.confidence),
        width=right.right - left.left,
        top=top,
        height=max(left.bottom, right.bottom) - top,
    )
