"""Office files are ZIP archives: the ones built to unpack to far more than any report (a "zip
bomb", a few kilobytes that unpack to gigabytes) are refused from the archive's directory,
before a reader inflates a byte, and their XML is counted as it streams in before it is parsed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable

from lxml import etree

from ingest.errors import ReaderError
from ingest.extracted import ReadLimits
from ingest.file_dates import DAMAGED_MEMBER

# A long report with its images unpacks to tens of megabytes; an office package over this is
# either a data dump or built to exhaust memory.
MAX_UNPACKED_BYTES = 1_000_000_000
# A part that unpacks to less cannot exhaust anything however well it compresses (a blank
# picture, a table of identical cells); the compression ratio is checked past it.
RATIO_GRACE_BYTES = 10_000_000
# Names read from a hostile archive go into messages: only this much of each.
_NAME_CHARS = 80


def _ratio(unpacked: int, packed: int) -> float:
    return unpacked / max(packed, 1)


def _check_part(info: zipfile.ZipInfo, kind: str, limits: ReadLimits) -> None:
    name = repr(info.filename[:_NAME_CHARS])
    ratio = _ratio(info.file_size, info.compress_size)
    # The ratio first: a bomb stays one whatever the size limit is raised to.
    if info.file_size > RATIO_GRACE_BYTES and ratio > limits.max_compression_ratio:
        raise ReaderError(
            f"{kind} part {name} unpacks to {ratio:,.0f} times its packed size "
            f"({info.file_size:,} bytes from {info.compress_size:,}), over the "
            f"{limits.max_compression_ratio:,}:1 limit (setting max_compression_ratio)"
        )
    if info.file_size > limits.max_part_bytes:
        raise ReaderError(
            f"{kind} part {name} unpacks to {info.file_size:,} bytes, over the "
            f"{limits.max_part_bytes:,}-byte limit (setting max_part_bytes)"
        )


def check_archive(data: bytes, kind: str, limits: ReadLimits) -> None:
    """Raise ReaderError when a part of the archive in `data`, or the whole of it, would unpack
    past the limits: each part to at most `max_part_bytes` and `max_compression_ratio` times its
    packed size, the whole to MAX_UNPACKED_BYTES and the same ratio. Only the archive's
    directory is read; ZIP readers stop a part at the size it declares, so it cannot lie
    larger. Archives that are not ZIPs are left to the reader to refuse in its own words."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    for info in parts:
        _check_part(info, kind, limits)
    unpacked = sum(info.file_size for info in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReaderError(
            f"not a valid {kind}: it would unpack to {unpacked:,} bytes, over the "
            f"{MAX_UNPACKED_BYTES:,}-byte limit"
        )
    # Many parts each under the grace size add up to a bomb as well as one large part does.
    packed = sum(info.compress_size for info in parts)
    ratio = _ratio(unpacked, packed)
    if unpacked > RATIO_GRACE_BYTES and ratio > limits.max_compression_ratio:
        raise ReaderError(
            f"{kind} archive unpacks to {ratio:,.0f} times its packed size ({unpacked:,} bytes "
            f"from {packed:,}), over the {limits.max_compression_ratio:,}:1 limit "
            "(setting max_compression_ratio)"
        )


def check_paragraphs(
    archive: zipfile.ZipFile, names: Iterable[str], tags: Collection[str], limits: ReadLimits
) -> None:
    """Raise ReaderError when the XML parts `names` hold more than `max_paragraphs` elements
    named in `tags` between them, counted before any reader parses them: each part is parsed
    as it inflates and let go element by element, and reading stops once the count is over."""
    count = 0
    for name in names:
        try:
            with archive.open(name) as stream:
                # Only the counted elements come back here; each is emptied when it ends and
                # the ones before it dropped, so a part is never held whole.
                for _, element in etree.iterparse(
                    stream, events=("end",), tag=tags, resolve_entities=False, no_network=True
                ):
                    count += 1
                    if count > limits.max_paragraphs:
                        raise ReaderError(
                            f"document has more than the {limits.max_paragraphs:,} paragraphs "
                            "allowed (setting max_paragraphs)"
                        )
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
        # Not XML (a picture), encrypted or damaged: whoever parses it refuses it.
        except (etree.XMLSyntaxError, KeyError, RuntimeError, *DAMAGED_MEMBER):
            continue
