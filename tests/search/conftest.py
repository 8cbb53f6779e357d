"""Backends the contract suite runs against: tantivy always, osmem-server, and ES_URL when set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elastic_transport import Urllib3HttpNode

from search.backend import SearchBackend, open_backend

BACKENDS = ["tantivy", pytest.param("osmem", marks=pytest.mark.es)]
if os.environ.get("ES_URL"):
    BACKENDS.append(pytest.param("elasticsearch", marks=pytest.mark.es))


class PlainJsonNode(Urllib3HttpNode):
    """Test-only transport shim: osmem-server answers 406 to the client's compatibility type.

    The official client sends `application/vnd.elasticsearch+json; compatible-with=8`;
    osmem-server only takes plain JSON (and NDJSON for bulk). Real clusters need no shim.
    """

    def perform_request(self, method: str, target: str, *args: Any, **kwargs: Any) -> Any:
        headers = dict(kwargs.get("headers") or {})
        bulk = "_bulk" in target
        for name in list(headers):
            if name.lower() in ("content-type", "accept"):
                del headers[name]
        headers["accept"] = "application/json"
        headers["content-type"] = "application/x-ndjson" if bulk else "application/json"
        kwargs["headers"] = headers
        return super().perform_request(method, target, *args, **kwargs)


def osmem_backend(url: str, **options: Any) -> SearchBackend:
    """A backend on an osmem-server clone, through the shim."""
    return open_backend(url, node_class=PlainJsonNode, **options)


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
