"""Dates: real sentences per language, the non-dates beside them, and spans that always hold."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nlp.dates import find_dates

VALUE = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|Q[1-4]))?(-\d{2})?(/.*)?$")

FRENCH = [
    (
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.",
        [("30 septembre 2023", "2023-09-30")],
    ),
    (
        "À compter du 1er novembre 2025, le centre accueille les patients.",
        [("1er novembre 2025", "2025-11-01")],
    ),
    ("Le matin du 6 octobre, la police a arrêté deux suspects.", [("6 octobre", "XXXX-10-06")]),
    ("La délibération du 29.01.2014 a été publiée au recueil.", [("29.01.2014", "2014-01-29")]),
    ("L'arrêté du 29/01/2014 fixe les tarifs.", [("29/01/2014", "2014-01-29")]),
    ("Les données sont arrêtées au 2023-09-30.", [("2023-09-30", "2023-09-30")]),
    ("En septembre 2023, le taux a baissé.", [("septembre 2023", "2023-09")]),
    (
        "Le rapport de fevrier 2020 et celui d'aout 2021.",
        [("fevrier 2020", "2020-02"), ("aout 2021", "2021-08")],
    ),
    (
        "Le 3 décembre 2022, puis le 12 sept. 2023.",
        [("3 décembre 2022", "2022-12-03"), ("12 sept. 2023", "2023-09-12")],
    ),
    ("La note publiée en janv. 2024 le confirme.", [("janv. 2024", "2024-01")]),
    ("Le programme couvre la période 2016-2017.", [("2016-2017", "2016/2017")]),
    (
        "Les campagnes 2016–2017 et 2016/2017 ont été évaluées.",
        [("2016–2017", "2016/2017"), ("2016/2017", "2016/2017")],
    ),
    ("Entre 2016 et 2020, les saisies ont doublé.", [("Entre 2016 et 2020", "2016/2020")]),
    (
        "Le salon se tiendra du 12 au 14 mars 2024 à Paris.",
        [("du 12 au 14 mars 2024", "2024-03-12/2024-03-14")],
    ),
    (
        "La trêve dure du 28 décembre au 3 janvier 2024.",
        [("du 28 décembre au 3 janvier 2024", "2023-12-28/2024-01-03")],
    ),
    (
        "Au premier trimestre 2023, les ventes ont progressé.",
        [("premier trimestre 2023", "2023-Q1")],
    ),
    ("Les résultats du T1 2023 sont encourageants.", [("T1 2023", "2023-Q1")]),
    ("En 2023, trois centres ont ouvert.", [("2023", "2023")]),
    ("En 2023 patients et familles ont été reçus.", [("2023", "2023")]),
    ("Le plan vise la neutralité d'ici 2030.", [("2030", "2030")]),
    ("L'un des points forts de l'année 2025 a été le dépistage.", [("2025", "2025")]),
    ("Depuis la mi-2020, la situation s'améliore.", [("2020", "2020")]),
]
FRENCH_NON_DATES = [
    "La pandémie de COVID-19 a frappé la province.",
    "La loi n° 2021-1109 conforte le respect des principes.",
    "Selon l'article 2023 du code, la peine est aggravée.",
    "Le budget atteint 2019 euros par habitant.",
    "Le centre a reçu 2 019 appels.",
    "Au total, 2023 patients ont été traités.",
    "Appelez le 01 2019 4567 pour un rendez-vous.",
    "Le coût a progressé de 2020 % en dix ans.",
    "Il a fini 12 2023 dossiers.",
]
ITALIAN = [
    (
        "Il decreto è stato firmato il 25 settembre 2020 a Roma.",
        [("25 settembre 2020", "2020-09-25")],
    ),
    ("Dal 1° gennaio 2024 entra in vigore la riforma.", [("1° gennaio 2024", "2024-01-01")]),
    ("La riunione del 29.01.2014 ha approvato il bilancio.", [("29.01.2014", "2014-01-29")]),
    ("A settembre 2023 i casi sono diminuiti.", [("settembre 2023", "2023-09")]),
    ("Dal 2016 al 2020 le overdose sono aumentate.", [("Dal 2016 al 2020", "2016/2020")]),
    (
        "Tra il 2016 e il 2020 i sequestri sono raddoppiati.",
        [("Tra il 2016 e il 2020", "2016/2020")],
    ),
    (
        "Il convegno si terrà dal 12 al 14 marzo 2024.",
        [("dal 12 al 14 marzo 2024", "2024-03-12/2024-03-14")],
    ),
    ("Nel primo trimestre 2023 le vendite sono cresciute.", [("primo trimestre 2023", "2023-Q1")]),
    (
        "Nel secondo trimestre del 2022 il dato è stabile.",
        [("secondo trimestre del 2022", "2022-Q2")],
    ),
    ("Nel 2019 sono stati aperti tre centri.", [("2019", "2019")]),
    ("Decreto-legge 17 marzo 2020, n. 18.", [("17 marzo 2020", "2020-03-17")]),
    ("Il rapporto dell'UNODC 2020 conferma la tendenza.", [("2020", "2020")]),
    ("Ha chiuso il 5 mai 2020, dice il testo.", [("2020", "2020")]),
]
ITALIAN_NON_DATES = [
    "Sono state assistite 2020 persone.",
    "Il costo è di 2019 euro a testa.",
    "La pratica n. 2021/1109 è chiusa.",
]
ENGLISH = [
    ("On 12 March 2024 the ministry published its report.", [("12 March 2024", "2024-03-12")]),
    ("The law was signed on March 12, 2024.", [("March 12, 2024", "2024-03-12")]),
    ("The strategy was adopted on 4 June 2025.", [("4 June 2025", "2025-06-04")]),
    ("The contract dated 01/29/2014 was renewed.", [("01/29/2014", "2014-01-29")]),
    ("The board met on 03/04/2014.", [("03/04/2014", "2014-04-03")]),
    ("In September 2023 the programme expanded.", [("September 2023", "2023-09")]),
    ("The 2016-2017 campaign reached every district.", [("2016-2017", "2016/2017")]),
    ("The 2019-20 budget was cut.", [("2019-20", "2019/2020")]),
    ("Between 2016 and 2020, seizures doubled.", [("Between 2016 and 2020", "2016/2020")]),
    ("From 2016 to 2020 the rate fell.", [("From 2016 to 2020", "2016/2020")]),
    ("Sales rose in the first quarter of 2023.", [("first quarter of 2023", "2023-Q1")]),
    ("Q1 2023 results were strong.", [("Q1 2023", "2023-Q1")]),
    ("In 2021, the ministry opened two clinics.", [("2021", "2021")]),
    ("Cases have fallen since 2015.", [("2015", "2015")]),
    (
        "It appeared in Jan 2024 and again in Sept 2023.",
        [("Jan 2024", "2024-01"), ("Sept 2023", "2023-09")],
    ),
    (
        "Doses arrived on 1st June 2024 and 2nd March 2024.",
        [("1st June 2024", "2024-06-01"), ("2nd March 2024", "2024-03-02")],
    ),
    (
        "The 2019 report found that in 2020 patients waited longer.",
        [("2019", "2019"), ("2020", "2020")],
    ),
    ("We set 2020 as the baseline.", [("2020", "2020")]),
]
ENGLISH_NON_DATES = [
    "2023 patients were treated last year.",
    "COVID-19 cases rose again.",
    "The fund paid $2019 to each family.",
    "Call 555 2019 4567 for help.",
    "Section 2023 of the code applies.",
    "Prices may 12 times exceed the cap.",
    "It rose from 2000 to 2050 patients.",
]
UNKNOWN_LANGUAGE = [
    (
        "A settembre 2023 e in September 2023 e en septembre 2023.",
        [
            ("settembre 2023", "2023-09"),
            ("September 2023", "2023-09"),
            ("septembre 2023", "2023-09"),
        ],
    ),
    (
        "entre 2016 et 2020; dal 2016 al 2020; between 2016 and 2020",
        [
            ("entre 2016 et 2020", "2016/2020"),
            ("dal 2016 al 2020", "2016/2020"),
            ("between 2016 and 2020", "2016/2020"),
        ],
    ),
]


def _pairs(
    text: str, language: str | None, published: dt.date | None = None
) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in find_dates(text, language, published)]


PERIODS = [
    ("en", "Deaths peaked in the late 1990s.", [("the late 1990s", "199X")]),
    ("en", "The 2020s will be decisive.", [("The 2020s", "202X")]),
    ("fr", "Dans les années 1990, l'héroïne dominait.", [("années 1990", "199X")]),
    ("fr", "Les années 80 ont vu l'épidémie.", [("années 80", "198X")]),
    ("it", "Negli anni Novanta i SerT si diffusero.", [("anni Novanta", "199X")]),
    ("it", "Negli anni '80 l'eroina dilagava.", [("anni '80", "198X")]),
    ("en", "Arrests fell in the second half of 2017.", [("the second half of 2017", "2017-H2")]),
    ("en", "In the first six months of 2024, 90 people died.", [("the first six months of 2024",
                                                                  "2024-H1")]),
    ("fr", "Au premier semestre 2023, les saisies ont doublé.", [("premier semestre 2023",
                                                                  "2023-H1")]),
    ("fr", "Sur les six premiers mois de 2022, 40 décès.", [("les six premiers mois de 2022",
                                                            "2022-H1")]),
    ("it", "Nei primi sei mesi del 2024 sono stati sequestrati 80 kg.", [("primi sei mesi del 2024",
                                                                          "2024-H1")]),
    ("it", "Nel secondo semestre 2021 i ricoveri sono calati.", [("secondo semestre 2021",
                                                                  "2021-H2")]),
    ("it", "Dal primo gennaio del 2023 il servizio è attivo.", [("primo gennaio del 2023",
                                                                 "2023-01-01")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), PERIODS)
def test_halves_decades_and_spelled_first_days(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _pairs(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [("fr", t, e) for t, e in FRENCH]
    + [("it", t, e) for t, e in ITALIAN]
    + [("en", t, e) for t, e in ENGLISH]
    + [(None, t, e) for t, e in UNKNOWN_LANGUAGE]
    + [("de", t, e) for t, e in UNKNOWN_LANGUAGE],
)
def test_dates_in_sentences(
    language: str | None, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _pairs(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", t) for t in FRENCH_NON_DATES]
    + [("it", t) for t in ITALIAN_NON_DATES]
    + [("en", t) for t in ENGLISH_NON_DATES],
)
def test_numbers_that_are_not_dates(language: str, text: str) -> None:
    assert _pairs(text, language) == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Le matin du 6 octobre, la police est intervenue.", dt.date(2023, 10, 10), "2023-10-06"),
        ("Le 5 décembre, le comité se réunira.", dt.date(2023, 10, 10), "2023-12-05"),
        ("Le 20 décembre, le comité s'est réuni.", dt.date(2023, 10, 10), "2022-12-20"),
        ("Le 29 février, rien n'a changé.", dt.date(2023, 3, 1), "XXXX-02-29"),
        ("Le salon a lieu du 12 au 14 mars.", dt.date(2024, 3, 20), "2024-03-12/2024-03-14"),
    ],
)
def test_publication_date_gives_the_missing_year(
    text: str, published: dt.date, expected: str
) -> None:
    assert [value for _, value in _pairs(text, "fr", published)] == [expected]


def test_a_written_year_wins_over_the_publication_date() -> None:
    assert _pairs("Au 30 septembre 2023.", "fr", dt.date(2025, 1, 1)) == [
        ("30 septembre 2023", "2023-09-30")
    ]


def test_offsets_index_the_text() -> None:
    text = "Au 30 septembre 2023, puis du 12 au 14 mars 2024."
    for mention in find_dates(text, "fr"):
        assert text[mention.start : mention.end] == mention.text


def test_a_megabyte_keeps_every_date() -> None:
    # Speed is measured in bench/, not here: this checks a large text loses nothing.
    paragraph = (
        " ".join(t for t, _ in FRENCH + ITALIAN + ENGLISH)
        + " "
        + "Lorem ipsum dolor sit amet. " * 40
    )
    copies = 1_000_000 // len(paragraph) + 1
    text = (paragraph + "\n\n") * copies
    once = len(find_dates(paragraph, None))
    assert len(find_dates(text, None)) == once * copies


def _check(text: str, language: str | None, published: dt.date | None) -> None:
    previous_end = 0
    for mention in find_dates(text, language, published):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        assert VALUE.match(mention.value), mention.value
        previous_end = mention.end


LANGUAGES = st.sampled_from(["fr", "it", "en", "de", None])
FRAGMENTS = st.sampled_from(
    [
        "1er",
        "12",
        "2016",
        "2023",
        "-",
        "–",
        "/",
        ".",
        " ",
        "\n",
        "mars",
        "sept.",
        "May",
        "du",
        "au",
        "entre",
        "et",
        "Q1",
        "trimestre",
        "premier",
        "of",
        "29",
        "02",
        "n°",
        "€",
        "patients",
        "en",
        "mi-",
        "dal",
        "al",
        "tra il",
        "e il",
    ]
)


@given(st.text(), LANGUAGES, st.none() | st.dates())
def test_any_text_gives_well_formed_spans(
    text: str, language: str | None, published: dt.date | None
) -> None:
    _check(text, language, published)


@settings(max_examples=300)
@given(st.lists(FRAGMENTS, max_size=30).map("".join), LANGUAGES, st.none() | st.dates())
# Found by this test: a year in reach before a publication in year 1000 came out as "999".
@example("1er sept.", "fr", dt.date(1000, 1, 1))
def test_date_like_text_gives_well_formed_spans(
    text: str, language: str | None, published: dt.date | None
) -> None:
    _check(text, language, published)


@pytest.mark.parametrize(
    ("language", "text", "published", "expected"),
    [
        ("fr", "La réunion a eu lieu en mars.", None, [("mars", "XXXX-03")]),
        ("fr", "La réunion a eu lieu en mars.", dt.date(2024, 6, 1), [("mars", "2024-03")]),
        ("it", "Il centro ha aperto nel mese di giugno.", None, [("giugno", "XXXX-06")]),
        ("en", "Seizures rose in May.", None, [("May", "XXXX-05")]),
        ("en", "Officials may march on.", None, []),
        # The year in reach (earlier in the same sentence) beats the publication date.
        ("fr", "En 2021, le 15 octobre, le centre a ouvert.", dt.date(2024, 1, 1),
         [("2021", "2021"), ("15 octobre", "2021-10-15")]),
        # A year in another sentence is out of reach.
        ("it", "La legge è del 1988. Il 1° ottobre si vota.", None,
         [("1988", "1988"), ("1° ottobre", "XXXX-10-01")]),
        # Two months as one period, the year in reach filling both.
        ("fr", "En 2016, entre janvier et novembre, 3 tonnes ont été saisies.", None,
         [("2016", "2016"), ("entre janvier et novembre", "2016-01/2016-11")]),
        ("it", "Da marzo a giugno i servizi hanno chiuso.", dt.date(2022, 9, 1),
         [("Da marzo a giugno", "2022-03/2022-06")]),
        ("en", "Seizures rose in January and February.", None,
         [("January and February", "XXXX-01/XXXX-02")]),
        # A month relative to the writer is no date.
        ("fr", "Le record a été battu en novembre dernier.", None, []),
        ("it", "Il centro ha chiuso a giugno scorso.", None, []),
        ("en", "The clinic closed last April.", None, []),
    ],
)  # fmt: skip
def test_missing_years_and_bare_months(
    language: str, text: str, published: dt.date | None, expected: list[tuple[str, str]]
) -> None:
    found = [(m.text, m.value) for m in find_dates(text, language, published)]
    assert found == expected
