"""Number-aware OCR repair on lines and pages this test draws at 300 dpi and Tesseract reads:
each slip made on the page comes out repaired, and clean pages of ordinary text come out
untouched. Each test first checks that Tesseract made the slip, so a change in Tesseract shows
as what it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from printed_lines import (
    Piece,
    draw_line,
    draw_page,
    read_words,
    spoils_unmeasured,
    tesseract_missing,
    words_of,
)

from ingest.model import Document
from ingest.ocr import Ocr, OcrOptions
from ingest.ocr_words import OcrWord, page_text
from ingest.sources import read_documents
from nlp.ocr_repair import repair_numbers

pytestmark = pytest.mark.skipif(tesseract_missing() is not None, reason=str(tesseract_missing()))
spoiled = pytest.mark.skipif(spoils_unmeasured() is not None, reason=str(spoils_unmeasured()))


def read_line(tmp_path: Path, pieces: list[Piece], language: str) -> list[OcrWord]:
    return read_words(draw_line(pieces, tmp_path / "line.png"), language)


def texts(words: list[OcrWord]) -> list[str]:
    return [word.text for word in words]


def test_a_number_cut_after_its_comma_is_joined(tmp_path: Path) -> None:
    # Justified type (word spaces 1.2 wide) with a comma followed by a thinner gap: Tesseract cuts
    # the number, at about 0.75 of the line's usual gap.
    pieces = [
        *words_of("Les saisies ont atteint", 1.2),
        Piece("17,", 0.75),
        *words_of("614 tonnes en 2023 selon la police.", 1.2),
    ]
    words = read_line(tmp_path, pieces, "fr")
    assert "17," in texts(words) and "614" in texts(words), texts(words)
    repaired, repairs = repair_numbers(words, "fr")
    assert "atteint 17,614 tonnes en 2023" in page_text(repaired)
    assert [(r.read, r.written) for r in repairs] == [("17, 614", "17,614")]


@spoiled
def test_a_blurred_digit_read_as_a_letter_before_a_unit(tmp_path: Path) -> None:
    pieces = [*words_of("On a saisi"), Piece("S", blur=1.8), *words_of("tonnes de cannabis.")]
    words = read_line(tmp_path, pieces, "fr")
    [letter] = [word for word in words if word.text == "S"]
    assert letter.confidence < 85, letter
    assert "On a saisi 5 tonnes de cannabis." in page_text(repair_numbers(words, "fr")[0])


def test_a_printed_letter_read_surely_stays_a_letter(tmp_path: Path) -> None:
    pieces = [*words_of("On a saisi"), Piece("S"), *words_of("tonnes de cannabis.")]
    words = read_line(tmp_path, pieces, "fr")
    assert "S" in texts(words)
    assert repair_numbers(words, "fr")[1] == []


@spoiled
def test_the_first_number_of_a_ratio(tmp_path: Path) -> None:
    pieces = [*words_of("On a relevé"), Piece("S", blur=1.8), *words_of("décès sur 12 patients.")]
    words = read_line(tmp_path, pieces, "fr")
    [letter] = [word for word in words if word.text == "S"]
    assert letter.confidence < 85, letter
    assert "relevé 5 décès sur 12" in page_text(repair_numbers(words, "fr")[0])


@spoiled
def test_a_misspelt_scale_word_on_a_photocopied_word(tmp_path: Path) -> None:
    pieces = [*words_of("On a investi 330"), Piece("miltions", coarse=3.5), *words_of("de francs.")]
    words = read_line(tmp_path, pieces, "fr")
    [misspelt] = [word for word in words if word.text == "miltions"]
    assert misspelt.confidence < 85, misspelt
    assert "investi 330 millions de francs." in page_text(repair_numbers(words, "fr")[0])


def test_a_doubled_dollar_sign(tmp_path: Path) -> None:
    words = read_line(tmp_path, words_of("Assets worth $$18.3 million were seized."), "en")
    assert "$$18.3" in texts(words)
    assert "worth $18.3 million were" in page_text(repair_numbers(words, "en")[0])


# Ordinary text with figures written each language's way, and the words that look like the
# slips repaired: they must come out of a clean page as printed.
PAGES = {
    "fr": [
        "En 2023, les douanes ont saisi 17,6 tonnes de cannabis et 1 250 kilogrammes de "
        "cocaïne, soit une hausse de 30,7 % par rapport à 2022. Le montant des avoirs "
        "confisqués atteint 18,3 millions d'euros.",
        "Le programme de méthadone couvre 21 districts et 3 810 patients ; 1 décès sur 12 est "
        "lié à une surdose. La préfecture a délivré 5 000 titres de séjour, et 7 500 détenus "
        "occupent 5 000 places, soit un taux d'occupation de 150 %.",
        "Selon l'article 7, 614 personnes dorment dehors. Le plan B prévoit 2,5 milliards "
        "d'euros entre 2019 et 2030, dont 0,8 million pour la prévention.",
    ],
    "it": [
        "Nel 2022 la Regione Lombardia ha impiegato 68 professionisti nei servizi per le "
        "dipendenze, il 12,5 % in più rispetto al 2021. Sono stati sequestrati 5 chili di "
        "eroina e 2,3 tonnellate di hashish.",
        "I decessi per overdose sono stati 298, di cui 1 su 5 tra i giovani. I milioni "
        "stanziati non bastano: il fondo di 330 milioni di euro e i 18,3 milioni della "
        "S.p.A. regionale arrivano entro il 2030, o forse 5 o 6 anni dopo.",
        "Le carceri italiane ospitano 56.000 detenuti per 51.000 posti. Il tasso di "
        "sovraffollamento è del 110 %, e i detenuti tossicodipendenti sono il 28,5 %.",
    ],
    "en": [
        "In 2023 police made 2,471 arrests for drug offences and seized 17,614 kilograms of "
        "cannabis, an increase of 30.7% on the previous year. Assets worth $18.3 million were "
        "confiscated.",
        "The treatment programme reached 3,810 people in 21 districts; 1 in 12 deaths was "
        "linked to an overdose. I think the budget of 5 million pounds, of which 0.8 million "
        "went to prevention, was too small.",
        "In 2017, 614 people slept rough on a single night. Since the Blitz of the 1990s, "
        "vitamin B12 and 7.8 litres of naloxone per site were given out at 12 sites.",
    ],
}


@pytest.mark.parametrize("language", sorted(PAGES))
def test_clean_pages_of_ordinary_text_are_left_as_read(tmp_path: Path, language: str) -> None:
    words = read_words(draw_page(PAGES[language], tmp_path / "page.png"), language)
    repaired, repairs = repair_numbers(words, language)
    assert repairs == []
    assert repaired == words


@pytest.mark.parametrize("language", sorted(PAGES))
def test_on_scanned_pages_only_speckles_go(tmp_path: Path, language: str) -> None:
    # A flatbed scan's noise is read as stray marks; the figures are left as Tesseract read them.
    words = read_words(draw_page(PAGES[language], tmp_path / "page.png", office=True), language)
    _, repairs = repair_numbers(words, language)
    assert all(len(r.read) == 1 and r.written == "" for r in repairs), repairs


@spoiled
def test_repairs_reach_the_document_with_what_tesseract_read(tmp_path: Path) -> None:
    # Through the product's route: the scan read, its numbers repaired, and each repair kept in
    # the page's provenance where it stands in the document's text.
    pieces = [
        *words_of("Les saisies ont atteint", 1.2),
        Piece("17,", 0.75),
        *words_of("614 tonnes et la police a saisi", 1.2),
        Piece("S", blur=1.8),
        *words_of("tonnes de cannabis.", 1.2),
    ]
    scan = draw_line(pieces, tmp_path / "saisies.png")
    ocr = Ocr(OcrOptions(cache_dir=None, workers=1), repair=repair_numbers)
    [document] = read_documents([scan], base=tmp_path, ocr=ocr, language="fr")
    assert isinstance(document, Document), document
    assert "atteint 17,614 tonnes et la police a saisi 5 tonnes" in document.text
    [page] = document.pages
    repaired = {document.text[r.start : r.end]: r.read for r in page.ocr_repairs}
    assert repaired == {"17,614": "17, 614", "5": "S"}
