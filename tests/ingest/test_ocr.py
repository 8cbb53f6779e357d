"""OCR of scans the tests make themselves: pages, languages, cache, parallel pages, bad images.

Tesseract and pdftoppm are real (`make test` installs them through `make ocr-tools`).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from scans import write_mixed_pdf, write_scan
from tests_support import write_pdf

from ingest import ocr as ocr_module
from ingest.errors import ReaderError
from ingest.extracted import ReadContext
from ingest.formats import extract_file
from ingest.language import best_language, make_detector
from ingest.model import Document, Failure
from ingest.ocr import Ocr, OcrOptions
from ingest.page_reading import Reading
from ingest.pdf import needs_ocr
from ingest.reflow import reflow_paragraphs, unwrap_lines
from ingest.sources import read_documents
from ingest.tesseract import language_set, tesseract_version

FRENCH = [
    "Au 30 septembre 2023, la province de Nghe An comptait 3 810 toxicomanes avec des "
    "dossiers de gestion.",
    "Le programme de méthadone couvre 20/21 districts et coûte 1,2 million d'euros.",
]
ITALIAN = [
    "Nel 2022 la Regione Lombardia ha impiegato 68 professionisti nei servizi per le "
    "dipendenze, il 12,5 % in più rispetto al 2021."
]


@pytest.fixture
def ocr(tmp_path: Path) -> Ocr:
    tesseract_version()  # fails with the package to install when Tesseract is missing
    return Ocr(OcrOptions(cache_dir=tmp_path / "ocr-cache", workers=2))


def _documents(paths: list[Path], base: Path, ocr: Ocr | None, **options: object) -> list:
    return list(read_documents(paths, base=base, ocr=ocr, **options))  # type: ignore[arg-type]


def test_image_only_pdf_is_read_page_by_page(tmp_path: Path, ocr: Ocr) -> None:
    path = write_scan(tmp_path / "scan.pdf", [FRENCH, ITALIAN])
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document)
    assert [(page.number, page.ocr) for page in document.pages] == [(1, True), (2, True)]
    first, second = (document.text[page.start : page.end] for page in document.pages)
    # Line breaks of the printed page are undone: a sentence is one line again.
    assert FRENCH[0] in first and FRENCH[1] in first
    assert ITALIAN[0] in second
    assert document.text == f"{first}\n\n{second}"
    assert ocr.stats.recognised == 2 and ocr.stats.cache_hits == 0
    assert all(0.85 < (page.ocr_confidence or 0) <= 1 for page in document.pages)


@pytest.mark.parametrize("turn", [90, 180])
def test_pages_scanned_sideways_or_upside_down_are_turned(
    tmp_path: Path, ocr: Ocr, turn: int
) -> None:
    path = write_scan(tmp_path / "tourne.png", [FRENCH], turn=turn)
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document)
    assert FRENCH[0] in document.text and FRENCH[1] in document.text
    assert (document.pages[0].ocr_confidence or 0) > 0.85


def test_a_second_read_takes_every_page_from_the_cache(tmp_path: Path, ocr: Ocr) -> None:
    path = write_scan(tmp_path / "scan.pdf", [FRENCH, ITALIAN])
    [first] = _documents([path], tmp_path, ocr)
    again = Ocr(ocr.options)  # a new run: nothing shared but the cache folder
    [second] = _documents([path], tmp_path, again)
    assert (again.stats.recognised, again.stats.cache_hits) == (0, 2)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert second.text == first.text and second.pages == first.pages
    # Another language set is another reading, so it is not taken from the cache.
    forced = Ocr(ocr.options)
    _documents([path], tmp_path, forced, language="it")
    assert (forced.stats.recognised, forced.stats.cache_hits) == (2, 0)


def test_first_page_tells_the_language_of_the_rest(tmp_path: Path) -> None:
    heard: list[str] = []

    def identify(text: str) -> str | None:
        heard.append(text)
        return "fr"

    ocr = Ocr(OcrOptions(cache_dir=None, workers=1), identify=identify)
    path = write_scan(tmp_path / "scan.pdf", [FRENCH, FRENCH[::-1]])
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document) and len(document.pages) == 2
    # Page 1 tells the language; page 2, read in it, is checked and found in it too.
    assert len(heard) == 2 and "3 810 toxicomanes" in heard[0]
    assert ocr.stats.recognised == 2
    assert language_set("fr") == ("fra",) and language_set(None) == ("fra", "ita", "eng")
    assert language_set("de") == ("fra", "ita", "eng")


def test_a_page_in_another_language_is_read_again_in_its_own(tmp_path: Path) -> None:
    detector = make_detector("lingua", ["fr", "it", "en"])
    ocr = Ocr(
        OcrOptions(cache_dir=None, workers=1),
        identify=lambda text: best_language(detector, text, 0.5)[0],
    )
    annex = ["La spesa è cresciuta del 12,5 % e l'offerta di metadone è più ampia di prima."]
    path = write_scan(tmp_path / "rapport.pdf", [FRENCH, annex])
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document)
    assert annex[0] in document.text[document.pages[1].start :]
    # Page 1 with all three languages; page 2 in French, then again in Italian.
    assert ocr.stats.recognised == 3


def test_text_layer_pages_are_kept_and_scanned_pages_ocrd(tmp_path: Path, ocr: Ocr) -> None:
    typed = ["Rapport annuel sur les addictions en France métropolitaine.", FRENCH[1]]
    path = write_mixed_pdf(tmp_path / "mixed.pdf", typed, ITALIAN)
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document)
    assert [(page.number, page.ocr) for page in document.pages] == [(1, False), (2, True)]
    assert document.text.startswith(typed[0])
    assert ITALIAN[0] in document.text[document.pages[1].start :]
    assert ocr.stats.recognised == 1


def test_ocr_setting_never_and_always(tmp_path: Path, ocr: Ocr) -> None:
    scan = write_scan(tmp_path / "scan.pdf", [FRENCH])
    cut = FRENCH[0].index(" avec")
    typed = write_pdf(tmp_path / "typed.pdf", [[FRENCH[0][:cut], FRENCH[0][cut + 1 :]]])
    never = Ocr(OcrOptions(mode="never"))
    [failure, kept] = _documents([scan, typed], tmp_path, never)
    assert isinstance(failure, Failure) and failure.source == "scan.pdf"
    assert "OCR is off (setting ocr)" in failure.reason
    assert isinstance(kept, Document) and kept.pages[0].ocr is False
    always = Ocr(OcrOptions(mode="always", cache_dir=tmp_path / "ocr-cache"))
    [document] = _documents([typed], tmp_path, always)
    assert isinstance(document, Document) and document.pages[0].ocr is True
    assert "3 810 toxicomanes" in document.text


def test_images_and_multi_page_tiffs(tmp_path: Path, ocr: Ocr) -> None:
    png = write_scan(tmp_path / "note.png", [ITALIAN])
    jpeg = write_scan(tmp_path / "photo.jpg", [FRENCH])
    tiff = write_scan(tmp_path / "fax.tif", [FRENCH, ITALIAN])
    by_source = {d.source: d for d in _documents([tmp_path], tmp_path, ocr)}
    assert set(by_source) == {"note.png", "photo.jpg", "fax.tif"}
    assert ITALIAN[0] in by_source["note.png"].text
    assert "3 810 toxicomanes" in by_source["photo.jpg"].text
    assert [page.number for page in by_source["fax.tif"].pages] == [1, 2]
    assert all(page.ocr for document in by_source.values() for page in document.pages)
    assert png.exists() and jpeg.exists() and tiff.exists()


def test_a_corrupt_image_fails_clearly_and_the_batch_goes_on(tmp_path: Path, ocr: Ocr) -> None:
    good = write_scan(tmp_path / "b-good.png", [ITALIAN])
    (tmp_path / "a-truncated.png").write_bytes(good.read_bytes()[:5000])
    (tmp_path / "c-not-an-image.jpg").write_bytes(b"this is not a JPEG at all")
    (tmp_path / "d-note.txt").write_text("Une note de service sur la méthadone.", encoding="utf-8")
    results = {item.source: item for item in _documents([tmp_path], tmp_path, ocr)}
    truncated, garbage = results["a-truncated.png"], results["c-not-an-image.jpg"]
    assert isinstance(truncated, Failure) and truncated.reason.startswith("not a valid image")
    assert isinstance(garbage, Failure)
    assert garbage.reason == "not a valid image: unknown or damaged format"
    assert isinstance(results["b-good.png"], Document)
    assert isinstance(results["d-note.txt"], Document)
    assert ocr.stats.recognised == 1  # nothing was spent on the broken files


def test_pages_run_side_by_side_and_report_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The language is not known: the first two pages are read side by side in all three
    # languages, then the other two side by side in the one those are in.
    ocr = Ocr(OcrOptions(cache_dir=None, workers=2), identify=lambda text: "fr")
    running, overlapped = [0], [False]
    lock = threading.Lock()
    real = ocr_module.read_page

    def watched(*args: Any, **options: Any) -> Reading:
        with lock:
            running[0] += 1
            overlapped[0] |= running[0] > 1
        try:
            return real(*args, **options)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(ocr_module, "read_page", watched)
    progress: list[tuple[str, int, int]] = []
    path = write_scan(tmp_path / "long.pdf", [FRENCH, ITALIAN, FRENCH, ITALIAN])
    started = time.monotonic()
    [document] = _documents([path], tmp_path, ocr, on_page=lambda *step: progress.append(step))
    assert isinstance(document, Document) and len(document.pages) == 4
    assert overlapped[0], "no two pages were recognised at the same time"
    assert progress == [("long.pdf", done, 4) for done in (1, 2, 3, 4)]
    assert time.monotonic() - started < 120


def test_progress_that_calls_the_work_off_stops_the_pages_not_begun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A request whose client went away says so from the progress callback: the pages left
    # are not read for nobody (one per worker may be under way already).
    ocr = Ocr(OcrOptions(cache_dir=None, workers=1))
    read: list[int] = []
    real = ocr_module.read_page

    def counted(*args: Any, **options: Any) -> Reading:
        read.append(1)
        return real(*args, **options)

    def stop(name: str, done: int, total: int) -> None:
        raise ReaderError("stopped: the client went away")

    monkeypatch.setattr(ocr_module, "read_page", counted)
    path = write_scan(tmp_path / "long.pdf", [FRENCH] * 6)
    [failure] = _documents([path], tmp_path, ocr, on_page=stop, language="fr")
    assert isinstance(failure, Failure) and "the client went away" in failure.reason
    assert len(read) <= 2


def test_without_tesseract_scans_fail_by_name_and_text_layers_stay(
    tmp_path: Path, ocr: Ocr, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    scan = write_scan(tmp_path / "scan.pdf", [FRENCH])
    mixed = write_mixed_pdf(tmp_path / "mixed.pdf", [FRENCH[1]], ITALIAN)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    tesseract_version.cache_clear()  # found once already; look again on this PATH
    caplog.set_level(logging.WARNING)
    [failure, kept] = _documents([scan, mixed], tmp_path, ocr)
    assert isinstance(failure, Failure)
    assert "OCR needs Tesseract, which is not installed (Debian: apt install" in failure.reason
    assert failure.reason.startswith("1 page(s) have no usable text layer")
    assert isinstance(kept, Document) and kept.text == FRENCH[1]
    assert "mixed.pdf: 1 page(s) not OCR'd" in caplog.text


def test_an_image_with_ocr_off_says_so(tmp_path: Path) -> None:
    path = write_scan(tmp_path / "note.png", [ITALIAN])
    with pytest.raises(ReaderError, match=r"needs OCR, which is off \(setting ocr\)"):
        extract_file(path, ReadContext(name=path.name, ocr=Ocr(OcrOptions(mode="never"))))


def test_which_text_layers_need_ocr() -> None:
    assert needs_ocr("") and needs_ocr("  12  ") and needs_ocr("Rapport annuel 2023 — page 4")
    assert not needs_ocr(FRENCH[0])
    # A short page of text with no picture on it has nothing more to show OCR.
    assert not needs_ocr("Annexe 3", has_images=False) and needs_ocr("Annexe 3", has_images=True)
    assert needs_ocr("(cid:12)(cid:5)(cid:44) " * 20)  # fonts with no character map
    assert needs_ocr("\ue001\ue002\ue003 " * 30 + FRENCH[1])
    table = "2019 2020 2021 2022\n3 810 4 120 4 530 4 987\n12,5 13,1 14,0 15,2"
    assert not needs_ocr(table)  # a page of figures is text, not junk


def test_reflow_joins_printed_lines_but_keeps_paragraphs_and_items() -> None:
    raw = (
        "Au 30 septembre 2023, la province comptait 3 810 toxico-\nmanes avec\n"
        "des dossiers à Saint-\nÉtienne.\n\nTitre\n\n- un\n- deux\n1) trois\n\x0c"
    )
    assert reflow_paragraphs(raw) == (
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes avec des dossiers à "
        "Saint-Étienne.\n\nTitre\n\n- un\n- deux\n1) trois"
    )


def test_unwrap_lines_joins_wrapped_prose_only() -> None:
    # A heading, a list after a line ending in ":", and a break between two figures stay.
    kept = (
        "Résultats :\n"
        "- un programme de méthadone dans vingt districts de la province entière\n"
        "- des équipes mobiles\n"
        "\n"
        "Nombre de patients suivis par les centres de soins de la province en 2021 4 120\n"
        "530 patients en 2022"
    )
    wrapped = (
        "Rapport annuel\n"
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes avec des\n"
        "dossiers de gestion, dont 1 500 à 1 700 personnes suivies chaque mois par\n"
        "les centres de soins.\n"
    )
    assert unwrap_lines(wrapped + kept) == (
        "Rapport annuel\n"
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes avec des dossiers de "
        "gestion, dont 1 500 à 1 700 personnes suivies chaque mois par les centres de soins.\n"
        + kept
    )
    short = "Nghe An 3 810\nThanh Hoa 2 950\nHa Tinh 1 200"
    assert unwrap_lines(short) == short  # a table of short lines is left as it is
    two = "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.\nLe taux atteint 12 %."
    assert unwrap_lines(two) == two  # two sentences on two lines: no margin to tell a wrap


def test_numbers_are_repaired_in_the_language_the_scan_was_found_in(tmp_path: Path) -> None:
    # Language unknown: the first page is read in all three, then found to be French, and its
    # numbers are repaired as French ones (the two differ: "3 810", "1.572", "4,200").
    seen: list[str | None] = []

    def repair(words: Any, language: str | None) -> Any:
        seen.append(language)
        return list(words), []

    ocr = Ocr(OcrOptions(cache_dir=None, workers=1), identify=lambda text: "fr", repair=repair)
    path = write_scan(tmp_path / "scan.pdf", [FRENCH, FRENCH])
    [document] = _documents([path], tmp_path, ocr)
    assert isinstance(document, Document) and seen == ["fr", "fr"]
