"""Writing found concepts into the query language (search.query_expansion), as values."""

from __future__ import annotations

from dataclasses import dataclass

from search.concept_encoding import concept_token as token
from search.query_expansion import ConceptMatch, expanded_query


@dataclass(frozen=True)
class Span:
    """What nlp.query_concepts finds, as plain data."""

    start: int
    end: int
    concepts: tuple[str, ...]
    languages: tuple[str, ...] = ("it",)
    covered: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def test_a_span_asks_for_its_concept_words_and_one_word_labels() -> None:
    span = Span(0, 8, ("methadone",), covered=("methadone",), labels=("methadone", "a b"))
    expansion = expanded_query("metadone Lombardia", [span])
    assert expansion.query == f"(metadone OR {token('methadone')} OR methadone) Lombardia"
    # Multi-word labels only light up snippets.
    assert expansion.highlight == f'({expansion.query}) OR "a b"~3'
    assert expansion.matches == (ConceptMatch("methadone", "metadone", ("it",)),)


def test_phrases_and_exclusions_keep_their_form() -> None:
    covered = ("addiction", "methadone")
    phrase = Span(0, 16, ("addiction",), ("en",), covered, ("toxicomanie", "x y"))
    excluded = Span(20, 29, ("methadone",), ("it",), ("methadone",), ("methadone", "x y"))
    expansion = expanded_query('"drug addiction" OR -metadone', [phrase, excluded])
    assert expansion.query == (
        f'("drug addiction" OR {token("addiction")} OR {token("methadone")} OR toxicomanie)'
        f" OR -(metadone OR {token('methadone')} OR methadone)"
    )
    # An excluded concept's labels never light up.
    assert expansion.highlight == f'({expansion.query}) OR "x y"~3'
    assert [match.text for match in expansion.matches] == ["drug addiction", "metadone"]


def test_common_words_no_concept_translates_are_dropped_names_stay() -> None:
    query = "dipendenze e pandemia Lombardia"
    expansion = expanded_query(query, [Span(13, 21, ("covid-19",), covered=("covid-19",))])
    assert expansion.query == f"(pandemia OR {token('covid-19')}) Lombardia"
    assert expansion.highlight is None


def test_nothing_found_leaves_the_query_as_typed() -> None:
    assert expanded_query("dipendenze e pandemia", []).query == "dipendenze e pandemia"
