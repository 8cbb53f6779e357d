"""The dates of one sentence that may tie a figure (anchors), and what each may tie."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import DateMention
from nlp import time_cues as cues

_CLAUSE_OPENING = re.compile(r"[,;:(]")


@dataclass
class Anchor:
    """A date in a sentence, as a candidate as_of."""

    start: int
    end: int
    value: str
    base: bool  # a comparison base or a starting point: ties only a figure in brackets after it
    adverbial: bool = True  # in a time adverbial, not qualifying a noun
    embedded: bool = False  # in a relative or participial clause ("which opened in 2025")
    owner: int | None = None  # the figure (index) that took it as its own date

    @property
    def ties(self) -> bool:
        """Whether it may tie a figure outside brackets."""
        return self.adverbial and not self.base


def sentence_anchors(
    text: str,
    start: int,
    end: int,
    dates: Sequence[DateMention],
    last_period: str | None,
) -> list[Anchor]:
    """The dates of one sentence that may tie a figure, and the phrases pointing back to one."""
    anchors = []
    for date in dates:
        before = text[max(start, date.start - 48) : date.start]
        if cues.REPORTING_BEFORE.search(before):
            continue  # the date of the report
        year_to_date = bool(cues.YEAR_TO_DATE_BEFORE.search(before))
        base = not year_to_date and any(
            pattern.search(before)
            for pattern in (cues.BASE_BEFORE, cues.SINCE_BEFORE, cues.COMPARED_QUE_BEFORE)
        )
        adverbial = (
            year_to_date
            or bool(cues.ADVERBIAL_BEFORE.search(before))
            or bool(cues.DATA_NOUN_BEFORE.search(text, max(start, date.start - 80), date.start))
            or bool(cues.DATA_NOUN_AFTER.match(text, date.end, end))
            or _opens_with_cue(date.text)
        )
        marks = [m.end() for m in _CLAUSE_OPENING.finditer(text, start, date.start)]
        clause_start = max([start, *marks])
        embedded = bool(cues.EMBEDDED_CLAUSE.match(text, clause_start, date.start))
        anchors.append(Anchor(date.start, date.end, date.value, base, adverbial, embedded))
        if relative := cues.TIME_RELATIVE_AFTER.match(text, date.end, end):
            anchors.append(Anchor(relative.end(), relative.end(), date.value, base=False))
    anchors = _join_periods(text, start, anchors)
    if (last_period is not None or anchors) and cues.may_point_to_a_period(text, start, end):
        for match in cues.SAME_PERIOD.finditer(text, start, end):
            # "cette année-là": the last date before it in its sentence ("depuis 2012, ... cette
            # année-là" is 2012), else the sentence before's.
            in_sentence = [a.value for a in anchors if a.end <= match.start()]
            if period := (in_sentence[-1] if in_sentence else last_period):
                anchors.append(Anchor(match.start(), match.end(), period, base=False))
    if anchors and cues.is_plan(text, start, end):
        return []  # a budget, a target or a plan: its dates are not when its figures held
    return sorted(anchors, key=lambda a: a.start)


def _join_periods(text: str, start: int, anchors: list[Anchor]) -> list[Anchor]:
    """Two dates that open and close one period are one anchor: "tra il 2023 e i primi sei mesi
    del 2024" = 2023/2024-H1 (the dates themselves stay two in `dates`, as gold lists them); a
    date that narrows the one before is one too: "en 2016, entre janvier et novembre"."""
    joined: list[Anchor] = []
    for anchor in anchors:
        left = joined[-1] if joined else None
        if (
            left is not None
            and "/" not in left.value + anchor.value
            and left.value < anchor.value
            and cues.PERIOD_JOIN.match(text[left.end : anchor.start])
            and cues.PERIOD_OPENER_BEFORE.search(text, max(start, left.start - 16), left.start)
        ):
            joined[-1] = Anchor(left.start, anchor.end, f"{left.value}/{anchor.value}", left.base)
            continue
        if (
            left is not None
            and anchor.value.startswith(left.value)
            and len(anchor.value) > len(left.value)
            and re.fullmatch(r"\s*,?\s*", text[left.end : anchor.start])
        ):  # "en 2016, entre janvier et novembre": the second narrows the first
            joined[-1] = Anchor(left.start, anchor.end, anchor.value, left.base, left.adverbial)
            continue
        joined.append(anchor)
    return joined


def _opens_with_cue(date_text: str) -> bool:
    """Intervals and quarters carry their own preposition: "entre 2013 et 2016"."""
    return bool(re.match(r"(?:entre|between|tra|fra|from|du|dal|dall|da|de)\b", date_text, re.I))
