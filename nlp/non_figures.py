"""Numbers that count nothing: codes and references, times of day, list markers, ages that only
define a population, time windows, articles, once, and the base of a rate."""

from __future__ import annotations

import math
import re

from nlp import units
from nlp.figure_joins import Joined
from nlp.number_spans import Number
from nlp.qualifiers import qualifier_before

# Where the clause a figure stands in starts, looking back from it.
CLAUSE_BREAK = re.compile(r"[,;:.()\n]")
# Labels that make the number after them an identifier, a page or a reference: "article 12",
# "n° 4", "Goal 3", "COVID-19".
_CODE_BEFORE = re.compile(
    r"(?:\b(?:art|article|articles|articolo|articoli|section|sezione|n|no|nº|n°|num|numéro|nrs?|nos|"
    r"numero|number|loi|law|décret|decreto|decree|legge|page|pages|p|pp|pagina|chapitre|"
    r"capitolo|chapter|paragraphe|paragrafo|comma|alinéa|tél|tel|phone|fax|code|codice|"
    r"version|niveau|level|phase|fase|étape|step|point|punto|annexe|allegato|annex|figure|"
    r"tableau|tabella|table|graphique|graphe|grafico|chart|graph|cf|goal|objectif|obiettivo|target|cible|sdg|odd|cap|covid|sars|"
    r"h|g|room|salle|stanza|route|rue|via|street|avenue|lot|ligne|linea|line|grade|classe|"
    r"class|tier|catégorie|categoria|category|type|tipo|semestre|trimestre|quarter|t|q|"
    r"semaine|week|settimana|saison|season|stagione|édition|edition|edizione|session|"
    r"sessione|round|tour|volume|vol|tome|issue|numéro|act|acts|bill|ordinance|resolution|"
    r"résolution|risoluzione|décision|decisione|directive|direttiva|regulation|règlement|"
    r"regolamento|circulaire|circolare|arrêté|ordonnance|ref|réf|rif|fig|id|vol|isbn|issn)\.?\s*[°º]?\s*$)|[#§№]\s*$|[A-Za-z][-_]$",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:les|ces|des|the|these|those|both|i|gli|le|questi|queste|quei|quelle|entrambi|"
    r"ses|leurs|their|its|nos|our|i\s+suoi|le\s+sue|loro)\s+$",
    re.IGNORECASE,
)
_SINGLE_CUES = re.compile(
    r"\b(?:seul(?:e|s|es)?|only|solo|soltanto|solamente|just|single|unique|uniquement|"
    r"appena|a\s+single|un\s+seul|une\s+seule|un\s+solo|una\s+sola)\s+$",
    re.IGNORECASE,
)
_SINGLE_AFTER = re.compile(r"\s+(?:seul|seule|solo|sola|single|unique|unico|unica)\b", re.I)

# Ages that only define a population: "aged 35-44", "âgés entre 15 et 64 ans", "di età 18-25";
# with an article before a range of years the band names a group: "les 6 à 12 ans", "dai 46 ai
# 60 anni", "tra i 31 e i 45 anni"; after it: "the 25-34 age group", "15-24 year-olds".
_AGE_BAND_BEFORE = re.compile(
    r"\b(?:aged|ages|age\s+group|âgée?s?|tranche\s+d'âge|classe\s+d'âge|di\s+età|età|"
    r"fascia\s+d'età|between\s+the\s+ages\s+of)\s*"
    r"(?:(?:de|di|of|entre|between|tra|fra|from|da|dai|dagli)\s+)?(?:i\s+|the\s+)?$",
    re.IGNORECASE,
)
_AGE_BAND_ARTICLE = re.compile(
    r"\b(?:les|des|aux|the|i|dai|dagli|nei|negli|agli|tra\s+i|fra\s+i|tra\s+gli|fra\s+gli)\s*$",
    re.IGNORECASE,
)
_AGE_BAND_AFTER = re.compile(
    r"\s*(?:-?\s?years?[- ]olds?|years?\s+old|(?:age|year)[- ](?:group|bracket|band|range|class)|"
    r"ans\s+et\s+plus|anni\s+e\s+più|years\s+and\s+(?:over|older|above))",
    re.IGNORECASE,
)
# One age that only defines a population: "below the age of 20", "dès l'âge de 15 ans".
_AGE_OF_BEFORE = re.compile(r"\b(?:age\s+of|l'âge\s+de|l'età\s+di|età\s+di)\s*$", re.I)

# Before a duration, these make it a window of time rather than a length measured: "au cours
# des dix dernières années", "negli ultimi tre anni", "over the past five years".
_TIME_WINDOW = re.compile(
    r"\b(?:depuis|pendant|durant|il\s+y\s+a|dans|au\s+cours\s+des|ces|les|derniers|dernières|"
    r"prochains|prochaines|past|last|next|over\s+the|in\s+the|within\s+the|for\s+the|"
    r"these|those|ultimi|ultime|prossimi|prossime|negli|nei|nelle|da|fa|per|aged|âgée?s?\s+de|"
    r"di\s+età|età|sous|under|in|en)\s*$",
    re.IGNORECASE,
)
# "au cours des 12 derniers mois", "nei primi sei mesi": the period word before the unit.
_TIME_WINDOW_FOLLOWS = re.compile(
    r"\s+(?:derniers|dernières|premiers|premières|prochains|prochaines|ultimi|ultime|primi|prime|"
    r"prossimi|prossime|passati|passate|scorsi|scorse)\s+(?:années|ans|mois|semaines|jours|anni|"
    r"mesi|settimane|giorni)\b",
    re.IGNORECASE,
)
_TIME_WINDOW_AFTER = re.compile(
    r"\s+(?:ago|fa|derniers|dernières|précédents|précédentes|passés|passées|old|d'âge|"
    r"ultimi|ultime|scorsi|scorse|precedenti|earlier|before)\b",
    re.IGNORECASE,
)
# "pour 100 000 habitants": the base of a rate, never a figure of its own.
_RATE_BASE_BEFORE = re.compile(
    r"\b(?:pour|per|par|ogni|every|su|sur|out\s+of)\s+(?:(?:un|one|a|uno)\s+)?$", re.IGNORECASE
)
_POPULATION_AFTER = re.compile(
    r"\s+(?:d'|de\s+|di\s+|of\s+)?(?:habitants?|abitanti|residenti|residents|inhabitants|"
    r"population|people|persons?|persone|personnes|naissances|births|nascite)\b",
    re.IGNORECASE,
)
# Where a number is a time of day ("18:34", "14h30") or a list marker ("1)", "2.").
_CLOCK_BEFORE = re.compile(r"\d\s?[:h]$")
# The numbers of a list before one: "nos 14, 15 et", "22/".
_LISTED_AFTER = re.compile(
    r"(?:\d+[a-z]?\s*(?:,|;|/|et|and|e|ou|or|o|à|to|-|–)\s*)+$", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_CLOCK_AFTER = re.compile(r"[:h]\d")
_LIST_MARK_AFTER = re.compile(r"[.)]\s")
_ONCE = re.compile(r"\s(?:fois|volta|time)\b", re.IGNORECASE)


def defines_a_population(text: str, joined: Joined) -> bool:
    """Age bands and thresholds ("aged 35-44", "the 25-34 age group", "below the age of 20")."""
    before = text[max(0, joined.start - 40) : joined.start]
    if joined.value_min is not None:
        return bool(_AGE_BAND_BEFORE.search(before) or _AGE_BAND_AFTER.match(text, joined.end))
    if not _AGE_OF_BEFORE.search(before):
        return False
    return not units.DURATION_CUES.search(CLAUSE_BREAK.split(before)[-1])


def names_an_age_group(text: str, start: int) -> bool:
    """Whether an article before a range of years makes it an age group: "les 6 à 12 ans", "dai
    46 ai 60 anni"."""
    return bool(_AGE_BAND_ARTICLE.search(text[max(0, start - 20) : start]))


def is_time_window(clause: str, text: str, unit_end: int) -> bool:
    """Whether a duration names a window of time rather than measuring one: "au cours des dix
    dernières années", "three years ago"; `clause` is its clause's words before it."""
    return bool(_TIME_WINDOW.search(clause) or _TIME_WINDOW_AFTER.match(text, unit_end))


def counts_something(text: str, numbers: list[Number], index: int, joined: Joined) -> bool:
    """Whether a bare number counts something: it names, ranks or refers to nothing, and goes
    on no list of codes."""
    return _is_count(text, numbers[index], joined) and _not_listed(text, numbers, index)


def _is_count(text: str, number: Number, joined: Joined) -> bool:
    """Whether a bare number counts something rather than naming, ranking or referring."""
    before = text[max(0, number.start - 30) : number.start]
    if _CODE_BEFORE.search(before) or _CLOCK_BEFORE.search(before):
        return False
    if not joined.joined:
        if _TIME_WINDOW_FOLLOWS.match(text, number.end):
            return False  # "au cours des 12 derniers mois"
        if (
            _is_power_of_ten(number.value)
            and _RATE_BASE_BEFORE.search(before)
            and _POPULATION_AFTER.match(text, number.end)
        ):
            return False  # "pour 100 000 habitants" is the base of a rate, not "pour 188 personnes"
    after = text[number.end : number.end + 3]
    if _CLOCK_AFTER.match(after):
        return False  # times of day "14h30"
    if after.startswith(")") and not _closes_a_bracket(text, number):
        return False
    if number.word and _REFERS_BACK.search(before) and not joined.joined:
        return False  # "les deux provinces" points back at something already counted
    # Numbered list items ("1. ", "2) ") open a line and count nothing. Only the spaces before
    # the number are read, not the whole line (a text may be one line of megabytes).
    previous = number.start - 1
    while previous >= 0 and text[previous] in " \t":
        previous -= 1
    opens_line = previous < 0 or text[previous] == "\n"
    return not opens_line or not _LIST_MARK_AFTER.match(after)


def is_article(text: str, number: Number, joined: Joined) -> bool:
    """ "un", "one", "una" are mostly articles. "un seul", "non più di un bicchiere" count one,
    while "plus d'une drogue" and "au moins un trouble" name a kind of case."""
    if not number.word or number.value != 1 or joined.joined:
        return False
    before = text[max(0, number.start - 30) : number.start]
    return not (
        _SINGLE_CUES.search(before)
        or _SINGLE_AFTER.match(text, number.end)
        or qualifier_before(before) == "up_to"
    )


def is_once(text: str, end: int, value: float | None) -> bool:
    """ "une fois", "una volta", "one time": once, an adverb."""
    return value == 1 and bool(_ONCE.match(text, end))


def _closes_a_bracket(text: str, number: Number) -> bool:
    """Whether the ")" after a number closes a bracket of the sentence: "(quando erano 678)", or
    "70 % (153)" and "les 31 à 45 ans (24)", a count beside another number; not "1)", a list
    marker, nor "Comment (0)", a page's counter."""
    window = max(0, number.start - 200)  # a bracket of a sentence opens within it
    newline = text.rfind("\n", window, number.start)
    line = text[newline + 1 if newline != -1 else window : number.start]
    opened = line.rfind("(")
    if opened == -1 or ")" in line[opened:]:
        return False
    if line[opened + 1 :].strip():
        return True  # words inside the bracket before the number
    return bool(_DIGIT.search(line, max(0, opened - 60), opened))


def _not_listed(text: str, numbers: list[Number], index: int) -> bool:
    """False for a number that goes on a list of codes: "les décisions nos 14, 15 et 16". The
    list is of numbers found (a date before it, "au 1er trimestre 2016, 63 élèves", is none)."""
    number = numbers[index]
    if index == 0 or numbers[index - 1].end < number.start - 30:
        return True  # no number close before it: no list
    listed = _LISTED_AFTER.search(text, max(0, number.start - 30), number.start)
    if not listed or numbers[index - 1].end <= listed.start():
        return True
    return not _CODE_BEFORE.search(text, max(0, listed.start() - 30), listed.start())


def _is_power_of_ten(value: float) -> bool:
    return value >= 100 and math.isclose(math.log10(value), round(math.log10(value)))
