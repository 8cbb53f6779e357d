"""Cross-lingual query expansion: query words naming a concept also ask for its other labels.

"drug addiction treatment" becomes `((drug addiction treatment) OR zc1f... OR zc9a... OR
"traitement toxicomanie"~3 OR "trattamento tossicodipendenza"~3)`: the concept words of the
concept and its narrower ones (which the index holds for every document whose text names
them, in any language) and the preferred labels, in the same query syntax the backends
already parse (words, OR, NOT/-, "phrases", parentheses), so every backend runs it alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import concept_token
from nlp.terms import LANGUAGES, terms
from nlp.text import fold
from nlp.thesaurus import Thesaurus

# Label phrases lose their function words ("traitement de la toxicomanie" is searched as
# "traitement toxicomanie"), so they may stand a few positions apart in a text.
PHRASE_SLOP = 3
_TOKEN = re.compile(r'-?"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


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


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    concepts: frozenset[str]
    languages: frozenset[str]


def expand_query(query: str, thesaurus: Thesaurus) -> Expansion:
    """The query with every span that names a concept OR-ed with the concept's labels."""
    if query.count('"') % 2:
        return Expansion(query, ())  # unbalanced: the backend reports it as it stands
    tokens = list(_TOKEN.finditer(query))
    if not any(_is_positive(token.group()) for token in tokens):
        return Expansion(query, ())  # only exclusions: nothing to expand into
    spans: list[_Span] = []
    for first, last in _units(tokens):
        start, end = tokens[first].start(), tokens[last - 1].end()
        inner_start = start + _prefix_length(tokens[first].group())
        whole = last - first == 1 and tokens[first].group().startswith(("-", '"'))
        spans += _concept_spans(query, inner_start, end, thesaurus, whole, tokens[first:last])
    rewritten, groups, cursor, matches, phrases = [], [], 0, [], []
    for span in spans:
        original = query[span.start : span.end]
        rewritten.append(query[cursor : span.start])
        negated = original.startswith("-")
        core = original[1:] if negated else original
        clauses, labels = _clauses(core, span.concepts, thesaurus)
        group = ("-" if negated else "") + f"({' OR '.join(clauses)})"
        phrases += [] if negated else labels
        rewritten.append(group)
        groups.append(group)
        cursor = span.end
        matches += [
            ConceptMatch(concept, core.strip('"'), tuple(sorted(span.languages)))
            for concept in sorted(span.concepts)
        ]
    rewritten.append(query[cursor:])
    strict = "".join(rewritten)
    relaxed = _without_untranslated_words(query, tokens, spans, groups)
    # The relaxed query finds all the strict one does; the words as typed still rank first.
    expanded = strict if relaxed is None else relaxed
    highlight = " OR ".join([f"({expanded})", *phrases]) if phrases else None
    return Expansion(expanded, tuple(matches), highlight)


def _without_untranslated_words(
    query: str, tokens: list[re.Match[str]], spans: list[_Span], groups: list[str]
) -> str | None:
    """The concept groups and the names, without the common words no concept translates.

    In "dipendenze e pandemia" only "pandemia" names a concept: requiring the Italian word
    "dipendenze" too would shut out every French and English document. Names and numbers
    stay required (they are written alike across languages); queries with operators, phrases
    or exclusions are taken as meant and never relaxed. None when there is nothing to drop.
    """
    if not spans or not all(_is_positive(t.group()) and '"' not in t.group() for t in tokens):
        return None
    outside = [t for t in tokens if not any(s.start <= t.start() < s.end for s in spans)]
    kept = [t.group() for t in outside if not t.group()[0].islower()]
    if len(kept) == len(outside):
        return None
    return " ".join(groups + kept)


def _is_positive(token: str) -> bool:
    return token not in _OPERATORS and token not in "()" and not token.startswith("-")


def _prefix_length(token: str) -> int:
    return len(token) - len(token.lstrip('-"'))


def _units(tokens: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Token ranges a label may match within: runs of plain words, or one phrase or exclusion.

    The word after NOT stands alone, since NOT applies to that word only.
    """
    units: list[tuple[int, int]] = []
    run_start: int | None = None
    for index, token in enumerate(tokens):
        text = token.group()
        plain = _is_positive(text) and not text.startswith('"')
        after_not = index > 0 and tokens[index - 1].group() == "NOT"
        if run_start is not None and (not plain or after_not):
            units.append((run_start, index))
            run_start = None
        if plain and not after_not:
            run_start = index if run_start is None else run_start
        elif text not in _OPERATORS and text not in "()":
            units.append((index, index + 1))
    if run_start is not None:
        units.append((run_start, len(tokens)))
    return units


def _concept_spans(
    query: str,
    start: int,
    end: int,
    thesaurus: Thesaurus,
    whole: bool,
    tokens: list[re.Match[str]],
) -> list[_Span]:
    """Longest label matches in query[start:end] in any language, widened to whole tokens.

    A phrase or an exclusion (`whole`) expands only when one label covers all of it.
    """
    found: list[_Span] = []
    for language in LANGUAGES:
        words = terms(query, language, start, end)
        for match in thesaurus.matches(words, language):
            if whole and (match.first, match.last) != (0, len(words)):
                continue
            first = words[match.first].start
            last = words[match.last - 1].end
            token_start = max(t.start() for t in tokens if t.start() <= first)
            token_end = min(t.end() for t in tokens if t.end() >= last)
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


def _clauses(
    original: str, concepts: frozenset[str], thesaurus: Thesaurus
) -> tuple[list[str], list[str]]:
    """The words as typed, the concept words of the concepts and of everything narrower
    (documents carry them for every label of theirs the tagger found, in any language: one
    cheap term instead of hundreds of label phrases) and each concept's one-word preferred
    labels, which also find untagged text; then, apart, the multi-word preferred labels as
    phrases, for snippets only (on every text field they were a third of a broad query's time)."""
    first = original if original.startswith('"') or " " not in original else f"({original})"
    clauses, phrases, seen = [first], list[str](), {fold(original.strip('"'))}
    ordered = sorted(concepts)
    covered = dict.fromkeys(
        ordered + [c for concept in ordered for c in thesaurus.descendants(concept)]
    )
    clauses += [concept_token(concept) for concept in covered]
    for concept in ordered:
        for key in thesaurus.folded_phrases(concept, preferred_only=True):
            if key not in seen:
                seen.add(key)
                if " " in key:
                    phrases.append(f'"{key}"~{PHRASE_SLOP}')
                else:
                    clauses.append(key)
    return clauses, phrases
