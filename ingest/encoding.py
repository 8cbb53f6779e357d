"""Decoding a text file's bytes: byte-order marks, UTF-8, legacy code pages, binary detection."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from ingest.errors import ReaderError

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Guessing among every code page makes charset_normalizer read short French cp1252 text as
# cp1250 or Greek; the corpus is mostly Western European, so ties go to the earlier entry here.
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1250", "cp1251", "cp1253", "mac_roman")
_LEGACY_RANK = {encoding: rank for rank, encoding in enumerate(_LEGACY_ENCODINGS)}
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Real text has next to no control characters; binary data decoded as cp1252 has about 10%.
_MAX_CONTROL_SHARE = 0.05


def _guess_legacy_encoding(data: bytes) -> str | None:
    try:
        matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)))
    except Exception:  # a guess that crashes is no worse than no guess
        return None

    def rank(encoding: str) -> int:
        return _LEGACY_RANK.get(encoding, len(_LEGACY_RANK))

    best: tuple[float, float, int] | None = None
    chosen: str | None = None
    for match in matches:
        # Encodings that decode these bytes to the same text are interchangeable: prefer ours.
        encoding = min(match.could_be_from_charset or [match.encoding], key=rank)
        key = (round(match.chaos, 3), -round(match.coherence, 3), rank(encoding))
        if best is None or key < best:
            best, chosen = key, encoding
    return chosen


def _decode_legacy(data: bytes, declared: str | None) -> str:
    for encoding in (declared, _guess_legacy_encoding(data), "cp1252"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 leaves five byte values undefined; latin-1 maps every byte, so this cannot fail.
    return data.decode("latin-1")


# A well-formed UTF-8 sequence of two to four bytes: legacy code pages seldom produce one.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few damaged bytes (a cut download, a bad copy), not a legacy code page:
    at least as many well-formed multi-byte sequences as bytes that fail to decode."""
    wellformed = len(_UTF8_SEQUENCE.findall(data))
    damaged = data.decode("utf-8", errors="replace").count("\ufffd")
    return wellformed >= damaged > 0


# Bytes above ASCII, in runs, with what stands on either side.
_HIGH_RUN = re.compile(rb"(.?)([\x80-\xff]+)(.?)", re.DOTALL)


def _stray_bytes(data: bytes) -> bool:
    """ASCII text with stray bytes in it (a damaged copy), not a legacy code page: somewhere
    two or more bytes above ASCII stand together with no letter or digit beside them. A code
    page's accented letters sit in words ("caf\xe9"), alone at most ("\xe0 la")."""
    return any(
        len(run) >= 2 and not (before.isalnum() or after.isalnum())
        for before, run, after in _HIGH_RUN.findall(data)
    )


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode a text file's bytes: BOM, then strict UTF-8, then `declared`, then a guess."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReaderError(f"not valid {label} text despite its byte-order mark") from exc
            break
    else:
        if b"\x00" in data:
            raise ReaderError("looks like a binary file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if _mostly_utf8(data) or (declared is None and _stray_bytes(data)):
                text = data.decode("utf-8", errors="replace")  # a few damaged bytes: U+FFFD
            else:
                text = _decode_legacy(data, declared)
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(text))
    if controls > len(text) * _MAX_CONTROL_SHARE:
        raise ReaderError("looks like a binary file")
    return text
