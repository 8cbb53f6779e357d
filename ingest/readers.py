"""One reader per file format: a file's bytes to raw text, title and date, before normalisation."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import trafilatura
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from trafilatura.settings import use_config

from ingest.encoding import decode_text
from ingest.errors import ReaderError
from ingest.normalize import parse_iso_date

# pypdf logs every repair it makes to a damaged file at WARNING, and with no logging configured
# Python prints those to stderr; files it cannot read still raise, and become ReaderErrors here.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader found in one file; text is not yet normalised."""

    text: str
    title: str | None = None
    published: dt.date | None = None


def file_error(exc: OSError) -> ReaderError:
    """The ReaderError for a file that could not be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return ReaderError("no such file or directory")
    if isinstance(exc, PermissionError):
        return ReaderError("permission denied")
    return ReaderError(f"cannot read file: {exc.strerror or exc}")


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise file_error(exc) from exc
    if not data:
        raise ReaderError("file is empty")
    return data


# --- Plain text and Markdown ---


def read_text(path: Path) -> Extracted:
    """A plain-text file; a short first line that is not a sentence is also its title."""
    text = decode_text(_read_bytes(path))
    return Extracted(text=text, title=_first_line_title(text))


def _first_line_title(text: str) -> str | None:
    """The first line when it reads like a headline: short, followed by more, no final stop."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if not rest.strip() or not 2 <= len(first.split()) <= 30 or first[-1] in ".,;:!?…":
        return None
    return first


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _markdown_title(text: str) -> str | None:
    in_fence = False
    for line in text.splitlines():
        # "# a comment" inside a fenced code block is not a heading.
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _H1.match(line)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def read_markdown(path: Path) -> Extracted:
    """A Markdown file, kept as written; the title is the first level-1 `# heading`."""
    text = decode_text(_read_bytes(path))
    return Extracted(text=text, title=_markdown_title(text))


# --- HTML ---

_TRAFILATURA_CONFIG = use_config()
# Below this many characters trafilatura swaps its extraction for a "baseline" that flattens all
# paragraphs into one line and puts tables back; short pages are normal here, so keep its own.
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
# A report's body is full of dates; prefer the publication date found in the page's markup.
_DATE_CONFIG: dict[str, Any] = {"extensive_search": False, "original_date": True}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Browsers read pages labelled latin-1 or ASCII as windows-1252, and so do authoring tools.
_AS_CP1252 = frozenset({"iso8859_1", "ascii"})


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name.replace("-", "_")
    except LookupError:
        return None
    # Valid UTF-8 was already taken, and a UTF-16/32 page without a BOM is mislabelled UTF-8.
    if name.startswith(("utf_8", "utf_16", "utf_32")):
        return None
    return "cp1252" if name in _AS_CP1252 else name


class _PlainTextParser(HTMLParser):
    """Visible text and <title> of a page, for when trafilatura finds no main content."""

    _SKIPPED = frozenset(
        {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "aside"}
    )
    _BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "section",
            "article", "main", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
            "figcaption", "hr", "address",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_depth = 0
        self._in_title = False
        self._chunks: list[str] = []
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCKS or tag in ("td", "th"):
            self._chunks.append("\n" if tag in self._BLOCKS else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCKS:
            self._chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip_depth:
            self._chunks.append(data)

    @property
    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self._chunks).split("\n"))
        return "\n".join(line for line in lines if line)

    @property
    def title(self) -> str | None:
        return " ".join("".join(self._title).split()) or None


def read_html(path: Path) -> Extracted:
    """An HTML page's main text (trafilatura, else all visible text), title and date."""
    data = _read_bytes(path)
    markup = decode_text(data, declared=_declared_charset(data))
    text: str | None = None
    title: str | None = None
    published: dt.date | None = None
    try:
        text = trafilatura.extract(
            markup,
            include_comments=False,
            include_tables=False,
            config=_TRAFILATURA_CONFIG,
        )
        metadata = trafilatura.extract_metadata(markup, date_config=_DATE_CONFIG)
        title = metadata.title
        published = parse_iso_date(metadata.date)
    except Exception:  # trafilatura failing on odd markup is what the fallback is for
        logging.getLogger(__name__).debug("trafilatura failed on %s", path, exc_info=True)
    if text and title:
        return Extracted(text=text, title=title, published=published)
    parser = _PlainTextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:
        raise ReaderError(f"not readable as HTML: {exc}") from exc
    return Extracted(text=text or parser.text, title=title or parser.title, published=published)


# --- PDF ---

# Producers stamp these when the author gave no title; they name no document.
_PLACEHOLDER_TITLES = frozenset({"untitled", "untitled document", "document", "title", "none"})


def _pdf_title(reader: PdfReader) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # a damaged Info dictionary costs the title, not the text
        return None
    if not isinstance(title, str) or title.strip().lower() in _PLACEHOLDER_TITLES:
        return None
    return title.strip() or None


def _invalid_pdf(data: bytes, exc: Exception) -> ReaderError:
    if not data.lstrip().startswith(b"%PDF-"):
        return ReaderError("not a valid PDF: no %PDF header")
    detail = str(exc) or type(exc).__name__
    # Non-strict pypdf only logs the missing marker, then fails later with a vaguer message.
    if b"%%EOF" not in data[-2048:]:
        detail = f"EOF marker not found, the file looks truncated ({detail})"
    return ReaderError(f"not a valid PDF: {detail}")


def read_pdf(path: Path) -> Extracted:
    """A PDF's text layer, pages separated by a blank line; the title from its metadata."""
    data = _read_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("encrypted PDF (needs a password)")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except ReaderError:
        raise
    except FileNotDecryptedError as exc:
        raise ReaderError("encrypted PDF (needs a password)") from exc
    except DependencyError as exc:
        raise ReaderError(f"encrypted PDF that pypdf cannot decrypt here: {exc}") from exc
    except Exception as exc:
        raise _invalid_pdf(data, exc) from exc
    if not pages:
        raise ReaderError("PDF has no pages")
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise ReaderError("no text layer found (scanned PDF?)")
    return Extracted(text=text, title=_pdf_title(reader))


# --- DOCX ---


def _docx_lines(blocks: Iterable[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                yield block.text
            continue
        # A merged cell comes back once per grid column and row it spans. The set holds the
        # lxml elements themselves: ids of freed proxies get reused, the live proxy is unique.
        seen: set[object] = set()
        for row in block.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                yield from _docx_lines(cell.iter_inner_content())


def read_docx(path: Path) -> Extracted:
    """A Word document's paragraphs and table cells, one per line; the title from its properties."""
    data = _read_bytes(path)
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_docx_lines(document.iter_inner_content()))
        title = document.core_properties.title
    except zipfile.BadZipFile as exc:
        raise ReaderError("not a valid DOCX: not a ZIP archive (damaged, or an old .doc?)") from exc
    except KeyError as exc:  # a ZIP, but not an Office package
        raise ReaderError(f"not a valid DOCX: a required part is missing ({exc})") from exc
    except Exception as exc:  # python-docx's own ValueError names the stream, not the problem
        detail = "not a Word document" if "not a Word file" in str(exc) else str(exc)
        raise ReaderError(f"not a valid DOCX: {detail or type(exc).__name__}") from exc
    return Extracted(text=text, title=title.strip() if title and title.strip() else None)
