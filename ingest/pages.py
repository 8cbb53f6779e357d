"""A paged file's pages as readers give them: raw text and, for scans, how OCR read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OcrRepair:
    """A number OCR misread and the reader put right: `text[start:end]` (of the page's text)
    is what stands there now, `read` what Tesseract read."""

    start: int
    end: int
    read: str


@dataclass(frozen=True, slots=True)
class PageText:
    """One page's raw text and, when it was recognised from the page's image, how: Tesseract's
    mean word confidence (0-1), the share of the page's ink read as words, the degrees the
    image was turned clockwise before it was read, and the numbers repaired after."""

    text: str
    ocr: bool = False
    confidence: float | None = None
    coverage: float | None = None
    rotation: float | None = None
    repairs: tuple[OcrRepair, ...] = ()
