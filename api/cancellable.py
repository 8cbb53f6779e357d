"""A request's heavy work run in a worker thread, and called off when its client goes away."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import Request

T = TypeVar("T")
# How often the connection is looked at while the work runs.
_POLL_SECONDS = 0.2


async def run_for_client(request: Request, work: Callable[[threading.Event], T]) -> T:
    """`work(cancelled)` in a worker thread; `cancelled` is set as soon as the client
    disconnects, so the work (which looks at it between chunks) stops instead of running on
    for nobody. The event loop stays free for other requests meanwhile."""
    cancelled = threading.Event()
    outcome: list[T] = []
    failure: list[Exception] = []

    def run() -> None:
        # Raised here, an error would reach the caller wrapped in the task group's
        # ExceptionGroup, past the app's handlers: it is kept and raised as itself below.
        try:
            outcome.append(work(cancelled))
        except Exception as error:
            failure.append(error)

    async def watch() -> None:
        while not await request.is_disconnected():
            await anyio.sleep(_POLL_SECONDS)
        cancelled.set()

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            await anyio.to_thread.run_sync(run)
        finally:
            group.cancel_scope.cancel()
    if failure:
        raise failure[0]
    return outcome[0]
