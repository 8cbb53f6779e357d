"""What a format reader gets (a file's bytes and the run's context) and gives back (raw text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.pages import PageText

if TYPE_CHECKING:
    from ingest.ocr import Ocr

# Called as (file name, pages done, pages to do) while a long file is OCR'd.
PageProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file carried inside another (a message's attachment), read as a document of its own."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader found in one file; text is not yet normalised.

    Paged formats (PDF, scans) fill `pages` and leave `text` empty: the text is the pages',
    joined once they are normalised, so that each page's place in it is known.
    """

    text: str = ""
    title: str | None = None
    published: dt.date | None = None
    # When the file says it was made (PDF or Office metadata): a machine's stamp, weaker than
    # `published` and than a date the text states at its top, which both come first.
    created: dt.date | None = None
    pages: tuple[PageText, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one file may bring in; over a limit the file fails, the message naming the setting."""

    max_file_bytes: int = 200_000_000
    max_document_chars: int = 5_000_000
    # Office files (ZIP archives): the most one part may unpack to, and how many times its
    # packed size (see ingest/zipped.py).
    max_part_bytes: int = 50_000_000
    max_compression_ratio: int = 100
    # Spreadsheets and CSV: rows and cells in one file, all its sheets together.
    max_table_rows: int = 100_000
    max_table_cells: int = 1_000_000
    # Word and OpenDocument text: paragraphs (each table cell holds one or more).
    max_paragraphs: int = 200_000


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may need beyond the bytes: the file's name, the run's limits, OCR, the
    language if known."""

    name: str
    limits: ReadLimits = ReadLimits()
    ocr: Ocr | None = None
    language: str | None = None
    on_page: PageProgress | None = None

    def progress(self, done: int, total: int) -> None:
        if self.on_page is not None:
            self.on_page(self.name, done, total)
