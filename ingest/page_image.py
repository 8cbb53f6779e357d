"""A page image before and after OCR: evened where lit unevenly, cleaned of speckles, how far
its lines are tilted, the page straightened, and how much of its ink the words read cover.

Skew is found by the projection profile (Postl's method): the page's dark pixels are summed
along rows sheared by each candidate angle, and the angle at which the rows of text stand out
sharpest, the sum of squared differences between neighbouring rows at its highest, is the
page's tilt. It needs only numpy, runs in tens of milliseconds on a shrunken page, and is
what Leptonica, Tesseract's image library, does inside; Tesseract's own orientation check
finds only quarter turns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter

from ingest.ocr_words import OcrWord

# Scans are tilted by a few degrees at most; beyond this a page is turned, not tilted.
MAX_SKEW = 6.0
# Less tilt than this does not trouble Tesseract, and turning the page would blur it for nothing.
MIN_SKEW_TO_STRAIGHTEN = 0.3
# The skew is measured on the page shrunk to about this width in pixels.
_PROFILE_WIDTH = 900
_COARSE_STEP, _FINE_STEP = 0.25, 0.02
# The best angle's profile must stand out this much over the level page's to be believed.
_MIN_SHARPER = 1.05
# Coverage is counted in cells of about 0.7 mm, over the ink of shapes the size of letters:
# a 6-point footnote's x-height is 1 mm, a 48-point heading's capital 12 mm; a word whose
# letters touch (a heavy photocopy) may run 25 mm. Specks, pictures, rules and a scanner's
# dark border fall outside, and are not text that could have been read.
_CELLS_PER_INCH = 36
_INKED_SHARE = 0.03
_MIN_LETTER_MM, _MAX_LETTER_MM, _MAX_WORD_MM = 0.8, 12.0, 25.0
# A word read with less confidence than this (0-100) is most likely a guess at marks Tesseract
# could not read (a smudge, a mirrored show-through): its ink does not count as read.
_MIN_READ_CONFIDENCE = 20.0
# Faint print (low toner, a pale copy) is what is darker than this share of the paper's grey
# without any of it being as dark as the page's ink: Tesseract's one threshold drops it.
_FAINT_INK = 0.8
# Below this share of inked cells a page is blank (or nearly): there is no text to miss.
_MIN_INKED_SHARE = 0.002

# A speck is a dark shape of at most this many pixels at 300 dpi: a full stop in 6-point type
# has three times as many. A page is speckled (a photocopy, a fax) when this share of its dark
# pixels are specks: Tesseract then reads specks as marks and digits, and takes whole
# paragraphs for pictures.
_SPECK_AREA = 6
_SPECKLED_SHARE = 0.01

# Paper lit unevenly (a binding's shadow, a phone's photo, a desk lamp) is evened out before
# Tesseract reads it: its threshold, one grey level for the whole page, takes shadowed paper
# for ink and loses the print on it. The light falling on a point is the lightest grey within
# 15 mm of it (in 1 mm blocks): wider than a banner, a shaded table row or a bar of a chart,
# which are print, not light. A page is uneven when its darkest twentieth is lit under this
# share of its lightest. It is then evened by its paper: the lightest grey within 3 mm (wider
# than a stroke of print), unless that is under a share of the light, when it is print.
_BLOCK_MM, _PAPER_WINDOW_MM, _LIGHTING_WINDOW_MM = 1.0, 6.0, 30.0
_EVEN_LIGHT, _DARKEST_PAPER = 0.85, 0.6

Pixels = NDArray[np.uint8]


def dark_threshold(pixels: Pixels) -> int:
    """The grey level parting ink from paper (Otsu's: the split with most variance between the
    two), kept at or below mid-grey on pages that are nearly all paper."""
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(histogram)
    total = weight[-1]
    mass = np.cumsum(histogram * levels)
    below, above = weight[:-1], total - weight[:-1]
    valid = (below > 0) & (above > 0)
    between = np.zeros(255)
    mean_below = np.divide(mass[:-1], below, out=np.zeros(255), where=valid)
    mean_above = np.divide(mass[-1] - mass[:-1], above, out=np.zeros(255), where=valid)
    between[valid] = below[valid] * above[valid] * (mean_below[valid] - mean_above[valid]) ** 2
    return int(min(int(np.argmax(between)) + 1, 160)) if between.any() else 128


def _shapes(mask: NDArray[np.bool_]) -> NDArray[np.int32]:
    """`mask`'s pixels labelled 1, 2, ... by the shape they belong to (touching, diagonals
    too), 0 outside it."""
    from scipy import ndimage  # here, not at the top: half a second off every server start

    labels, _ = ndimage.label(mask, structure=np.ones((3, 3), dtype=bool))
    return labels


def _dark_shapes(pixels: Pixels) -> NDArray[np.int32]:
    """The page's dark pixels labelled by the shape they belong to, 0 for paper."""
    return _shapes(pixels < dark_threshold(pixels))


def _specks(pixels: Pixels, dpi: int) -> tuple[NDArray[np.bool_], int]:
    """The pixels of the page's specks (dark shapes of a few pixels, smaller than any printed
    dot), and how many dark pixels the page has in all."""
    labels = _dark_shapes(pixels)
    areas = np.bincount(labels.ravel())
    small = areas <= max(1, round(_SPECK_AREA * (dpi / 300) ** 2))
    small[0] = False  # the paper
    return small[labels], int(areas[1:].sum())


def despeckled(image: Image.Image, dpi: int) -> Image.Image | None:
    """A page dusted with specks (a photocopy, a fax) with its specks painted out, then through
    a 3 x 3 median, which takes off those that touch a letter (strokes of printed text stay);
    None for a page with few specks, which is best left as it is."""
    pixels = np.asarray(image.convert("L"), dtype=np.uint8)
    specks, dark = _specks(pixels, dpi)
    if int(specks.sum()) <= _SPECKLED_SHARE * dark:
        return None
    cleaned = pixels.copy()
    cleaned[specks] = 255
    return Image.fromarray(cleaned).filter(ImageFilter.MedianFilter(3))


def evened(image: Image.Image, dpi: int) -> Image.Image | None:
    """A page lit unevenly with its paper brought to one level (each pixel divided by the
    light falling around it); None for an evenly lit page, which is best left as it is."""
    from scipy import ndimage  # imported late, as in _shapes

    pixels = np.asarray(image.convert("L"), dtype=np.uint8)
    block = max(1, round(_BLOCK_MM * dpi / 25.4))
    rows, columns = pixels.shape[0] // block, pixels.shape[1] // block
    window = round(_LIGHTING_WINDOW_MM / _BLOCK_MM)
    if rows < window or columns < window:
        return None
    blocks = pixels[: rows * block, : columns * block].reshape(rows, block, columns, block)
    lightest = blocks.max(axis=(1, 3))
    light = ndimage.maximum_filter(lightest, size=window).astype(np.float32)
    darkest, brightest = np.percentile(light, [5, 95])
    if brightest <= 0 or darkest / brightest >= _EVEN_LIGHT:
        return None
    near = round(_PAPER_WINDOW_MM / _BLOCK_MM)
    paper = ndimage.uniform_filter(
        ndimage.maximum_filter(lightest, size=near).astype(np.float32), size=near
    )
    paper = np.maximum(paper, _DARKEST_PAPER * ndimage.uniform_filter(light, size=window))
    level = Image.fromarray(paper).resize(image.size, Image.Resampling.BILINEAR)
    scale = 255.0 / np.maximum(np.asarray(level, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(pixels * scale, 0, 255).astype(np.uint8))


def skew_angle(image: Image.Image) -> float:
    """Degrees the page's lines of text fall from left to right (negative: they rise); 0 when
    the page has too little text, or no angle stands out."""
    grey = image.convert("L")
    factor = max(1, round(grey.width / _PROFILE_WIDTH))
    small = np.asarray(grey.reduce(factor) if factor > 1 else grey, dtype=np.uint8)
    ink = small < dark_threshold(small)
    share = float(ink.mean())
    if share < _MIN_INKED_SHARE or share > 0.5:
        return 0.0
    rows, columns = np.nonzero(ink)
    offsets = columns.astype(np.float64) - small.shape[1] / 2
    base = rows.astype(np.float64) + MAX_SKEW / 45 * small.shape[1]  # keeps every bin positive

    def sharpness(angle: float) -> float:
        sheared = np.rint(base - offsets * math.tan(math.radians(angle))).astype(np.int64)
        profile = np.bincount(sheared).astype(np.float64)
        return float(np.sum(np.diff(profile) ** 2))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + _COARSE_STEP / 2, _COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + _FINE_STEP / 2, _FINE_STEP)
    best = max(fine, key=sharpness)
    if sharpness(best) < _MIN_SHARPER * sharpness(0.0):
        return 0.0
    return round(float(best), 2)


def straighten(image: Image.Image, angle: float) -> Image.Image:
    """`image` turned so that lines falling by `angle` degrees lie level (white fills the
    corners; the page grows to keep them)."""
    # Bilinear: half the time of bicubic on a page, and Tesseract reads the two alike.
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def _cell_size(dpi: int) -> int:
    return max(2, round(dpi / _CELLS_PER_INCH))


def _letter_sized(labels: NDArray[np.int32], dpi: int) -> NDArray[np.bool_]:
    """For each label of `labels` (0 included, which is never a shape): whether its shape is
    the size of a letter."""
    from scipy import ndimage  # imported late, as in _shapes

    boxes = ndimage.find_objects(labels)
    heights = np.array([box[0].stop - box[0].start for box in boxes])
    widths = np.array([box[1].stop - box[1].start for box in boxes])
    millimetre = dpi / 25.4
    sized = (
        (heights >= _MIN_LETTER_MM * millimetre)
        & (heights <= _MAX_LETTER_MM * millimetre)
        & (widths <= _MAX_WORD_MM * millimetre)
    )
    return np.concatenate(([False], sized))


def print_mask(pixels: Pixels, dpi: int) -> NDArray[np.bool_]:
    """The dark pixels that belong to shapes the size of printed letters: not specks, not
    pictures, rules or scanner borders, whose shapes are far larger; and faint print, shapes
    of letters lighter than the page's ink yet clearly darker than its paper."""
    dark = _dark_shapes(pixels)
    paper = float(np.percentile(pixels[::4, ::4], 95))
    faint = _shapes(pixels < _FAINT_INK * paper)
    faint_letters = _letter_sized(faint, dpi)
    # A light shape around dark pixels is the soft edge of ordinary print, counted already.
    faint_letters[np.unique(faint[dark > 0])] = False
    return _letter_sized(dark, dpi)[dark] | faint_letters[faint]


def ink_cells(image: Image.Image, dpi: int) -> NDArray[np.bool_]:
    """The page as a grid of cells, True where it bears printed letters."""
    pixels = np.asarray(image.convert("L"), dtype=np.uint8)
    size = _cell_size(dpi)
    height, width = (pixels.shape[0] // size) * size, (pixels.shape[1] // size) * size
    printed = print_mask(pixels[:height, :width], dpi)
    share = printed.reshape(height // size, size, width // size, size).mean(axis=(1, 3))
    return share >= _INKED_SHARE


def coverage(cells: NDArray[np.bool_], words: Sequence[OcrWord], dpi: int) -> float | None:
    """The share of the page's inked cells that lie in (or right beside) a word Tesseract
    read with some confidence; None on a blank page."""
    inked = int(cells.sum())
    if inked < _MIN_INKED_SHARE * cells.size:
        return None
    size = _cell_size(dpi)
    read = np.zeros_like(cells)
    for word in words:
        if word.confidence < _MIN_READ_CONFIDENCE:
            continue
        top, left = max(0, word.top // size - 1), max(0, word.left // size - 1)
        read[top : word.bottom // size + 2, left : word.right // size + 2] = True
    return round(int((cells & read).sum()) / inked, 3)
