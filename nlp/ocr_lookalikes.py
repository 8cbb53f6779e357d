"""Letters OCR read where a number's digits were printed ("S tonnes", "1O0", "i décès sur 12",
"7, Blitres"), read back as digits where the number's place and Tesseract's doubt say so."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.ocr_words import OcrWord, Repair
from nlp.numbers import DIGITS, parse_digits
from nlp.ocr_cues import cue_words, is_cue, is_open_number, same_paragraph, word_parts
from nlp.ocr_layout import PageLayout

LOOKALIKES = {"O": "0", "o": "0", "S": "5", "s": "5", "l": "1", "I": "1", "|": "1",
              "B": "8", "Z": "2", "i": "1"}  # fmt: skip
# Letters that stand alone as words or labels in French, Italian or English ("I", the Italian
# article "i", the Italian "o", a plan "B", an "l'" whose apostrophe was lost, an "'s" split
# off): alone, one of them is taken for a digit only when Tesseract doubted it.
_WORD_LETTERS = frozenset("IiOoBls")
BARE_WORD_LETTER_MAX_CONFIDENCE = 80
# "S" or "Z" alone is no word of the three languages, but a letter printed as such is read
# surely (a clean "S" before "tonnes" came at 91-92, a blurred one at 35-81): one read with
# that confidence is left a letter.
BARE_LETTER_MAX_CONFIDENCE = 85
# A bare letter lower than this share of its line's word height is a speckle or a mark, not a
# digit's misreading (digits stand as tall as capitals).
BARE_LETTER_MIN_HEIGHT = 0.6
# Under this Tesseract read a smear: its letters say nothing of which digits were printed (on a
# photocopied test page "150 per cent" came out "loO percent" at 0).
LOOKALIKE_MIN_CONFIDENCE = 20
# Where a look-alike may stand at a number's edge: a leading "l"/"I" of "l5", a trailing "O" of
# "5O". A leading "S" is more often a misread "$" ("S18.3 million"), a trailing "s" a plural
# ("1990s"), a leading "B" or "O" a code ("B12", "O2"): those are left as read.
_LEADING = frozenset("lI")
_TRAILING = frozenset("Oo")
# "N sur M", "N su M", "N of M", "N in M", "N out of M": the first number of a ratio.
_RATIO_WORDS = {"fr": ("sur",), "it": ("su",), "en": ("of", "in", "out of")}
# Within a join's reach: the glued "Blitres" is split only where "7," stands this close.
GLUED_MAX_GAP = 0.9

_NUMBER = re.compile(DIGITS)


def read_lookalikes(
    words: list[OcrWord], language: str | None, layout: PageLayout, repairs: list[Repair]
) -> list[OcrWord]:
    """The words with look-alike letters read as digits where a number stands."""
    result = list(words)
    for index, word in enumerate(words):
        text = _as_number(words, index, language, layout)
        if text is not None:
            repairs.append(Repair(word.text, text))
            result[index] = replace(word, text=text)
    return _split_glued_units(result, layout, repairs)


def _as_number(
    words: list[OcrWord], index: int, language: str | None, layout: PageLayout
) -> str | None:
    word = words[index]
    lead, core, tail = word_parts(word.text)
    if not any(c in LOOKALIKES for c in core) or word.confidence < LOOKALIKE_MIN_CONFIDENCE:
        return None
    if any(not (c.isdigit() or c in LOOKALIKES or c in ".,") for c in core):
        return None
    digits = "".join(LOOKALIKES.get(c, c) for c in core)
    value = parse_digits(digits, language)
    if not _NUMBER.fullmatch(digits) or value is None:
        return None
    after = next((w for w in words[index + 1 : index + 2] if same_paragraph(word, w)), None)
    following = words[index + 2] if after is not None and index + 2 < len(words) else None
    if tail.strip("%"):
        after = None  # "o." then "milioni": a mark between them parts the number from the unit
    unit = after if is_cue(after) else None
    cued = "%" in tail or is_cue(after, following) or _opens_ratio(words, index, language)
    if not cued and not _letters_inside_digits(core):
        return None
    if not _agrees(value, unit, language):
        return None
    if any(c.isdigit() for c in core):
        return lead + digits + tail if _edges_allowed(core) or not _edges(core) else None
    return lead + digits + tail if _bare_letters_doubted(word, core, language, layout) else None


def _edges(core: str) -> list[int]:
    """Where look-alikes stand without a digit on both sides."""
    return [
        i
        for i, c in enumerate(core)
        if c in LOOKALIKES
        and not (any(d.isdigit() for d in core[:i]) and any(d.isdigit() for d in core[i:]))
    ]


def _letters_inside_digits(core: str) -> bool:
    return any(c.isdigit() for c in core) and not _edges(core)


def _edges_allowed(core: str) -> bool:
    return all(
        (i == 0 and core[0] in _LEADING) or (i == len(core) - 1 and core[i] in _TRAILING)
        for i in _edges(core)
    )


def _bare_letters_doubted(
    word: OcrWord, core: str, language: str | None, layout: PageLayout
) -> bool:
    """Whether a word of look-alike letters only ("S", "IO") may be a misread number: Tesseract
    doubted it, it is no Italian article, and it stands as tall as a digit."""
    if "|" in core or set(core) <= set("Oo") or (core == "i" and language not in ("fr", "en")):
        return False  # "|" is a rule or a speckle, a lone zero before a unit is rarely printed
    wordlike = len(core) > 1 or core in _WORD_LETTERS
    limit = BARE_WORD_LETTER_MAX_CONFIDENCE if wordlike else BARE_LETTER_MAX_CONFIDENCE
    height = layout.height_ratio(word)
    return word.confidence < limit and height is not None and height >= BARE_LETTER_MIN_HEIGHT


def _opens_ratio(words: list[OcrWord], index: int, language: str | None) -> bool:
    """Whether the word at `index` opens a ratio: "N sur 12", "N décès sur 12", "N out of 5"."""
    ratio_words = _RATIO_WORDS.get(language or "") or tuple(
        ratio for group in _RATIO_WORDS.values() for ratio in group
    )
    ahead = [
        w.text.lower() for w in words[index + 1 : index + 5] if same_paragraph(words[index], w)
    ]
    for skip in (0, 1):  # the ratio word right after, or after one noun
        for ratio in ratio_words:
            size = len(ratio.split())
            if ahead[skip : skip + size] == ratio.split() and skip + size < len(ahead):
                return ahead[skip + size][:1].isdigit()
    return False


def _plural(word: str) -> bool | None:
    """Whether a unit or scale word is a plural form (True), a singular one (False), or says
    nothing ("mille", "kg"), judged by its other form in the same tables."""
    table = cue_words()
    if (word.endswith("s") and word[:-1] in table) or (
        word.endswith("i") and {word[:-1] + "o", word[:-1] + "e"} & table
    ):
        return True
    if word.endswith("e") and word[:-1] + "a" in table:
        return True
    if word + "s" in table or (word[-1:] in ("o", "e") and word[:-1] + "i" in table):
        return False
    if word.endswith("a") and word[:-1] + "e" in table:
        return False
    return None


def _agrees(value: float, unit: OcrWord | None, language: str | None) -> bool:
    """A plural unit wants a number other than one ("I milioni" is an article and a noun); in
    French and Italian a singular one wants less than two ("Il milione" is no 11)."""
    if unit is None:
        return True
    plural = _plural(word_parts(unit.text)[1].lower())
    if plural is True:
        return value != 1
    if plural is False and language in ("fr", "it"):
        return value < 2
    return True


def _split_glued_units(
    words: list[OcrWord], layout: PageLayout, repairs: list[Repair]
) -> list[OcrWord]:
    """ "7," then "Blitres" -> "7," "8" "litres": a number's last digit read as a letter and
    glued to its unit, where the number's first part stands just before it."""
    result: list[OcrWord] = []
    for word in words:
        before = result[-1] if result and result[-1].line == word.line else None
        split = _glued(word) if before is not None and is_open_number(before.text) else None
        ratio = layout.gap_ratio(before, word) if before is not None else None
        if split is None or ratio is None or ratio > GLUED_MAX_GAP:
            result.append(word)
            continue
        letters, unit = split
        digits = "".join(LOOKALIKES[c] for c in letters)
        share = round(word.width * len(letters) / len(word.text))
        result.append(replace(word, text=digits, width=share))
        result.append(replace(word, text=unit, left=word.left + share, width=word.width - share))
        repairs.append(Repair(word.text, f"{digits} {unit}"))
    return result


def _glued(word: OcrWord) -> tuple[str, str] | None:
    for size in (1, 2):
        letters, unit = word.text[:size], word.text[size:]
        if all(c in LOOKALIKES for c in letters) and word_parts(unit)[1].lower() in cue_words():
            return letters, unit
    return None
