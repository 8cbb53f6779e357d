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
from ingest.sources import read_documents

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


def _analyse(paths: list[Path], language: str | None) -> list[Document | Failure]:
    assert _worker is not None, "worker not started"
    limits = _worker.settings.read_limits()
    return list(_worker.analyze(read_documents(paths, limits=limits), language))


def analysed_in_parallel(
    settings: Settings,
    files: Sequence[Path],
    language: str | None,
    workers: int,
    files_per_task: int,
) -> Iterator[Document | Failure]:
    """Every document of `files`, analysed by `workers` processes, in the order of `files`.

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
        pending: deque[tuple[list[Path], Future[list[Document | Failure]]]] = deque()
        for start in range(0, len(files), files_per_task):
            task = list(files[start : start + files_per_task])
            pending.append((task, pool.submit(_analyse, task, language)))
            if len(pending) >= 2 * workers:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())


def _results(
    task: list[Path], future: Future[list[Document | Failure]]
) -> Iterator[Document | Failure]:
    try:
        yield from future.result()
    except Exception as error:  # a crashed worker (BrokenProcessPool) or an unpicklable result
        log.error("an analysis worker failed on %d file(s): %s", len(task), error)
        for path in task:
            yield Failure(source=str(path), reason=f"analysis worker failed: {error}")
