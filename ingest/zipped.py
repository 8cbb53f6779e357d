"""Office files are ZIP archives: the ones that would unpack to far more than any report are
refused before a reader inflates them (a "zip bomb" is a few kilobytes that unpack to
gigabytes)."""

from __future__ import annotations

import io
import zipfile

from ingest.errors import ReaderError

# A long report with its images unpacks to tens of megabytes; an office package over this is
# either a data dump or built to exhaust memory.
MAX_UNPACKED_BYTES = 1_000_000_000


def check_unpacked_size(data: bytes, kind: str) -> None:
    """Raise ReaderError when the archive in `data` declares more than MAX_UNPACKED_BYTES
    unpacked; archives that are not ZIPs are left to the reader to refuse in its own words."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReaderError(
            f"not a valid {kind}: it would unpack to {unpacked:,} bytes, over the "
            f"{MAX_UNPACKED_BYTES:,}-byte limit"
        )
