"""Turning files and directories into Documents, or Failures that say which file and why:
size limits, attachments read as documents of their own, the family of documents a file holds."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ReaderError
from ingest.extracted import Extracted, PageProgress, ReadContext, ReadLimits
from ingest.file_listing import Skipped, entries, source_name, source_root
from ingest.formats import READERS, SUPPORTED_SUFFIXES, WITH_ATTACHMENTS, extract, file_bytes
from ingest.jsonl import read_jsonl
from ingest.model import Document, Failure, Family
from ingest.normalize import paged_text
from ingest.ocr import Ocr
from ingest.submitted import SubmittedDocument

# A message attached to a message attached to ... : deeper than this is not followed.
_MAX_ATTACHMENT_DEPTH = 3
_DEFAULT_LIMITS = ReadLimits()
_log = logging.getLogger(__name__)


# Plain text takes at most four bytes a character: a larger file cannot be under the limit.
_MAX_BYTES_PER_CHAR = {".txt": 4, ".md": 4, ".csv": 4}


def _document(raw: Extracted, source: str) -> Document:
    """The Document of a reader's output; raises ValueError when it has no text."""
    text, pages = paged_text(raw.pages) if raw.pages else (raw.text, [])
    # A reader's output is trusted: the limits SubmittedDocument puts on what users send (size
    # of the text, length of the title) are not for files, so it is constructed, not validated.
    submitted = SubmittedDocument.model_construct(
        text=text, title=raw.title, published=raw.published
    )
    document = submitted.to_document(fallback_source=source)
    update: dict[str, object] = {"pages": pages} if pages else {}
    if document.published is None and raw.created is not None:
        update["published"] = raw.created
    return document.model_copy(update=update) if update else document


@dataclass(frozen=True, slots=True)
class _Run:
    """What every file of one read_documents call shares."""

    limits: ReadLimits
    ocr: Ocr | None
    language: str | None
    on_page: PageProgress | None


def _read_file(path: Path, source: str, run: _Run) -> Iterator[Document | Failure]:
    if not path.exists():
        missing = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        yield Failure(source=source, reason=missing)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield Failure(source=source, reason=f"unsupported file type {kind}; supported: {supported}")
        return
    if not path.is_file():
        yield Failure(source=source, reason="not a regular file")
        return
    size = path.stat().st_size
    if (reason := _over_limit(suffix, size, run.limits)) is not None:
        yield Failure(source=source, reason=reason)
        return
    if suffix == ".jsonl":
        # Read twice, keeping only ids the first time: the file's first document must carry
        # all of them (a Family) when it is written, and a large file spans many batches.
        members = frozenset(
            item.id
            for item in _within_limits(read_jsonl(path, source), run.limits)
            if isinstance(item, Document)
        )
        lines = _within_limits(read_jsonl(path, source), run.limits)
        yield from _with_family(lines, Family(source, members))
        return
    items = _read_data(file_bytes(path), path.name, source, run, depth=0)
    if suffix in WITH_ATTACHMENTS:
        # A message's attachments are all read before the message is yielded: nothing to wait
        # for. Even one with none now carries its family, to drop those it had before.
        read = list(items)
        members = frozenset(item.id for item in read if isinstance(item, Document))
        yield from _with_family(read, Family(source, members))
        return
    yield from items


def _with_family(
    items: Iterable[Document | Failure], family: Family
) -> Iterator[Document | Failure]:
    """`items`, the first document among them carrying the family of the file they come from."""
    carried = False
    for item in items:
        if isinstance(item, Document) and not carried:
            item, carried = item.model_copy(update={"family": family}), True
        yield item


def _over_limit(suffix: str, size: int, limits: ReadLimits) -> str | None:
    if size > limits.max_file_bytes:
        return (
            f"file is {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
            "(setting max_file_bytes)"
        )
    if size > _MAX_BYTES_PER_CHAR.get(suffix, size) * limits.max_document_chars:
        return _too_long(f"{size:,} bytes of text", limits)
    return None


def _within_limits(
    items: Iterable[Document | Failure], limits: ReadLimits
) -> Iterator[Document | Failure]:
    for item in items:
        if isinstance(item, Document) and len(item.text) > limits.max_document_chars:
            item = Failure(
                source=item.source, reason=_too_long(f"{len(item.text):,} characters", limits)
            )
        yield item


def _read_data(
    data: bytes, name: str, source: str, run: _Run, depth: int
) -> Iterator[Document | Failure]:
    """The document a file's bytes hold, then those attached to it, linked to it by id."""
    context = ReadContext(
        name=name, limits=run.limits, ocr=run.ocr, language=run.language, on_page=run.on_page
    )
    raw = extract(data, Path(name).suffix, context)
    document: Document | None
    try:
        document = _document(raw, source)
    except ValueError as exc:
        yield Failure(source=source, reason=str(exc))
        document = None
    attached = list(_attachments(raw, source, run, depth)) if raw.attachments else []
    parent: str | None = None
    if document is not None:
        ids = [item.id for item in attached if isinstance(item, Document) and not item.attached_to]
        [checked] = _within_limits([document.model_copy(update={"attachments": ids})], run.limits)
        parent = checked.id if isinstance(checked, Document) else None
        yield checked
    for item in attached:
        # Linked only to a message that is there: a message that failed leaves them alone.
        if parent is not None and isinstance(item, Document) and item.attached_to is None:
            item = item.model_copy(update={"attached_to": parent})
        yield item


def _attachments(
    raw: Extracted, source: str, run: _Run, depth: int
) -> Iterator[Document | Failure]:
    for attachment in raw.attachments:
        attached_source = f"{source}#{attachment.name}"
        suffix = Path(attachment.name).suffix.lower()
        if depth >= _MAX_ATTACHMENT_DEPTH:
            yield Failure(source=attached_source, reason="attachment nested too deeply")
        elif suffix not in READERS:
            kind = f"'{suffix}'" if suffix else "(no extension)"
            yield Failure(source=attached_source, reason=f"attachment of unsupported type {kind}")
        elif (reason := _over_limit(suffix, len(attachment.data), run.limits)) is not None:
            yield Failure(source=attached_source, reason=reason)
        else:
            try:
                yield from _read_data(
                    attachment.data, attachment.name, attached_source, run, depth + 1
                )
            except ReaderError as exc:
                yield Failure(source=attached_source, reason=str(exc))
            except Exception as exc:  # a reader's bug costs this attachment, not the message
                _log.error("unexpected error reading %s", attached_source, exc_info=True)
                reason = f"internal error: {type(exc).__name__}: {exc}"
                yield Failure(source=attached_source, reason=reason)


def _too_long(measured: str, limits: ReadLimits) -> str:
    return (
        f"document has {measured}, over the {limits.max_document_chars:,}-character limit "
        "(setting max_document_chars)"
    )


def read_documents(
    paths: Iterable[Path],
    *,
    base: Path | None = None,
    source_prefix: str = "",
    limits: ReadLimits = _DEFAULT_LIMITS,
    ocr: Ocr | None = None,
    language: str | None = None,
    on_page: PageProgress | None = None,
) -> Iterator[Document | Failure]:
    """Every document in the given files/dirs, or a Failure naming the file and the reason.

    Sources are paths relative to `base` (default: the working directory) after
    `source_prefix`. Without `ocr`, scans have no text; `language`, when known, is the one
    OCR reads; `on_page` hears of each page OCR'd. Never raises for a bad file.
    """
    root = source_root(base)
    run = _Run(limits, ocr, language, on_page)
    for entry in entries(paths):
        if isinstance(entry, Skipped):
            if entry.failure:
                source = source_prefix + source_name(entry.path, root)
                yield Failure(source=source, reason=entry.reason)
            continue
        source = source_prefix + source_name(entry, root)
        try:
            yield from _read_file(entry, source, run)
        except ReaderError as exc:
            yield Failure(source=source, reason=str(exc))
        except OSError as exc:
            yield Failure(source=source, reason=f"cannot read file: {exc.strerror or exc}")
        except Exception as exc:
            # A bug in a reader must not end the batch, but it must not pass unnoticed either.
            _log.error("unexpected error reading %s", source, exc_info=True)
            yield Failure(source=source, reason=f"internal error: {type(exc).__name__}: {exc}")
