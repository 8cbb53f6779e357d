"""The bounded load test of bench/load_test.py, in make test: 32 clients, 30 s, two server
processes, zero errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _load_test() -> ModuleType:
    """bench/ is not a package: load bench/load_test.py from its path."""
    spec = importlib.util.spec_from_file_location(
        "bench_load_test", ROOT / "bench" / "load_test.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_thirty_two_clients_for_thirty_seconds_get_no_errors() -> None:
    result = _load_test().run(clients=32, seconds=30, documents=2000, workers=2)
    assert result["errors"] == 0, result["first_errors"]
    assert result["requests"] > 32 * 30  # more than one request per client per second
    assert 0 < result["p50_ms"] <= result["p99_ms"]
