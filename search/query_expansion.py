"""Cross-lingual query expansion written in the query language: query words naming a concept
also ask for its concept words and its other labels.

"drug addiction treatment" becomes `((drug addiction treatment) OR zc1f... OR zc9a...)`: the
concept words of the concept and of its narrower ones (which the index holds for every
document whose text names them, in any language) and its one-word preferred labels, in the
syntax the backends already parse (search.query_syntax), so every backend runs it alike. The
multi-word preferred labels ("traitement toxicomanie"~3) only light up snippets. Which words
name which concepts is the thesaurus's to say (nlp.query_concepts); this module only writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from search.concept_encoding import concept_token
from search.query_syntax import is_positive, query_tokens

# Label phrases lose their function words ("traitement de la toxicomanie" is searched as
# "traitement toxicomanie"), so they may stand a few positions apart in a text.
PHRASE_SLOP = 3


class NamedConcepts(Protocol):
    """Whole tokens of a query that name concepts, with what a search for them also asks for."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def concepts(self) -> Sequence[str]: ...

    @property
    def languages(self) -> Sequence[str]: ...

    @property
    def covered(self) -> Sequence[str]:
        """The concepts and everything narrower, each once."""
        ...

    @property
    def labels(self) -> Sequence[str]:
        """The concepts' preferred labels (folded) other than the words as typed."""
        ...


@dataclass(frozen=True)
class ConceptMatch:
    """The query words `text` named `concept` in `languages`."""

    concept: str
    text: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    """The rewritten query, and the concepts it was expanded with."""

    query: str
    matches: tuple[ConceptMatch, ...]
    # The query plus the concepts' multi-word labels, which snippets should light up but
    # matching leaves to the concept words (as phrases they were a third of a broad query's
    # time at 100,000 documents).
    highlight: str | None = None


def expanded_query(query: str, spans: Sequence[NamedConcepts]) -> Expansion:
    """The query with every span (in order, apart) OR-ed with what its concepts ask for."""
    rewritten, groups, cursor, matches, phrases = [], [], 0, [], []
    for span in spans:
        original = query[span.start : span.end]
        rewritten.append(query[cursor : span.start])
        negated = original.startswith("-")
        core = original[1:] if negated else original
        clauses, labels = _clauses(core, span)
        group = ("-" if negated else "") + f"({' OR '.join(clauses)})"
        phrases += [] if negated else labels
        rewritten.append(group)
        groups.append(group)
        cursor = span.end
        matches += [
            ConceptMatch(concept, core.strip('"'), tuple(span.languages))
            for concept in span.concepts
        ]
    rewritten.append(query[cursor:])
    strict = "".join(rewritten)
    relaxed = _without_untranslated_words(query, spans, groups)
    # The relaxed query finds all the strict one does; the words as typed still rank first.
    expanded = strict if relaxed is None else relaxed
    highlight = " OR ".join([f"({expanded})", *phrases]) if phrases else None
    return Expansion(expanded, tuple(matches), highlight)


def _without_untranslated_words(
    query: str, spans: Sequence[NamedConcepts], groups: list[str]
) -> str | None:
    """The concept groups and the names, without the common words no concept translates.

    In "dipendenze e pandemia" only "pandemia" names a concept: requiring the Italian word
    "dipendenze" too would shut out every French and English document. Names and numbers
    stay required (they are written alike across languages); queries with operators, phrases
    or exclusions are taken as meant and never relaxed. None when there is nothing to drop.
    """
    tokens: list[re.Match[str]] = query_tokens(query)
    if not spans or not all(is_positive(t.group()) and '"' not in t.group() for t in tokens):
        return None
    outside = [t for t in tokens if not any(s.start <= t.start() < s.end for s in spans)]
    kept = [t.group() for t in outside if not t.group()[0].islower()]
    if len(kept) == len(outside):
        return None
    return " ".join(groups + kept)


def _clauses(typed: str, span: NamedConcepts) -> tuple[list[str], list[str]]:
    """The words as typed, the concept words of the concepts and of everything narrower
    (documents carry them for every label of theirs the tagger found, in any language: one
    cheap term instead of hundreds of label phrases) and the one-word preferred labels, which
    also find untagged text; then, apart, the multi-word preferred labels as phrases, for
    snippets only (on every text field they were a third of a broad query's time)."""
    first = typed if typed.startswith('"') or " " not in typed else f"({typed})"
    words = [label for label in span.labels if " " not in label]
    phrases = [f'"{label}"~{PHRASE_SLOP}' for label in span.labels if " " in label]
    return [first, *(concept_token(concept) for concept in span.covered), *words], phrases
