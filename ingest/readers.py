"""One reader per file format: a file's bytes to raw text, title and date, before normalisation."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer
import docx
import trafilatura
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from trafilatura.settings import use_config

from ingest.errors import ReaderError

# pypdf logs every repair it makes to a damaged file at WARNING, and with no logging configured
# Python prints those to stderr; files it cannot read still raise, and become ReaderErrors here.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader found in one file (or one JSONL line); text is not yet normalised."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    id: str | None = None


def _os_error(exc: OSError) -> ReaderError:
    if isinstance(exc, FileNotFoundError):
        return ReaderError("no such file or directory")
    if isinstance(exc, PermissionError):
        return ReaderError("permission denied")
    return ReaderError(f"cannot read file: {exc.strerror or exc}")


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _os_error(exc) from exc
    if not data:
        raise ReaderError("file is empty")
    return data


# --- Plain text and Markdown ---

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Guessing among every code page makes charset_normalizer read short French cp1252 text as
# cp1250 or Greek; the corpus is mostly Western European, so ties go to the earlier entry here.
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1250", "cp1251", "cp1253", "mac_roman")
_LEGACY_RANK = {encoding: rank for rank, encoding in enumerate(_LEGACY_ENCODINGS)}
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Real text has next to no control characters; binary data decoded as cp1252 has about 10%.
_MAX_CONTROL_SHARE = 0.05


def _guess_legacy_encoding(data: bytes) -> str | None:
    try:
        matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)))
    except Exception:  # a guess that crashes is no worse than no guess
        return None

    def rank(encoding: str) -> int:
        return _LEGACY_RANK.get(encoding, len(_LEGACY_RANK))

    best: tuple[float, float, int] | None = None
    chosen: str | None = None
    for match in matches:
        # Encodings that decode these bytes to the same text are interchangeable: prefer ours.
        encoding = min(match.could_be_from_charset or [match.encoding], key=rank)
        key = (round(match.chaos, 3), -round(match.coherence, 3), rank(encoding))
        if best is None or key < best:
            best, chosen = key, encoding
    return chosen


def _decode_legacy(data: bytes, declared: str | None) -> str:
    for encoding in (declared, _guess_legacy_encoding(data), "cp1252"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 leaves five byte values undefined; latin-1 maps every byte, so this cannot fail.
    return data.decode("latin-1")


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode a text file's bytes: BOM, then strict UTF-8, then `declared`, then a guess."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReaderError(f"not valid {label} text despite its byte-order mark") from exc
            break
    else:
        if b"\x00" in data:
            raise ReaderError("looks like a binary file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, declared)
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(text))
    if controls > len(text) * _MAX_CONTROL_SHARE:
        raise ReaderError("looks like a binary file")
    return text


def read_text(path: Path) -> Extracted:
    """A plain-text file; the first line stays in the text, and there is no title."""
    return Extracted(text=decode_text(_read_bytes(path)))


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


def _parse_iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


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
        published = _parse_iso_date(metadata.date)
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


# --- JSONL ---

_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "number")


def _optional_str(record: dict[str, Any], field: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReaderError(f"'{field}' must be a string, got {_json_type(value)}")
    return value.strip() or None


def parse_jsonl_record(line: str) -> Extracted:
    """One JSONL line: a JSON object with a non-empty `text` and optional metadata fields."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at", ready for a position: "Expecting value" does not.
        where = "" if exc.msg.endswith(" at") else " at"
        raise ReaderError(f"invalid JSON: {exc.msg}{where} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ReaderError("invalid JSON: nested too deeply") from exc
    if not isinstance(record, dict):
        raise ReaderError(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        raise ReaderError("missing 'text' field")
    if not isinstance(text, str):
        raise ReaderError(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise ReaderError("'text' is empty")
    published_value = _optional_str(record, "published")
    published = _parse_iso_date(published_value)
    if published_value and published is None:
        raise ReaderError(f"'published' is not an ISO date (YYYY-MM-DD): {published_value!r}")
    language = _optional_str(record, "language")
    if language is not None:
        language = language.lower()
        if not _LANGUAGE_CODE.fullmatch(language):
            language = None
    return Extracted(
        text=text,
        title=_optional_str(record, "title"),
        published=published,
        url=_optional_str(record, "url"),
        source=_optional_str(record, "source"),
        language=language,
        id=_optional_str(record, "id"),
    )


def _jsonl_lines(handle: BinaryIO) -> Iterator[tuple[int, Extracted | ReaderError]]:
    with handle:
        # Splitting bytes on b"\n" only: str.splitlines would also split on U+2028 and friends,
        # which JSON allows unescaped inside strings.
        for lineno, raw in enumerate(handle, start=1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                yield lineno, ReaderError("line is not valid UTF-8")
                continue
            try:
                yield lineno, parse_jsonl_record(line)
            except ReaderError as exc:
                yield lineno, exc


def read_jsonl(path: Path) -> Iterator[tuple[int, Extracted | ReaderError]]:
    """Each non-blank line's number with its record, or the error that line alone has."""
    try:
        empty = path.stat().st_size == 0
        handle = None if empty else path.open("rb")
    except OSError as exc:
        raise _os_error(exc) from exc
    if handle is None:
        raise ReaderError("file is empty")
    return _jsonl_lines(handle)
