"""Families: a file's documents are replaced together; a message goes with its attachments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ingest.model import Document


def named_under(source: str) -> str:
    """The start of the sources of the documents read out of the file `source`: a message's
    attachments (`m.eml#report.pdf`, `m.eml#inner.eml#table.csv`), a JSONL file's lines named
    by their number (`feed.jsonl#L2`). A line with a source of its own is not the file's."""
    return source + "#"


def leftovers(
    documents: Sequence[Document], indexed_under: Callable[[str], Iterable[str]]
) -> set[str]:
    """Ids of indexed documents that the files read for this batch no longer yield.

    `indexed_under(prefix)` gives the ids of the indexed documents whose source starts with
    `prefix`. Only a document carrying its file's family (the first read from that file)
    drops anything: a document written alone, or submitted with a URL for its source, leaves
    what is named under it alone.
    """
    batch = {document.id for document in documents}
    found: set[str] = set()
    for document in documents:
        if document.family is None:
            continue
        members = document.family.members
        found.update(
            indexed
            for indexed in indexed_under(named_under(document.family.source))
            if indexed not in members and indexed not in batch
        )
    return found


def with_attachments(root: Document, get: Callable[[str], Document | None]) -> list[str]:
    """The ids of `root` and of the indexed documents attached to it, at any depth.

    Only a document that still names its parent (`attached_to`) goes with it: one read on
    its own since (its message failed to read) is nobody's attachment any more.
    """
    ids = [root.id]
    pending = [(root.id, child) for child in root.attachments]
    while pending:
        parent, child_id = pending.pop()
        if child_id in ids:
            continue
        child = get(child_id)
        if child is not None and child.attached_to == parent:
            ids.append(child.id)
            pending += [(child.id, grandchild) for grandchild in child.attachments]
    return ids
