"""Retrieval quality over graded judgments: recall@k and nDCG@k, pure functions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def recall_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float | None:
    """Share of the relevant documents in the first `k`; None when nothing is relevant."""
    if not relevant:
        return None
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float | None:
    """Normalised discounted cumulative gain with gains 2^grade - 1; None when none relevant."""
    if not relevant:
        return None
    gained = sum(
        (2 ** relevant.get(doc, 0) - 1) / math.log2(rank + 2)
        for rank, doc in enumerate(ranking[:k])
    )
    ideal_grades = sorted(relevant.values(), reverse=True)[:k]
    ideal = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal_grades))
    return gained / ideal if ideal else None


def mean(values: Sequence[float | None]) -> float | None:
    """The mean of the defined values (queries with nothing to judge are left out)."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None
