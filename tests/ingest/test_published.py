"""The publication date a text states at its top: datelines, bylines, "published" lines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.html_published import markup_published
from ingest.published import header_date, plausible, stated_date, stated_published
from ingest.submitted import SubmittedDocument

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # French: a place and the date before a dash, a letter's "le", cues, bylines, a day alone.
        ("Saint-Malo, 7 février 2024 – Le conseil départemental a voté le budget", "2024-02-07"),
        ("Lyon, le 18 septembre 2023", "2023-09-18"),
        ("TOULOUSE, 3 JUIN 2024 (AFP) - La préfecture a fermé deux squats", "2024-06-03"),
        ("Publié le 2 avril 2024 à 9h15", "2024-04-02"),
        ("Mis en ligne le 11/10/2023", "2023-10-11"),
        ("Date de publication : 1er décembre 2023", "2023-12-01"),
        ("Par Claire Martin, publié le 1er décembre 2023", "2023-12-01"),
        ("Société · Publiée le 05.03.2024", "2024-03-05"),
        ("Jeudi 29 août 2024", "2024-08-29"),
        ("Question écrite de Mme Anne Leroy (Gironde) publiée le 09/05/2022", "2022-05-09"),
        ("Mis à jour le 8 mars 2024 | Publié le 5 mars 2024", "2024-03-05"),
        # Italian.
        ("Bari, 22 ottobre 2023 – La giunta regionale ha approvato il piano", "2023-10-22"),
        ("Torino, lì 5 luglio 2022", "2022-07-05"),
        ("Castel di Sangro, 3 agosto 2021 -", "2021-08-03"),
        ("Pubblicato il 14 marzo 2024 alle 18:40", "2024-03-14"),
        ("di Giulia Bianchi – 1° febbraio 2024", "2024-02-01"),
        ("Comunicato stampa del 30 novembre 2023", "2023-11-30"),
        ("Martedì 9 gennaio 2024", "2024-01-09"),
        ("Data: 17/06/2023", "2023-06-17"),
        # English, month-first with the month named too.
        ("Leeds, 4 March 2024 — The city council said on Monday", "2024-03-04"),
        ("DENVER, June 12, 2023 — State officials reported", "2023-06-12"),
        ("Published: 19 July 2023", "2023-07-19"),
        ("First published on 2nd May 2024", "2024-05-02"),
        ("By Sam Okafor | 12 January 2024 | 4 min read", "2024-01-12"),
        ("By Ana de la Cruz and Tom Reid, 30 Sept 2023", "2023-09-30"),
        ("Health · Posted on Feb. 6, 2024", "2024-02-06"),
        ("**Cardiff, 15 May 2024** – Ministers agreed", "2024-05-15"),
        # Numbers: day first, except ISO's year first.
        ("08/11/2023", "2023-11-08"),
        ("2024-01-31", "2024-01-31"),
        ("13.02.2024 à 18:34", "2024-02-13"),
    ],
)
def test_header_lines_that_state_the_publication(line: str, expected: str) -> None:
    assert header_date(line) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "line",
    [
        # A later change is not the publication.
        "Mis à jour le 6 mars 2024",
        "Aggiornato il 3 marzo 2024 alle 10:00",
        "Updated: 7 March 2024",
        # Sentences that hold a date: it goes on after the date, or no place opens them.
        "Le rapport publié le 5 mars 2024 indique une hausse des admissions",
        "L'agence a publié le 5 mars 2024 son bilan annuel",
        "Ieri, 12 gennaio 2024, il ministro ha firmato il decreto",
        "The report, 12 January 2024 — was late",
        "Au 30 septembre 2023, la province comptait 3 810 patients.",
        "By the end of 9 May 2024 the clinic had closed",
        "Par ailleurs, 14 centres ont ouvert – 2 mars 2024",
        # Not a whole day, or not a day at all.
        "Rapport annuel 2023",
        "Mars 2024",
        "31/02/2024",
        "02/30/2024",
        "",
    ],
)
def test_lines_that_do_not(line: str) -> None:
    assert header_date(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Titre du rapport\n\nVinh, 14 novembre 2023 – La province a ouvert.", "2023-11-14"),
        ("Titolo\nSottotitolo della notizia\nPubblicato il 3 marzo 2024\nTesto.", "2024-03-03"),
        ("Headline\n\nBy Jane Doe | 12 January 2024\n\nThe body.", "2024-01-12"),
        # An implausible date is passed over for the next header line.
        ("Publié le 1er janvier 1970\nLyon, le 3 mai 2024\nTexte.", "2024-05-03"),
    ],
)
def test_the_top_of_a_text_states_it(text: str, expected: str) -> None:
    assert stated_published(text, TODAY) == dt.date.fromisoformat(expected)


PARAGRAPHS = [
    "La région a ouvert deux centres de soins en addictologie cette année.",
    "Les équipes suivent désormais plus de patients qu'avant la réforme.",
    "Les associations demandent des moyens supplémentaires pour la prévention.",
]


@pytest.mark.parametrize(
    "text",
    [
        # The third paragraph of the body is too far down, however the date is written.
        "\n\n".join(["Titre", *PARAGRAPHS[:2], "Publié le 5 mars 2024"]),
        "\n\n".join(["Titolo", *PARAGRAPHS[:2], "Roma, 12 gennaio 2024 – Il ministro"]),
        # A date in a body sentence, even on the second line.
        "Titre\nLe 5 mars 2024, le ministère a annoncé un plan.",
        "Headline\nOn 4 March 2024 the council voted to close the shelter.",
        # Lines starting past the first 300 characters are the body's.
        "Titre\n" + "Un chapeau très long. " * 15 + "\nLyon, le 3 mai 2024 – Texte.",
        # Nothing is published in the future.
        "Titre\nPublié le 5 mars 2031\nTexte.",
        "",
    ],
)
def test_dates_lower_down_or_impossible_are_not_taken(text: str) -> None:
    assert stated_published(text, TODAY) is None


def test_a_single_line_of_megabytes_is_read_at_its_start_only() -> None:
    assert stated_published("Publié le 2 avril 2024 " + "texte " * 500_000, TODAY) == dt.date(
        2024, 4, 2
    )
    assert stated_published("Le 5 mars 2024 " * 300_000, TODAY) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-14", "2023-11-14"),
        ("2023-11-14T23:30:00-05:00", "2023-11-14"),  # the day as written, not moved to UTC
        ("2023-11-14T10:12:00.123456789", "2023-11-14"),  # OpenDocument's nanoseconds
        ("20231114", "2023-11-14"),
        ("Tue, 14 Nov 2023 08:00:00 GMT", "2023-11-14"),
        ("14 novembre 2023", "2023-11-14"),
        ("lunedì 13 novembre 2023", "2023-11-13"),
        ("November 14, 2023", "2023-11-14"),
        ("14/11/2023", "2023-11-14"),
        ("2023-02-30", None),
        ("2023", None),
        ("last spring", None),
        ("", None),
    ],
)
def test_stated_date_of_metadata_values(value: str, expected: str | None) -> None:
    assert stated_date(value) == (dt.date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 3, 5), True),
        (TODAY + dt.timedelta(days=1), True),  # a time zone ahead
        (TODAY + dt.timedelta(days=2), False),
        (dt.date(1970, 1, 1), False),  # epochs: a clock with no date
        (dt.date(1980, 1, 1), False),
        (dt.date(1899, 12, 31), False),
    ],
)
def test_plausible(day: dt.date, expected: bool) -> None:
    assert plausible(day, TODAY) is expected


def test_submitted_documents_take_the_dateline_when_no_date_is_given() -> None:
    text = "Titolo\n\nNapoli, 4 aprile 2024 – La Regione ha approvato il piano."
    assert SubmittedDocument(text=text).to_document().published == dt.date(2024, 4, 4)
    given = SubmittedDocument(text=text, published=dt.date(2024, 4, 5)).to_document()
    assert given.published == dt.date(2024, 4, 5)
    assert SubmittedDocument(text="Titolo\n\nNessuna data qui.").to_document().published is None


# Header-like text: digits, month and cue words, dividers, line breaks, markup.
_PIECES = st.sampled_from(
    ["Publié le ", "Roma, ", "By ", " | ", " – ", "12", "/", ".", "-", "2024", " mars ", "March ",
     "31", "\n", ", ", "<time datetime='", "'>", "</time>", "<article>", "<h1>", "é", "\x00"]
)  # fmt: skip
_HEADERS = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HEADERS)
def test_bad_input_never_raises(text: str) -> None:
    day = stated_published(text, TODAY)
    assert day is None or plausible(day, TODAY)
    stated_date(text)
    markup_published(text, TODAY)
