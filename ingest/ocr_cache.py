"""Pages already read, kept on disk by content hash, so a file ingested again is not OCR'd."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ingest.ocr_words import OcrWord
from ingest.page_reading import Reading

_log = logging.getLogger(__name__)


# What a reading holds and how the page is prepared before it; a change makes old entries unused.
_FORMAT = "words-3"


def reading_key(page_key: str, languages: Sequence[str], dpi: int, engine: str) -> str:
    """What names one reading: the page's content, the languages, resolution and engine."""
    named = f"{page_key}|{'+'.join(languages)}|{dpi}|{engine}|{_FORMAT}"
    return hashlib.sha256(named.encode()).hexdigest()


class OcrCache:
    """One JSON file per reading under `folder` (None: nothing is kept)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.json" if self.folder is not None else None

    def get(self, key: str) -> Reading | None:
        path = self._file(key)
        if path is None:
            return None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return Reading(
                tuple(OcrWord.from_row(row) for row in stored["words"]),
                stored["coverage"],
                float(stored["rotation"]),
                int(stored["layout"]),
                bool(stored["local_threshold"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            _log.warning("unreadable OCR cache entry %s; the page is read again", path)
            return None

    def put(self, key: str, reading: Reading) -> None:
        path = self._file(key)
        if path is None:
            return
        record = {
            "words": [word.as_row() for word in reading.words],
            "coverage": reading.coverage,
            "rotation": reading.rotation,
            "layout": reading.layout,
            "local_threshold": reading.local_threshold,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed, so a crash never leaves half a page in the cache.
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".part", delete=False
            ) as handle:
                json.dump(record, handle, ensure_ascii=False)
            os.replace(handle.name, path)
        except OSError as exc:  # a full or read-only cache costs time next run, not this page
            _log.warning("cannot write the OCR cache at %s: %s", path.parent, exc)
