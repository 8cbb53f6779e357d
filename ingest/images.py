"""Image files (PNG, JPEG, TIFF): every frame is a page, its text recognised by OCR."""

from __future__ import annotations

import io
import math
import warnings
from functools import partial
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.ocr import PageScan, content_key
from ingest.readers import first_line_title

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# Tesseract reads text best when capital letters are 20-40 pixels high; screenshots and phone
# pictures narrower than this are scaled up before they are read.
_MIN_WIDTH = 1600
_MAX_UPSCALE = 4
# Larger than an A3 page at 600 dpi: beyond it an image is more likely a decompression bomb.
_MAX_PIXELS = 100_000_000


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > _MAX_PIXELS:
                raise ReaderError(
                    f"image of {image.width}x{image.height} pixels is larger than "
                    f"{_MAX_PIXELS:,} pixels"
                )
            return image
    except ReaderError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReaderError(f"image too large to read safely: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise ReaderError("not a valid image: unknown or damaged format") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ReaderError(f"not a valid image: {exc}") from exc


def _frame(data: bytes, index: int) -> Image.Image:
    """Frame `index` decoded in full, as greyscale on white (transparency would read black)."""
    image = _open(data)
    try:
        image.seek(index)
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ReaderError(f"not a valid image: page {index + 1}: {exc}") from exc
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def _upscale_factor(width: int) -> int:
    return max(1, min(_MAX_UPSCALE, math.ceil(_MIN_WIDTH / max(width, 1))))


def _dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if value >= 70 else None  # 72 and below usually mean "not recorded"


def _render(data: bytes, index: int, folder: Path) -> Path:
    image = _frame(data, index)
    factor = _upscale_factor(image.width)
    if factor > 1:
        size = (image.width * factor, image.height * factor)
        image = image.resize(size, Image.Resampling.LANCZOS)
    target = folder / f"frame-{index + 1}.pgm"
    image.save(target)  # uncompressed: PNG costs seconds on a noisy page
    return target


def read_image(data: bytes, context: ReadContext) -> Extracted:
    """An image's text, one page per frame (a multi-page TIFF has several), all OCR'd."""
    image = _open(data)
    frames = getattr(image, "n_frames", 1)
    ocr = context.ocr
    if ocr is None or ocr.mode == "never":
        raise ReaderError("an image's text needs OCR, which is off (setting ocr)")
    key = content_key(data)
    scans = []
    # Every frame is decoded here, so a damaged file fails before any OCR is spent on it; the
    # threads decode their frame again rather than all pages being held in memory at once.
    for index in range(frames):
        frame = _frame(data, index)
        dpi, factor = _dpi(frame) or _dpi(image), _upscale_factor(frame.width)
        scans.append(
            PageScan(
                number=index + 1,
                key=f"image:{key}:{index + 1}",
                render=partial(_render, data, index),
                dpi=dpi * factor if dpi else None,
            )
        )
    pages = ocr.recognise(scans, context.language, context.progress)
    if not any(page.text.strip() for page in pages):
        raise ReaderError("no text found: OCR recognised none in the image")
    return Extracted(pages=tuple(pages), title=first_line_title(pages[0].text))
