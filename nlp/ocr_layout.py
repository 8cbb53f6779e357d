"""What a page's OCR words say about its type: the usual gap between words of a line and the
usual height of its words, against which one gap or one box is judged narrow or small."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.ocr_words import OcrWord

# Only words Tesseract read with some certainty measure the type: below this a "word" is often a
# speckle, a rule or a smear whose box says nothing about the spacing.
_MEASURING_CONFIDENCE = 60
# A line's own median needs a few gaps (a short line's one gap may be a tab or a column); with
# fewer, the page's median stands in. Fewer than _MIN_PAGE_GAPS on the whole page: no measure.
_MIN_LINE_GAPS = 3
_MIN_PAGE_GAPS = 5

Line = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class PageLayout:
    """The usual word gap and word height of each line of a page, in pixels."""

    gaps: dict[Line, float]
    heights: dict[Line, float]

    def gap_ratio(self, left: OcrWord, right: OcrWord) -> float | None:
        """The gap between two words of a line as a share of that line's usual word gap; None
        when it cannot be told (no measure, or boxes that overlap or come out of order)."""
        usual = self.gaps.get(left.line)
        gap = right.left - left.right
        if not usual or gap < 0 or left.line != right.line:
            return None
        return gap / usual

    def height_ratio(self, word: OcrWord) -> float | None:
        """A word's height as a share of its line's usual word height."""
        usual = self.heights.get(word.line)
        return word.height / usual if usual else None


def measure(words: Sequence[OcrWord]) -> PageLayout:
    """Measure a page from its words as read."""
    lines: dict[Line, list[OcrWord]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    line_gaps = {line: _confident_gaps(members) for line, members in lines.items()}
    every_gap = [gap for gaps in line_gaps.values() for gap in gaps]
    page_gap = statistics.median(every_gap) if len(every_gap) >= _MIN_PAGE_GAPS else None
    confident_heights = [w.height for w in words if w.confidence >= _MEASURING_CONFIDENCE]
    page_height = statistics.median(confident_heights) if confident_heights else None
    gaps: dict[Line, float] = {}
    heights: dict[Line, float] = {}
    for line, members in lines.items():
        own = line_gaps[line]
        # The smaller of the line's and the page's: a garbled line (smears read as words far
        # apart) inflates its own median, and a gap judged against an inflated median would
        # look narrow when it is not.
        candidates = [g for g in (page_gap, _median(own, _MIN_LINE_GAPS)) if g]
        if candidates:
            gaps[line] = min(candidates)
        confident = [w.height for w in members if w.confidence >= _MEASURING_CONFIDENCE]
        # A line of doubtful marks only (a speckle alone) is measured by the page's type.
        height = statistics.median(confident) if confident else page_height
        if height:
            heights[line] = height
    return PageLayout(gaps, heights)


def _confident_gaps(members: list[OcrWord]) -> list[int]:
    return [
        right.left - left.right
        for left, right in itertools.pairwise(members)
        if min(left.confidence, right.confidence) >= _MEASURING_CONFIDENCE
        and right.left >= left.right
    ]


def _median(values: list[int], at_least: int) -> float | None:
    return statistics.median(values) if len(values) >= at_least else None
