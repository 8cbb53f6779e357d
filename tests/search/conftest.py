"""Backends the contract suite runs against: the embedded index always, others when available."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from search.backend import SearchBackend, open_backend


@pytest.fixture(params=["tantivy"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    yield open_backend(f"tantivy://{tmp_path / 'index'}")
