"""The figure extractor on real sentences per language: one row per hard case of gold-format.md."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests_support import figures_overlapping

from ingest.model import DateMention
from nlp.as_of import tie_dates
from nlp.figures import find_figures

# (language, sentence, quote the figure must overlap, expected fields)
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # French number formats
    ("fr", "La province compte 3 810 toxicomanes.", "3 810", {"value": 3810, "unit": "count"}),
    ("fr", "La province compte 3\u202f810 toxicomanes.", "810", {"value": 3810}),
    ("fr", "Le taux atteint 12,5 % chez les jeunes.", "12,5 %", {"value": 12.5, "unit": "percent"}),
    ("fr", "Un budget de 1,2 million d'euros.", "1,2 million", {"value": 1.2e6, "unit": "EUR"}),
    ("fr", "Les ventes ont porté sur 210.000 doses.", "210.000", {"value": 210000}),
    ("fr", "Le fonds prévoit 5,6 milliards de FCFA.", "5,6", {"value": 5.6e9, "unit": "XOF"}),
    # A currency CLDR names only with its country ("dông vietnamien"), as the press writes it.
    ("fr", "Le programme a coûté 18 milliards de dongs.", "18", {"value": 1.8e10, "unit": "VND"}),
    ("it", "Il piano è costato 42 miliardi di dong.", "42", {"value": 4.2e10, "unit": "VND"}),
    ("fr", "Il y a 20/21 districts touchés.", "20/21", {"value": 20, "of": 21}),
    ("fr", "Entre 1 500 et 1 700 personnes.", "1 500", {"value_min": 1500, "value_max": 1700}),
    ("fr", "De 1 500 à 1 700 personnes.", "1 700", {"value_min": 1500, "value_max": 1700}),
    ("fr", "4 patients sur 10 rechutent.", "4 patients sur 10", {"value": 4, "of": 10}),
    ("fr", "Environ 450 patients sont suivis.", "450", {"value": 450, "qualifier": "approx"}),
    ("fr", "Plus de 2 000 demandes.", "2 000", {"value": 2000, "qualifier": "more_than"}),
    ("fr", "Au moins 30 morts.", "30", {"value": 30, "qualifier": "at_least"}),
    ("fr", "Jusqu'à 90 places.", "90", {"value": 90, "qualifier": "up_to"}),
    ("fr", "La moitié des patients.", "moitié", {"value": 1, "of": 2, "unit": "fraction"}),
    ("fr", "Le nombre de patients a doublé.", "doublé", {"value": 2, "unit": "times"}),
    ("fr", "Trois centres ont ouvert.", "Trois", {"value": 3, "unit": "count"}),
    ("fr", "Dix-neuf centres ont ouvert.", "Dix-neuf", {"value": 19}),
    ("fr", "Saisie de 1,3 tonne de cocaïne.", "1,3 tonne", {"value": 1.3, "unit": "t"}),
    ("fr", "Saisie de 13 tonnes et 750 kilogrammes.", "13 tonnes", {"value": 13750, "unit": "kg"}),
    ("fr", "L'âge moyen est de 42,2 ans.", "42,2", {"value": 42.2, "unit": "year"}),
    ("fr", "Une durée maximale de 90 jours.", "90 jours", {"value": 90, "unit": "day"}),
    ("fr", "On compte 12 décès pour 100 000 habitants.", "12", {"value": 12, "per": 100000}),
    ("fr", "Une baisse de 24 % en un an.", "24 %", {"value": 24, "unit": "percent"}),
    ("fr", "Le prix est de 3,4 millions de francs.", "3,4", {"value": 3.4e6, "unit": "CHF"}),
    # Italian
    ("it", "Sono 1.572 i pazienti in terapia.", "1.572", {"value": 1572, "unit": "count"}),
    ("it", "L'84,14% dei pazienti.", "84,14%", {"value": 84.14, "unit": "percent"}),
    ("it", "Lavorano 68 professionisti.", "68 professionisti", {"value": 68}),
    ("it", "Lavorano sessantotto professionisti.", "sessantotto", {"value": 68}),
    ("it", "In 24 delle 44 province.", "24 delle 44", {"value": 24, "of": 44}),
    ("it", "Oltre 3 milioni di euro.", "3 milioni", {"value": 3e6, "unit": "EUR"}),
    ("it", "Oltre 3 milioni di euro.", "3 milioni", {"qualifier": "more_than"}),
    ("it", "Una spesa di 2,5 miliardi.", "2,5 miliardi", {"value": 2.5e9}),
    ("it", "Costano 400 euro al giorno.", "400 euro", {"value": 400, "unit": "EUR", "per": "day"}),
    ("it", "Circa 7.400 persone.", "7.400", {"value": 7400, "qualifier": "approx"}),
    ("it", "Tra 24 e 38 comunità.", "24", {"value_min": 24, "value_max": 38}),
    ("it", "Il numero è triplicato.", "triplicato", {"value": 3, "unit": "times"}),
    ("it", "Sequestrate 2,3 tonnellate di eroina.", "2,3", {"value": 2.3, "unit": "t"}),
    # English
    ("en", "About 2,450 people were treated.", "2,450", {"value": 2450, "qualifier": "approx"}),
    ("en", "It rose by 45 per cent.", "45 per cent", {"value": 45, "unit": "percent"}),
    ("en", "A grant of £3.2 million.", "£3.2", {"value": 3.2e6, "unit": "GBP"}),
    ("en", "A plan worth $1.5 billion.", "$1.5", {"value": 1.5e9, "unit": "USD"}),
    ("en", "Between 5 and 10 centres.", "5", {"value_min": 5, "value_max": 10}),
    (
        "en",
        "Two-thirds of patients stayed.",
        "Two-thirds",
        {"value": 2, "of": 3, "unit": "fraction"},
    ),
    ("en", "It treated 2,61,132 patients.", "2,61,132", {"value": 261132}),
    ("en", "A budget of Rs 45 crore.", "45 crore", {"value": 4.5e8, "unit": "INR"}),
    ("en", "About 1.6 lakh users.", "1.6 lakh", {"value": 160000}),
    ("en", "Seizures of 1,140 kg of heroin.", "1,140 kg", {"value": 1140, "unit": "kg"}),
    ("en", "Deaths were 217 per million.", "217", {"value": 217, "per": 1000000}),
    ("en", "There was only one death.", "one", {"value": 1, "unit": "count"}),
    ("en", "Ninety clinics opened.", "Ninety", {"value": 90}),
    ("en", "Overdoses were 12 times higher.", "12 times", {"value": 12, "unit": "times"}),
    ("en", "One in five patients relapsed.", "One in five", {"value": 1, "of": 5}),
    ("en", "Nearly 300 beds.", "300", {"value": 300, "qualifier": "approx"}),
    ("en", "Spending has doubled.", "doubled", {"value": 2, "unit": "times"}),
    # Word fractions (a ratio: value of denominator) and multipliers win over the number words
    (
        "fr",
        "Deux tiers des patients restent.",
        "Deux tiers",
        {"value": 2, "of": 3, "unit": "fraction"},
    ),
    ("it", "Due terzi dei posti.", "Due terzi", {"value": 2, "of": 3, "unit": "fraction"}),
    ("en", "A fifth of the budget.", "A fifth", {"value": 1, "of": 5, "unit": "fraction"}),
    ("it", "Le richieste sono il triplo.", "il triplo", {"value": 3, "unit": "times"}),
    ("fr", "Un seul décès a été signalé.", "Un seul", {"value": 1, "unit": "count"}),
    ("it", "Un solo decesso.", "Un solo", {"value": 1}),
    # Currency symbols glued to the number, and on both ends of a range
    ("en", "The grant is R530 a month.", "R530", {"value": 530, "unit": "ZAR"}),
    ("en", "A P21.9 billion budget.", "P21.9", {"value": 21.9e9, "unit": "PHP"}),
    ("en", "Between ₦150,000 and ₦300,000.", "₦150,000", {"value_min": 150000, "unit": "NGN"}),
    # Short durations are parameters; ranges of durations are figures
    ("en", "Patients wait 14 days.", "14 days", {"value": 14, "unit": "day"}),
    ("it", "Entro 72 ore dall'arresto.", "72 ore", {"value": 72, "unit": "hour"}),
    ("en", "Stays of 6 to 24 months.", "6 to 24", {"value_min": 6, "value_max": 24}),
    ("en", "Four of every 10 people.", "10 people", {"value": 4, "of": 10}),
    # "una" is a numeral before "su tre" as "uno" is (gold-format: "uno su cinque" = 1 of 5)
    ("it", "Una persona su tre.", "Una", {"value": 1, "of": 3}),
]

# Sentences whose quoted number is not a figure.
NOT_FIGURES: list[tuple[str, str, str]] = [
    ("fr", "La 3e conférence nationale.", "3"),
    ("fr", "Selon l'article 12 de la loi.", "12"),
    ("fr", "Pendant la pandémie de COVID-19.", "19"),
    ("fr", "Les deux provinces ont discuté.", "deux"),
    ("fr", "Chez les moins de 35 ans.", "35"),
    ("fr", "Au cours des dix dernières années.", "dix"),
    ("fr", "Appelez le 01 45 67 89 00.", "01"),
    ("it", "Si è classificata al terzo posto.", "terzo"),
    ("it", "Negli ultimi cinque anni.", "cinque"),
    ("en", "In the past eight years.", "eight"),
    ("en", "People aged 35-44 were asked.", "35"),
    ("en", "The 2nd phase starts.", "2"),
    ("en", "Under section 5 of the Act.", "5"),
    ("en", "Under Republic Act 9165.", "9165"),
    ("fr", "Il est arrivé il y a trois ans.", "trois"),
    ("en", "The centre opened three years ago.", "three"),
    ("fr", "Appelez le 0 800 23 13 13.", "800"),
    ("fr", "Un de l'autre côté.", "Un"),
]


def test_a_change_from_one_figure_to_another_is_not_a_range() -> None:
    text = "Le nombre est passé de 227.000 à 350.000 ménages."
    assert [(f.value, f.value_min) for f in find_figures(text, "fr")] == [
        (227000, None),
        (350000, None),
    ]


@pytest.mark.parametrize(("language", "sentence", "quote", "expected"), CASES)
def test_figures(language: str, sentence: str, quote: str, expected: dict[str, Any]) -> None:
    found = figures_overlapping(sentence, quote, language)
    assert len(found) == 1, [f.text for f in find_figures(sentence, language)]
    for name, value in expected.items():
        actual = getattr(found[0], name)
        if isinstance(value, float):
            assert actual == pytest.approx(value, rel=1e-3), name
        else:
            assert actual == value, name


@pytest.mark.parametrize(("language", "sentence", "quote"), NOT_FIGURES)
def test_not_figures(language: str, sentence: str, quote: str) -> None:
    assert figures_overlapping(sentence, quote, language) == []


def test_dates_are_not_figures_and_tie_as_of() -> None:
    text = "Au 30 septembre 2023, la province comptait 3 810 toxicomanes. En 2024, 12 centres."
    dates = [
        DateMention(text="30 septembre 2023", start=3, end=20, value="2023-09-30"),
        DateMention(text="2024", start=66, end=70, value="2024"),
    ]
    figures = tie_dates(text, find_figures(text, "fr", dates), dates)
    assert [(f.value, f.as_of) for f in figures] == [(3810, "2023-09-30"), (12, None)]


def test_dollar_follows_the_document_country() -> None:
    [figure] = find_figures("Le plan prévoit 40 millions de dollars.", "fr", countries=["CA"])
    assert (figure.value, figure.unit) == (40e6, "CAD")


def test_about_names_the_counted_thing() -> None:
    [figure] = find_figures("La province comptait 3 810 toxicomanes en traitement.", "fr")
    assert figure.about is not None and figure.about.startswith("toxicomanes")


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["fr", "it", "en", None]))
def test_never_crashes_and_spans_are_exact(text: str, language: str | None) -> None:
    for figure in find_figures(text, language):
        assert text[figure.start : figure.end] == figure.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.from_regex(r"\d{1,3}([ .,]\d{3}){0,2}([.,]\d{1,2})?", fullmatch=True),
            st.sampled_from(["%", "€", "$", "million", "milioni", "et", "à", "sur", "/", "-"]),
            st.sampled_from(["toxicomanes", "pazienti", "people", "environ", "oltre", "about"]),
        ),
        max_size=12,
    ),
    st.sampled_from(["fr", "it", "en"]),
)
def test_number_soup_keeps_spans_exact(parts: list[str], language: str) -> None:
    text = " ".join(parts)
    for figure in find_figures(text, language):
        assert text[figure.start : figure.end] == figure.text


def test_a_label_before_the_figure_says_what_it_counts() -> None:
    # Table rows as the spreadsheet and CSV readers write them, and "Label : value" in prose.
    text = (
        "Provincia: Bolzano; Pazienti in metadone: 1.572; Quota: 12,5 %\n"
        "Provincia: Trento; Pazienti in metadone: 950\n"
        "Toxicomanes recensés : 3 810"
    )
    found = {(f.text, f.about) for f in find_figures(text, "it")}
    assert {("1.572", "Pazienti in metadone"), ("12,5 %", "Quota")} <= found
    assert ("950", "Pazienti in metadone") in found  # not "Provincia", across the line break
    [french] = [f for f in find_figures(text, "fr") if f.value == 3810]
    assert french.about == "Toxicomanes recensés"


def test_a_comparative_after_a_figure_is_not_what_it_counts() -> None:
    french = find_figures("Le nombre a augmenté, soit 18 % de plus qu'en 2022.", "fr")
    assert [(f.value, f.about) for f in french if f.unit == "percent"] == [(18, None)]
    italian = find_figures("Le prese in carico sono il 9 % in più rispetto al 2021.", "it")
    assert [(f.value, f.about) for f in italian if f.unit == "percent"] == [(9, None)]
