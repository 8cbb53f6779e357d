"""The multilingual thesaurus of policy concepts and of measures: loading, hierarchy, matching."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.errors import NlpError
from nlp.terms import LANGUAGES, Term, content_words, label_forms
from nlp.text import fold

THESAURUS_DIR = Path(__file__).parent / "data" / "thesaurus"
Language = Literal["fr", "it", "en"]
# What kind of figure a measure can be: a count of people or of other things, a share
# (percent, fraction), an amount of money, a mass, a volume or an area.
Quantity = Literal["people", "count", "share", "money", "mass", "volume", "area"]


class ThesaurusError(NlpError):
    """A thesaurus file is malformed; the message names the file and the concept."""


class Labels(BaseModel):
    """A concept's names in one language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pref: str = Field(min_length=1)
    alt: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [self.pref, *self.alt]


class Concept(BaseModel):
    """One policy concept: labels in French, Italian and English, and its place in the tree."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    eurovoc: str | None = None
    broader: list[str] = Field(default_factory=list)
    labels: dict[Language, Labels]
    quantities: list[Quantity] = Field(
        default_factory=list,
        description="Measures only: the kinds of figure that can count this. Empty for a "
        "measure that only groups narrower ones, each for its own kind of figure.",
    )
    requires: list[str] = Field(
        default_factory=list,
        description="Measures only: topics, one of which (or a narrower one) a figure's "
        "sentence must name for the figure to count this.",
    )

    def label(self, language: str | None) -> str:
        """The preferred label in `language`, else in English."""
        for code, labels in self.labels.items():
            if code == language:
                return labels.pref
        return self.labels["en"].pref


class _ThesaurusFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domain: str
    # "measures": what figures count (`Figure.measure`), a facet of its own: its concepts
    # never tag documents nor expand queries, so generic words ("patients", "budget") can be
    # labels of what a number counts without filing every document under them.
    facet: Literal["topics", "measures"] = "topics"
    concepts: list[Concept]


@dataclass(frozen=True)
class LabelMatch:
    """Content words terms[first:last] of a text match labels of these concepts."""

    first: int
    last: int
    concepts: frozenset[str]
    language: str


# Content words that may stand between two words of a label in a text.
LABEL_GAP = 2


class _Trie:
    """Label forms by word: walking it finds the longest label starting at each word."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.concepts: set[str] = set()

    def add(self, forms: Sequence[str], concept: str) -> None:
        node = self
        for form in forms:
            node = node.children.setdefault(form, _Trie())
        node.concepts.add(concept)

    def longest(
        self, words: Sequence[Term], first: int, fewest_gaps: bool = False
    ) -> tuple[int, frozenset[str]] | None:
        """The end and concepts of the longest label starting at words[first], if any.

        Up to LABEL_GAP content words may stand between a label's words ("traitement
        volontaire de la toxicomanie" names "traitement de la toxicomanie"), as a phrase
        query's slop would allow; punctuation never. The label with the most words wins; labels
        with as many words all count ("prison health services" names both "prison health" and,
        with a gap, "prison services"), the match spanning the furthest of them; with
        `fewest_gaps`, only those of them with the fewest words skipped ("people in treatment
        had reached" names "people in treatment", not also "people reached" over "treatment").
        """
        if not any(form in self.children for form in words[first].forms):
            return None  # most words start no label: answer them without the search below
        best_end, best_words, best_gaps, best_concepts = 0, 0, 0, frozenset[str]()
        # (trie node reached, words skipped so far, label words matched)
        frontier: list[tuple[_Trie, int, int]] = [(self, 0, 0)]
        position = first
        while frontier and position < len(words):
            word = words[position]
            if position > first and word.breaks_before:
                break
            advanced = [
                (node.children[form], gaps, depth + 1)
                for node, gaps, depth in frontier
                for form in word.forms
                if form in node.children
            ]
            skipped = [
                (node, gaps + 1, depth)
                for node, gaps, depth in frontier
                if node is not self and gaps < LABEL_GAP
            ]
            position += 1
            for node, gaps, depth in advanced:
                if not node.concepts or depth < best_words:
                    continue
                better = depth > best_words or (fewest_gaps and gaps < best_gaps)
                if better:
                    best_words, best_gaps, best_concepts = depth, gaps, frozenset(node.concepts)
                elif fewest_gaps and gaps > best_gaps:
                    continue
                else:
                    best_concepts |= node.concepts
                best_end = position
            frontier = advanced + skipped
        return (best_end, best_concepts) if best_words else None


class Thesaurus:
    """Concepts by id, the hierarchy both ways, and a label index per language; the measures
    are a thesaurus of their own (`measures`), with ids of their own."""

    def __init__(self, concepts: Iterable[Concept], measures: Thesaurus | None = None) -> None:
        self._measures = measures
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in self.concepts:
                raise ThesaurusError(f"concept {concept.id!r} is defined twice")
            self.concepts[concept.id] = concept
        self.narrower: dict[str, list[str]] = {concept: [] for concept in self.concepts}
        for concept in self.concepts.values():
            for parent in concept.broader:
                if parent not in self.concepts:
                    raise ThesaurusError(f"concept {concept.id!r}: unknown broader {parent!r}")
                self.narrower[parent].append(concept.id)
        for concept_id in self.concepts:
            self.ancestors(concept_id)  # raises on a cycle
        self._folded: dict[tuple[str, bool], list[str]] = {}
        self._tries = {language: _Trie() for language in LANGUAGES}
        for concept in self.concepts.values():
            for language, labels in concept.labels.items():
                for label in labels.all():
                    forms = label_forms(label, language)
                    if not forms:
                        raise ThesaurusError(f"concept {concept.id!r}: empty label {label!r}")
                    self._tries[language].add(forms, concept.id)

    @property
    def measures(self) -> Thesaurus:
        """The measures figures can count (empty when none were loaded)."""
        if self._measures is None:
            self._measures = Thesaurus([])
        return self._measures

    def __contains__(self, concept: object) -> bool:
        return concept in self.concepts

    def __len__(self) -> int:
        return len(self.concepts)

    def ancestors(self, concept: str) -> list[str]:
        """Every broader concept, transitively, nearest first."""
        seen: list[str] = []
        stack = list(self.concepts[concept].broader)
        while stack:
            parent = stack.pop(0)
            if parent == concept:
                raise ThesaurusError(f"concept {concept!r} is its own ancestor")
            if parent not in seen:
                seen.append(parent)
                stack += self.concepts[parent].broader
        return seen

    def descendants(self, concept: str) -> list[str]:
        """Every narrower concept, transitively, nearest first."""
        seen: list[str] = []
        stack = list(self.narrower[concept])
        while stack:
            child = stack.pop(0)
            if child not in seen:
                seen.append(child)
                stack += self.narrower[child]
        return seen

    def matches(
        self, words: Sequence[Term], language: str, fewest_gaps: bool = False
    ) -> Iterator[LabelMatch]:
        """Labels of `language` in a run of content words: longest first, never overlapping
        (`fewest_gaps`: see _Trie.longest)."""
        trie = self._tries[language]
        openers = trie.children.keys()
        position = 0
        while position < len(words):
            if openers.isdisjoint(words[position].forms):
                position += 1  # most words open no label: no call, no search
                continue
            found = trie.longest(words, position, fewest_gaps)
            if found is None:
                position += 1
                continue
            end, concepts = found
            yield LabelMatch(position, end, concepts, language)
            position = end

    def folded_phrases(self, concept: str, preferred_only: bool = False) -> list[str]:
        """A concept's labels (or only its preferred ones) as lowercase, accent-free phrases
        of their content words, without repeats; computed once per concept."""
        key = (concept, preferred_only)
        if key not in self._folded:
            phrases: list[str] = []
            for language, labels in self.concepts[concept].labels.items():
                seen: set[tuple[str, ...]] = set()
                for label in [labels.pref] if preferred_only else labels.all():
                    forms = label_forms(label, language)
                    if forms not in seen:
                        seen.add(forms)
                        phrases.append(fold(" ".join(content_words(label, language))))
            self._folded[key] = phrases
        return self._folded[key]


def load_thesaurus(directory: Path = THESAURUS_DIR) -> Thesaurus:
    """Every `*.json` file in `directory`, validated; errors name the file and the field."""
    facets: dict[str, list[Concept]] = {"topics": [], "measures": []}
    for path in sorted(directory.glob("*.json")):
        try:
            parsed = _ThesaurusFile.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ThesaurusError(f"{path}: {error}") from error
        for concept in parsed.concepts:
            if parsed.facet == "topics" and (concept.quantities or concept.requires):
                raise ThesaurusError(
                    f"{path}: concept {concept.id!r}: quantities and requires are for measures"
                )
        facets[parsed.facet] += parsed.concepts
    topics = Thesaurus(facets["topics"], measures=Thesaurus(facets["measures"]))
    check_measures(topics)
    return topics


def check_measures(thesaurus: Thesaurus) -> None:
    """Each measure can be some kind of figure, itself or through narrower measures; those
    that only group narrower ones hand each kind of figure to one of them; and the topics
    they require exist."""
    measures = thesaurus.measures
    for measure in measures.concepts.values():
        for topic in measure.requires:
            if topic not in thesaurus:
                raise ThesaurusError(f"measure {measure.id!r} requires unknown topic {topic!r}")
        if measure.quantities:
            continue
        narrower = [measures.concepts[child] for child in measures.narrower[measure.id]]
        # A count figure can be a count of people or of things: one kind of figure.
        kinds = [
            kind
            for child in narrower
            for kind in {"count" if each == "people" else each for each in child.quantities}
        ]
        if not kinds:
            raise ThesaurusError(f"measure {measure.id!r} has no quantities nor narrower ones")
        if len(kinds) != len(set(kinds)):
            raise ThesaurusError(
                f"measure {measure.id!r}: two narrower measures take the same kind of figure"
            )


@cache
def default_thesaurus() -> Thesaurus:
    """The thesaurus shipped with PolicyLens, loaded once per process."""
    return load_thesaurus()
