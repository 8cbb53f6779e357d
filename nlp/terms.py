"""Words as the thesaurus matches them: tokens with offsets, stemmed and folded per language."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import Stemmer

from ingest.function_words import FUNCTION_WORDS
from nlp.text import fold

SNOWBALL = {"fr": "french", "it": "italian", "en": "english"}
LANGUAGES = tuple(SNOWBALL)

# A word, with inner apostrophes and hyphens splitting it ("l'héroïne" -> "l", "héroïne"), or
# a mark that ends a phrase: a label never spans a sentence or a list.
_WORD_OR_BREAK = re.compile(r"(\w+)|[.,;:!?()\[\]{}\"«»“”/|\n]", re.UNICODE)


class Term(NamedTuple):
    """One content word of a text: the forms it matches labels by, and where it stands."""

    forms: tuple[str, ...]
    start: int
    end: int
    surface: str
    # True when punctuation separates this word from the previous content word.
    breaks_before: bool


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer(SNOWBALL[language])
    stemmer.maxCacheSize = 50_000
    return stemmer


@lru_cache(maxsize=200_000)
def analyse_word(word: str, language: str) -> str:
    """A word's matching form: lowercased, stemmed in `language`, then accent-folded.

    Stemming comes before folding because the Snowball stemmers expect the accented forms,
    the same order as the search index's analyzers.
    """
    return fold(_stemmer(language).stemWord(word.lower()))


def is_acronym(word: str) -> bool:
    """Short words with two or more capitals ("VIH", "SerD") are acronyms."""
    return len(word) <= 6 and sum(ch.isupper() for ch in word) >= 2


def acronym_form(word: str) -> str:
    """An acronym's matching form: capitals, so it never meets a lowercased stem."""
    return fold(word).upper()


@lru_cache(maxsize=200_000)
def word_forms(word: str, language: str) -> tuple[str, ...]:
    """The forms a text word matches: its stem, and as an acronym when it is capitalised.

    "AIDS", "Aids" and "SerD" match the acronyms AIDS and SERD; "aids" (a verb) does not.
    """
    stem = analyse_word(word, language)
    if len(word) <= 6 and word[0].isupper():
        return (stem, acronym_form(word))
    return (stem,)


def terms(text: str, language: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The content words of text[start:end] in `language`, function words skipped, so
    "traitement de la toxicomanie" also matches "traitement des toxicomanies"."""
    stop = FUNCTION_WORDS[language]
    found: list[Term] = []
    pending_break = False
    for match in _WORD_OR_BREAK.finditer(text, start, len(text) if end is None else end):
        word = match.group(1)
        if word is None:
            pending_break = True
            continue
        if word.lower() in stop:
            continue
        found.append(
            Term(word_forms(word, language), match.start(), match.end(), word, pending_break)
        )
        pending_break = False
    return found


def label_forms(label: str, language: str) -> tuple[str, ...]:
    """A label's content words in matching form: acronyms in capitals, other words stemmed."""
    return tuple(
        acronym_form(term.surface) if is_acronym(term.surface) else term.forms[0]
        for term in terms(label, language)
    )


def content_words(label: str, language: str) -> list[str]:
    """A label's content words as written (for building search phrases)."""
    return [term.surface for term in terms(label, language)]
