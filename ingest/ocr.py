"""Text from page images: Tesseract run on pages in parallel, results cached by content hash,
numbers misread repaired after."""

from __future__ import annotations

import difflib
import hashlib
import re
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ingest.ocr_cache import OcrCache, reading_key
from ingest.ocr_words import OcrWord, WordRepair, page_text
from ingest.page_reading import Reading, read_page
from ingest.pages import OcrRepair, PageText
from ingest.reflow import reflow_paragraphs
from ingest.tesseract import TESSERACT_LANGUAGES, iso_language, language_set, tesseract_version

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
    to be in another language again in its own. `repair` puts right numbers OCR misread
    (nlp/ocr_repair.py's, given by the entry points); the cache keeps what Tesseract read, so a
    better repair applies to pages read before it.
    """

    def __init__(
        self,
        options: OcrOptions,
        identify: Callable[[str], str | None] | None = None,
        repair: WordRepair | None = None,
    ) -> None:
        self.options = options
        self.identify = identify
        self.repair = repair
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
    ) -> list[PageText]:
        """Each page's text (reflowed, numbers repaired) and how it was read, in order; raises
        ReaderError naming the page that failed."""
        if not pages:
            return []
        readings: list[tuple[Reading, Sequence[str]] | None] = [None] * len(pages)
        workers = max(1, self.options.workers)
        identify = self.identify if language is None else None
        everything = language_set(None)

        def read_all(indexes: list[int], languages: Sequence[str]) -> None:
            def read(index: int) -> tuple[Reading, Sequence[str]]:
                reading = self._page(pages[index], languages, folder)
                if identify is not None and languages != everything:
                    # A page in another language than the first ones (an English abstract,
                    # an Italian annex) is read again in its own.
                    own = identify(reading.text)
                    if own != language and own in TESSERACT_LANGUAGES:
                        own_languages = language_set(own)
                        return self._page(pages[index], own_languages, folder), own_languages
                return reading, languages

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
                language = identify(first[0].text if first else "")
            unread = [index for index, reading in enumerate(readings) if reading is None]
            read_all(unread, language_set(language))
        texts = []
        for read in readings:
            if read is None:
                texts.append(PageText("", ocr=True))
                continue
            # Numbers are repaired in the page's own language; the first pages, read in all
            # three, in the one they were found to be in.
            reading, languages = read
            texts.append(self._page_text(reading, iso_language(languages) or language))
        return texts

    def _page_text(self, reading: Reading, language: str | None) -> PageText:
        words = list(reading.words)
        fixed = self.repair(words, language)[0] if self.repair else words
        text, repairs = repaired_text(words, fixed)
        return PageText(
            text,
            ocr=True,
            confidence=reading.confidence,
            coverage=reading.coverage,
            rotation=reading.rotation,
            repairs=repairs,
        )

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


# Private-use characters mark where repaired words stand while lines are reflowed into
# paragraphs, which moves offsets; they are taken out before the text leaves.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


def repaired_text(
    read: Sequence[OcrWord], fixed: Sequence[OcrWord]
) -> tuple[str, tuple[OcrRepair, ...]]:
    """The page's text from the `fixed` words, reflowed into paragraphs, and where each change
    from the words `read` stands in it (a dropped word: an empty span where it stood)."""
    marked, changes = list(fixed), []
    matcher = difflib.SequenceMatcher(
        None, [word.text for word in read], [word.text for word in fixed], autojunk=False
    )
    for operation, read_from, read_to, start, end in matcher.get_opcodes():
        if operation == "equal":
            continue
        region = read[read_from:read_to]
        sources = _sources(region, fixed[start:end])
        for index, words in zip(range(start, end), sources, strict=True):
            if [word.text for word in words] == [marked[index].text]:
                continue  # the same word, caught up in the change beside it
            marked[index] = replace(marked[index], text=_OPEN + marked[index].text + _CLOSE)
            changes.append((index, " ".join(word.text for word in words)))
        placed = {id(word) for words in sources for word in words}
        for word in (word for word in region if id(word) not in placed):
            # A word dropped: marked, empty, after the word before it (or before the first).
            at = start - 1
            if at >= 0:
                marked[at] = replace(marked[at], text=marked[at].text + _OPEN + _CLOSE)
            elif marked:
                marked[0] = replace(marked[0], text=_OPEN + _CLOSE + marked[0].text)
            changes.append((at, word.text))
    reads = [change for _, change in sorted(changes, key=lambda change: change[0])]
    text = reflow_paragraphs(page_text(marked))
    parts: list[str] = []
    repairs, taken, length = [], 0, 0
    for found, change in zip(_MARKED.finditer(text), reads, strict=False):
        kept, written = text[taken : found.start()], found.group(1)
        parts += (kept, written)
        repairs.append(OcrRepair(length + len(kept), length + len(kept) + len(written), change))
        length += len(kept) + len(written)
        taken = found.end()
    parts.append(text[taken:])
    return "".join(parts), tuple(repairs)


def _sources(read: Sequence[OcrWord], fixed: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """For each fixed word, the words read that it stands for: those on its line whose box
    overlaps its own most (a repair keeps the box, or the union of the boxes, it replaces)."""
    sources: list[list[OcrWord]] = [[] for _ in fixed]
    for word in read:
        overlaps = [
            min(word.right, other.right) - max(word.left, other.left)
            if other.line == word.line
            else -1
            for other in fixed
        ]
        best = max(range(len(fixed)), key=overlaps.__getitem__, default=None)
        if best is not None and overlaps[best] > 0:
            sources[best].append(word)
    return sources
