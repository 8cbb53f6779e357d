"""Ingest on several cores: worker processes read, detect and analyse; the parent indexes."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.queues
import queue
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.extracted import PageProgress
from ingest.model import Document, Failure
from ingest.ocr import OcrStats

if TYPE_CHECKING:
    from api.services import Services
    from api.settings import Settings

log = logging.getLogger(__name__)
_worker: Services | None = None
# Where a worker tells the parent how far the OCR of a long file is: (name, done, total).
_page_news: multiprocessing.queues.Queue[tuple[str, int, int]] | None = None
# How often the parent, waiting on a task, passes the workers' page news on.
_NEWS_EVERY_S = 0.25


def _start_worker(
    settings: Settings, page_news: multiprocessing.queues.Queue[tuple[str, int, int]] | None
) -> None:
    """Each worker builds its own services once; its models load on its first document."""
    global _worker, _page_news
    from api.services import build_services

    _worker = build_services(settings)
    _page_news = page_news


def _tell_page(name: str, done: int, total: int) -> None:
    if _page_news is not None:
        _page_news.put((name, done, total))


# A task's documents, and the pages it OCR'd and found in the cache: plain numbers, since a
# worker's OcrStats (with its lock) does not cross processes.
_Results = tuple[list[Document | Failure], tuple[int, int]]


def _analyse(paths: list[Path], language: str | None) -> _Results:
    assert _worker is not None, "worker not started"
    before = _worker.ocr.stats.now()
    reading = _worker.read(paths, language, on_page=_tell_page if _page_news else None)
    items = list(_worker.analyze(reading, language))
    return items, _worker.ocr.stats.since(before)


def analysed_in_parallel(
    settings: Settings,
    files: Sequence[Path],
    language: str | None,
    workers: int,
    files_per_task: int,
    ocr: OcrStats,
    on_page: PageProgress | None = None,
) -> Iterator[Document | Failure]:
    """Every document of `files`, analysed by `workers` processes, in the order of `files`;
    the pages they OCR'd are added to `ocr`, and `on_page` hears how far their OCR is.

    At most two tasks per worker are in flight, so memory stays bounded however many files
    there are. A worker that dies costs the files of its task (reported as failures), not
    the run. Workers are spawned, not forked: a forked copy of the parent's index writer
    threads and locks is not safe.
    """
    context = multiprocessing.get_context("spawn")
    page_news = context.Queue() if on_page is not None else None
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(settings, page_news),
    ) as pool:
        pending: deque[tuple[list[Path], Future[_Results]]] = deque()
        waiting = _Waiting(ocr, page_news, on_page)
        for start in range(0, len(files), files_per_task):
            task = list(files[start : start + files_per_task])
            pending.append((task, pool.submit(_analyse, task, language)))
            if len(pending) >= 2 * workers:
                yield from waiting.results(*pending.popleft())
        while pending:
            yield from waiting.results(*pending.popleft())


class _Waiting:
    """The parent's side: a task's results in order, page news passed on while it waits."""

    def __init__(
        self,
        ocr: OcrStats,
        page_news: multiprocessing.queues.Queue[tuple[str, int, int]] | None,
        on_page: PageProgress | None,
    ) -> None:
        self.ocr, self.page_news, self.on_page = ocr, page_news, on_page

    def _pass_news(self) -> None:
        while self.page_news is not None and self.on_page is not None:
            try:
                self.on_page(*self.page_news.get_nowait())
            except queue.Empty:
                return

    def results(self, task: list[Path], future: Future[_Results]) -> Iterator[Document | Failure]:
        try:
            while True:
                try:
                    items, done = future.result(timeout=_NEWS_EVERY_S)
                    break
                except TimeoutError:
                    self._pass_news()
        except Exception as error:  # a crashed worker (BrokenProcessPool), an unpicklable result
            log.error("an analysis worker failed on %d file(s): %s", len(task), error)
            for path in task:
                yield Failure(source=str(path), reason=f"analysis worker failed: {error}")
            return
        self._pass_news()
        self.ocr.count(recognised=done[0], cache_hits=done[1])
        yield from items
