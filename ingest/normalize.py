"""Text normalisation applied once at ingest, so every later offset refers to the same text."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence

from ingest.model import OcrRepair, Page
from ingest.pages import PageText

# One character in, one character out: spaCy's French model splits "n’" and "L’" into junk
# entities unless apostrophes are plain, and figures like "3 810" must see an ordinary space.
_ONE_FOR_ONE = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2028": "\n",  # line separator
        "\u2029": "\n",  # paragraph separator
        "\x0b": "\n",
        "\x0c": "\n",
    }
)
# Invisible characters that only break tokens apart or glue them together.
_DROPPED = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUNS = re.compile(r"[ ]{2,}")
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
# Pages are paragraphs of their own; normalising the joined text leaves it as it is.
PAGE_BREAK = "\n\n"


def normalize_text(text: str) -> str:
    """Return `text` in NFC with plain apostrophes and spaces, LF line ends, no control chars."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _DROPPED.sub("", text.translate(_ONE_FOR_ONE))
    text = _TRAILING_SPACE.sub("\n", _SPACE_RUNS.sub(" ", text))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def normalize_title(title: str | None) -> str | None:
    """Return `title` normalised onto one line with single spaces, or None when nothing is left."""
    if title is None:
        return None
    return " ".join(normalize_text(title).split()) or None


def parse_iso_date(value: str | None) -> dt.date | None:
    """Return the date of an ISO 8601 date or datetime string, or None when it is neither."""
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


def document_id(source: str) -> str:
    """A stable id for a source, so re-ingesting it replaces the earlier record."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:20]


def paged_text(pages: Sequence[PageText]) -> tuple[str, list[Page]]:
    """The normalised text of a paged file, its pages joined by a blank line, and each
    page's place in it; pages left with no text have none (and keep their numbers)."""
    parts: list[str] = []
    spans: list[Page] = []
    offset = 0
    for number, page in enumerate(pages, 1):
        text = normalize_text(page.text)
        if not text:
            continue
        if parts:
            offset += len(PAGE_BREAK)
        spans.append(
            Page(
                number=number,
                start=offset,
                end=offset + len(text),
                ocr=page.ocr,
                ocr_confidence=page.confidence,
                ocr_coverage=page.coverage,
                ocr_rotation=page.rotation,
                ocr_repairs=_repairs(page, text, offset),
            )
        )
        parts.append(text)
        offset += len(text)
    return PAGE_BREAK.join(parts), spans


def _repairs(page: PageText, text: str, offset: int) -> list[OcrRepair]:
    """Where a page's OCR repairs stand in the document: normalising seldom moves them (the
    reader's text is nearly normal already); when it has, each is looked for close by."""
    repairs = []
    for repair in page.repairs:
        written = page.text[repair.start : repair.end]
        start = repair.start
        if text[start : repair.end] != written:
            start = text.find(written, max(0, start - 40)) if written else min(start, len(text))
        if start >= 0:
            repairs.append(
                OcrRepair(start=offset + start, end=offset + start + len(written), read=repair.read)
            )
    return repairs
