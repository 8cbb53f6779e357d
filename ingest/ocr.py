"""Text from page images: Tesseract run on pages in parallel, results cached by content hash."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ingest.ocr_cache import OcrCache, reading_key
from ingest.reflow import reflow_paragraphs
from ingest.tesseract import (
    TESSERACT_LANGUAGES,
    Reading,
    language_set,
    read_page,
    tesseract_version,
)

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How OCR runs: when (`mode`), where results are kept, on how many pages at once."""

    mode: OcrMode = "auto"
    cache_dir: Path | None = None
    workers: int = 2
    dpi: int = 300
    page_timeout: float = 300.0
    # The Tesseract processes' environment (None: this process's). The entry points cap
    # Tesseract's own threads (OMP_THREAD_LIMIT=1), since pages already run side by side.
    # Not in the repr: it holds whatever secrets the environment does.
    environment: Mapping[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class PageScan:
    """One page to recognise: `key` names its content, `render` writes its image to a folder."""

    number: int
    key: str
    render: Callable[[Path], Path]
    dpi: int | None = None


@dataclass
class OcrStats:
    """Pages recognised by Tesseract, and pages whose text came from the cache instead."""

    recognised: int = 0
    cache_hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, *, recognised: int = 0, cache_hits: int = 0) -> None:
        with self._lock:
            self.recognised += recognised
            self.cache_hits += cache_hits

    def now(self) -> tuple[int, int]:
        """(recognised, cache hits) so far, to measure one run by."""
        with self._lock:
            return self.recognised, self.cache_hits

    def since(self, then: tuple[int, int]) -> tuple[int, int]:
        """(recognised, cache hits) since `then`, a `now()` taken before."""
        recognised, cache_hits = self.now()
        return recognised - then[0], cache_hits - then[1]


def content_key(data: bytes) -> str:
    """The hash that names a file's content in the OCR cache."""
    return hashlib.sha256(data).hexdigest()


class Ocr:
    """Recognises pages with Tesseract: the cache first, then the rest on `workers` threads.

    `identify` names the language of recognised text (ISO 639-1) when the caller has a
    detector: a document of unknown language has its first pages (as many as run at once)
    read with all three languages, the rest with the one the first is in, and any page found
    to be in another language again in its own.
    """

    def __init__(
        self, options: OcrOptions, identify: Callable[[str], str | None] | None = None
    ) -> None:
        self.options = options
        self.identify = identify
        self.stats = OcrStats()
        self.cache = OcrCache(options.cache_dir)

    @property
    def mode(self) -> OcrMode:
        return self.options.mode

    def recognise(
        self,
        pages: Sequence[PageScan],
        language: str | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Reading]:
        """Each page's reading (text reflowed), in order; raises ReaderError naming the page
        that failed."""
        if not pages:
            return []
        readings: list[Reading | None] = [None] * len(pages)
        workers = max(1, self.options.workers)
        identify = self.identify if language is None else None
        everything = language_set(None)

        def read_all(indexes: list[int], languages: Sequence[str]) -> None:
            def read(index: int) -> Reading:
                reading = self._page(pages[index], languages, folder)
                if identify is not None and languages != everything:
                    # A page in another language than the first ones (an English abstract,
                    # an Italian annex) is read again in its own.
                    own = identify(reading.text)
                    if own != language and own in TESSERACT_LANGUAGES:
                        reading = self._page(pages[index], language_set(own), folder)
                return reading

            try:
                for index, reading in zip(indexes, pool.map(read, indexes), strict=True):
                    readings[index] = reading
                    if progress:
                        progress(sum(done is not None for done in readings), len(pages))
            except BaseException:
                # A failed page, or `progress` calling the work off: the pages not yet begun
                # are dropped, not read for nobody while the pool is shut down.
                pool.shutdown(wait=False, cancel_futures=True)
                raise

        with (
            tempfile.TemporaryDirectory(prefix="policylens-ocr-") as scratch,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            folder = Path(scratch)
            if identify is not None:
                # The first pages, as many as run at once, are read in all three languages;
                # the first tells the language the rest is read in.
                read_all(list(range(min(workers, len(pages)))), everything)
                first = readings[0]
                language = identify(first.text if first else "")
            unread = [index for index, reading in enumerate(readings) if reading is None]
            read_all(unread, language_set(language))
        return [
            Reading(reflow_paragraphs(reading.text), reading.confidence)
            if reading
            else Reading("", None)
            for reading in readings
        ]

    def _page(self, page: PageScan, languages: Sequence[str], folder: Path) -> Reading:
        dpi = page.dpi or self.options.dpi
        key = reading_key(page.key, languages, dpi, tesseract_version())
        cached = self.cache.get(key)
        if cached is not None:
            self.stats.count(cache_hits=1)
            return cached
        reading = read_page(
            page.render(folder),
            languages,
            dpi,
            page.number,
            timeout=self.options.page_timeout,
            environment=self.options.environment,
        )
        self.cache.put(key, reading)
        self.stats.count(recognised=1)
        return reading
