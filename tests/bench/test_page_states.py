"""tests/support/page_states.py: pages typeset and worn the same way every time, as said."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from page_states import (
    A4,
    CLEAN,
    MARGIN,
    OFFICE,
    PHOTOCOPY,
    STATES,
    PageState,
    _wrap,
    font,
    read_text_file,
    render,
    save_pages,
    tilt_angle,
    typeset,
)
from PIL import Image

TEXTS = Path(__file__).resolve().parents[2] / "bench" / "ocr_texts"
PARAGRAPH = (
    "Au 30 septembre 2023, la province comptait 3 810 personnes suivies, dont 1 500 à 1 700 "
    "chaque mois, soit 12,5 % de plus qu'en 2022 pour un budget de 1,2 million d'euros. "
) * 3


def test_the_states_are_the_issues() -> None:
    assert list(STATES) == ["clean", "office", "photocopy"]
    assert CLEAN.tilt == 0 and CLEAN.threshold is None and not CLEAN.speckle
    assert OFFICE.tilt == 1.5 and OFFICE.noise and OFFICE.blur and OFFICE.jpeg_quality
    assert PHOTOCOPY.tilt == 2.5 and PHOTOCOPY.round_trip_dpi == 150
    assert PHOTOCOPY.threshold is not None and PHOTOCOPY.speckle > 0


def test_the_same_seed_draws_the_same_pixels() -> None:
    first, again, other = (render([PARAGRAPH], PHOTOCOPY, seed) for seed in (3, 3, 4))
    assert first[0].image.tobytes() == again[0].image.tobytes()
    assert first[0].image.tobytes() != other[0].image.tobytes()


def test_a_photocopy_is_black_and_white_a4_at_300_dpi() -> None:
    [page] = render([PARAGRAPH], PHOTOCOPY, seed=1)
    assert page.image.size == A4 == (2480, 3508)
    assert set(np.unique(np.asarray(page.image)).tolist()) == {0, 255}


def test_what_is_printed_is_the_text_and_a_figure_stays_on_one_line() -> None:
    pages = typeset([PARAGRAPH, "Second paragraphe : 96 %."], heading="Rapport 2023")
    assert len(pages) == 1
    assert pages[0].text == " ".join(f"Rapport 2023 {PARAGRAPH} Second paragraphe : 96 %.".split())
    # Lines break at spaces a word processor would break at: never inside "3 810" or "12,5 %".
    lines = _printed_lines(PARAGRAPH)
    assert len(lines) > 3
    for line, following in itertools.pairwise(lines):
        assert not (line[-1].isdigit() and following[:3].isdigit()), (line, following)
        assert not following.startswith("%"), following


def _printed_lines(paragraph: str) -> list[str]:
    return _wrap(paragraph, font(11), A4[0] - 2 * MARGIN)


def test_a_long_text_goes_on_over_pages() -> None:
    pages = typeset([PARAGRAPH] * 12)
    assert len(pages) == 2
    assert " ".join(page.text for page in pages) == " ".join((PARAGRAPH * 12).split())


@pytest.mark.parametrize("falling", [True, False])
def test_falling_lines_go_down_to_the_right(falling: bool) -> None:
    [page] = render(["x" * 60 + " " + "x" * 60], PageState("tilted", tilt=2.5), 0, None, falling)
    ink = np.asarray(page.image) < 128
    rows, columns = np.nonzero(ink)
    left, right = rows[columns < np.median(columns)], rows[columns >= np.median(columns)]
    assert bool(right.mean() > left.mean()) == falling
    assert tilt_angle(PHOTOCOPY, 0, falling) == (-2.5 if falling else 2.5)


def test_every_kept_text_fills_about_one_page() -> None:
    for path in sorted(TEXTS.glob("*.txt")):
        heading, paragraphs = read_text_file(path)
        pages = typeset(paragraphs, heading)
        assert heading and len(paragraphs) >= 5
        assert len(pages) == 1 and len(pages[0].text) > 2800, path.name


def test_saved_as_a_scanner_saves(tmp_path: Path) -> None:
    pages = render([PARAGRAPH] * 12, OFFICE, seed=2)
    pdf = save_pages(tmp_path / "scan.pdf", pages, OFFICE)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().count(b"/Type /Page\n") == 2
    fax = save_pages(tmp_path / "fax.pdf", render([PARAGRAPH], PHOTOCOPY, 2), PHOTOCOPY)
    assert b"/CCITTFaxDecode" in fax.read_bytes()
    for suffix in (".png", ".jpg"):
        with Image.open(save_pages(tmp_path / f"scan{suffix}", pages, OFFICE)) as image:
            assert image.size == A4
            assert round(image.info["dpi"][0]) == 300
