"""Backends the contract suite runs against: tantivy always, osmem-server, and ES_URL when set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests_support import osmem_backend

from search.backend import SearchBackend
from search.open import open_backend

BACKENDS = ["tantivy", pytest.param("osmem", marks=pytest.mark.es)]
if os.environ.get("ES_URL"):
    BACKENDS.append(pytest.param("elasticsearch", marks=pytest.mark.es))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    if request.param == "tantivy":
        yield open_backend(f"tantivy://{tmp_path / 'index'}")
    elif request.param == "osmem":
        clone = request.getfixturevalue("osmem_clone")
        yield osmem_backend(clone.url)
    else:
        # A real cluster: each test gets its own alias, removed afterwards.
        alias = f"policylens-test-{uuid.uuid4().hex[:8]}"
        real = open_backend(os.environ["ES_URL"], alias=alias)
        yield real
        real.client.indices.delete(index=f"{alias}-v*")  # type: ignore[attr-defined]
