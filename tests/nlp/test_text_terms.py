"""A document's words found once and sliced per stretch read the same as each stretch's own."""

from __future__ import annotations

import re

import pytest
from tests_support import small_thesaurus

from nlp.entities import _ARTICLE_BEFORE, _article_before
from nlp.figure_joins import _written_at
from nlp.terms import TextTerms, terms
from nlp.thesaurus import Thesaurus

TEXTS = {
    "en": "Drug addiction treatment works. drug addiction, treatment (HIV) and AIDS-free",
    "fr": "Le traitement de la toxicomanie progresse; la toxicomanie recule. Le VIH, sans-abri.",
    "it": "Il trattamento della tossicodipendenza e la terapia metadonica; l'AIDS e l'HIV.",
}


@pytest.fixture(scope="module")
def small() -> Thesaurus:
    return small_thesaurus()


def stretches(text: str) -> list[tuple[int, int]]:
    return [(start, end) for start in range(len(text) + 1) for end in range(start, len(text) + 1)]


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_stretch_reads_the_words_it_reads_alone(language: str) -> None:
    # Stretches cutting a word, and opening after a comma (the first word's break), included.
    text = TEXTS[language]
    whole = TextTerms(text, language)
    for start, end in stretches(text):
        assert whole.between(start, end) == terms(text, language, start, end), (start, end)


@pytest.mark.parametrize("language", sorted(TEXTS))
@pytest.mark.parametrize("fewest_gaps", [False, True])
def test_a_run_matcher_matches_each_stretch_as_the_thesaurus_does(
    small: Thesaurus, language: str, fewest_gaps: bool
) -> None:
    # Stretches ending inside a label ("drug addiction | treatment") must not reuse the
    # longer label the whole text has there.
    text = TEXTS[language]
    whole = TextTerms(text, language)
    matcher = small.run_matcher(whole.words, language, fewest_gaps)
    count = len(whole.words)
    for first in range(count + 1):
        for last in range(first, count + 1):
            expected = small.matches(whole.words[first:last], language, fewest_gaps=fewest_gaps)
            assert list(matcher.matches(first, last)) == list(expected), (first, last)


def test_the_article_before_a_name_is_found_from_its_spaces() -> None:
    text = "della  Sanità, dell'Istituto, dell’ONU, al\nMinistero, Novalis, il\n\nPlatone"
    for at in range(len(text) + 1):
        expected = _ARTICLE_BEFORE.search(text, 0, at) is not None
        assert _article_before(text, at) == expected, at


def test_a_repeated_unit_is_read_as_its_regex_reads_it() -> None:
    text = "5 % à 7 %, 3 ans à 4 ansx, 2€ à 3 €; 10 persone a 12persone"
    for word in ("%", "ans", "€", "persone"):
        for at in range(len(text) + 1):
            expected = bool(re.compile(rf"\s?{re.escape(word)}(?!\w)").match(text, at))
            assert _written_at(text, at, word) == expected, (word, at)
