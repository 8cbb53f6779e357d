"""The contract suite, continued on the same two backends: a file read again replaces its whole
family, and a message is deleted with what it carries."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ingest.model import Document, Family, Figure
from search.backend import SearchBackend, SearchQuery
from search.figures import FigureQuery

TEXT = "Le centre a suivi 120 patients sous méthadone."


def _doc(id: str, source: str, **fields: object) -> Document:
    figure = Figure(text="120 patients", start=18, end=30, value=120, about="patients")
    return Document(id=id, source=source, text=TEXT, language="fr", figures=[figure], **fields)  # type: ignore[arg-type]


def _message(attachments: list[str], members: Iterable[str] | None = None) -> Document:
    """The message inbox/m.eml; with `members`, as read from its file (carrying its family)."""
    family = None if members is None else Family("inbox/m.eml", frozenset(members))
    return _doc("m", "inbox/m.eml", attachments=attachments, family=family)


def _attachment(id: str, name: str, parent: str = "m", **fields: object) -> Document:
    source = "inbox/m.eml#" + ("n.eml#" if parent == "n" else "") + name
    return _doc(id, source, attached_to=parent, **fields)


# A message with two files and a message attached, which carries a table; and neighbours whose
# sources start alike but are not named under the message's.
FIRST_READING = [
    _message(["a1", "a2", "n"], members=["m", "a1", "a2", "n", "t"]),
    _attachment("a1", "a1.txt"),
    _attachment("a2", "a2.txt"),
    _attachment("n", "n.eml", attachments=["t"]),
    _attachment("t", "t.csv", parent="n"),
]
NEIGHBOURS = [
    _doc("x1", "inbox/m.emlx"),
    _doc("x2", "inbox/m.eml.txt"),
    _doc("u", "https://example.org/page"),
    _doc("u2", "https://example.org/page#part"),
]


@pytest.fixture
def mailbox(backend: SearchBackend) -> SearchBackend:
    assert backend.upsert(FIRST_READING + NEIGHBOURS) == []
    return backend


def _present(backend: SearchBackend) -> set[str]:
    ids = {document.id for document in backend.iter_documents()}
    # Search and figures must agree with the records: no hit, no figure of a removed document.
    assert {hit.id for hit in backend.search(SearchQuery(q="méthadone", limit=100)).hits} == ids
    assert {row.document_id for row in backend.iter_figures(FigureQuery())} == ids
    return ids


def test_a_message_read_again_drops_the_attachments_it_no_longer_has(
    mailbox: SearchBackend,
) -> None:
    # Written on its own (a copy, an upsert by hand), a message leaves its attachments alone.
    assert mailbox.upsert([_message(["a1"])]) == []
    assert _present(mailbox) == {"m", "a1", "a2", "n", "t", "x1", "x2", "u", "u2"}
    # Read from its file again, with one attachment of three: the rest, and what they carry,
    # go in the same write; documents merely named alike stay.
    again = [_message(["a1"], members=["m", "a1"]), _attachment("a1", "a1.txt")]
    assert mailbox.upsert(again) == []
    assert _present(mailbox) == {"m", "a1", "x1", "x2", "u", "u2"}
    assert mailbox.get("a2") is None and mailbox.get("t") is None
    assert mailbox.search_figures(FigureQuery(document="t")).total == 0


def test_a_family_split_across_batches_is_never_missing_what_it_keeps(
    mailbox: SearchBackend,
) -> None:
    # The message comes first, in one batch; its attachments follow in the next.
    head = _message(["a1", "a3"], members=["m", "a1", "a3"])
    assert mailbox.upsert([head]) == []
    assert _present(mailbox) == {"m", "a1", "x1", "x2", "u", "u2"}
    stored = mailbox.get("a1")
    assert stored is not None and stored.attached_to == "m"
    assert mailbox.upsert([_attachment("a1", "a1.txt"), _attachment("a3", "a3.txt")]) == []
    assert _present(mailbox) == {"m", "a1", "a3", "x1", "x2", "u", "u2"}
    # Read again with no attachment at all, the message keeps none.
    assert mailbox.upsert([_message([], members=["m"])]) == []
    assert _present(mailbox) == {"m", "x1", "x2", "u", "u2"}


def test_a_jsonl_file_read_again_drops_the_lines_it_no_longer_has(backend: SearchBackend) -> None:
    lines = [_doc(f"l{n}", f"feed.jsonl#L{n}") for n in (1, 2, 3)]
    own = _doc("own", "baonghean/2023-10-06")  # a line with a source of its own
    other = _doc("old", "feed.jsonl.old#L2")
    family = Family("feed.jsonl", frozenset({"l1", "l2", "l3", "own"}))
    first = [lines[0].model_copy(update={"family": family}), *lines[1:], own, other]
    assert backend.upsert(first) == []
    assert _present(backend) == {"l1", "l2", "l3", "own", "old"}
    shrunk = Family("feed.jsonl", frozenset({"l1"}))
    assert backend.upsert([lines[0].model_copy(update={"family": shrunk})]) == []
    # The lines named by their number are the file's; a document named in its own right is not.
    assert _present(backend) == {"l1", "own", "old"}
    assert backend.search_figures(FigureQuery(document="l3")).total == 0


def test_deleting_a_message_deletes_what_is_attached_to_it(mailbox: SearchBackend) -> None:
    # An attachment goes alone; its message stays.
    assert mailbox.delete("a1") is True
    assert _present(mailbox) == {"m", "a2", "n", "t", "x1", "x2", "u", "u2"}
    # An attachment read on its own since (its message failed to read) is no longer the
    # message's, though the message's old record still lists it.
    assert mailbox.upsert([_doc("a2", "inbox/m.eml#a2.txt")]) == []
    assert mailbox.delete("m") is True
    assert _present(mailbox) == {"a2", "x1", "x2", "u", "u2"}
    assert mailbox.get("n") is None and mailbox.get("t") is None
    assert mailbox.search_figures(FigureQuery(document="t")).total == 0
    assert mailbox.delete("m") is False
