"""`open_backend(url)`: the backend a URL names. Apart from search.backend, whose models the
backends import, so that choosing among them closes no import circle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.backend import SearchBackend


def open_backend(url: str, **elasticsearch_options: Any) -> SearchBackend:
    """The backend a URL names: a path or tantivy://PATH (embedded), http(s):// (Elasticsearch).

    `elasticsearch_options` go to the Elasticsearch client (api_key, basic_auth, ca_certs, ...).
    """
    # Imported here: a deployment loads the one backend it uses.
    if url.startswith(("http://", "https://")):
        from search.elasticsearch_backend import ElasticsearchBackend

        return ElasticsearchBackend(url, **elasticsearch_options)
    from search.tantivy_backend import TantivyBackend

    return TantivyBackend(Path(url.removeprefix("tantivy://")))
