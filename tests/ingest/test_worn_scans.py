"""Worn scans read whole through the product's route: a photocopied page of each language, its
lines falling 2.5° to the right (the tilt Tesseract's own layout loses most of), dusted with
toner specks, saved as a black-and-white PDF and read back with the numbers repaired."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from page_states import PHOTOCOPY, read_text_file, render, save_pages

from ingest.model import Document
from ingest.ocr import Ocr, OcrOptions
from ingest.sources import read_documents
from ingest.tesseract import tesseract_version
from nlp.ocr_repair import repair_numbers

TEXTS = Path(__file__).resolve().parents[2] / "bench" / "ocr_texts"
# Numbers as printed: digits with the separators each language groups and splits them with.
_NUMBER = re.compile(r"\d+(?:[ .,'’]\d+)*")


def _read_photocopy(language: str, folder: Path) -> tuple[str, Document]:
    tesseract_version()  # fails with the package to install when Tesseract is missing
    heading, paragraphs = read_text_file(TEXTS / f"{language}-1.txt")
    [page] = render(paragraphs, PHOTOCOPY, seed=7, heading=heading, falling=True)[:1]
    pdf = save_pages(folder / f"{language}-copy.pdf", [page], PHOTOCOPY)
    options = OcrOptions(
        cache_dir=None, workers=1, environment={**os.environ, "OMP_THREAD_LIMIT": "1"}
    )
    ocr = Ocr(options, repair=repair_numbers)
    [document] = read_documents([pdf], base=folder, ocr=ocr, language=language)
    assert isinstance(document, Document), document
    return page.text, document


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_a_photocopied_page_is_read_whole_with_its_numbers(language: str, tmp_path: Path) -> None:
    printed, document = _read_photocopy(language, tmp_path)
    expected, found = " ".join(printed.split()), " ".join(document.text.split())
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    assert same / max(len(expected), len(found)) >= 0.95
    numbers = _NUMBER.findall(expected)
    read = set(_NUMBER.findall(found))
    assert sum(number in read for number in numbers) >= 0.9 * len(numbers)
    [page] = document.pages
    # Straightened by the 2.5° it fell (turned back anticlockwise), and read in full.
    assert page.ocr_rotation == pytest.approx(-2.5, abs=0.15)
    assert page.ocr_coverage is not None and page.ocr_coverage >= 0.9
