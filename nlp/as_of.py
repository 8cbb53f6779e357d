"""The date a figure is true at (`as_of`): the date its sentence ties to it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ingest.model import DateMention, Figure

SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-ZÀ-Ý«\"“(])|\n")
AS_OF_CUE = re.compile(
    r"(?:\b(?:au|à\s+la\s+date\s+du|à\s+fin|fin|as\s+of|as\s+at|at\s+the\s+end\s+of|"
    r"by\s+the\s+end\s+of|al|alla\s+data\s+del|alla\s+fine\s+di|a\s+fine|a\s+fine\s+del|"
    r"entro\s+il|until|jusqu'au|up\s+to|fino\s+al|dès)\s+(?:le\s+|il\s+|the\s+)?)$",
    re.IGNORECASE,
)


def tie_dates(text: str, figures: list[Figure], dates: Sequence[DateMention]) -> list[Figure]:
    """Give each figure the date its sentence ties to it ("Au 30 septembre 2023, ...")."""
    anchored = [d for d in dates if AS_OF_CUE.search(text[max(0, d.start - 30) : d.start])]
    if not anchored:
        return figures
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    result = []
    for figure in figures:
        at = bisect_right(bounds, figure.start)  # bounds are sorted: the sentence's end
        sentence = bounds[at - 1]
        following = bounds[at] if at < len(bounds) else len(text)
        tied = [d for d in anchored if sentence <= d.start < following]
        as_of = tied[0].value if tied else None
        result.append(figure.model_copy(update={"as_of": as_of}) if as_of else figure)
    return result
