"""The bounded load test of bench/load_test.py, in make test: 32 clients, 30 s, two server
processes, zero errors."""

from __future__ import annotations

import pytest
from bench_modules import load_bench

pytestmark = pytest.mark.slow


def test_thirty_two_clients_for_thirty_seconds_get_no_errors() -> None:
    result = load_bench("load_test").run(clients=32, seconds=30, documents=2000, workers=2)
    assert result["errors"] == 0, result["first_errors"]
    assert result["requests"] > 32 * 30  # more than one request per client per second
    assert 0 < result["p50_ms"] <= result["p99_ms"]
