"""Tagging a document with the thesaurus concepts it discusses, and each figure with its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Figure, LanguageSpan, Topic
from ingest.sentences import sentences_of
from nlp.terms import LANGUAGES, terms
from nlp.thesaurus import Thesaurus


@dataclass(frozen=True)
class TopicMention:
    """Text[start:end] names these concepts."""

    start: int
    end: int
    concepts: frozenset[str]


def find_mentions(
    text: str, spans: Sequence[LanguageSpan], language: str | None, thesaurus: Thesaurus
) -> list[TopicMention]:
    """Label matches in each stretch of the text, analysed in that stretch's language."""
    stretches = [(s.start, s.end, s.language) for s in spans] or [(0, len(text), language)]
    mentions = []
    for start, end, stretch_language in stretches:
        if stretch_language not in LANGUAGES:
            continue
        words = terms(text, stretch_language, start, end)
        for match in thesaurus.matches(words, stretch_language):
            first, last = words[match.first], words[match.last - 1]
            mentions.append(TopicMention(first.start, last.end, match.concepts))
    return mentions


def count_topics(mentions: Sequence[TopicMention]) -> list[Topic]:
    """Concepts by number of mentions, most discussed first (ties by id, for stable output)."""
    counts = Counter(concept for mention in mentions for concept in mention.concepts)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Topic(concept=concept, count=count) for concept, count in ranked]


def tag_figures(
    text: str, figures: Sequence[Figure], mentions: Sequence[TopicMention]
) -> list[Figure]:
    """Each figure with the concepts named in its sentence, so figures can be pulled by topic."""
    if not figures or not mentions:
        return list(figures)
    sentences = sentences_of(text)
    by_sentence: dict[tuple[int, int], set[str]] = {}
    for mention in mentions:
        by_sentence.setdefault(sentences.around(mention.start, mention.end), set()).update(
            mention.concepts
        )
    tagged = []
    for figure in figures:
        concepts = by_sentence.get(sentences.around(figure.start, figure.end), set())
        tagged.append(
            figure.model_copy(update={"topics": sorted(concepts)}) if concepts else figure
        )
    return tagged
