"""E-mail messages (.eml): a header block and the body's text; attached files become attachments."""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.policy
import re
import urllib.parse
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath

from ingest.encoding import decode_text
from ingest.errors import ReaderError
from ingest.extracted import Attachment, Extracted, ReadContext
from ingest.readers import read_html
from ingest.reflow import unwrap_lines

_SHOWN_HEADERS = ("From", "To", "Date", "Subject")
# At least one of these makes the bytes a message; a text file parses as one without headers.
_MESSAGE_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "content-type", "message-id", "mime-version"}
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CID = re.compile(r"""cid:([^\s"'<>)]+)""", re.I)
_MAX_NAME = 150
# An attachment is read by its name's extension: one sent without a name gets its type's.
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "text/csv": ".csv",
    "text/rtf": ".rtf",
    "application/rtf": ".rtf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
}


def _unmangled(value: str) -> str:
    # Raw 8-bit header bytes (UTF-8 without RFC 2047, as many mailers send) come back from the
    # parser as surrogate escapes; they are decoded here as the text they were.
    if re.search("[\udc80-\udcff]", value):
        raw = value.encode("utf-8", "surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    return value


def _header(message: Message, name: str) -> str | None:
    """A header's decoded value on one line, or None when it is absent or empty."""
    try:
        value = message.get(name)
        text = None if value is None else str(value)
    except Exception:  # the structured parser fails on some malformed headers; read them raw
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None)
        try:
            text = None if raw is None else str(make_header(decode_header(raw)))
        except Exception:
            text = raw
    if text is None:
        return None
    return " ".join(_CONTROL.sub(" ", _unmangled(text)).split()) or None


def _published(message: Message) -> dt.date | None:
    raw = next((v for k, v in message.raw_items() if k.lower() == "date"), None)
    if raw is None:
        return None
    try:
        return parsedate_to_datetime(" ".join(raw.split())).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    codec: str | None
    try:
        codec = codecs.lookup(part.get_content_charset() or "").name
    except LookupError:
        codec = None
    if codec and codec.startswith(("utf-16", "utf-32")):
        return payload.decode(codec, errors="replace")
    # Mailers label cp1252 text as latin-1 or ASCII as often as browsers do.
    if codec in ("ascii", "iso8859-1"):
        codec = "cp1252"
    try:
        return decode_text(payload, declared=codec)
    except ReaderError:  # the body is what it is; it is not a file to reject
        return payload.decode(codec or "utf-8", errors="replace")


def _body(part: Message | None, context: ReadContext) -> str:
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        return read_html(text.encode("utf-8"), context).text
    # Mail programs wrap plain text at about 72 characters.
    return unwrap_lines(text)


def _safe_name(name: str, *, keep_path: bool = False) -> str:
    """A file name without directories, control characters or surplus spaces, maybe empty."""
    # In a subject, "2023/2024" is not a directory.
    name = re.sub(r"[/\\]", "-", name) if keep_path else re.split(r"[/\\]", name)[-1]
    name = " ".join(_CONTROL.sub("", _unmangled(name)).split())
    if not name.strip("."):
        return ""
    if len(name) > _MAX_NAME:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: _MAX_NAME - len(suffix)] + suffix
    return name


def _unique(name: str, used: set[str]) -> str:
    # The attachment's source is the message's plus "#name": two alike would be one document.
    candidate, number = name, 1
    path = PurePosixPath(name)
    while candidate.lower() in used:
        number += 1
        candidate = f"{path.stem} ({number}){path.suffix}"
    used.add(candidate.lower())
    return candidate


def _referenced_ids(message: EmailMessage) -> set[str]:
    """The Content-IDs the message's HTML parts show inline (cid: links), as images."""
    found: set[str] = set()
    for part in message.walk():
        if part.get_content_type() == "text/html" and not part.is_attachment():
            found.update(urllib.parse.unquote(cid) for cid in _CID.findall(_part_text(part)))
    return found


def _attachments(message: EmailMessage, body: Message | None) -> tuple[Attachment, ...]:
    referenced = _referenced_ids(message)
    found: list[Attachment] = []
    used: set[str] = set()
    # An explicit stack: nesting is the sender's to choose, recursion depth is not.
    stack: list[EmailMessage] = [message]
    while stack:
        part = stack.pop()
        if part is body:
            continue
        content_type = part.get_content_type()
        if part.get_content_maintype() == "multipart":
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(sub for sub in reversed(payload) if isinstance(sub, EmailMessage))
            continue
        number = len(found) + 1
        if content_type == "message/rfc822":
            inner = part.get_payload()
            if not isinstance(inner, list) or not inner or not isinstance(inner[0], Message):
                continue
            subject = _safe_name(_header(inner[0], "Subject") or "", keep_path=True)
            name = f"{subject or f'attachment-{number}'}.eml"
            data = inner[0].as_bytes(policy=email.policy.default.clone(refold_source="none"))
        else:
            try:
                filename = part.get_filename()
            except Exception:  # a malformed RFC 2231 parameter: as if the name were missing
                filename = None
            if not (part.is_attachment() or filename):
                continue
            content_id = (part.get("Content-ID") or "").strip().strip("<>").strip()
            if content_id and content_id in referenced:
                continue  # a picture in the HTML body (a logo, a signature), not a file sent
            name = _safe_name(filename or "")
            name = name or f"attachment-{number}{_EXTENSIONS.get(content_type, '')}"
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        found.append(Attachment(name=_unique(name, used), data=data))
    return tuple(found)


def read_eml(data: bytes, context: ReadContext) -> Extracted:
    """A message: From, To, Date and Subject, a blank line, then its text body (the plain part,
    else the HTML one); the title is its subject, the date its Date header's."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (
        {key.lower() for key in message} & _MESSAGE_HEADERS
    ):
        raise ReaderError("not a valid email message: no headers")
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        text = _body(body, context).strip()
        attachments = _attachments(message, body)
    except ReaderError:
        raise
    except Exception as exc:  # the email package's own errors name its internals
        raise ReaderError(f"not a valid email message: {exc or type(exc).__name__}") from exc
    headers = [(name, _header(message, name)) for name in _SHOWN_HEADERS]
    block = "\n".join(f"{name}: {value}" for name, value in headers if value)
    return Extracted(
        text=f"{block}\n\n{text}" if text else block,
        title=_header(message, "Subject"),
        published=_published(message),
        attachments=attachments,
    )
