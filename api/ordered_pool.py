"""A process pool that runs a module-level work function over tasks and gives results in order."""

from __future__ import annotations

import multiprocessing
import multiprocessing.queues
import queue
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")
News = Callable[..., None]

# Where a worker's `tell` goes: the parent hands each message to its listener while it waits.
_news: multiprocessing.queues.Queue[tuple[Any, ...]] | None = None
# How often the parent, waiting on a task, passes the workers' news on.
_NEWS_EVERY_S = 0.25


def _start(
    news: multiprocessing.queues.Queue[tuple[Any, ...]] | None,
    setup: Callable[..., None] | None,
    setup_args: tuple[Any, ...],
) -> None:
    """Each worker keeps the news channel, then runs the caller's set-up once."""
    global _news
    _news = news
    if setup is not None:
        setup(*setup_args)


def listened() -> bool:
    """Whether anyone hears `tell` in this worker: news nobody reads is not worth sending."""
    return _news is not None


def tell(*news: Any) -> None:
    """From inside a work function: pass `news` (picklable) to the parent's listener."""
    if _news is not None:
        _news.put(news)


def in_order(
    work: Callable[[Task], Result],
    tasks: Sequence[Task],
    workers: int,
    *,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
    on_news: News | None = None,
) -> Iterator[tuple[Task, Result | Exception]]:
    """(task, what `work` returned for it, or the error that stopped it) for every task, in
    the order of `tasks`, computed by `workers` processes.

    `work` and `setup` must be module-level functions (they are pickled by name); `setup` runs
    once in each worker with `setup_args`. At most two tasks per worker are in flight, so
    memory stays bounded however many tasks there are. A worker that dies costs its task (its
    error is given in place of a result), not the run. Workers are spawned, not forked: a forked
    copy of the parent's threads and locks (an index writer's) is not safe.
    """
    context = multiprocessing.get_context("spawn")
    news = context.Queue() if on_news is not None else None
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start,
        initargs=(news, setup, setup_args),
    ) as pool:
        pending: deque[tuple[Task, Future[Result]]] = deque()
        waiting = _Waiting(news, on_news)
        for task in tasks:
            pending.append((task, pool.submit(work, task)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                outcome = waiting.result(future)
                yield done, outcome
        while pending:
            done, future = pending.popleft()
            outcome = waiting.result(future)
            yield done, outcome


class _Waiting:
    """The parent's side: a task's result, the workers' news passed on while it waits."""

    def __init__(
        self, news: multiprocessing.queues.Queue[tuple[Any, ...]] | None, on_news: News | None
    ) -> None:
        self.news, self.on_news = news, on_news

    def _pass_news(self) -> None:
        while self.news is not None and self.on_news is not None:
            try:
                self.on_news(*self.news.get_nowait())
            except queue.Empty:
                return

    def result(self, future: Future[Result]) -> Result | Exception:
        try:
            while True:
                try:
                    result = future.result(timeout=_NEWS_EVERY_S)
                    break
                except TimeoutError:
                    self._pass_news()
        except Exception as error:  # a crashed worker (BrokenProcessPool), an unpicklable result
            return error
        self._pass_news()
        return result
