"""The concepts a query's words name (nlp.query_concepts), within the stretches given."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tests_support import small_thesaurus

from nlp.query_concepts import ConceptSpan, concept_spans
from nlp.thesaurus import Thesaurus


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    return small_thesaurus()


@dataclass(frozen=True)
class Scope:
    """A stretch of the query, as search.query_syntax cuts it."""

    start: int
    end: int
    whole: bool
    tokens: tuple[tuple[int, int], ...]


def words(query: str, whole: bool = False) -> Scope:
    """The whole query as one stretch of space-separated tokens."""
    tokens, start = [], 0
    for token in query.split(" "):
        tokens.append((start, start + len(token)))
        start += len(token) + 1
    return Scope(0, len(query), whole, tuple(tokens))


def test_a_label_names_its_concept_with_the_narrower_ones_and_other_labels(
    thesaurus: Thesaurus,
) -> None:
    query = "traitements des toxicomanes Lombardia"
    assert concept_spans(query, [words(query)], thesaurus) == [
        ConceptSpan(
            0,
            27,
            ("addiction-treatment",),
            ("fr",),
            covered=("addiction-treatment", "methadone"),
            labels=(
                "drug addiction treatment",
                "traitement toxicomanie",
                "trattamento tossicodipendenza",
            ),
        )
    ]


def test_the_words_as_typed_are_no_other_label(thesaurus: Thesaurus) -> None:
    (span,) = concept_spans("HIV", [words("HIV")], thesaurus)
    assert span.languages == ("en", "it")
    assert span.labels == ("vih",)


def test_a_match_widens_to_whole_tokens(thesaurus: Thesaurus) -> None:
    # "sans-abrisme" is one token of the query, two words of the label.
    (span,) = concept_spans("x:sans-abrisme y", [words("x:sans-abrisme y")], thesaurus)
    assert (span.start, span.end, span.concepts) == (0, 14, ("homelessness",))


def test_a_whole_stretch_names_a_concept_only_as_a_whole(thesaurus: Thesaurus) -> None:
    assert (
        concept_spans("drug addiction rates", [words("drug addiction rates", True)], thesaurus)
        == []
    )
    assert [
        s.concepts
        for s in concept_spans("drug addiction", [words("drug addiction", True)], thesaurus)
    ] == [("addiction",)]
