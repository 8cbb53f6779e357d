"""Text from page images: Tesseract run on pages in parallel, results cached by content hash."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from ingest.errors import ReaderError

OcrMode = Literal["auto", "always", "never"]
# Tesseract's names for the languages it is installed with here; the first of a set leads.
TESSERACT_LANGUAGES = {"fr": "fra", "it": "ita", "en": "eng"}
ALL_LANGUAGES = ("fra", "ita", "eng")
_INSTALL_HINT = "Debian: apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-ita"
_log = logging.getLogger(__name__)


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


def content_key(data: bytes) -> str:
    """The hash that names a file's content in the OCR cache."""
    return hashlib.sha256(data).hexdigest()


@cache
def tesseract_version() -> str:
    """`tesseract --version`'s first line; raises ReaderError when Tesseract is missing."""
    program = shutil.which("tesseract")
    if program is None:
        raise ReaderError(f"OCR needs Tesseract, which is not installed ({_INSTALL_HINT})")
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).split("\n", 1)[0].strip()


@cache
def installed_languages() -> frozenset[str]:
    """The language data Tesseract has here (fra, ita, eng, ...)."""
    tesseract_version()
    result = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    )
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def language_set(language: str | None) -> tuple[str, ...]:
    """Tesseract's languages for a document's: its own when known, else all three."""
    wanted = (TESSERACT_LANGUAGES[language],) if language in TESSERACT_LANGUAGES else ALL_LANGUAGES
    available = tuple(code for code in wanted if code in installed_languages())
    if not available:
        raise ReaderError(
            f"Tesseract has no language data for {'+'.join(wanted)} ({_INSTALL_HINT})"
        )
    return available


# A line that opens a list item, which stays on a line of its own.
_ITEM = re.compile(r"\s*(?:[-–—•·*▪●]|\(?\d{1,2}[.)]|[a-z][.)])\s")
_HYPHENATED = re.compile(r"(\w)-$")


def reflow(text: str) -> str:
    """Tesseract's text with the page's line breaks undone inside paragraphs: it keeps each
    printed line, and a sentence cut in two would read as two (line breaks end sentences)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\f", "\n")):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        joined: list[str] = []
        for line in lines:
            if not joined or _ITEM.match(line):
                joined.append(line)
            elif _HYPHENATED.search(joined[-1]):
                # "toxico-" then "manes" is a word cut at the margin; "Saint-" then "Étienne"
                # a compound that keeps its hyphen.
                joined[-1] = (joined[-1][:-1] if line[0].islower() else joined[-1]) + line
            else:
                joined[-1] += " " + line
        if joined:
            paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


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

    @property
    def mode(self) -> OcrMode:
        return self.options.mode

    def recognise(
        self,
        pages: Sequence[PageScan],
        language: str | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[str]:
        """The text of each page, in order; raises ReaderError naming the page that failed."""
        if not pages:
            return []
        texts: list[str | None] = [None] * len(pages)
        workers = max(1, self.options.workers)
        identify = self.identify if language is None else None
        everything = language_set(None)

        def read_all(indexes: list[int], languages: Sequence[str]) -> None:
            def read(index: int) -> str:
                text = self._page(pages[index], languages, folder)
                if identify is not None and languages != everything:
                    # A page in another language than the first ones (an English abstract,
                    # an Italian annex) is read again in its own.
                    own = identify(text)
                    if own != language and own in TESSERACT_LANGUAGES:
                        text = self._page(pages[index], language_set(own), folder)
                return text

            for index, text in zip(indexes, pool.map(read, indexes), strict=True):
                texts[index] = text
                if progress:
                    progress(sum(text is not None for text in texts), len(pages))

        with (
            tempfile.TemporaryDirectory(prefix="policylens-ocr-") as scratch,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            folder = Path(scratch)
            if identify is not None:
                # The first pages, as many as run at once, are read in all three languages;
                # the first tells the language the rest is read in.
                read_all(list(range(min(workers, len(pages)))), everything)
                language = identify(texts[0] or "")
            read_all([i for i, text in enumerate(texts) if text is None], language_set(language))
        return [reflow(text or "") for text in texts]

    def _page(self, page: PageScan, languages: Sequence[str], folder: Path) -> str:
        dpi = page.dpi or self.options.dpi
        key = hashlib.sha256(
            f"{page.key}|{'+'.join(languages)}|{dpi}|{tesseract_version()}".encode()
        ).hexdigest()
        cached = self._cached(key)
        if cached is not None:
            self.stats.count(cache_hits=1)
            return cached
        image = page.render(folder)
        text = self._tesseract(image, languages, dpi, page.number)
        self._store(key, text)
        self.stats.count(recognised=1)
        return text

    def _tesseract(self, image: Path, languages: Sequence[str], dpi: int, number: int) -> str:
        command = ["tesseract", str(image), "stdout", "-l", "+".join(languages), "--dpi", str(dpi)]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                timeout=self.options.page_timeout,
                env=self.options.environment,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ReaderError(
                f"OCR of page {number} took over {self.options.page_timeout:g} s"
            ) from exc
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {result.returncode}"
            raise ReaderError(f"OCR of page {number} failed: {reason}")
        return result.stdout.decode("utf-8", "replace")

    def _cache_file(self, key: str) -> Path | None:
        folder = self.options.cache_dir
        return folder / key[:2] / f"{key}.txt" if folder is not None else None

    def _cached(self, key: str) -> str | None:
        path = self._cache_file(key)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            _log.warning("unreadable OCR cache entry %s; recognising the page again", path)
            return None

    def _store(self, key: str, text: str) -> None:
        path = self._cache_file(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed, so a crash never leaves half a page in the cache.
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".part", delete=False
            ) as handle:
                handle.write(text)
            os.replace(handle.name, path)
        except OSError as exc:  # a full or read-only cache costs speed next time, not this page
            _log.warning("cannot write the OCR cache at %s: %s", path.parent, exc)
