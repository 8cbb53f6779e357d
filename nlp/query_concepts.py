"""The concepts a query's words name: the thesaurus's label matches in every language,
longest first, with what a cross-lingual search for each concept also asks for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nlp.terms import LANGUAGES, terms
from nlp.text import fold
from nlp.thesaurus import Thesaurus


class QueryScope(Protocol):
    """A stretch of a query where labels may match, as the query language (search/) cuts it."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def whole(self) -> bool:
        """Only a label covering all of the stretch may match (a phrase, an exclusion)."""
        ...

    @property
    def tokens(self) -> Sequence[tuple[int, int]]:
        """Where the stretch's tokens lie: a match widens to whole tokens."""
        ...


@dataclass(frozen=True)
class ConceptSpan:
    """Query characters start:end (whole tokens) name `concepts` in `languages`."""

    start: int
    end: int
    concepts: tuple[str, ...]
    languages: tuple[str, ...]
    # The concepts and everything narrower, each once: documents are tagged with them for
    # every label of theirs found, in any language.
    covered: tuple[str, ...]
    # Each concept's preferred labels (folded content words, without repeats) other than the
    # words as typed: a one-word label also finds untagged text.
    labels: tuple[str, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    concepts: frozenset[str]
    languages: frozenset[str]


def concept_spans(
    query: str, scopes: Sequence[QueryScope], thesaurus: Thesaurus
) -> list[ConceptSpan]:
    """The spans of `query`, within `scopes`, that name concepts, in order."""
    spans = [span for scope in scopes for span in _scope_spans(query, scope, thesaurus)]
    return [_described(query, span, thesaurus) for span in spans]


def _scope_spans(query: str, scope: QueryScope, thesaurus: Thesaurus) -> list[_Span]:
    """Longest label matches in the scope in any language, widened to whole tokens.

    A phrase or an exclusion (`whole`) expands only when one label covers all of it.
    """
    found: list[_Span] = []
    for language in LANGUAGES:
        words = terms(query, language, scope.start, scope.end)
        for match in thesaurus.matches(words, language):
            if scope.whole and (match.first, match.last) != (0, len(words)):
                continue
            first = words[match.first].start
            last = words[match.last - 1].end
            token_start = max(start for start, _ in scope.tokens if start <= first)
            token_end = min(end for _, end in scope.tokens if end >= last)
            found.append(_Span(token_start, token_end, match.concepts, frozenset({language})))
    # Longest spans win; spans equal across languages merge their concepts.
    found.sort(key=lambda span: (-(span.end - span.start), span.start))
    chosen: list[_Span] = []
    for span in found:
        same = next((c for c in chosen if (c.start, c.end) == (span.start, span.end)), None)
        if same is not None:
            chosen[chosen.index(same)] = _Span(
                span.start,
                span.end,
                same.concepts | span.concepts,
                same.languages | span.languages,
            )
        elif all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def _described(query: str, span: _Span, thesaurus: Thesaurus) -> ConceptSpan:
    """The span with the concepts' narrower ones and their labels other than the typed words
    (folding drops an exclusion's "-" and a phrase's quotes)."""
    ordered = sorted(span.concepts)
    covered = dict.fromkeys(
        ordered + [c for concept in ordered for c in thesaurus.descendants(concept)]
    )
    typed = fold(query[span.start : span.end])
    labels = dict.fromkeys(
        key
        for concept in ordered
        for key in thesaurus.folded_phrases(concept, preferred_only=True)
        if key != typed
    )
    return ConceptSpan(
        span.start,
        span.end,
        tuple(ordered),
        tuple(sorted(span.languages)),
        tuple(covered),
        tuple(labels),
    )
