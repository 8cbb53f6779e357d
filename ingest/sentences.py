"""Where the sentences of a normalised text end, read two ways: coarsely, the unit figures are
shown and tagged in, and as a reader does, the unit a date governs.

`Sentences` ends a sentence at every ".", "!", "?", ";" and line break: cheap, and the same in
nlp (the sentence whose words give a figure its measure and topics) and search (the sentence
shown with a figure), which is why it lives here, below both. `sentence_spans` reads as a
person does, for the dates a sentence's figures are true at: a full stop after "Dr" or an
initial goes on, and a semicolon ends nothing, so that a date opening a sentence reaches past it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
# Words a period follows without ending the sentence: forms of address, references, company
# names' endings. No "me": "for me." ends a sentence.
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms m mme mlle st no nr nrs n art artt p pp vol ca cf fig dott sig sigg prof "
    "gen av avv on hon corp inc ltd co".split()
)
_PERIOD_BREAK = re.compile(r"[.!?…]+[\"»”’)]*\s+(?=[\"«“(]?[A-ZÀ-Ý0-9])")


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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as a reader sees them, (start, end) in text order: line breaks end them, and so
    do full stops, question and exclamation marks before a capital or a digit; abbreviations
    and initials ("Dr.", "P. Sawadogo"), decimals and semicolons do not."""
    edges = [0]
    for line in re.finditer(r"[^\n]+", text):
        if line.start() > edges[-1]:
            edges.append(line.start())
        for stop in _PERIOD_BREAK.finditer(text, line.start(), line.end()):
            # The word the full stop ends: an abbreviation or a letter's initial goes on.
            word = re.search(
                r"([^\W\d_]+)$", text[max(line.start(), stop.start() - 12) : stop.start()]
            )
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            edges.append(stop.end())
    edges.append(len(text))
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


@lru_cache(maxsize=4)
def sentences_of(text: str) -> Sentences:
    """The sentences of `text`, found once for the stages that read the same document in turn
    (figure topics and measures, then the index's figure rows)."""
    return Sentences(text)
