"""Sentence edges of a normalised text: the unit figures and their topics are reported in."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


class Sentences:
    """The sentences of one text, found once, so each lookup is a binary search."""

    def __init__(self, text: str) -> None:
        breaks = list(_SENTENCE_END.finditer(text))
        self._starts = [0] + [match.end() for match in breaks]
        self._ends = [match.start() for match in breaks] + [len(text)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding the span [start, end)."""
        opening = self._starts[bisect.bisect_right(self._starts, start) - 1]
        closing = self._ends[min(bisect.bisect_left(self._ends, end), len(self._ends) - 1)]
        return opening, closing


@lru_cache(maxsize=4)
def sentences_of(text: str) -> Sentences:
    """The sentences of `text`, found once for the stages that read the same document in turn
    (figure topics and measures, then the index's figure rows)."""
    return Sentences(text)
