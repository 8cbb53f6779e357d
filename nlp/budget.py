"""What one document's analysis may spend, in seconds and tokens, and a way to call it off."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Budget:
    """Limits on the analysis of each document; None is no limit.

    `deadline` (a `time.monotonic()` instant) ends every document's analysis at once: a request
    that must answer in time. `cancelled` is set by whoever waits for the result and has gone
    away (a client that disconnected): work for it stops at the next chunk.
    """

    max_seconds: float | None = None
    max_tokens: int | None = None
    deadline: float | None = None
    deadline_setting: str = "max_request_seconds"
    cancelled: threading.Event | None = None
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    def meter(self) -> Meter:
        """A fresh account of one document's spending, its clock started now."""
        return Meter(self, self.clock())


UNLIMITED = Budget()


class Meter:
    """One document's spending against a `Budget`: `over()` says why it must stop, if it must."""

    def __init__(self, budget: Budget, started: float) -> None:
        self.budget = budget
        self.started = started
        self.tokens = 0

    def add_tokens(self, count: int) -> None:
        self.tokens += count

    def over(self) -> str | None:
        """Why this document's analysis must stop now, naming the setting; None to go on."""
        budget = self.budget
        if budget.cancelled is not None and budget.cancelled.is_set():
            return "analysis cancelled: the client that asked for it went away"
        if budget.max_tokens is not None and self.tokens > budget.max_tokens:
            return (
                f"document has more than {budget.max_tokens:,} tokens, over the analysis budget "
                "(setting max_document_tokens)"
            )
        now = budget.clock()
        if budget.max_seconds is not None and now - self.started > budget.max_seconds:
            return (
                f"analysis took more than {budget.max_seconds:g} s, over the analysis budget "
                "(setting max_analysis_seconds)"
            )
        if budget.deadline is not None and now > budget.deadline:
            return f"stopped at the request's time limit (setting {budget.deadline_setting})"
        return None
