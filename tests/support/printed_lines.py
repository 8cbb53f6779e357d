"""Lines of text drawn at 300 dpi with chosen gaps and spoiled words, and pages of paragraphs,
read by Tesseract word by word (the TSV the OCR path reads)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.ocr_words import OcrWord, parse_tsv

DPI = 300
_LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
# Bitstream Vera comes with reportlab (a dev dependency) where Liberation is not installed.
FONT = (
    _LIBERATION if _LIBERATION.exists() else Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
)
_SIZE = round(11 / 72 * DPI)  # 11-point type
_TESSERACT_LANGUAGES = {"fr": "fra", "it": "ita", "en": "eng"}


@dataclass(frozen=True)
class Piece:
    """A word to draw, the space after it (in word spaces of the font), and how to spoil it:
    a Gaussian blur of that radius, or a coarse round trip through that many times fewer
    pixels, thresholded (a photocopied word)."""

    text: str
    space: float = 1.0
    blur: float = 0.0
    coarse: float = 0.0


def words_of(text: str, space: float = 1.0) -> list[Piece]:
    return [Piece(word, space) for word in text.split()]


def spoils_unmeasured() -> str | None:
    """Why the spoiled-word tests cannot run here: their blurs were measured on Liberation Serif
    (Vera's bolder strokes survive them, read surely), or None."""
    if FONT != _LIBERATION:
        return f"{_LIBERATION} is missing (Debian's fonts-liberation; make ocr-tools installs it)"
    return None


def tesseract_missing() -> str | None:
    """Why the tests that read printed lines cannot run here, or None."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (make ocr-tools installs it)"
    return None


def draw_line(pieces: Sequence[Piece], path: Path) -> Path:
    font = ImageFont.truetype(str(FONT), size=_SIZE)
    image = Image.new("L", (2480, 300), 255)
    draw = ImageDraw.Draw(image)
    space = draw.textlength(" ", font=font)
    x, y = 150.0, 100
    for piece in pieces:
        width = draw.textlength(piece.text, font=font)
        draw.text((x, y), piece.text, fill=0, font=font)
        box = (int(x) - 4, y - 10, int(x + width) + 4, y + 60)
        if piece.blur:
            image.paste(image.crop(box).filter(ImageFilter.GaussianBlur(piece.blur)), box)
        if piece.coarse:
            region = image.crop(box)
            small = (
                max(1, int(region.width / piece.coarse)),
                max(1, int(region.height / piece.coarse)),
            )
            region = region.resize(small, Image.Resampling.BILINEAR)
            region = region.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.BILINEAR)
            image.paste(region.point(lambda p: 0 if p < 150 else 255), box)
        x += width + piece.space * space
    image.save(path, dpi=(DPI, DPI))
    return path


def draw_page(paragraphs: Sequence[str], path: Path, office: bool = False, seed: int = 0) -> Path:
    """An A4 page of `paragraphs`; `office`: a little blur, noise and tilt, as a flatbed scan."""
    font = ImageFont.truetype(str(FONT), size=_SIZE)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    y = 250
    for paragraph in paragraphs:
        for text in textwrap.wrap(paragraph, width=85):
            draw.text((250, y), text, fill=0, font=font)
            y += 64
        y += 32
    if office:
        rng = random.Random(seed)
        for _ in range(200):
            x, y = rng.randrange(page.width), rng.randrange(page.height)
            radius = rng.choice((1, 2, 2, 3))
            draw.ellipse((x, y, x + radius, y + radius), fill=0)
        page = page.filter(ImageFilter.GaussianBlur(0.7))
        page = page.rotate(0.4, fillcolor=255, resample=Image.Resampling.BICUBIC)
    page.save(path, dpi=(DPI, DPI))
    return path


def read_words(image: Path, language: str) -> list[OcrWord]:
    """Tesseract's words of an image, one block of text (--psm 6), in `language`."""
    result = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", _TESSERACT_LANGUAGES[language], "--psm", "6",
         "tsv"],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )  # fmt: skip
    return parse_tsv(result.stdout)
