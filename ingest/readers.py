"""Readers of the text formats (plain text, Markdown, HTML, DOCX): bytes to raw text and title."""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

import docx
import trafilatura
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from trafilatura.settings import use_config

from ingest.encoding import decode_text
from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.file_dates import ooxml_created
from ingest.html_published import markup_published
from ingest.zipped import check_archive, check_paragraphs


def file_error(exc: OSError) -> ReaderError:
    """The ReaderError for a file that could not be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return ReaderError("no such file or directory")
    if isinstance(exc, PermissionError):
        return ReaderError("permission denied")
    return ReaderError(f"cannot read file: {exc.strerror or exc}")


# --- Plain text and Markdown ---


def read_text(data: bytes, context: ReadContext) -> Extracted:
    """A plain-text file; a short first line that is not a sentence is also its title."""
    text = decode_text(data)
    return Extracted(text=text, title=first_line_title(text))


def first_line_title(text: str) -> str | None:
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


def read_markdown(data: bytes, context: ReadContext) -> Extracted:
    """A Markdown file, kept as written; the title is the first level-1 `# heading`."""
    text = decode_text(data)
    return Extracted(text=text, title=_markdown_title(text))


# --- HTML ---

_TRAFILATURA_CONFIG = use_config()
# Below this many characters trafilatura swaps its extraction for a "baseline" that flattens all
# paragraphs into one line and puts tables back; short pages are normal here, so keep its own.
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
# trafilatura's metadata always runs htmldate, whose date is not used: it takes a modified
# date when no published one is declared, a <time> or a timestamp from the body, a "mis à
# jour" in the footer (html_published reads the markup instead). This keeps its search short.
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


def read_html(data: bytes, context: ReadContext) -> Extracted:
    """An HTML page's main text (trafilatura, else all visible text), title and date."""
    markup = decode_text(data, declared=_declared_charset(data))
    text: str | None = None
    title: str | None = None
    try:
        text = trafilatura.extract(
            markup,
            include_comments=False,
            include_tables=False,
            config=_TRAFILATURA_CONFIG,
        )
        title = trafilatura.extract_metadata(markup, date_config=_DATE_CONFIG).title
    except Exception:  # trafilatura failing on odd markup is what the fallback is for
        logging.getLogger(__name__).debug("trafilatura failed on %s", context.name, exc_info=True)
    published = markup_published(markup)
    if text and title:
        return Extracted(text=text, title=title, published=published)
    parser = _PlainTextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:
        raise ReaderError(f"not readable as HTML: {exc}") from exc
    return Extracted(text=text or parser.text, title=title or parser.title, published=published)


# --- DOCX ---

# A paragraph, in the body, a table cell, a header or a note alike.
_DOCX_PARAGRAPHS = ("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p",)


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


def _check_docx_paragraphs(data: bytes, context: ReadContext) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # python-docx refuses it below, in the words the reader gives
    with archive:
        # Every part, whatever its name: python-docx finds the document's through relationships.
        check_paragraphs(archive, archive.namelist(), _DOCX_PARAGRAPHS, context.limits)


# Paragraph styles that make a title: Word's built-in ones, by the names python-docx gives
# them whatever the language Word ran in.
_DOCX_TITLE_STYLES = frozenset({"Title", "Heading 1"})
_DOCX_TITLE_WITHIN = 5  # paragraphs: a heading further down heads a section, not the document


def _docx_heading(document: DocxDocument) -> str | None:
    """The text of a Title or Heading 1 paragraph among the body's first few."""
    shown = (paragraph for paragraph in document.paragraphs if paragraph.text.strip())
    for paragraph, _ in zip(shown, range(_DOCX_TITLE_WITHIN), strict=False):
        style = paragraph.style.name if paragraph.style is not None else None
        if style in _DOCX_TITLE_STYLES:
            return " ".join(paragraph.text.split())
    return None


def read_docx(data: bytes, context: ReadContext) -> Extracted:
    """A Word document's paragraphs and table cells, one per line; the title from its
    properties, else its Title or first Heading 1, else a headline of a first line.

    python-docx parses each part whole, so the archive's sizes and the paragraphs are checked
    first, the paragraphs counted as the XML streams in."""
    check_archive(data, "DOCX", context.limits)
    _check_docx_paragraphs(data, context)
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_docx_lines(document.iter_inner_content()))
        title = document.core_properties.title
        if not (title and title.strip()):
            title = _docx_heading(document) or first_line_title(text)
    except zipfile.BadZipFile as exc:
        raise ReaderError("not a valid DOCX: not a ZIP archive (damaged, or an old .doc?)") from exc
    except KeyError as exc:  # a ZIP, but not an Office package
        raise ReaderError(f"not a valid DOCX: a required part is missing ({exc})") from exc
    except Exception as exc:  # python-docx's own ValueError names the stream, not the problem
        detail = "not a Word document" if "not a Word file" in str(exc) else str(exc)
        raise ReaderError(f"not a valid DOCX: {detail or type(exc).__name__}") from exc
    return Extracted(
        text=text,
        title=title.strip() if title and title.strip() else None,
        created=ooxml_created(data),
    )
