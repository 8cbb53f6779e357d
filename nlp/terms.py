"""Words as the thesaurus matches them: tokens with offsets, stemmed and folded per language."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from typing import NamedTuple

import Stemmer

from ingest.function_words import FUNCTION_WORDS
from nlp.text import fold

SNOWBALL = {"fr": "french", "it": "italian", "en": "english"}
LANGUAGES = tuple(SNOWBALL)

# A word, with inner apostrophes and hyphens splitting it ("l'héroïne" -> "l", "héroïne"), or
# a mark that ends a phrase: a label never spans a sentence or a list.
_BREAK_MARKS = r"[.,;:!?()\[\]{}\"«»“”/|\n]"
_WORD_OR_BREAK = re.compile(rf"(\w+)|{_BREAK_MARKS}", re.UNICODE)
_BREAK = re.compile(_BREAK_MARKS)
_WORD_CHARACTER = re.compile(r"\w")
# Words whose forms are remembered per language (function words as None), so a text's
# words cost one dictionary look-up each; past this many the memory starts afresh.
_KNOWN_WORDS = 200_000


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


@cache
def _known_words(language: str) -> dict[str, tuple[str, ...] | None]:
    return {}


def terms(text: str, language: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The content words of text[start:end] in `language`, function words skipped, so
    "traitement de la toxicomanie" also matches "traitement des toxicomanies"."""
    known = _known_words(language)
    found: list[Term] = []
    pending_break = False
    for match in _WORD_OR_BREAK.finditer(text, start, len(text) if end is None else end):
        word = match[1]
        if word is None:
            pending_break = True
            continue
        forms = known.get(word, ())
        if forms == ():
            forms = None if word.lower() in FUNCTION_WORDS[language] else word_forms(word, language)
            if len(known) >= _KNOWN_WORDS:
                known.clear()
            known[word] = forms
        if forms is None:
            continue
        found.append(Term(forms, match.start(), match.end(), word, pending_break))
        pending_break = False
    return found


class TextTerms:
    """The content words of one whole text, found once: those of any stretch of it are a slice.

    Several stages read the words of stretches of the same document (each paragraph's topics,
    each figure's clause); tokenising the text once serves them all.
    """

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.words = terms(text, language)
        self._starts = [word.start for word in self.words]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The indices [first, last) of the words of text[start:end] in `words`, or None when
        an edge cuts a word (the stretch's own words then differ from the text's)."""
        if self._cuts(start) or self._cuts(end):
            return None
        return bisect_left(self._starts, start), bisect_left(self._starts, end)

    def between(self, start: int, end: int) -> list[Term]:
        """The same as `terms(text, language, start, end)`."""
        span = self.span(start, end)
        if span is None:
            return terms(self.text, self.language, start, end)
        return self.slice(start, *span)

    def slice(self, start: int, first: int, last: int) -> list[Term]:
        """words[first:last], the words of a stretch opening at `start`: its first word breaks
        from what went before only on a mark inside the stretch."""
        found = self.words[first:last]
        if found:
            opening = found[0]
            breaks = _BREAK.search(self.text, start, opening.start) is not None
            if breaks != opening.breaks_before:
                found[0] = opening._replace(breaks_before=breaks)
        return found

    def _cuts(self, offset: int) -> bool:
        text = self.text
        return (
            0 < offset < len(text)
            and _WORD_CHARACTER.match(text, offset - 1) is not None
            and _WORD_CHARACTER.match(text, offset) is not None
        )


@lru_cache(maxsize=4)
def text_terms(text: str, language: str) -> TextTerms:
    """The words of a whole text, for the stages reading the same document in turn."""
    return TextTerms(text, language)


def label_forms(label: str, language: str) -> tuple[str, ...]:
    """A label's content words in matching form: acronyms in capitals, other words stemmed."""
    return tuple(
        acronym_form(term.surface) if is_acronym(term.surface) else term.forms[0]
        for term in terms(label, language)
    )


def content_words(label: str, language: str) -> list[str]:
    """A label's content words as written (for building search phrases)."""
    return [term.surface for term in terms(label, language)]
