"""Number-aware repair of what OCR read: figures broken by a stray space, a look-alike letter, a
misspelt scale word or unit, a doubled currency sign or a speckle read as a digit, mended only
on OCR'd pages and only where word boxes, Tesseract's confidences and the grammar of numbers
agree. The page's text is rebuilt from the repaired words, so offsets hold by construction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ingest.ocr_words import OcrWord, Repair
from nlp.currencies import currency_words
from nlp.numbers import SCALES
from nlp.ocr_cues import is_sign, same_paragraph, word_parts
from nlp.ocr_joins import join_split_numbers
from nlp.ocr_layout import PageLayout, measure
from nlp.ocr_lookalikes import read_lookalikes
from nlp.units import PHYSICAL_UNITS

# Speckles read as characters came with confidences of 0-46 on the degraded test pages; real
# one-digit numbers mostly well above, and the few below are kept by the isolation test.
SPECKLE_MAX_CONFIDENCE = 50
# A speckle lies apart: on the test pages those read as digits stood 3.8-113 usual gaps from the
# nearest word of their line, real one-digit numbers 3.4 at most.
SPECKLE_MIN_GAP = 3.5
# Alone on its line, a mark is a speckle only when it is also small: a page number or a list
# number stands there too, as tall as any digit.
SPECKLE_MAX_HEIGHT = 0.6
_SPECKLE_CHARACTERS = frozenset("0123456789.,'’‘`")

# Shorter words are one edit away from too many others ("tons", "mila", "euro").
MISSPELT_MIN_LENGTH = 5
# Tesseract's dictionary lifts the confidence of the words it knows: a word read surely is the
# word printed ("titres" de séjour are no misread "litres").
MISSPELT_MAX_CONFIDENCE = 85

_ENDS_IN_DIGIT = re.compile(r"\d%?")
# Letters that are one upright stroke, read for one another ("Iitres").
_STEMS = frozenset("il|")


def repair_numbers(
    words: Sequence[OcrWord], language: str | None
) -> tuple[list[OcrWord], list[Repair]]:
    """The words of one OCR'd page with the slips that break its figures mended, and each change
    made; `language` is the page's ("fr", "it", "en") or None when unknown."""
    layout = measure(words)
    repairs: list[Repair] = []
    kept = _drop_speckles(list(words), layout, repairs)
    kept = [_collapse_currency(word, repairs) for word in kept]
    kept = read_lookalikes(kept, language, layout, repairs)
    kept = join_split_numbers(kept, language, layout, repairs)
    kept = _respell_after_numbers(kept, repairs)
    return kept, repairs


def _drop_speckles(
    words: list[OcrWord], layout: PageLayout, repairs: list[Repair]
) -> list[OcrWord]:
    kept = []
    for index, word in enumerate(words):
        if _is_speckle(words, index, layout):
            repairs.append(Repair(word.text, ""))
        else:
            kept.append(word)
    return kept


def _is_speckle(words: list[OcrWord], index: int, layout: PageLayout) -> bool:
    """A one-character "number" or mark read with doubt, far from every word of its line."""
    word = words[index]
    if word.text not in _SPECKLE_CHARACTERS or word.confidence >= SPECKLE_MAX_CONFIDENCE:
        return False
    before = words[index - 1] if index and words[index - 1].line == word.line else None
    after = words[index + 1] if index + 1 < len(words) else None
    after = after if after is not None and after.line == word.line else None
    if before is None and after is None:
        height = layout.height_ratio(word)
        return height is not None and height < SPECKLE_MAX_HEIGHT
    for left, right in ((before, word), (word, after)):
        if left is None or right is None:
            continue
        ratio = layout.gap_ratio(left, right)
        if ratio is None or ratio < SPECKLE_MIN_GAP:
            return False  # near a word: a footnote mark, a list number, a digit of a figure
    return True


def _collapse_currency(word: OcrWord, repairs: list[Repair]) -> OcrWord:
    """ "$$18.3" -> "$18.3": a sign printed once and read twice."""
    lead, core, tail = word_parts(word.text)
    doubled = re.search(r"(\S)\1+$", lead)
    if not core[:1].isdigit() or not doubled or not is_sign(doubled.group(1)):
        return word
    text = lead[: doubled.start()] + doubled.group(1) + core + tail
    repairs.append(Repair(word.text, text))
    return replace(word, text=text)


@cache
def _scale_and_unit_words() -> frozenset[str]:
    words = {*SCALES, *PHYSICAL_UNITS, *currency_words()}
    return frozenset(w for w in words if len(w) >= MISSPELT_MIN_LENGTH and w.isalpha())


def _respell_after_numbers(words: list[OcrWord], repairs: list[Repair]) -> list[OcrWord]:
    """ "330 miltions" -> "330 millions", "7,8 Iitres" -> "7,8 litres": a word one edit from
    exactly one scale word, unit or currency, right after a number, that Tesseract doubted."""
    result = list(words)
    for index, word in enumerate(words[1:], start=1):
        before = words[index - 1]
        lead, core, tail = word_parts(word.text)
        if (
            not same_paragraph(before, word)
            or not _ENDS_IN_DIGIT.search(before.text.rstrip(".,;:)"))
            or word.confidence >= MISSPELT_MAX_CONFIDENCE
            or len(core) < MISSPELT_MIN_LENGTH
            or not core.isalpha()
            or core.lower() in _scale_and_unit_words()
        ):
            continue
        read = core.lower()
        candidates = {
            w for w in _scale_and_unit_words() if _same_opening(read, w) and _one_edit(read, w)
        }
        if len(candidates) != 1:
            continue
        [spelt] = candidates
        if core[0].isupper() and core[0].lower() == spelt[0]:
            spelt = spelt.capitalize()
        text = lead + spelt + tail
        repairs.append(Repair(word.text, text))
        result[index] = replace(word, text=text)
    return result


def _same_opening(read: str, word: str) -> bool:
    """Whether two words open with the same letter ("I" and "l" alike): words that differ there
    are mostly other words ("donne" are no "tonne", "titres" no "litres"), while OCR slips fall
    inside a word more than at its edge."""
    return read[0] == word[0] or {read[0], word[0]} <= _STEMS


def _one_edit(read: str, word: str) -> bool:
    """Whether `read` is `word` with one letter changed, added, dropped or two swapped."""
    if abs(len(read) - len(word)) > 1 or read == word:
        return False
    if len(read) == len(word):
        diffs = [i for i, (a, b) in enumerate(zip(read, word, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first, second = diffs[0], diffs[-1]
        return (
            len(diffs) == 2
            and second == first + 1
            and read[first] == word[second]
            and read[second] == word[first]
        )
    shorter, longer = sorted((read, word), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
