"""One page read as fully as Tesseract can: evened, cleaned of speckles and straightened first,
its coverage checked against the ink on the page, other layouts tried where text went unread,
and turned upright when it reads as nonsense."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ingest.ocr_words import OcrWord, mean_confidence, page_text
from ingest.page_image import (
    MIN_SKEW_TO_STRAIGHTEN,
    coverage,
    despeckled,
    evened,
    ink_cells,
    skew_angle,
    straighten,
)
from ingest.tesseract import TesseractRun

# Below this share of the page's ink read as words, text went missing: other layouts are tried
# (and the ingest report names pages left under it).
FULL_COVERAGE = 0.9
# Tesseract's automatic layout (psm 3) first; then one uniform block of text (6), which reads
# what layout analysis took for pictures, and one column of lines of varied sizes (4); last,
# the automatic layout with ink told from paper patch by patch, which reads faint print (low
# toner) that one threshold for the page drops, but reads worse in general (a JPEG office
# scan: 0.98 of characters against 1.00), so it is not the first reading. Each pair is
# (layout, local threshold).
_LAYOUT = 3
_FALLBACKS = ((6, False), (4, False), (_LAYOUT, True))
# A fallback must cover this much more of the page to replace the automatic layout's reading,
# whose reading order is better on pages of several columns.
_BETTER_BY = 0.02
# Below this mean word confidence a page is most likely sideways or upside down, and its
# orientation is looked for (on every page, that would cost a third more time).
_UPRIGHT_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Reading:
    """A page as read: its words, the share of its ink they cover (None: a blank page), the
    degrees its image was turned clockwise first, the layout mode (psm) that read it, and
    whether ink was told from paper patch by patch."""

    words: tuple[OcrWord, ...]
    coverage: float | None = None
    rotation: float = 0.0
    layout: int = _LAYOUT
    local_threshold: bool = False

    @property
    def text(self) -> str:
        return page_text(self.words)

    @property
    def confidence(self) -> float | None:
        return mean_confidence(self.words)


def _prepared(image: Image.Image, dpi: int) -> tuple[Image.Image, float]:
    """The page evened, cleaned and straightened for Tesseract, and the degrees it was turned
    clockwise to straighten it."""
    image = evened(image, dpi) or image
    image = despeckled(image, dpi) or image
    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW_TO_STRAIGHTEN:
        return image, 0.0
    # Lines falling to the right are levelled by turning the page anticlockwise.
    return straighten(image, angle), -angle


def _turned(degrees: float) -> float:
    """An angle in (-180, 180]."""
    degrees %= 360
    return round(degrees - 360 if degrees > 180 else degrees, 2)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A page image made ready for Tesseract and saved where it reads it, with its inked cells
    and the degrees it was turned clockwise."""

    path: Path
    cells: NDArray[np.bool_]
    rotation: float
    dpi: int

    @classmethod
    def of(cls, page: Image.Image, turn: int, path: Path, dpi: int) -> _Prepared:
        ready, straightened = _prepared(page, dpi)
        ready.save(path)  # PGM, uncompressed: a noisy page takes seconds to write as PNG
        return cls(path, ink_cells(ready, dpi), _turned(turn + straightened), dpi)

    def read(
        self,
        run: TesseractRun,
        languages: Sequence[str],
        layout: int,
        local_threshold: bool = False,
    ) -> Reading:
        words = run.words(self.path, languages, self.dpi, layout, local_threshold)
        read = coverage(self.cells, words, self.dpi)
        return Reading(tuple(words), read, self.rotation, layout, local_threshold)


def read_page(
    image: Path,
    languages: Sequence[str],
    dpi: int,
    number: int,
    *,
    timeout: float,
    environment: Mapping[str, str] | None,
) -> Reading:
    """Page `number`'s image read in `languages`, as fully as its layouts allow."""
    run = TesseractRun(number, timeout, environment)
    with Image.open(image) as opened:
        original = opened.convert("L")
    page = _Prepared.of(original, 0, image.with_name(f"{image.stem}-ready.pgm"), dpi)
    reading = page.read(run, languages, _LAYOUT)
    if reading.confidence is not None and reading.confidence < _UPRIGHT_CONFIDENCE:
        # A page that reads as nonsense was most likely fed sideways or upside down.
        turn = run.orientation(page.path, dpi)
        if turn:
            # Tesseract says how far to turn clockwise; Pillow turns anticlockwise.
            upright = original.rotate(-turn, expand=True)
            turned = _Prepared.of(upright, turn, image.with_name(f"{image.stem}-upright.pgm"), dpi)
            again = turned.read(run, languages, _LAYOUT)
            if (again.confidence or 0) > reading.confidence:
                page, reading = turned, again
    for layout, local_threshold in _FALLBACKS:
        # Much of the page's ink unread: text went missing, taken for a picture or too faint.
        if reading.coverage is None or reading.coverage >= FULL_COVERAGE:
            break
        other = page.read(run, languages, layout, local_threshold)
        if (other.coverage or 0) > reading.coverage + _BETTER_BY:
            reading = other
    return reading
