"""What each figure counts, as one measure of the thesaurus (`Figure.measure`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Literal

from ingest.function_words import FUNCTION_WORDS
from ingest.model import DateMention, Figure, LanguageSpan
from ingest.sentences import Sentences, sentences_of
from nlp.numbers import SCALES, parse_words
from nlp.terms import LANGUAGES, Term, analyse_word, terms
from nlp.thesaurus import Concept, LabelMatch, Thesaurus

# The kind of figure a number is, as measures declare what they can be (`quantities`): a
# count may be of people or of things, so it is one kind here.
Kind = Literal["count", "share", "money", "mass", "volume", "area"]
_UNIT_KINDS: dict[str, Kind] = {
    "percent": "share", "fraction": "share", "kg": "mass", "g": "mass", "t": "mass",
    "L": "volume", "mL": "volume", "ha": "area", "km2": "area",
}  # fmt: skip
_CURRENCY = re.compile(r"[A-Z]{3}")

# Nouns that count people without saying which: "1 240 personnes" are prisoners, patients or
# homeless people according to the rest of the clause ("... ont été prises en charge").
_PEOPLE_WORDS = {
    "fr": "personnes individus gens hommes femmes adultes jeunes enfants mineurs adolescents "
    "usagers sujets citoyens élèves étudiants parents eux elles",
    "it": "persone individui soggetti uomini donne adulti giovani ragazzi minori bambini utenti "
    "unità cittadini maschi femmine studenti alunni genitori loro",
    "en": "people persons individuals men women adults young youths children minors "
    "adolescents users clients citizens males females students pupils parents them",
}
# Words that make a percentage a change ("en hausse de 12 %", "rose by 12%", "il 9% in più"):
# a change says how something moved, not what share it is. Comparatives count only after the
# figure: before it they qualify it ("plus de 12 %", "more than 12%").
_CHANGE_WORDS = {
    "fr": "hausse baisse augmentation augmenté augmente diminution diminué diminue progression "
    "progressé recul reculé croissance chute chuté réduction réduit accroissement variation",
    "it": "aumento aumentato aumentata aumentati aumentate crescita cresciuto cresciuta calo "
    "calato calata diminuzione diminuito diminuita riduzione ridotto ridotta incremento "
    "flessione rialzo ribasso salito salita sceso scesa variazione",
    "en": "increase increased increases rise rose risen rising fall fell fallen falling decline "
    "declined decrease decreased drop dropped growth grew reduction reduced change down",
}
_COMPARATIVES = {"fr": "plus moins", "it": "più meno", "en": "more less fewer higher lower"}
# ... unless the change leads to or from the figure: "rose to 6%", "salito al 22%" is a level.
_LEVEL_BEFORE = frozenset("to from à au a al all' dal dall' fino".split())
# A figure after these is the base of a rate ("pour 100 000 habitants"): only its own words
# say what it counts.
_RATE_BASE_BEFORE = frozenset("per every pour par ogni su sur".split())
_LEADING_WORD = re.compile(r"(\w+'?)\s*$")
# Between a number and what it counts stand only articles and "of" ("3 millions d'habitants",
# "7 i morti", "1,500 of them"); other function words lead a place or a time.
_COUNTED_LINKS = frozenset(
    "de d des du di del della dei degli delle dello dell of the les la le l i gli lo".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# A clause ends at these marks: a measure is looked for in the figure's own clause only.
_CLAUSE_BREAK = re.compile(r"[;:()\[\]\n]|,(?!\d)|\s[-–—]\s")
_SIGNED = re.compile(r"[+\-−]\s?$")


def resolve_measures(
    text: str,
    figures: Sequence[Figure],
    spans: Sequence[LanguageSpan],
    language: str | None,
    thesaurus: Thesaurus,
    dates: Sequence[DateMention] = (),
) -> list[Figure]:
    """Each figure with the measure it counts, when its own words or clause name one that
    fits its unit; a figure with no such measure keeps none, rather than a guess. `dates`
    are never what a figure counts ("87,000 in June")."""
    if not figures or not thesaurus.measures.concepts:
        return list(figures)
    sentences = sentences_of(text)
    language_at = _language_finder(spans, language)
    date_spans = [(date.start, date.end) for date in dates]
    resolved = []
    for figure in figures:
        code = language_at(figure.start)
        measure = measure_of(text, figure, code, sentences, thesaurus, date_spans) if code else None
        resolved.append(figure.model_copy(update={"measure": measure}) if measure else figure)
    return resolved


def measure_of(
    text: str,
    figure: Figure,
    language: str,
    sentences: Sentences,
    thesaurus: Thesaurus,
    dates: Sequence[tuple[int, int]] = (),
) -> str | None:
    """The measure a figure counts: named by its own words (the number and what it counts),
    else by the nearest words of its clause, and always one its kind of figure can be."""
    clause_start, clause_end = _clause(text, figure, sentences)
    kind = figure_kind(text, figure, language, (clause_start, clause_end))
    if kind is None:
        return None
    own_start, own_end = _own_span(text, figure, language)
    if figure.per is not None:
        clause_end = own_end  # the words after a rate name its base, not what it counts
    leading = _LEADING_WORD.search(text, max(0, figure.start - 12), figure.start)
    if leading and leading.group(1).lower() in _RATE_BASE_BEFORE:
        clause_start, clause_end = own_start, own_end
    words = terms(text, language, min(own_start, clause_start), max(own_end, clause_end))
    own_end = _before_another_number(words, own_start, own_end, language)
    fits = _Fitting(thesaurus, kind, frozenset(figure.topics))
    matches = _matches(thesaurus.measures, words, text, language)
    own = [m for m in matches if own_start <= words[m.first].start < own_end]
    for match in _head_first(own, words, text, language):
        if measure := fits(match.concepts):
            return measure
    own_words = [
        word
        for word in words
        if own_start <= word.start < own_end
        and not _is_number(word, language)
        and not any(start <= word.start < end for start, end in dates)
    ]
    if kind == "count" and own_words:
        # The figure names what it counts: the clause may only say which people they are.
        if not _names_people(own_words, text, language):
            return None
        fits = _Fitting(thesaurus, kind, fits.topics, people_only=True)
    before = [m for m in matches if words[m.last - 1].end <= own_start]
    after = [m for m in matches if words[m.first].start >= own_end]
    # The nearest words before first: they name the subject ("les décès par surdose ont
    # atteint 1 200"); those after a bare number often only narrow it ("18 tra i detenuti").
    for match in reversed(before):
        # Before a share, only a measure of shares named outright ("la prévalence du VIH est
        # de 8 %"): a subject like "HIV-positive people" is the whole the share is taken of.
        if measure := fits(match.concepts, hand_down=kind != "share"):
            return measure
    for match in after:
        if measure := fits(match.concepts):
            return measure
    return None


def figure_kind(text: str, figure: Figure, language: str, clause: tuple[int, int]) -> Kind | None:
    """What kind of figure this is, for measures; None for changes, multipliers, durations
    and units no measure counts in."""
    if figure.unit == "count":
        return "share" if figure.of is not None else "count"  # "4 patients sur 10" is a share
    if _CURRENCY.fullmatch(figure.unit):
        return "money"
    kind = _UNIT_KINDS.get(figure.unit)
    if kind == "share" and _is_change(text, figure, language, clause):
        return None
    return kind


def _is_change(text: str, figure: Figure, language: str, clause: tuple[int, int]) -> bool:
    """A signed percentage, one a word of change leads to ("en hausse de 12 %", "rose 3%";
    not "rose to 6%", which is a level), or one a comparative follows ("12% higher")."""
    if _SIGNED.search(text, max(0, figure.start - 2), figure.start) or figure.text[:1] in "+-−":
        return True
    after = terms(text, language, figure.end, clause[1])[:2]
    change = _words(language, "change")
    if any(w.forms[0] in change or w.forms[0] in _words(language, "comparative") for w in after):
        return True
    leading = _LEADING_WORD.search(text, max(0, figure.start - 12), figure.start)
    if leading and leading.group(1).lower() in _LEVEL_BEFORE:
        return False
    return any(w.forms[0] in change for w in terms(text, language, clause[0], figure.start)[-3:])


@dataclass(frozen=True)
class _Fitting:
    """Which measure, if any, named concepts give a figure of this kind and sentence."""

    thesaurus: Thesaurus
    kind: Kind
    topics: frozenset[str]
    people_only: bool = False

    def __call__(self, named: frozenset[str], hand_down: bool = True) -> str | None:
        """The one measure the named ones give: one that can be this kind of figure, or the
        narrower one a measure that only groups others hands it to; None if none or several."""
        found = {
            measure
            for concept in named
            if (measure := self._handed(self.thesaurus.measures.concepts[concept], hand_down))
        }
        if len(found) != 1:
            return None
        measure = found.pop()
        return measure if self._required_topics_named(measure) else None

    def _handed(self, concept: Concept, hand_down: bool) -> str | None:
        if concept.quantities:
            return concept.id if self._can_be(concept) else None
        if not hand_down:
            return None
        measures = self.thesaurus.measures
        for child in measures.narrower[concept.id]:
            if self._can_be(measures.concepts[child]):
                return child
        return None

    def _can_be(self, concept: Concept) -> bool:
        if self.kind == "count":
            return "people" in concept.quantities or (
                not self.people_only and "count" in concept.quantities
            )
        return self.kind in concept.quantities

    def _required_topics_named(self, measure: str) -> bool:
        """A measure (and each broader one) that requires topics has one of them, or a
        narrower one, named in the figure's sentence: "saisis" is a drug seizure only where
        a drug is named."""
        measures = self.thesaurus.measures
        for concept in [measure, *measures.ancestors(measure)]:
            required = measures.concepts[concept].requires
            if required and not self.topics & _covered(self.thesaurus, tuple(required)):
                return False
        return True


def _matches(measures: Thesaurus, words: list[Term], text: str, language: str) -> list[LabelMatch]:
    """Measure labels in the words, without the second name of a pair ("HIV/AIDS"). A label
    read whole beats one read over a skipped word: one measure is wanted, not a tie."""
    found: list[LabelMatch] = []
    for match in measures.matches(words, language, fewest_gaps=True):
        if found and text[words[found[-1].last - 1].end : words[match.first].start].strip() == "/":
            continue
        found.append(match)
    return found


def _own_span(text: str, figure: Figure, language: str) -> tuple[int, int]:
    """The figure and the words saying what it counts (`about`, after it or a label before).
    An `about` that a preposition
    leads ("41 nello stesso anno", "2,858 in emergency accommodation") says where or when,
    not what: it is left to the clause."""
    start, end = figure.start, figure.end
    if figure.about:
        found = text.find(figure.about, figure.start, figure.end + 160)
        if found >= 0:
            # The words after the number's last digit ("11 et 14 m²" is one range), and the
            # first word of `about`.
            digits = [at for at in range(figure.start, found) if text[at].isdigit()]
            after_number = digits[-1] + 1 if digits else figure.start
            words = _WORD.findall(text, after_number, found) + _WORD.findall(figure.about)[:1]
            linking = [word.lower() for word in words]
            stop = FUNCTION_WORDS[language]
            if any(word in stop and word not in _COUNTED_LINKS for word in linking):
                return start, min(end, found)
            end = max(end, found + len(figure.about))
        elif (found := text.rfind(figure.about, max(0, figure.start - 100), start)) >= 0:
            start = found
    return start, end


def _before_another_number(words: list[Term], start: int, end: int, language: str) -> int:
    """Where a figure's own words end: at the next number, which belongs to another figure."""
    own = [word for word in words if start <= word.start < end]
    for previous, word in pairwise(own):
        if _is_number(word, language) and not _is_number(previous, language):
            return previous.end
    return end


def _clause(text: str, figure: Figure, sentences: Sentences) -> tuple[int, int]:
    """The figure's clause: its sentence, cut at semicolons, colons, brackets and commas."""
    opening, closing = sentences.around(figure.start, figure.end)
    for mark in _CLAUSE_BREAK.finditer(text, opening, figure.start):
        opening = mark.end()
    if mark_after := _CLAUSE_BREAK.search(text, figure.end, closing):
        closing = mark_after.start()
    return opening, closing


def _head_first(
    matches: list[LabelMatch], words: list[Term], text: str, language: str
) -> list[LabelMatch]:
    """Own matches, the one naming the head noun first: the first in French and Italian
    ("détenus séropositifs"), the last of the opening run of words in English ("HIV-positive
    prisoners"), where modifiers come before the noun."""
    if language != "en" or len(matches) < 2:
        return matches
    head = 0
    for index in range(1, len(matches)):
        gap = text[words[matches[index - 1].last - 1].end : words[matches[index].first].start]
        if gap.strip(" -"):
            break
        head = index
    return [matches[head], *matches[:head], *matches[head + 1 :]]


def _names_people(own: list[Term], text: str, language: str) -> bool:
    """Whether a figure's own words count people without saying which ("personnes", "young
    people"): its first word, or in English, where the noun follows its modifiers, one of
    its first two."""
    people = _words(language, "people")
    heads = own[:2] if language == "en" else own[:1]
    return any(word.forms[0] in people for word in heads)


def _is_number(word: Term, language: str) -> bool:
    return _is_number_word(word.surface.lower(), language)


@lru_cache(maxsize=50_000)
def _is_number_word(surface: str, language: str) -> bool:
    return surface[0].isdigit() or surface in SCALES or parse_words(surface, language) is not None


@cache
def _covered(thesaurus: Thesaurus, topics: tuple[str, ...]) -> frozenset[str]:
    """Topics and every narrower one."""
    return frozenset(
        covered for topic in topics for covered in (topic, *thesaurus.descendants(topic))
    )


@cache
def _words(language: str, which: Literal["people", "change", "comparative"]) -> frozenset[str]:
    """One of the word lists above, as matching forms (stemmed, folded) of `language`."""
    table = {"people": _PEOPLE_WORDS, "change": _CHANGE_WORDS, "comparative": _COMPARATIVES}
    return frozenset(analyse_word(word, language) for word in table[which][language].split())


def _language_finder(
    spans: Sequence[LanguageSpan], language: str | None
) -> Callable[[int], str | None]:
    """From an offset to the language measures are matched in there: its paragraph's, else
    the document's; None outside French, Italian and English."""
    ordered = sorted(spans, key=lambda span: span.start)
    starts = [span.start for span in ordered]

    def language_at(offset: int) -> str | None:
        index = bisect_right(starts, offset) - 1
        found = ordered[index].language if index >= 0 and offset < ordered[index].end else None
        code = found or language
        return code if code in LANGUAGES else None

    return language_at
