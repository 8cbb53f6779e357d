"""Issue 6's targets hold on the team's relevance set (bench/relevance.py as a regression guard)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bench_modules import load_bench

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    bench = load_bench("relevance")
    queries = json.loads((bench.SET / "queries.json").read_text(encoding="utf-8"))["queries"]
    with bench.indexed_corpus() as services:
        result: dict[str, Any] = bench.evaluate(services, queries, bench.SET / "corpus")
    return result


def test_the_set_has_ten_queries_per_language(report: dict[str, Any]) -> None:
    for language in ("fr", "it", "en"):
        assert report["summary"][language]["queries"] >= 10


def test_cross_lingual_targets_hold(report: dict[str, Any]) -> None:
    overall = report["summary"]["overall"]
    mono, cross = overall["monolingual"], overall["cross_lingual"]
    assert cross["recall"] >= 0.8
    assert cross["recall_other"] >= 2 * mono["recall_other"]
    assert cross["ndcg_same"] >= mono["ndcg_same"]
    assert all(report["targets"].values()), report["targets"]


def test_every_query_names_what_it_expanded(report: dict[str, Any]) -> None:
    expanded = [row for row in report["queries"] if row["cross_lingual"]["concepts"]]
    assert len(expanded) >= 0.9 * len(report["queries"])
    assert all(not row["monolingual"]["concepts"] for row in report["queries"])
