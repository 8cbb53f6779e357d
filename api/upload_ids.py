"""Which id an uploaded file's documents take: a name another upload holds is replaced only when
asked, else the file gets the first free variant of it; the same content again is left alone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field

from ingest.model import Document, Failure
from ingest.normalize import document_id

Status = Literal["new", "replaced", "unchanged"]
# What reading a file decides about a document; the rest (language, entities, figures ...) is
# the analysis of it. Two records alike in these hold the same content.
_READ_FIELDS = frozenset(
    {"id", "source", "title", "published", "url", "text", "pages", "attachments", "attached_to"}
)
# Variants tried for one name (report~2.pdf ... ) before the upload gives up on the file.
MAX_VARIANTS = 1000


class UploadedDocument(BaseModel):
    """What became of one document of an upload."""

    id: str
    source: str
    status: Status = Field(
        description="new: no document had this id; replaced: it held other content, and "
        "replace=true; unchanged: it holds this content already (not analysed again)."
    )
    renamed_from: str | None = Field(
        None,
        description="The source the file's name gave, when another upload's document holds "
        "it with other content: this one got the first free variant (report~2.pdf) instead.",
    )


@dataclass(frozen=True, slots=True)
class Placed:
    """A document with the id it is indexed under, and what that does to the index."""

    document: Document
    status: Status
    renamed_from: str | None = None
    stored: Document | None = None  # the indexed record, when unchanged

    def result(self) -> UploadedDocument:
        document = self.document
        return UploadedDocument(
            id=document.id,
            source=document.source,
            status=self.status,
            renamed_from=self.renamed_from,
        )


class NoFreeName(Exception):
    """Every variant of a file's name is taken."""


def same_content(read: Document, stored: Document) -> bool:
    """Whether an indexed record holds what a new reading of its file found."""
    fields = set(_READ_FIELDS) | ({"language"} if read.language else set())
    return read.model_dump(include=fields) == stored.model_dump(include=fields)


def variant(source: str, number: int) -> str:
    """The number-th name of an uploaded file, "upload/report.pdf" -> "upload/report~2.pdf";
    a cleaned upload name has no "~", so a variant is never another file's own name."""
    if number == 1:
        return source
    path = PurePosixPath(source)
    return str(path.with_name(f"{path.stem}~{number}{path.suffix}"))


def _named_by(document: Document, file_source: str) -> bool:
    # A JSONL line may name its own source or id: that one is the user's, not the file's.
    under = document.source == file_source or document.source.startswith(file_source + "#")
    return under and document.id == document_id(document.source)


def _renamed(documents: Sequence[Document], file_source: str, name: str) -> list[Document]:
    """The file's documents as if it were called `name`; attachments follow their message."""
    if name == file_source:
        return list(documents)
    ids: dict[str, str] = {}
    sources: dict[str, str] = {}
    for document in documents:
        if _named_by(document, file_source):
            sources[document.id] = name + document.source[len(file_source) :]
            ids[document.id] = document_id(sources[document.id])
    return [
        document.model_copy(
            update={
                "id": ids.get(document.id, document.id),
                "source": sources.get(document.id, document.source),
                "attachments": [ids.get(child, child) for child in document.attachments],
                "attached_to": ids.get(document.attached_to or "", document.attached_to),
            }
        )
        for document in documents
    ]


def place_upload(
    files: Sequence[tuple[str, Sequence[Document]]],
    get: Callable[[str], Document | None],
    taken: Collection[str],
    replace: bool,
) -> list[Placed | Failure]:
    """Where each uploaded file's documents go, given (the file's source, its documents) in
    upload order; a file whose every name is taken fails, each of its documents by name."""
    chosen = set(taken)
    placed: list[Placed | Failure] = []
    for file_source, documents in files:
        try:
            these = place_file(documents, file_source, get, chosen, replace)
        except NoFreeName as error:
            placed += [Failure(source=document.source, reason=str(error)) for document in documents]
            continue
        chosen |= {item.document.id for item in these}
        placed += these
    return placed


def place_file(
    documents: Sequence[Document],
    file_source: str,
    get: Callable[[str], Document | None],
    taken: Collection[str],
    replace: bool,
) -> list[Placed]:
    """Where one uploaded file's documents go (a file, a message and its attachments, the
    lines of a JSONL file): under the file's own name if no document holds it, or holds this
    content, or `replace`; else under its first variant that is free or holds this content.

    `taken` are ids other uploads in progress have chosen. Documents a JSONL line names
    itself replace the document of their id, as a submitted document does.
    """
    own = iter(_place_own(documents, file_source, get, taken, replace))
    # In the file's order: a message before its attachments, line 1 before line 2.
    return [next(own) if _named_by(d, file_source) else _over(d, get(d.id)) for d in documents]


def _place_own(
    documents: Sequence[Document],
    file_source: str,
    get: Callable[[str], Document | None],
    taken: Collection[str],
    replace: bool,
) -> list[Placed]:
    """The documents the file names, placed all under one name: its own or a variant."""
    own = [document for document in documents if _named_by(document, file_source)]
    for number in range(1, MAX_VARIANTS + 1):
        renamed_from = None if number == 1 else file_source
        pairs = [(d, get(d.id)) for d in _renamed(own, file_source, variant(file_source, number))]
        if all(old is None and d.id not in taken for d, old in pairs):
            return [Placed(d, "new", renamed_from) for d, _ in pairs]
        if all(old is not None and same_content(d, old) for d, old in pairs):
            return [Placed(d, "unchanged", renamed_from, old) for d, old in pairs]
        if replace and number == 1:
            return [_over(d, old) for d, old in pairs]
    raise NoFreeName(f"{MAX_VARIANTS} documents of this name are indexed already")


def _over(document: Document, stored: Document | None) -> Placed:
    """A document indexed under its id, whatever that id holds."""
    if stored is None:
        return Placed(document, "new")
    if same_content(document, stored):
        return Placed(document, "unchanged", stored=stored)
    return Placed(document, "replaced")


class Claims:
    """Ids that uploads still in progress in this process have chosen, so that two uploads at
    once never choose one id for two files."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: set[str] = set()

    @contextmanager
    def choosing(
        self, choose: Callable[[Collection[str]], list[Placed | Failure]]
    ) -> Iterator[list[Placed | Failure]]:
        """`choose(taken)`'s placements, their ids held from other uploads until the block
        ends (once they are indexed, the index tells)."""
        with self._lock:
            placed = choose(frozenset(self._held))
            ids = {
                item.document.id
                for item in placed
                if isinstance(item, Placed) and item.status != "unchanged"
            }
            self._held |= ids
        try:
            yield placed
        finally:
            with self._lock:
                self._held -= ids
