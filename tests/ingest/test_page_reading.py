"""Pages read whole: straightened before OCR, speckles cleaned, unread ink noticed, layouts
tried again; on pages the tests draw and tilt themselves, read by the real Tesseract."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps
from scans import FONT

from ingest import page_reading
from ingest.ocr_words import OcrWord
from ingest.page_image import coverage, despeckled, evened, ink_cells, skew_angle
from ingest.page_reading import FULL_COVERAGE, read_page
from ingest.tesseract import TesseractRun, tesseract_version

DPI = 300
PARAGRAPHS = [
    "Au 30 septembre 2023, la province comptait 3 810 toxicomanes avec des dossiers de "
    "gestion, dont 1 500 à 1 700 personnes suivies chaque mois par les centres de soins de "
    "la région, selon le rapport annuel de l'agence.",
    "Le programme de méthadone couvre désormais 20/21 districts ; son budget atteint 1,2 "
    "million d'euros, en hausse de 12,5 % par rapport à l'année précédente, et les équipes "
    "mobiles ont distribué 4 200 trousses de naloxone.",
    "Les services ont accueilli 68 professionnels de plus en 2022 et ouvert deux salles de "
    "consommation supervisée, où 2 950 personnes sont venues au moins une fois.",
]
ENVIRONMENT = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _page(paragraphs: list[str], tilt: float = 0.0) -> Image.Image:
    """An A4 page at 300 dpi with `paragraphs` in 11-point type, turned `tilt` degrees
    anticlockwise (its lines then rise to the right), as a careless scan leaves it."""
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size=round(11 / 72 * DPI))
    y = 270
    for paragraph in paragraphs:
        line: list[str] = []
        for word in paragraph.split():
            if draw.textlength(" ".join([*line, word]), font=font) > 1900 and line:
                draw.text((270, y), " ".join(line), fill=20, font=font)
                y, line = y + 62, []
            line.append(word)
        draw.text((270, y), " ".join(line), fill=20, font=font)
        y += 110
    return page.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _speckle(page: Image.Image, share: float, seed: int = 1) -> Image.Image:
    """`page` with `share` of its pixels turned black at random, as a photocopier leaves it."""
    pixels = np.asarray(page).copy()
    rng = np.random.default_rng(seed)
    count = int(share * pixels.size)
    pixels[rng.integers(0, pixels.shape[0], count), rng.integers(0, pixels.shape[1], count)] = 0
    return Image.fromarray(pixels)


def _shadowed(page: Image.Image, edge: float = 0.4) -> Image.Image:
    """`page` scanned open in a book: its left third in the binding's shadow, the paper at the
    spine lit at `edge` of the rest."""
    pixels = np.asarray(page, dtype=np.float64)
    light = np.ones(pixels.shape[1])
    width = pixels.shape[1] // 3
    light[:width] = np.linspace(edge, 1.0, width)
    return Image.fromarray((pixels * light[None, :]).astype(np.uint8))


def _faded(page: Image.Image, top: int, strength: float = 0.3) -> Image.Image:
    """`page` with its print below `top` at `strength` of its ink, as a toner running out
    leaves it."""
    pixels = np.asarray(page, dtype=np.float64).copy()
    pixels[top:] = 255 - (255 - pixels[top:]) * strength
    return Image.fromarray(pixels.astype(np.uint8))


def _read(image: Image.Image, folder: Path) -> page_reading.Reading:
    tesseract_version()  # fails with the package to install when Tesseract is missing
    path = folder / "page.pgm"
    image.save(path)
    return read_page(path, ["fra"], DPI, 1, timeout=300, environment=ENVIRONMENT)


@pytest.mark.parametrize("tilt", [-3.0, -1.2, 0.7, 2.5, 4.0])
def test_the_tilt_of_a_page_is_measured(tilt: float) -> None:
    # Lines that rise to the right (turned anticlockwise) fall by a negative angle.
    assert skew_angle(_page(PARAGRAPHS, tilt)) == pytest.approx(-tilt, abs=0.1)


def test_a_level_page_and_a_blank_one_are_left_as_they_are() -> None:
    assert skew_angle(_page(PARAGRAPHS)) == 0.0
    assert skew_angle(Image.new("L", (2480, 3508), 255)) == 0.0


def test_a_tilted_page_is_straightened_before_it_is_read_and_says_so(tmp_path: Path) -> None:
    reading = _read(_page(PARAGRAPHS, 2.5), tmp_path)
    # Turned back clockwise by what it was tilted anticlockwise: the page's provenance.
    assert reading.rotation == pytest.approx(2.5, abs=0.1)
    assert "3 810 toxicomanes" in reading.text and "12,5 %" in reading.text
    assert reading.coverage is not None and reading.coverage >= FULL_COVERAGE
    level = _read(_page(PARAGRAPHS), tmp_path)
    assert level.rotation == 0.0 and level.layout == 3


def test_speckles_are_told_from_print_and_cleaned_away() -> None:
    clean = _page(PARAGRAPHS)
    copied = _speckle(clean, 0.03)
    assert despeckled(clean, DPI) is None
    cleaned = np.asarray(despeckled(copied, DPI))
    # The specks are gone (the page's dark pixels are back near the clean page's count)...
    dark_clean, dark_cleaned = (np.asarray(clean) < 128).sum(), (cleaned < 128).sum()
    assert abs(int(dark_cleaned) - int(dark_clean)) < 0.1 * dark_clean
    # ...and the print is not: the same cells bear ink.
    assert (ink_cells(Image.fromarray(cleaned), DPI) == ink_cells(clean, DPI)).mean() > 0.99


def test_a_heavily_speckled_page_is_read_whole(tmp_path: Path) -> None:
    # 3 % of pixels speckled: Tesseract's own layout analysis takes most paragraphs for
    # pictures and reads a fifth of the page; cleaned first, it reads it all.
    reading = _read(_speckle(_page(PARAGRAPHS, 2.0), 0.03), tmp_path)
    assert reading.coverage is not None and reading.coverage >= FULL_COVERAGE
    assert "1 500 à 1 700 personnes" in reading.text and "2 950 personnes" in reading.text


def test_coverage_is_the_share_of_the_printed_letters_within_words_read() -> None:
    # Two columns of words; reading only the left one covers half the print. Rules, a bar of a
    # chart and a smudge of toner are not letters, read or not.
    page = Image.new("L", (2400, 1200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size=round(11 / 72 * DPI))
    columns: dict[int, list[OcrWord]] = {200: [], 1300: []}
    for left, words in columns.items():
        for top in range(150, 900, 60):
            box = draw.textbbox((left, top), "toxicomanes 3 810", font=font)
            draw.text((left, top), "toxicomanes 3 810", fill=20, font=font)
            words.append(OcrWord("toxicomanes 3 810", 90.0, box[0], box[1],
                                 box[2] - box[0], box[3] - box[1], (1, 1, 1)))  # fmt: skip
    draw.line((100, 1000, 2300, 1000), fill=0, width=4)
    draw.rectangle((900, 200, 1100, 800), fill=40)
    cells = ink_cells(page, DPI)
    assert coverage(cells, columns[200], DPI) == pytest.approx(0.5, abs=0.03)
    assert coverage(cells, columns[200] + columns[1300], DPI) == 1.0
    assert coverage(ink_cells(Image.new("L", (1200, 600), 255), DPI), [], DPI) is None


def test_ink_left_unread_is_noticed_and_other_layouts_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tesseract's automatic layout leaves the last two paragraphs unread, as it does on some
    # photocopies; one uniform block (psm 6) reads them.
    real = TesseractRun.words
    layouts: list[int] = []

    def forgetful(
        run: TesseractRun, image: Path, languages: Any, dpi: int, layout: int, local: bool = False
    ) -> Any:
        layouts.append(layout)
        words = real(run, image, languages, dpi, layout, local)
        return [word for word in words if word.top < 520] if layout == 3 else words

    monkeypatch.setattr(TesseractRun, "words", forgetful)
    reading = _read(_page(PARAGRAPHS), tmp_path)
    assert layouts == [3, 6]
    assert reading.layout == 6 and reading.coverage is not None and reading.coverage >= 0.95
    assert "2 950 personnes" in reading.text


def test_a_page_no_layout_reads_whole_says_how_little_was_read(tmp_path: Path) -> None:
    # The last two paragraphs printed mirrored (show-through from the back of thin paper):
    # every layout reads them as junk, which is not counted as read.
    page = _page(PARAGRAPHS)
    lower = (0, 560, page.width, 1100)
    page.paste(ImageOps.mirror(page.crop(lower)), lower[:2])
    reading = _read(page, tmp_path)
    assert reading.coverage is not None and reading.coverage < FULL_COVERAGE
    assert "3 810 toxicomanes" in reading.text and "2 950" not in reading.text


def test_a_page_fed_sideways_is_turned_upright_and_straightened(tmp_path: Path) -> None:
    turned = _page(PARAGRAPHS, 1.5).rotate(90, expand=True)
    reading = _read(turned, tmp_path)
    assert "3 810 toxicomanes" in reading.text
    # A quarter turn clockwise, then the tilt's 1.5 degrees: 91.5 in all.
    assert reading.rotation == pytest.approx(91.5, abs=0.15)


def test_blank_pages_have_no_coverage_to_judge(tmp_path: Path) -> None:
    reading = _read(Image.new("L", (2480, 3508), 255), tmp_path)
    assert reading.words == () and reading.coverage is None


def test_only_a_page_lit_unevenly_is_evened() -> None:
    page = _page(PARAGRAPHS)
    assert evened(page, DPI) is None
    # A dark banner with a white title and a bar of a chart are print, not light.
    printed = page.copy()
    draw = ImageDraw.Draw(printed)
    draw.rectangle((0, 0, 2480, 230), fill=30)
    draw.text((270, 90), "RAPPORT ANNUEL", fill=255, font=ImageFont.truetype(str(FONT), 60))
    draw.rectangle((600, 1400, 760, 2600), fill=50)
    assert evened(printed, DPI) is None
    shadowed = _shadowed(page)
    flat = evened(shadowed, DPI)
    assert flat is not None
    # The paper of the margin by the spine, once at 40 % of the light, is near white again.
    margin = np.asarray(flat)[1500:3000, 20:250]
    assert np.asarray(shadowed)[1500:3000, 20:250].mean() < 140 and margin.mean() > 225


def test_a_page_in_a_bindings_shadow_is_read_whole(tmp_path: Path) -> None:
    # Tesseract parts ink from paper at one grey level for the whole page: the shadowed paper
    # by the spine falls on the ink side, and the starts of lines went with it.
    reading = _read(_shadowed(_page(PARAGRAPHS, 1.0), edge=0.35), tmp_path)
    assert "3 810 toxicomanes" in reading.text and "Au 30 septembre 2023" in reading.text
    assert "Le programme de méthadone" in reading.text and "Les services ont" in reading.text
    assert reading.coverage is not None and reading.coverage >= FULL_COVERAGE


def test_faint_print_is_ink_that_was_left_unread() -> None:
    page = _faded(_page(PARAGRAPHS), top=560)
    cells = ink_cells(page, DPI)
    assert cells[560 // 8 :].sum() > 0.4 * cells.sum()  # the faded paragraphs count as ink
    assert (cells == ink_cells(_page(PARAGRAPHS), DPI)).mean() > 0.99  # as much as in black
    # The words of the first paragraph alone (above the fading) cover about half of it.
    words = [OcrWord("mots", 95.0, 270, 250, 1900, 300, (1, 1, 1))]
    assert coverage(cells, words, DPI) == pytest.approx(0.4, abs=0.15)


def test_a_page_whose_toner_ran_out_is_read_whole(tmp_path: Path) -> None:
    # The last two paragraphs at 30 % of the ink: one grey level for the page drops them.
    reading = _read(_faded(_page(PARAGRAPHS), top=560), tmp_path)
    assert "2 950 personnes" in reading.text and "4 200 trousses" in reading.text
    assert reading.local_threshold
    assert reading.coverage is not None and reading.coverage >= FULL_COVERAGE


def test_specks_alone_are_not_text(tmp_path: Path) -> None:
    rng = random.Random(3)
    page = Image.new("L", (2480, 3508), 255)
    for _ in range(20000):
        page.putpixel((rng.randrange(2480), rng.randrange(3508)), 0)
    assert ink_cells(page, DPI).sum() == 0
