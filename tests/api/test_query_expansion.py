"""Cross-lingual query expansion: which spans expand, and into what, in the query syntax."""

from __future__ import annotations

import pytest
from tests_support import small_thesaurus

from api.query_rewrites import expand_query
from nlp.thesaurus import Thesaurus
from search.concept_encoding import concept_token as token


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    return small_thesaurus()


def test_a_phrase_in_one_language_expands_to_all_three(thesaurus: Thesaurus) -> None:
    expansion = expand_query("drug addiction treatment", thesaurus)
    # The concept words of the concept and of methadone, narrower (documents carry them for
    # every label the tagger found); the concept's preferred labels in every language are
    # for the snippets to light up.
    assert expansion.query == (
        f"((drug addiction treatment) OR {token('addiction-treatment')} OR {token('methadone')})"
    )
    assert expansion.highlight == (
        f'({expansion.query}) OR "traitement toxicomanie"~3 OR "trattamento tossicodipendenza"~3'
    )
    assert [(m.concept, m.text, m.languages) for m in expansion.matches] == [
        ("addiction-treatment", "drug addiction treatment", ("en",))
    ]


def test_inflected_query_words_find_the_concept(thesaurus: Thesaurus) -> None:
    expansion = expand_query("traitements des toxicomanes", thesaurus)
    assert [m.concept for m in expansion.matches] == ["addiction-treatment"]
    assert [m.languages for m in expansion.matches] == [("fr",)]


def test_words_outside_concepts_stay_required(thesaurus: Thesaurus) -> None:
    expansion = expand_query("metadone Lombardia", thesaurus)
    assert expansion.query == (f"(metadone OR {token('methadone')} OR methadone) Lombardia")


def test_a_label_shared_by_languages_lists_them_all(thesaurus: Thesaurus) -> None:
    (match,) = expand_query("HIV", thesaurus).matches
    assert match.languages == ("en", "it")


def test_operators_phrases_and_exclusions_keep_their_meaning(thesaurus: Thesaurus) -> None:
    addiction = " OR ".join(token(c) for c in ("addiction", "addiction-treatment", "methadone"))
    expansion = expand_query("toxicomanie OR -méthadone", thesaurus)
    assert expansion.query == (
        f"(toxicomanie OR {addiction} OR tossicodipendenza) OR "
        f"-(méthadone OR {token('methadone')} OR metadone)"
    )
    # Snippets light up the kept concept's labels, never the excluded one's.
    assert expansion.highlight == f'({expansion.query}) OR "drug addiction"~3'
    assert expand_query('"drug addiction"', thesaurus).query.startswith('("drug addiction" OR')
    # Only part of the phrase names a concept: the phrase is left exact.
    assert expand_query('"drug addiction rates"', thesaurus).query == '"drug addiction rates"'
    # NOT applies to the next word only, so the word after it never joins a longer label.
    negated = expand_query("NOT methadone homelessness", thesaurus)
    assert negated.query.startswith("NOT (methadone OR")
    assert negated.highlight is not None
    assert negated.highlight.endswith('OR "sans abrisme"~3 OR "senza dimora"~3')


def test_queries_with_nothing_to_expand_come_back_unchanged(thesaurus: Thesaurus) -> None:
    for query in ("Nghe An", "-methadone", 'unbalanced "quote', ""):
        expansion = expand_query(query, thesaurus)
        assert expansion.query == query and expansion.matches == ()
