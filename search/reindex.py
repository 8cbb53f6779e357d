"""Copying analysed documents from one backend to another, with no NLP run again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from ingest.model import Failure
from search.backend import SearchBackend


@dataclass
class CopyReport:
    """What a copy did, and whether the target ends up with the source's count."""

    source_count: int
    copied: int = 0
    target_count: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failures and self.target_count >= self.source_count


def copy_documents(
    source: SearchBackend,
    target: SearchBackend,
    batch_size: int = 500,
    on_batch: Callable[[int], None] | None = None,
) -> CopyReport:
    """Copy every document of `source` into `target` (upserts: safe to run again)."""
    report = CopyReport(source_count=source.count())
    documents = iter(source.iter_documents())
    while batch := list(islice(documents, batch_size)):
        failures = target.upsert(batch)
        report.failures += failures
        report.copied += len(batch) - len(failures)
        if on_batch:
            on_batch(len(batch))
    report.target_count = target.count()
    return report
