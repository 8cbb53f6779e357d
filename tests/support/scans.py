"""Scanned pages made in the tests: text drawn onto page images, saved as image-only files."""

from __future__ import annotations

import random
import textwrap
from collections.abc import Sequence
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

# Bitstream Vera comes with reportlab (a dev dependency): the same glyphs on every machine.
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
DPI = 200
_A4 = (round(8.27 * DPI), round(11.69 * DPI))
_MARGIN = round(0.9 * DPI)


def scanned_page(paragraphs: Sequence[str], seed: int = 0) -> Image.Image:
    """One A4 page at DPI with `paragraphs` in 11-point type, a little skewed and noisy, as a
    flatbed scanner leaves a printed page."""
    page = Image.new("L", _A4, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size=round(11 / 72 * DPI))
    line_height = round(font.size * 1.45)
    y = _MARGIN
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width=78):
            draw.text((_MARGIN, y), line, fill=20, font=font)
            y += line_height
        y += line_height // 2
    rng = random.Random(seed)
    # Speckles, a slight blur and a fraction of a degree of skew: what OCR meets on real scans.
    for _ in range(1500):
        x, y = rng.randrange(_A4[0]), rng.randrange(_A4[1])
        page.putpixel((x, y), rng.randrange(120, 200))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    return page.rotate(rng.uniform(-0.6, 0.6), fillcolor=255, resample=Image.Resampling.BICUBIC)


def write_scan(path: Path, pages: Sequence[Sequence[str]], seed: int = 0, turn: int = 0) -> Path:
    """An image-only file of `pages` (each a list of paragraphs), each page turned by `turn`
    degrees (90, 180: fed into the scanner sideways, upside down): .pdf and .tif keep every
    page, .png and .jpg take the first."""
    images = [
        scanned_page(paragraphs, seed + number).rotate(turn, expand=True)
        for number, paragraphs in enumerate(pages)
    ]
    first, rest = images[0], images[1:]
    if path.suffix == ".pdf":
        first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest)
    elif path.suffix in (".tif", ".tiff"):
        first.save(path, "TIFF", dpi=(DPI, DPI), save_all=True, append_images=rest)
    else:
        first.save(path, dpi=(DPI, DPI))
    return path


def write_mixed_pdf(path: Path, typed: Sequence[str], scanned: Sequence[str]) -> Path:
    """A PDF whose first page has a text layer (`typed` lines) and whose second is a scan."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for row, line in enumerate(typed):
        pdf.drawString(72, 780 - 20 * row, line)
    pdf.showPage()
    width, height = A4
    pdf.drawImage(ImageReader(scanned_page(scanned)), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return path
