"""Which reader reads which file format, and a file's raw text by its format's reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest import readers
from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.images import IMAGE_SUFFIXES, read_image
from ingest.mail import read_eml
from ingest.opendocument import read_odt
from ingest.pdf import read_pdf
from ingest.rtf import read_rtf
from ingest.tables import read_csv, read_xlsx

Reader = Callable[[bytes, ReadContext], Extracted]
READERS: dict[str, Reader] = {
    ".txt": readers.read_text,
    ".md": readers.read_markdown,
    ".html": readers.read_html,
    ".htm": readers.read_html,
    ".pdf": read_pdf,
    ".docx": readers.read_docx,
    ".odt": read_odt,
    ".rtf": read_rtf,
    ".xlsx": read_xlsx,
    ".csv": read_csv,
    ".eml": read_eml,
    **dict.fromkeys(IMAGE_SUFFIXES, read_image),
}
# JSON lines stream from the file, document by document (ingest.jsonl), not from its bytes.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({*READERS, ".jsonl"})
# Formats whose files carry others, read as documents of their own named under the file's.
WITH_ATTACHMENTS = frozenset({".eml"})


def extract(data: bytes, suffix: str, context: ReadContext) -> Extracted:
    """What the reader of the format `suffix` names finds in `data`."""
    if not data:
        raise ReaderError("file is empty")
    return READERS[suffix.lower()](data, context)


def file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise readers.file_error(exc) from exc


def extract_file(path: Path, context: ReadContext | None = None) -> Extracted:
    """A file's raw text by its format's reader (no limit on the file's size or its text's
    length, the readers' own at their defaults unless `context` says; no normalisation); raises
    ReaderError for a file that cannot be read."""
    if path.suffix.lower() not in READERS:
        raise ReaderError(f"unsupported file type '{path.suffix}'")
    return extract(file_bytes(path), path.suffix, context or ReadContext(name=path.name))
