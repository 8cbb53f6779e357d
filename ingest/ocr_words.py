"""What Tesseract read on a page, word by word: each word's box and confidence, and the page's
text put together from them (lines, and blank lines between paragraphs, as Tesseract writes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# With fewer words than this a page's mean confidence says nothing.
_MIN_WORDS_TO_JUDGE = 10


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as read: its characters, Tesseract's confidence (0-100), its box in pixels of
    the image read, and the (block, paragraph, line) it stands on."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def as_row(self) -> list[object]:
        """The word as a JSON-friendly row (the OCR cache keeps pages as rows)."""
        return [self.text, self.confidence, self.left, self.top, self.width, self.height,
                *self.line]  # fmt: skip

    @classmethod
    def from_row(cls, row: Sequence[object]) -> OcrWord:
        text, confidence, left, top, width, height, block, paragraph, line = row
        return cls(
            str(text),
            float(confidence),  # type: ignore[arg-type]
            int(left),  # type: ignore[call-overload]
            int(top),  # type: ignore[call-overload]
            int(width),  # type: ignore[call-overload]
            int(height),  # type: ignore[call-overload]
            (int(block), int(paragraph), int(line)),  # type: ignore[call-overload]
        )


def parse_tsv(table: str) -> list[OcrWord]:
    """The words of Tesseract's TSV output, in reading order (empty boxes left out)."""
    words = []
    for row in csv.DictReader(io.StringIO(table), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            words.append(
                OcrWord(
                    text,
                    max(0.0, float(row["conf"])),
                    int(row["left"]),
                    int(row["top"]),
                    int(row["width"]),
                    int(row["height"]),
                    (int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a damaged row costs one word
    return words


def page_text(words: Sequence[OcrWord]) -> str:
    """The words as Tesseract's text output has them: a line per printed line, a blank line
    between paragraphs."""
    parts: list[str] = []
    previous: tuple[int, int, int] | None = None
    for word in words:
        if previous is not None:
            if word.line[:2] != previous[:2]:
                parts.append("\n\n")
            elif word.line != previous:
                parts.append("\n")
            else:
                parts.append(" ")
        parts.append(word.text)
        previous = word.line
    return "".join(parts)


def mean_confidence(words: Sequence[OcrWord]) -> float | None:
    """The words' mean confidence, 0-1; None with too few words to tell."""
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return None
    return round(sum(word.confidence for word in words) / len(words) / 100, 3)


@dataclass(frozen=True, slots=True)
class Repair:
    """One change made to what OCR read: `written` now stands in the text where Tesseract read
    `read` ("17,614" for "17, 614"; "" where a speckle read as a digit was dropped)."""

    read: str
    written: str


# Repairs what OCR read on one page, in the page's language (None: unknown), returning the words
# as they should stand and each change made; nlp/ocr_repair.py has the one the product uses.
WordRepair = Callable[[Sequence[OcrWord], str | None], tuple[list[OcrWord], list[Repair]]]
