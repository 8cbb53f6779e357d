"""Ingest on several cores: worker processes read, detect and analyse; the parent indexes."""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.model import Document, Failure
from ingest.ocr import OcrStats

if TYPE_CHECKING:
    from api.services import Services
    from api.settings import Settings

log = logging.getLogger(__name__)
_worker: Services | None = None


def _start_worker(settings: Settings) -> None:
    """Each worker builds its own services once; its models load on its first document."""
    global _worker
    from api.services import build_services

    _worker = build_services(settings)


# A task's documents, and the pages it OCR'd and found in the cache: plain numbers, since a
# worker's OcrStats (with its lock) does not cross processes.
_Results = tuple[list[Document | Failure], tuple[int, int]]


def _analyse(paths: list[Path], language: str | None) -> _Results:
    assert _worker is not None, "worker not started"
    stats = _worker.ocr.stats
    before = (stats.recognised, stats.cache_hits)
    items = list(_worker.analyze(_worker.read(paths, language), language))
    return items, (stats.recognised - before[0], stats.cache_hits - before[1])


def analysed_in_parallel(
    settings: Settings,
    files: Sequence[Path],
    language: str | None,
    workers: int,
    files_per_task: int,
    ocr: OcrStats,
) -> Iterator[Document | Failure]:
    """Every document of `files`, analysed by `workers` processes, in the order of `files`;
    the pages they OCR'd are added to `ocr`.

    At most two tasks per worker are in flight, so memory stays bounded however many files
    there are. A worker that dies costs the files of its task (reported as failures), not
    the run. Workers are spawned, not forked: a forked copy of the parent's index writer
    threads and locks is not safe.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(settings,),
    ) as pool:
        pending: deque[tuple[list[Path], Future[_Results]]] = deque()
        for start in range(0, len(files), files_per_task):
            task = list(files[start : start + files_per_task])
            pending.append((task, pool.submit(_analyse, task, language)))
            if len(pending) >= 2 * workers:
                yield from _results(*pending.popleft(), ocr)
        while pending:
            yield from _results(*pending.popleft(), ocr)


def _results(
    task: list[Path], future: Future[_Results], ocr: OcrStats
) -> Iterator[Document | Failure]:
    try:
        items, done = future.result()
    except Exception as error:  # a crashed worker (BrokenProcessPool) or an unpicklable result
        log.error("an analysis worker failed on %d file(s): %s", len(task), error)
        for path in task:
            yield Failure(source=str(path), reason=f"analysis worker failed: {error}")
        return
    ocr.count(recognised=done[0], cache_hits=done[1])
    yield from items
