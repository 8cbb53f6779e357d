"""The one route a document takes: read, detect, analyse, index; and the report of a run."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from api import ordered_pool
from api.settings import Settings
from ingest.extracted import PageProgress
from ingest.file_listing import iter_files
from ingest.language import Detector, detect_languages
from ingest.model import Document, Failure
from ingest.ocr import Ocr, OcrStats
from ingest.page_reading import FULL_COVERAGE
from ingest.sources import read_documents
from nlp.analyzer import Analyzer
from nlp.budget import Budget
from search.backend import SearchBackend
from search.errors import BackendUnavailable

log = logging.getLogger(__name__)

# Below this mean word confidence an OCR'd page is more guess than reading.
DOUBTFUL_OCR_CONFIDENCE = 0.6


class Parts(Protocol):
    """What the pipeline runs on, each built on first use (api/services.py wires them)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def ocr(self) -> Ocr: ...
    @property
    def detector(self) -> Detector: ...
    @property
    def analyzer(self) -> Analyzer: ...
    @property
    def backend(self) -> SearchBackend: ...


@dataclass
class Stored:
    """The end of a batch's route: the documents indexed, and every failure among them."""

    documents: list[Document]
    failures: list[Failure]


@dataclass
class IngestReport:
    """What an ingest run did: counts for the summary, failures for the user to fix."""

    documents: int = 0
    entities: int = 0
    ocr_pages: int = 0
    ocr_cache_hits: int = 0
    # OCR'd pages Tesseract was unsure of, (source, page, confidence): worth a look by eye.
    doubtful_pages: list[tuple[str, int, float]] = field(default_factory=list)
    # OCR'd pages with ink left unread, (source, page, coverage): text is missing from them.
    partly_read_pages: list[tuple[str, int, float]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def add(self, stored: Stored) -> None:
        """Count a batch that reached the index."""
        self.failures += stored.failures
        for document in stored.documents:
            self.documents += 1
            self.entities += len(document.entities)
            self.languages[document.language or "und"] += 1
            self.doubtful_pages += [
                (document.source, page.number, page.ocr_confidence)
                for page in document.pages
                if page.ocr_confidence is not None and page.ocr_confidence < DOUBTFUL_OCR_CONFIDENCE
            ]
            self.partly_read_pages += [
                (document.source, page.number, page.ocr_coverage)
                for page in document.pages
                if page.ocr_coverage is not None and page.ocr_coverage < FULL_COVERAGE
            ]


class Pipeline:
    """Read, detect, analyse and index, each stage isolating the document that breaks it.

    `wiring` builds the parts again from settings: a worker process analysing for `ingest`
    wires its own (it must be a module-level function, as it is pickled by name).
    """

    def __init__(self, parts: Parts, wiring: Callable[[Settings], Parts]) -> None:
        self.parts = parts
        self.wiring = wiring

    @property
    def settings(self) -> Settings:
        return self.parts.settings

    def read(
        self,
        paths: Iterable[Path],
        language: str | None = None,
        *,
        base: Path | None = None,
        source_prefix: str = "",
        on_page: PageProgress | None = None,
    ) -> Iterator[Document | Failure]:
        """The documents of files and directories, read with this deployment's limits and OCR."""
        return read_documents(
            paths,
            base=base,
            source_prefix=source_prefix,
            limits=self.settings.read_limits(),
            ocr=self.parts.ocr,
            language=language,
            on_page=on_page,
        )

    def analyze(
        self,
        items: Iterable[Document | Failure],
        language: str | None = None,
        budget: Budget | None = None,
    ) -> Iterator[Document | Failure]:
        """Detect and analyse each document, in order; a document that breaks a stage or
        spends its `budget` (by default the settings') becomes a Failure."""
        budget = budget or self.settings.analysis_budget()
        settings = self.settings
        told = detect_languages(
            items, self.parts.detector, settings.min_language_confidence, language
        )
        while batch := list(islice(told, settings.batch_size)):
            documents = [item for item in batch if isinstance(item, Document)]
            analysed = iter(self._analyze_batch(documents, budget))
            for item in batch:
                yield next(analysed) if isinstance(item, Document) else item

    def _analyze_batch(self, documents: list[Document], budget: Budget) -> list[Document | Failure]:
        analyzer = self.parts.analyzer
        try:
            return list(analyzer.analyze(documents, budget))
        except Exception:
            log.warning("analysis of a batch failed; retrying its documents one by one")
        # Something in the batch broke the analyzer: retry one by one to isolate it.
        results: list[Document | Failure] = []
        for document in documents:
            try:
                results += analyzer.analyze([document], budget)
            except Exception as error:
                log.exception("analysis failed for %s", document.source)
                results.append(Failure(source=document.source, reason=f"analysis failed: {error}"))
        return results

    def index(self, documents: list[Document]) -> list[Failure]:
        """Index a batch; if the batch fails as a whole, index one by one to find the culprit."""
        backend = self.parts.backend
        try:
            return backend.upsert(documents)
        except BackendUnavailable:
            raise  # not the documents' fault: stop and say so
        except Exception:
            if len(documents) <= 1:
                raise
        failures: list[Failure] = []
        for document in documents:
            try:
                failures += backend.upsert([document])
            except Exception as error:
                failures.append(Failure(source=document.source, reason=f"indexing failed: {error}"))
        return failures

    def store(self, items: Iterable[Document | Failure], failed: Collection[str] = ()) -> Stored:
        """Index the documents of analysed `items`: what was indexed, less any document whose
        source failed (here, or in `failed`: a file's source may fail in an earlier batch),
        and every failure of `items` and of indexing."""
        batch = list(items)
        documents = [item for item in batch if isinstance(item, Document)]
        failures = [item for item in batch if isinstance(item, Failure)]
        failures += self.index(documents)
        gone = {*failed, *(failure.source for failure in failures)}
        return Stored([document for document in documents if document.source not in gone], failures)

    def ingest(
        self,
        paths: Iterable[Path],
        language: str | None = None,
        on_item: Callable[[Document | Failure], None] | None = None,
        workers: int = 1,
        on_page: PageProgress | None = None,
    ) -> IngestReport:
        """Read, analyse and index every document under `paths`, batch by batch.

        With `workers` > 1, that many processes analyse while this one indexes. `on_item` hears
        of each document analysed (or failed); `on_page` how far the OCR of long files is.
        """
        report = IngestReport()
        ocr = OcrStats() if workers > 1 else self.parts.ocr.stats
        before = ocr.now()
        analysed: Iterator[Document | Failure]
        if workers > 1:
            analysed = self._in_workers(list(iter_files(paths)), language, workers, ocr, on_page)
        else:
            analysed = self.analyze(self.read(paths, language, on_page=on_page), language)
        items = _heard(analysed, on_item)
        # Progress follows the analysis, document by document; the index takes them in larger
        # batches, since every commit costs a segment flush and a merge.
        while batch := list(islice(items, self.settings.index_batch_size)):
            report.add(self.store(batch, failed={failure.source for failure in report.failures}))
        report.ocr_pages, report.ocr_cache_hits = ocr.since(before)
        return report

    def _in_workers(
        self,
        files: list[Path],
        language: str | None,
        workers: int,
        ocr: OcrStats,
        on_page: PageProgress | None,
    ) -> Iterator[Document | Failure]:
        """Every document of `files`, read and analysed by `workers` processes, in order; the
        pages they OCR'd are added to `ocr`. A worker that dies costs its files, not the run."""
        size = self.settings.batch_size
        tasks = [files[start : start + size] for start in range(0, len(files), size)]
        results = ordered_pool.in_order(
            _analyse_files,
            tasks,
            workers,
            setup=_start_worker,
            setup_args=(self.wiring, self.settings, language),
            on_news=on_page,
        )
        for task, result in results:
            if isinstance(result, Exception):
                log.error("an analysis worker failed on %d file(s): %s", len(task), result)
                for path in task:
                    yield Failure(source=str(path), reason=f"analysis worker failed: {result}")
                continue
            items, (recognised, cache_hits) = result
            ocr.count(recognised=recognised, cache_hits=cache_hits)
            yield from items


def _heard(
    items: Iterator[Document | Failure], on_item: Callable[[Document | Failure], None] | None
) -> Iterator[Document | Failure]:
    for item in items:
        if on_item:
            on_item(item)
        yield item


# In a worker process: its own pipeline, wired once from the parent's settings, and the
# language the run forces, if any.
_worker: tuple[Pipeline, str | None] | None = None
# A task's documents, and the pages it OCR'd and found in the cache: plain numbers, since a
# worker's OcrStats (with its lock) does not cross processes.
_Results = tuple[list[Document | Failure], tuple[int, int]]


def _start_worker(
    wiring: Callable[[Settings], Parts], settings: Settings, language: str | None
) -> None:
    """Each worker wires its own parts once; its models load on its first document."""
    global _worker
    _worker = Pipeline(wiring(settings), wiring), language


def _analyse_files(paths: list[Path]) -> _Results:
    """A worker's task: read and analyse `paths`; OCR progress goes to the parent."""
    assert _worker is not None, "worker not started"
    pipeline, language = _worker
    stats = pipeline.parts.ocr.stats
    before = stats.now()
    on_page = ordered_pool.tell if ordered_pool.listened() else None
    items = list(pipeline.analyze(pipeline.read(paths, language, on_page=on_page), language))
    return items, stats.since(before)
