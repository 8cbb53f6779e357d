"""JSONL files: one submitted document per line, validated like the API's, failing line by line."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from ingest.errors import ReaderError
from ingest.model import Document, Failure
from ingest.readers import file_error
from ingest.submitted import SubmittedDocument

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "number")


def _invalid(error: ValidationError) -> ReaderError:
    problems = []
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"])
        problems.append(f"field '{field}': {detail['msg']}" if field else detail["msg"])
    return ReaderError("; ".join(problems))


def parse_jsonl_record(line: str) -> SubmittedDocument:
    """One JSONL line: a JSON object with the fields of a `SubmittedDocument`."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at", ready for a position: "Expecting value" does not.
        where = "" if exc.msg.endswith(" at") else " at"
        raise ReaderError(f"invalid JSON: {exc.msg}{where} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ReaderError("invalid JSON: nested too deeply") from exc
    if not isinstance(record, dict):
        raise ReaderError(f"expected a JSON object, got {_json_type(record)}")
    try:
        return SubmittedDocument.model_validate(record)
    except ValidationError as exc:
        raise _invalid(exc) from exc


def _line_document(raw: bytes, line_source: str) -> Document | Failure:
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return Failure(source=line_source, reason="line is not valid UTF-8")
    try:
        return parse_jsonl_record(line).to_document(fallback_source=line_source)
    except (ReaderError, ValueError) as exc:
        return Failure(source=line_source, reason=str(exc))


def read_jsonl(path: Path, source: str) -> Iterator[Document | Failure]:
    """A Document or a Failure for each non-blank line, whose source ends in `#L<line number>`.

    A line without its own `source` or `url` is named by that line. The file fails as a
    whole (ReaderError) when it cannot be read or is empty, and with one Failure when every
    line is blank.
    """
    try:
        empty = path.stat().st_size == 0
        handle = None if empty else path.open("rb")
    except OSError as exc:
        raise file_error(exc) from exc
    if handle is None:
        raise ReaderError("file is empty")
    found = False
    with handle:
        # Splitting bytes on b"\n" only: str.splitlines would also split on U+2028 and friends,
        # which JSON allows unescaped inside strings.
        for lineno, raw in enumerate(handle, start=1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if raw.strip():
                found = True
                yield _line_document(raw, f"{source}#L{lineno}")
    if not found:
        yield Failure(source=source, reason="no documents (only blank lines)")
