"""PDFs: each page's text layer, or its image through OCR where the layer is missing or junk."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
from functools import partial
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.file_dates import pdf_dates
from ingest.ocr import Ocr, PageScan, content_key
from ingest.pages import PageText
from ingest.readers import first_line_title
from ingest.reflow import unwrap_lines
from ingest.tesseract import tesseract_version

# pypdf logs every repair it makes to a damaged file at WARNING, and with no logging configured
# Python prints those to stderr; files it cannot read still raise, and become ReaderErrors here.
logging.getLogger("pypdf").setLevel(logging.ERROR)
_log = logging.getLogger(__name__)

# Producers stamp these when the author gave no title; they name no document.
_PLACEHOLDER_TITLES = frozenset({"untitled", "untitled document", "document", "title", "none"})
_FILE_NAME = re.compile(r"[\w.() -]+\.(?:pdf|docx?|odt|rtf|tiff?|jpe?g|png)", re.IGNORECASE)
# A page with fewer letters and digits than this has no text worth keeping: a scan, perhaps
# with a stamped page number or running head on top.
_MIN_MEANINGFUL_CHARS = 40
# A layer with more than this share of replacement, private-use or control characters, or of
# pypdf's "(cid:N)" placeholders, comes from fonts without a character map: junk to read.
_MAX_JUNK_SHARE = 0.05
# Below this many letters of text layer, the other pages cannot tell the document's language.
_MIN_LETTERS_TO_IDENTIFY = 200


def _pdf_title(reader: PdfReader, name: str) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # a damaged Info dictionary costs the title, not the text
        return None
    if not isinstance(title, str) or title.strip().lower() in _PLACEHOLDER_TITLES:
        return None
    title = title.strip()
    # Scanners and converters stamp the file's own name: that names the file, not the report.
    if title.lower() in (name.lower(), Path(name).stem.lower()) or _FILE_NAME.fullmatch(title):
        return None
    return title or None


def _pdf_dates(reader: PdfReader) -> tuple[dt.date | None, dt.date | None]:
    """(publication, creation) days the PDF's metadata states, each when plausible."""
    try:
        metadata = reader.metadata
        value: object = metadata.get("/CreationDate") if metadata is not None else None
        created = value.get_object() if hasattr(value, "get_object") else value
    except Exception:  # a damaged Info dictionary costs the date, not the text
        created = None
    try:
        stream = reader.root_object.get("/Metadata")
        packet = stream.get_object().get_data() if stream is not None else None
    except Exception:  # so does a damaged XMP stream
        packet = None
    return pdf_dates(created, packet if isinstance(packet, bytes) else None)


def _invalid_pdf(data: bytes, exc: Exception) -> ReaderError:
    if not data.lstrip().startswith(b"%PDF-"):
        return ReaderError("not a valid PDF: no %PDF header")
    detail = str(exc) or type(exc).__name__
    # Non-strict pypdf only logs the missing marker, then fails later with a vaguer message.
    if b"%%EOF" not in data[-2048:]:
        detail = f"EOF marker not found, the file looks truncated ({detail})"
    return ReaderError(f"not a valid PDF: {detail}")


def needs_ocr(text: str, has_images: bool = True) -> bool:
    """Whether a page's text layer is missing or useless, so its image should be read instead:
    junk (fonts with no character map, which still print right), or next to nothing on a page
    that shows an image (a scan, perhaps with a stamped page number or running head)."""
    meaningful = sum(1 for char in text if char.isalnum())
    if meaningful < _MIN_MEANINGFUL_CHARS:
        return has_images
    visible = sum(1 for char in text if not char.isspace())
    junk = sum(1 for char in text if char == "\ufffd" or unicodedata.category(char) in ("Co", "Cc"))
    junk += 6 * text.count("(cid:")
    return junk > _MAX_JUNK_SHARE * visible


def _shows_images(resources: object, depth: int = 0) -> bool:
    """Whether a page's (or form's) resources hold an image, directly or in a form they draw."""
    try:
        if hasattr(resources, "get_object"):
            resources = resources.get_object()
        xobjects = resources.get("/XObject") if isinstance(resources, dict) else None
        for reference in (xobjects.get_object() if xobjects is not None else {}).values():
            xobject = reference.get_object()
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                return True
            if (
                subtype == "/Form"
                and depth < 3
                and _shows_images(xobject.get("/Resources"), depth + 1)
            ):
                return True
    except Exception:  # damaged resources: assume a picture, so the page is looked at
        return True
    return False


def _text_layer(data: bytes) -> tuple[PdfReader, list[tuple[str, bool]]]:
    """The reader, and each page's text layer and whether the page shows an image."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("encrypted PDF (needs a password)")
        return reader, [
            ((page.extract_text() or "").strip(), _shows_images(page.get("/Resources")))
            for page in reader.pages
        ]
    except ReaderError:
        raise
    except FileNotDecryptedError as exc:
        raise ReaderError("encrypted PDF (needs a password)") from exc
    except DependencyError as exc:
        raise ReaderError(f"encrypted PDF that pypdf cannot decrypt here: {exc}") from exc
    except Exception as exc:
        raise _invalid_pdf(data, exc) from exc


def read_pdf(data: bytes, context: ReadContext) -> Extracted:
    """A PDF's pages: the text layer, OCR'd where it is missing or junk (setting `ocr`)."""
    reader, pages_read = _text_layer(data)
    if not pages_read:
        raise ReaderError("PDF has no pages")
    layer = [text for text, _ in pages_read]
    ocr = context.ocr
    scanned = _pages_to_ocr(pages_read, ocr)
    recognised: dict[int, PageText] = {}
    if ocr is not None and scanned:
        recognised = _recognise(data, scanned, layer, ocr, context)
    pages = tuple(
        recognised.get(index) or PageText(unwrap_lines(text)) for index, text in enumerate(layer)
    )
    if not any(page.text.strip() for page in pages):
        if ocr is None or ocr.mode == "never":
            raise ReaderError("no text layer found (scanned PDF?) and OCR is off (setting ocr)")
        if not scanned:
            raise ReaderError("no text found: no text layer, and no page image to OCR")
        raise ReaderError("no text found: no text layer, and OCR recognised none")
    # A scan has no title in its metadata, but often one atop its first page.
    title = _pdf_title(reader, context.name) or (
        first_line_title(pages[0].text) if pages[0].ocr else None
    )
    published, created = _pdf_dates(reader)
    if all(needs_ocr(text, images) for text, images in pages_read):
        created = None  # a scan's file was made when it was scanned, not when it was published
    return Extracted(pages=pages, title=title, published=published, created=created)


def _pages_to_ocr(pages: list[tuple[str, bool]], ocr: Ocr | None) -> list[int]:
    if ocr is None or ocr.mode == "never":
        return []
    if ocr.mode == "always":
        return list(range(len(pages)))
    return [index for index, (text, images) in enumerate(pages) if needs_ocr(text, images)]


def _recognise(
    data: bytes, scanned: list[int], layer: list[str], ocr: Ocr, context: ReadContext
) -> dict[int, PageText]:
    kept = [text for index, text in enumerate(layer) if index not in scanned and text]
    try:
        tesseract_version()
        _pdftoppm()
    except ReaderError as exc:
        if ocr.mode == "auto" and kept:
            # The text layer of the other pages is still worth having; the log says what is not.
            _log.warning("%s: %d page(s) not OCR'd: %s", context.name, len(scanned), exc)
            return {}
        raise ReaderError(f"{len(scanned)} page(s) have no usable text layer, and {exc}") from exc
    language = context.language
    if language is None and ocr.identify is not None:
        # A usable layer tells the language (under `always` too) better than one OCR'd page.
        sample = "\n".join(text for text in layer if not needs_ocr(text))
        if sum(1 for char in sample if char.isalpha()) >= _MIN_LETTERS_TO_IDENTIFY:
            language = ocr.identify(sample)
    key = content_key(data)
    with tempfile.TemporaryDirectory(prefix="policylens-pdf-") as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        scans = [
            PageScan(
                number=index + 1,
                key=f"pdf:{key}:{index + 1}",
                render=partial(_render_page, pdf, index + 1, ocr.options.dpi),
            )
            for index in scanned
        ]
        readings = ocr.recognise(scans, language, context.progress)
    return dict(zip(scanned, readings, strict=True))


def _pdftoppm() -> str:
    program = shutil.which("pdftoppm")
    if program is None:
        raise ReaderError(
            "rendering pages for OCR needs pdftoppm, which is not installed "
            "(Debian: apt install poppler-utils)"
        )
    return program


def _render_page(pdf: Path, number: int, dpi: int, folder: Path) -> Path:
    """Page `number` of `pdf` as a greyscale image at `dpi`, written into `folder`: PGM, which
    is not compressed (a noisy scan took pdftoppm 16 s to write as PNG, 0.2 s as PGM)."""
    target = folder / f"page-{number}"
    command = [_pdftoppm(), "-r", str(dpi), "-f", str(number), "-l", str(number)]
    command += ["-gray", "-singlefile", str(pdf), str(target)]
    try:
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReaderError(f"rendering page {number} for OCR took over 120 s") from exc
    image = target.with_suffix(".pgm")
    if result.returncode != 0 or not image.exists():
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        raise ReaderError(f"cannot render page {number} for OCR: {detail}")
    return image
