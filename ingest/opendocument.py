"""OpenDocument Text (.odt): paragraphs and headings in document order, title and date from meta."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.file_dates import DAMAGED_MEMBER, moment, office_created
from ingest.zipped import check_archive, check_paragraphs

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_PARAGRAPHS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_SPACE, _TAB, _LINE_BREAK = f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"
_NOTE_BODY = f"{_TEXT}note-body"
# Never read as the document's text: comments, deleted text kept for change tracking, the
# footnote's number (its body is moved to the end), ruby glosses, and generated indexes (a table
# of contents repeats the headings with page numbers after them).
_SKIPPED = frozenset(
    {
        f"{_OFFICE}annotation",
        f"{_TEXT}tracked-changes",
        f"{_TEXT}note-citation",
        f"{_TEXT}ruby-text",
        *(
            f"{_TEXT}{index}"
            for index in (
                "table-of-content", "illustration-index", "table-index", "object-index",
                "user-index", "alphabetical-index", "bibliography",
            )
        ),
    }
)  # fmt: skip
# Text elements that hold paragraphs, not characters: the whitespace the file is indented with
# inside them is not text, even when they sit in a paragraph (a note's body does).
_BLOCKS = frozenset(
    f"{_TEXT}{name}"
    for name in ("note", "note-body", "list", "list-item", "list-header", "section", "index-body")
)
_TEXT_MIMETYPES = frozenset(
    f"application/vnd.oasis.opendocument.{kind}"
    for kind in ("text", "text-template", "text-master", "text-web")
)
# A hostile <text:s text:c="1000000000"/> must not allocate a gigabyte of spaces.
_MAX_SPACES = 100
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        return archive.read(info)
    except DAMAGED_MEMBER as exc:
        raise ReaderError(f"not a valid ODT: cannot unpack {name} ({exc})") from exc


def _parse(xml: bytes, name: str) -> ET.Element:
    # ElementTree does not fetch external entities, but it does expand internal ones, and a
    # few nested declarations expand to gigabytes; OpenDocument never needs a DTD.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ReaderError(f"not a valid ODT: {name} declares a DTD or entities, which is refused")
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ReaderError(f"not a valid ODT: {name} is not well-formed XML ({exc})") from exc


def _spaces(element: ET.Element) -> str:
    try:
        count = int(element.get(f"{_TEXT}c", "1"))
    except ValueError:
        count = 1
    return " " * max(1, min(count, _MAX_SPACES))


def _paragraphs(body: ET.Element) -> tuple[list[str], list[str]]:
    """The body's paragraphs, and its notes' paragraphs, each in document order."""
    lines: list[str | None] = []
    notes: list[str | None] = []
    # A paragraph takes its slot when it opens, so one nested in it (a text box in a frame)
    # comes after it, as it does in the file, even though it ends first.
    open_paragraphs: list[tuple[list[str | None], int, list[str]]] = []
    note_depth = 0
    # Walked with an explicit stack: a deeply nested file must not exhaust Python's recursion.
    # Each entry is (element, leaving, whether its parent is a text element).
    stack: list[tuple[ET.Element, bool, bool]] = [(body, False, False)]

    def add(text: str | None, *, collapse: bool = True) -> None:
        if text and open_paragraphs:
            open_paragraphs[-1][2].append(_XML_WHITESPACE.sub(" ", text) if collapse else text)

    while stack:
        element, leaving, in_text = stack.pop()
        tag = element.tag
        if leaving:
            if tag in _PARAGRAPHS:
                target, slot, parts = open_paragraphs.pop()
                paragraph = "\n".join(line.strip(" ") for line in "".join(parts).split("\n"))
                target[slot] = paragraph if paragraph.strip() else None
            elif tag == _NOTE_BODY:
                note_depth -= 1
            # Character data counts only inside text elements: the base64 of an embedded
            # image, or a picture's alternative text, sits in other namespaces.
            if in_text:
                add(element.tail)
            continue
        if tag == _SPACE:
            add(_spaces(element), collapse=False)
        elif tag == _TAB:
            add("\t", collapse=False)
        elif tag == _LINE_BREAK:
            add("\n", collapse=False)
        elif tag not in _SKIPPED:
            if tag in _PARAGRAPHS:
                target = notes if note_depth else lines
                target.append(None)
                open_paragraphs.append((target, len(target) - 1, []))
            elif tag == _NOTE_BODY:
                note_depth += 1
            is_text = tag.startswith(_TEXT) and tag not in _BLOCKS
            if is_text:
                add(element.text)
            stack.append((element, True, in_text))
            stack.extend((child, False, is_text) for child in reversed(element))
            continue
        if in_text:
            add(element.tail)
    return [line for line in lines if line], [note for note in notes if note]


def _metadata(meta: bytes | None) -> tuple[str | None, dt.date | None]:
    """The title in meta.xml, and the creation date when it can stand for the publication's."""
    if meta is None:
        return None, None
    try:
        root = _parse(meta, "meta.xml")
    except ReaderError:  # broken metadata costs the title and date, not the text
        return None, None
    element = root.find(f".//{_DC}title")
    title = (" ".join("".join(element.itertext()).split()) or None) if element is not None else None
    # meta:creation-date is when the file was first saved, dc:date when it was last: the latter
    # is no publication date (any later save moves it), but it tells a copied file (see
    # office_created), and both are only taken after a date the text states at its top.
    created, saved = (root.find(f".//{name}") for name in (f"{_META}creation-date", f"{_DC}date"))
    return title, office_created(
        moment(created.text if created is not None else None),
        moment(saved.text if saved is not None else None),
    )


def read_odt(data: bytes, context: ReadContext) -> Extracted:
    """An OpenDocument text's paragraphs, headings, list items and table cells, one per line.

    Footnotes and endnotes follow the body, after a blank line: inline, their text would cut
    the sentence they hang on in two. Comments and tracked deletions are left out.
    """
    limits = context.limits
    check_archive(data, "ODT", limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReaderError("not a valid ODT: not a ZIP archive") from exc
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:  # a bad directory
        raise ReaderError(f"not a valid ODT: damaged ZIP archive ({exc})") from exc
    with archive:
        mimetype = _part(archive, "mimetype")
        kind = mimetype.strip().decode("ascii", "replace") if mimetype is not None else None
        if kind is not None and kind not in _TEXT_MIMETYPES:
            raise ReaderError(f"not a valid ODT: a file of another kind ({kind[:80]})")
        manifest = _part(archive, "META-INF/manifest.xml")
        if manifest is not None and b"encryption-data" in manifest:
            raise ReaderError("encrypted ODT (needs a password)")
        # Counted as it streams in: the whole of content.xml is parsed at once below.
        check_paragraphs(archive, ["content.xml"], _PARAGRAPHS, limits)
        content = _part(archive, "content.xml")
        if content is None:
            raise ReaderError("not a valid ODT: content.xml is missing")
        meta = _part(archive, "meta.xml")
    root = _parse(content, "content.xml")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise ReaderError("not a valid ODT: content.xml has no office:text body")
    lines, notes = _paragraphs(body)
    text = "\n\n".join(block for block in ("\n".join(lines), "\n".join(notes)) if block)
    title, created = _metadata(meta)
    return Extracted(text=text, title=title, created=created)
