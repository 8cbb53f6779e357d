"""Printed pages in the states scans come in: clean, office scan, photocopy or fax.

Paragraphs are typeset as a report is (a serif at 11 points, 25 mm margins, 1.15 line
spacing, a bold heading) on A4 pages at 300 dpi, then worn as issue 22 describes: an
office scan is a little tilted, noisy, soft and saved as JPEG; a photocopy or fax is tilted
more, thresholded to black and white through a 150 dpi round trip, and speckled with toner.
Everything is drawn by a seeded generator: the same seed gives the same pixels.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
MARGIN = round(25 / 25.4 * DPI)
_LIBERATION = Path("/usr/share/fonts/truetype/liberation")
# reportlab (a dev dependency) ships Bitstream Vera: the fallback where fonts-liberation is not
# installed, so pages still render, in a sans face.
_VERA = Path(reportlab.__file__).parent / "fonts"


@dataclass(frozen=True, slots=True)
class PageState:
    """How a printed page was worn before it was scanned. Lengths are in pixels at 300 dpi."""

    name: str
    tilt: float = 0.0  # degrees, either way (tilt_angle)
    blur: float = 0.0  # Gaussian radius: a soft scanner lens, or toner spread by copying
    noise: float = 0.0  # standard deviation of grey-level sensor noise
    jpeg_quality: int | None = None  # how the scanner saved the page (None: losslessly)
    round_trip_dpi: int | None = None  # scanned (and thresholded) at this resolution
    threshold: int | None = None  # grey level under which a pixel prints black
    speckle: float = 0.0  # share of pixels where a toner speck or a dropout lands
    speck_size: int = 1  # a speck's side at most, in pixels


CLEAN = PageState("clean", jpeg_quality=95)
OFFICE = PageState("office", tilt=1.5, blur=0.8, noise=12.0, jpeg_quality=70)
# A copy of a copy, faxed: black and white at fax resolution, dusted with toner. At 2.5° a
# 16 cm line drops 7 mm, more than the 5 mm between lines: Tesseract's page layout (psm 3)
# then loses whole paragraphs, as the trial saw (see tilt_angle). Specks on 1 % of the
# page make a dirty copy that a reader still reads without effort (3 % looks sanded).
PHOTOCOPY = PageState(
    "photocopy",
    tilt=2.5,
    blur=1.0,
    round_trip_dpi=150,
    threshold=150,
    speckle=0.01,
    speck_size=2,
)
STATES = {state.name: state for state in (CLEAN, OFFICE, PHOTOCOPY)}


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """One page: its image, and the text printed on it (lines joined by single spaces)."""

    image: Image.Image
    text: str


def font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Liberation Serif at `size` points for 300 dpi, else reportlab's Vera."""
    liberation = _LIBERATION / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf"
    path = liberation if liberation.exists() else _VERA / ("VeraBd.ttf" if bold else "Vera.ttf")
    return ImageFont.truetype(str(path), size=round(size / 72 * DPI))


# A space a typesetter would not break at: inside a number written with spaces ("3 810",
# "1 500"), and before a percent or euro sign ("12,5 %"); word processors put a no-break
# space there, so a figure is never split over two lines.
_KEEP_TOGETHER = re.compile(r"(?<=\d) (?=\d{3}\b)|(?<=\w) (?=[%€])")
_NO_BREAK = "\u00a0"


def _wrap(paragraph: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words = _KEEP_TOGETHER.sub(_NO_BREAK, " ".join(paragraph.split())).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and face.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return [line.replace(_NO_BREAK, " ") for line in lines]


def typeset(
    paragraphs: Sequence[str], heading: str | None = None, size: float = 11.0
) -> list[PrintedPage]:
    """`paragraphs` (and `heading` atop the first page) printed on as many clean A4 pages as
    they take."""
    body, title = font(size), font(size * 1.3, bold=True)
    ascent, descent = body.getmetrics()
    pitch = round((ascent + descent) * 1.15)
    after_paragraph = round(6 / 72 * DPI)
    width, bottom = A4[0] - 2 * MARGIN, A4[1] - MARGIN
    items: list[tuple[str, ImageFont.FreeTypeFont, int]] = []
    if heading:
        title_lines = _wrap(heading, title, width)
        items += [(line, title, round(pitch * 1.3)) for line in title_lines[:-1]]
        items.append((title_lines[-1], title, round(pitch * 1.3) + 2 * after_paragraph))
    for paragraph in paragraphs:
        lines = _wrap(paragraph, body, width)
        items += [(line, body, pitch) for line in lines[:-1]]
        items.append((lines[-1], body, pitch + after_paragraph))
    pages: list[PrintedPage] = []
    image, draw, printed, y = _blank()
    for line, face, advance in items:
        if y + face.size > bottom and printed:
            pages.append(PrintedPage(image, " ".join(printed)))
            image, draw, printed, y = _blank()
        draw.text((MARGIN, y), line, fill=0, font=face)
        printed.append(line)
        y += advance
    pages.append(PrintedPage(image, " ".join(printed)))
    return pages


def _blank() -> tuple[Image.Image, ImageDraw.ImageDraw, list[str], int]:
    image = Image.new("L", A4, 255)
    return image, ImageDraw.Draw(image), [], MARGIN


def tilt_angle(state: PageState, seed: int, falling: bool | None = None) -> float:
    """The page's turn in degrees, anticlockwise (Pillow's sense): lines that fall to the right
    (`falling`, a clockwise turn) or rise; which of the two is drawn from `seed` when not said.

    The direction matters: Tesseract 5.3's page layout (psm 3) reads a page whose lines rise
    2.5° to the right in full, and loses half or more of one whose lines fall 2.5°."""
    if not state.tilt:
        return 0.0
    if falling is None:
        falling = bool(np.random.default_rng(seed).random() < 0.5)
    return -state.tilt if falling else state.tilt


def wear(
    image: Image.Image, state: PageState, seed: int, falling: bool | None = None
) -> Image.Image:
    """The clean page `image` as it comes out of the scanner in `state`, tilted as
    `tilt_angle` says."""
    rng = np.random.default_rng(seed)
    rng.random()  # the draw tilt_angle makes: the noise is the same whichever way the page leans
    page = image
    if state.tilt:
        angle = tilt_angle(state, seed, falling)
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if state.blur:
        page = page.filter(ImageFilter.GaussianBlur(state.blur))
    if state.round_trip_dpi:
        size = page.size
        small = (
            round(size[0] * state.round_trip_dpi / DPI),
            round(size[1] * state.round_trip_dpi / DPI),
        )
        page = page.resize(small, Image.Resampling.BOX)
        if state.threshold is not None:
            page = page.point(lambda level: 0 if level < state.threshold else 255)
        page = page.resize(size, Image.Resampling.NEAREST)
    elif state.threshold is not None:
        page = page.point(lambda level: 0 if level < state.threshold else 255)
    pixels = np.asarray(page, dtype=np.float32)
    if state.noise:
        pixels = pixels + rng.normal(0.0, state.noise, pixels.shape)
    if state.speckle:
        pixels = _speckle(pixels, state, rng)
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if state.jpeg_quality is not None:
        # The scanner's own compression; save_pages compresses the page again at the same
        # quality, as a PDF maker re-saving a scanner's JPEG does, which loses little more.
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=state.jpeg_quality)
        page = Image.open(io.BytesIO(buffer.getvalue()))
        page.load()
    return page


def _speckle(pixels: np.ndarray, state: PageState, rng: np.random.Generator) -> np.ndarray:
    """Toner specks (black) and dropouts (white) of 1 to `speck_size` pixels a side, scattered
    over `speckle` of the page: two specks for every dropout."""
    height, width = pixels.shape
    count = round(state.speckle * height * width / ((1 + state.speck_size) / 2) ** 2)
    rows = rng.integers(0, height, count)
    columns = rng.integers(0, width, count)
    sizes = rng.integers(1, state.speck_size + 1, count)
    levels = np.where(rng.random(count) < 2 / 3, 0.0, 255.0)
    speckled = pixels.copy()
    for size in range(1, state.speck_size + 1):
        chosen = sizes == size
        for down in range(size):
            for right in range(size):
                speckled[
                    np.minimum(rows[chosen] + down, height - 1),
                    np.minimum(columns[chosen] + right, width - 1),
                ] = levels[chosen]
    return speckled


def render(
    paragraphs: Sequence[str],
    state: PageState,
    seed: int = 0,
    heading: str | None = None,
    falling: bool | None = None,
) -> list[PrintedPage]:
    """`paragraphs` printed and worn to `state`, page by page (page n drawn from seed + n;
    `falling` as for `tilt_angle`)."""
    return [
        PrintedPage(wear(page.image, state, seed + number, falling), page.text)
        for number, page in enumerate(typeset(paragraphs, heading))
    ]


def save_pages(path: Path, pages: Sequence[PrintedPage], state: PageState) -> Path:
    """An image-only file of `pages`: .pdf keeps every page, as a scanner files them (JPEG for
    grey pages, CCITT G4 for black and white ones); .png and .jpg take the first page."""
    images = [page.image for page in pages]
    if state.threshold is not None:
        images = [image.convert("1", dither=Image.Dither.NONE) for image in images]
    first, rest = images[0], images[1:]
    if path.suffix == ".pdf":
        quality = {"quality": state.jpeg_quality} if state.jpeg_quality else {}
        first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest, **quality)
    elif path.suffix in (".jpg", ".jpeg"):
        first.convert("L").save(path, "JPEG", quality=state.jpeg_quality or 90, dpi=(DPI, DPI))
    else:
        first.save(path, dpi=(DPI, DPI))
    return path


def read_text_file(path: Path) -> tuple[str, list[str]]:
    """A text kept for these pages: its first line is the heading, then paragraphs separated by
    blank lines."""
    heading, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
    return heading.strip(), [" ".join(part.split()) for part in body.split("\n\n") if part.strip()]
