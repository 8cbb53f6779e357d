"""What a figure counts when the words after it do not say (nlp/about.py): sentences written
for these tests, one per way a reader finds it, in the three languages."""

from __future__ import annotations

import pytest

from nlp.about import describe
from nlp.dates import find_dates
from nlp.figures import find_figures

# (language, text, the figure's number as written, what it counts)
ABOUT = [
    # The subject of its clause, before the verb.
    ("fr", "Les dépenses de prévention sont estimées à 4,2 milliards d'euros.", "4,2",
     "dépenses de prévention"),
    ("it", "La spesa per i servizi sociali è pari a 12 milioni di euro.", "12",
     "spesa per i servizi sociali"),
    ("en", "The prevalence of hepatitis C among prisoners in 2019 was 14 per cent.", "14",
     "prevalence of hepatitis C among prisoners"),
    # The whole a share is of, past a bracket.
    ("en", "Women made up 41.5% (212) of the clients seen by the outreach teams.", "41.5",
     "clients seen by the outreach teams"),
    ("fr", "Près de 38 % (96) des détenus interrogés fument.", "38", "détenus interrogés fument"),
    # A figure in brackets restates the one before it, or qualifies the words before it.
    ("fr", "Les causes sont la négligence (31,2 %) et l'abus physique (18,4 %).", "18,4",
     "abus physique"),
    # A figure that parallels another counts the same thing.
    ("en", "Shelters housed 4,120 families in 2023, up from 3,870 in 2022.", "3,870", "families"),
    ("it", "I ricoveri sono stati 935 pazienti nel 2022 contro 870 nel 2021.", "870", "pazienti"),
    # Linked by a preposition to its noun.
    ("fr", "Le trafic génère des revenus de l'ordre de 240 millions de francs.", "240", "revenus"),
    # After a copula.
    ("fr", "Parmi les entrants, 64 % sont fumeurs.", "64", "fumeurs"),
    # The subject after a date the clause opens with, no comma between.
    ("en", "By the end of 2023 the number of people in treatment had reached 9,400.", "9,400",
     "number of people in treatment"),
    ("it", "Al 31 dicembre 2022 le persone in carico ai servizi erano 4.310.", "4.310",
     "persone in carico ai servizi"),
    ("fr", "Au 30 juin 2024 le nombre de places d'hébergement était de 1 250.", "1 250",
     "nombre de places d'hébergement"),
    # The sentence's subject for a figure whose own clause has none.
    ("en", "Methadone clients rose by 8%, from 1,310 to 1,415.", "1,415", "Methadone clients"),
]  # fmt: skip

# What a figure never counts: a verb, a comparison, a pronoun, an attribution.
NOT_ABOUT = [
    ("en", "The rate fell to 4.1, connected to 55 fewer deaths than in 2020.", "55",
     {"connected", "than"}),
    ("en", "According to the minister, 30,000 of them inject drugs.", "30,000",
     {"According", "them"}),
    ("it", "La media regionale si attesta al 10,9%.", "10,9", {"si"}),
    # A date the sentence opens with is not what is counted.
    ("it", "Al 31 dicembre 2023 erano 5.120.", "5.120", {"dicembre"}),
    ("en", "In Leeds and Bradford, over 30 per cent of the posts cost up to £2,000 a month.",
     "£2,000", {"cent"}),
]  # fmt: skip


def _about(language: str, text: str, number: str) -> str | None:
    # Dates found first, as the analyzer does: "2023" in "By the end of 2023" is no figure.
    figures = describe(text, find_figures(text, language, find_dates(text, language)))
    start = text.index(number)
    found = [f for f in figures if f.start <= start < f.end]
    assert found, (number, [f.text for f in figures])
    return found[0].about


@pytest.mark.parametrize(("language", "text", "number", "about"), ABOUT)
def test_what_the_figure_counts(language: str, text: str, number: str, about: str) -> None:
    assert _about(language, text, number) == about


@pytest.mark.parametrize(("language", "text", "number", "words"), NOT_ABOUT)
def test_words_that_never_say_what_is_counted(
    language: str, text: str, number: str, words: set[str]
) -> None:
    about = _about(language, text, number) or ""
    assert not words & set(about.split()), about


def test_the_figure_s_own_words_are_kept() -> None:
    text = "Le centre a suivi 3 810 toxicomanes inscrits."
    [figure] = describe(text, find_figures(text, "fr"))
    assert figure.about == "toxicomanes inscrits"
