"""Turning files and directories into Documents, or Failures that say which file and why."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest import readers
from ingest.errors import ReaderError
from ingest.jsonl import read_jsonl
from ingest.model import Document, Failure
from ingest.submitted import SubmittedDocument

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl"}
)
_READERS: dict[str, Callable[[Path], readers.Extracted]] = {
    ".txt": readers.read_text,
    ".md": readers.read_markdown,
    ".html": readers.read_html,
    ".htm": readers.read_html,
    ".pdf": readers.read_pdf,
    ".docx": readers.read_docx,
}
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one file may bring in; over a limit the file fails, the message naming the setting."""

    max_file_bytes: int = 200_000_000
    max_document_chars: int = 5_000_000


# Plain text takes at most four bytes a character: a larger file cannot be under the limit.
_MAX_BYTES_PER_CHAR = {".txt": 4, ".md": 4}


@dataclass(frozen=True, slots=True)
class _Unlisted:
    """A directory met while walking whose entries could not be listed."""

    path: Path
    reason: str


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _is_dir(path: Path) -> bool:
    # Path.is_dir raises on EACCES; such an entry is then read as a file and reported.
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_regular_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return True


def _walk(directory: Path, visited: set[Path]) -> Iterator[Path | _Unlisted]:
    # Symlinked directories are followed, so a link back up the tree must not loop forever.
    real = directory.resolve()
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield _Unlisted(directory, f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_dir(entry):
            yield from _walk(entry, visited)
        # Only regular files: opening a FIFO that happens to be named x.txt would block.
        elif _is_regular_file(entry) and _is_supported(entry):
            yield entry


def _entries(paths: Iterable[Path]) -> Iterator[Path | _Unlisted]:
    for path in paths:
        path = Path(path)
        if _is_dir(path):
            yield from _walk(path, set())
        else:
            yield path


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and the supported files under directories.

    Directories are walked recursively in sorted order; hidden files/dirs (name starts
    with '.') are skipped inside directories.
    """
    # Directories that cannot be listed are left out here; read_documents reports them.
    for entry in _entries(paths):
        if isinstance(entry, Path):
            yield entry


def _absolute(path: Path) -> Path:
    # Lexical, not resolve(): a symlinked corpus keeps the source names its user sees.
    return Path(os.path.abspath(path))


def _source(path: Path, base: Path) -> str:
    absolute = _absolute(path)
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def _document(raw: readers.Extracted, source: str) -> Document | Failure:
    # A reader's output is trusted: the limits SubmittedDocument puts on what users send (size
    # of the text, length of the title) are not for files, so it is constructed, not validated.
    submitted = SubmittedDocument.model_construct(
        text=raw.text, title=raw.title, published=raw.published
    )
    try:
        return submitted.to_document(fallback_source=source)
    except ValueError as exc:
        return Failure(source=source, reason=str(exc))


def _read_file(path: Path, source: str, limits: ReadLimits) -> Iterator[Document | Failure]:
    if not path.exists():
        reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        yield Failure(source=source, reason=reason)
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
    if size > limits.max_file_bytes:
        yield Failure(
            source=source,
            reason=f"file is {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
            "(setting max_file_bytes)",
        )
        return
    if size > _MAX_BYTES_PER_CHAR.get(suffix, size) * limits.max_document_chars:
        yield Failure(source=source, reason=_too_long(f"{size:,} bytes of text", limits))
        return
    items = (
        read_jsonl(path, source)
        if suffix == ".jsonl"
        else [_document(_READERS[suffix](path), source)]
    )
    for item in items:
        if isinstance(item, Document) and len(item.text) > limits.max_document_chars:
            item = Failure(
                source=item.source, reason=_too_long(f"{len(item.text):,} characters", limits)
            )
        yield item


def _too_long(measured: str, limits: ReadLimits) -> str:
    return (
        f"document has {measured}, over the {limits.max_document_chars:,}-character limit "
        "(setting max_document_chars)"
    )


def read_documents(
    paths: Iterable[Path], *, base: Path | None = None, limits: ReadLimits = ReadLimits()
) -> Iterator[Document | Failure]:
    """Every document in the given files/dirs, or a Failure naming the file and the reason.

    Never raises for a bad file.
    """
    root = _absolute(base if base is not None else Path.cwd())
    for entry in _entries(paths):
        if isinstance(entry, _Unlisted):
            yield Failure(source=_source(entry.path, root), reason=entry.reason)
            continue
        source = _source(entry, root)
        try:
            yield from _read_file(entry, source, limits)
        except ReaderError as exc:
            yield Failure(source=source, reason=str(exc))
        except OSError as exc:
            yield Failure(source=source, reason=f"cannot read file: {exc.strerror or exc}")
        except Exception as exc:
            # A bug in a reader must not end the batch, but it must not pass unnoticed either.
            _log.error("unexpected error reading %s", source, exc_info=True)
            yield Failure(source=source, reason=f"internal error: {type(exc).__name__}: {exc}")


def in_shard(path: Path, index: int, count: int) -> bool:
    """Whether `path` belongs to shard `index` of `count` (1-based), stably across machines.

    The split hashes the file's name only, so processes that mount the corpus at different
    places still agree on who takes which file.
    """
    digest = hashlib.sha1(path.name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1
