"""Pages as words: Tesseract's TSV read, the text put together, repairs placed in it, and the
cache keeping what was read."""

from __future__ import annotations

from pathlib import Path

from ingest.normalize import paged_text
from ingest.ocr import repaired_text
from ingest.ocr_cache import OcrCache
from ingest.ocr_words import OcrWord, mean_confidence, page_text, parse_tsv
from ingest.page_reading import Reading
from ingest.pages import PageText

TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "2\t1\t1\t0\t0\t0\t270\t270\t1900\t120\t-1\t",
        "5\t1\t1\t1\t1\t1\t270\t270\t90\t40\t96.5\tAu",
        "5\t1\t1\t1\t1\t2\t380\t270\t60\t40\t95.1\t30",
        "5\t1\t1\t1\t2\t1\t270\t330\t120\t40\t91.0\tsept.",
        "5\t1\t1\t1\t2\t2\t400\t330\t60\t40\t-1\t ",
        "5\t1\t1\t2\t1\t1\t270\t450\t200\t40\t88.0\t17,",
        "5\t1\t1\t2\t1\t2\t475\t450\t90\t40\t61.0\t614",
        "5\t1\t2\t1\t1\t1\t270\t600\t100\t40\t40.0\tS",
        "5\t1\t2\t1\t1\t2\t390\t600\t150\t40\t93.0\ttonnes",
    ]
)


def _words() -> list[OcrWord]:
    return parse_tsv(TSV)


def test_tsv_words_keep_boxes_confidences_and_lines() -> None:
    words = _words()
    assert [word.text for word in words] == ["Au", "30", "sept.", "17,", "614", "S", "tonnes"]
    seventeen = words[3]
    assert (seventeen.left, seventeen.right, seventeen.top, seventeen.bottom) == (
        270,
        470,
        450,
        490,
    )
    assert seventeen.confidence == 88.0 and seventeen.line == (1, 2, 1)


def test_page_text_breaks_lines_and_paragraphs_as_tesseract_does() -> None:
    assert page_text(_words()) == "Au 30\nsept.\n\n17, 614\n\nS tonnes"
    assert mean_confidence(_words()) is None  # seven words say nothing about a page
    assert mean_confidence(_words() * 2) == 0.807


def test_repairs_are_placed_where_they_stand_in_the_reflowed_text() -> None:
    read = _words()
    joined = OcrWord("17,614", 88.0, 270, 450, 295, 40, (1, 2, 1))
    five = OcrWord("5", 40.0, 270, 600, 100, 40, (2, 1, 1))
    fixed = [*read[:3], joined, five, read[6]]
    text, repairs = repaired_text(read, fixed)
    assert text == "Au 30 sept.\n\n17,614\n\n5 tonnes"  # the first paragraph's lines rejoined
    assert [(text[r.start : r.end], r.read) for r in repairs] == [("17,614", "17, 614"), ("5", "S")]
    # A speckle dropped leaves an empty span where it stood.
    dropped = [*read[:1], *read[2:]]
    text, [gone] = repaired_text(read, dropped)
    assert text.startswith("Au sept.") and (gone.start, gone.end, gone.read) == (2, 2, "30")


def test_repairs_keep_their_place_in_the_document() -> None:
    read = _words()
    five = OcrWord("5", 40.0, 270, 600, 100, 40, (2, 1, 1))
    text, repairs = repaired_text(read, [*read[:5], five, read[6]])
    first = PageText("Une page tapée.", ocr=False)
    document, pages = paged_text([first, PageText(text, ocr=True, repairs=repairs)])
    [repair] = pages[1].ocr_repairs
    assert document[repair.start : repair.end] == "5" and repair.read == "S"
    assert document[repair.start :].startswith("5 tonnes")


def test_the_cache_keeps_the_words_read(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path)
    reading = Reading(tuple(_words()), coverage=0.93, rotation=-2.4, layout=6)
    cache.put("k" * 64, reading)
    assert cache.get("k" * 64) == reading
    assert OcrCache(None).get("k" * 64) is None
