"""Long documents cut into paragraph groups, analysed one at a time, and put back together.

Every stage after spaCy reads the whole text it is given, and some compare each figure with
its neighbours: on a text of millions of characters their work and memory grow faster than the
text. Analysing a long document as parts of bounded length keeps each stage's work bounded and
the total linear in the document's length, whatever the text looks like.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TypeVar

from ingest.model import DateMention, Document, Entity, Figure, LanguageSpan, Topic
from nlp.countries import countries_about

# Documents up to this length are analysed whole, as always (policy reports and news are far
# shorter); longer ones in parts of about this length, cut between paragraphs.
SEGMENT_CHARS = 100_000
# Where a part may end, best first: a paragraph, a line, a sentence, a word.
_CUTS = ("\n\n", "\n", ". ", " ")


def segment_bounds(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of `text`, each at most `limit` characters, cut at the
    last paragraph break before the limit (else line, sentence, word; else at the limit)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for cut in _CUTS:
            found = text.rfind(cut, start + limit // 2, end)
            if found > start:
                end = found + len(cut)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def part_of(document: Document, start: int, end: int) -> Document:
    """The stretch text[start:end] as a document of its own: language spans clipped and moved
    to its start, no pages (they are placed on the whole document afterwards)."""
    spans = [
        LanguageSpan(
            start=max(s.start, start) - start, end=min(s.end, end) - start, language=s.language
        )
        for s in document.paragraph_languages
        if s.start < end and s.end > start
    ]
    return document.model_copy(
        update={"text": document.text[start:end], "paragraph_languages": spans, "pages": []}
    )


_Span = TypeVar("_Span", Entity, Figure, DateMention)


def _moved(spans: Sequence[_Span], offset: int) -> list[_Span]:
    if not offset:
        return list(spans)
    return [s.model_copy(update={"start": s.start + offset, "end": s.end + offset}) for s in spans]


def joined_topics(parts: Sequence[Sequence[Topic]]) -> list[Topic]:
    """The parts' topic counts added up, most discussed first (ties by id, as for one part)."""
    counts: Counter[str] = Counter()
    for topics in parts:
        for topic in topics:
            counts[topic.concept] += topic.count
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Topic(concept=concept, count=count) for concept, count in ranked]


def joined(
    parts: Sequence[tuple[int, Document]], title_references: Counter[str]
) -> dict[str, object]:
    """The fields the analysed parts (with their starts) give the whole document, each span
    moved by its part's start; what it is about weighs the title's `title_references`."""
    mentioned: Counter[str] = Counter()
    for _, part in parts:
        mentioned.update(part.countries_mentioned)
    return {
        "entities": [e for offset, part in parts for e in _moved(part.entities, offset)],
        "figures": [f for offset, part in parts for f in _moved(part.figures, offset)],
        "dates": [d for offset, part in parts for d in _moved(part.dates, offset)],
        "countries": countries_about(mentioned, title_references),
        "countries_mentioned": dict(mentioned.most_common()),
        "topics": joined_topics([part.topics for _, part in parts]),
    }
