"""The connection to an Elasticsearch cluster: a client built on first use, and calls through it
whose transport, credential and overload errors become search errors naming the cluster."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

from search.errors import BackendUnavailable, SearchError

# Hits per request when walking every hit of a search (a file's entries, an export).
PAGE_SIZE = 500
# Statuses of a cluster that is down, restarting or shedding load: worth retrying later.
_UNAVAILABLE_STATUSES = (429, 502, 503, 504)


class Connection:
    """One cluster at `url`; `client_options` go to `elasticsearch.Elasticsearch`."""

    def __init__(self, url: str, **client_options: Any) -> None:
        self.url = url
        self.client_options = client_options

    @cached_property
    def client(self) -> Any:
        from elasticsearch import Elasticsearch

        options = {"request_timeout": 30, "max_retries": 3, "retry_on_timeout": True}
        return Elasticsearch(self.url, **{**options, **self.client_options})

    def call(self, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a client call, turning transport and auth errors into clear search errors."""
        import elastic_transport
        import elasticsearch

        try:
            return function(*args, **kwargs)
        except elastic_transport.ConnectionError as error:
            raise BackendUnavailable(
                f"cannot reach Elasticsearch at {self.url}: {error}"
            ) from error
        except elastic_transport.ConnectionTimeout as error:
            raise BackendUnavailable(f"Elasticsearch at {self.url} timed out: {error}") from error
        except elasticsearch.AuthenticationException as error:
            raise BackendUnavailable(
                f"Elasticsearch at {self.url} refused the credentials (check api_key or user)"
            ) from error
        except elasticsearch.AuthorizationException as error:
            raise BackendUnavailable(f"not allowed to {what} on {self.url}: {error}") from error
        except elasticsearch.ApiError as error:
            if getattr(error, "status_code", None) in _UNAVAILABLE_STATUSES:
                raise BackendUnavailable(f"Elasticsearch is overloaded or down: {error}") from error
            raise SearchError(f"Elasticsearch could not {what}: {error}") from error

    def search(self, what: str, index: str, body: dict[str, Any]) -> dict[str, Any]:
        """The response of one search `body` on `index`."""
        return dict(self.call(what, self.client.search, index=index, **body))

    def every_hit(self, what: str, index: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every hit of a search `body` that sorts with a tiebreaker, paged with search_after:
        constant memory, and no result window to limit it."""
        paged = {**body, "size": PAGE_SIZE}
        while True:
            hits = self.call(what, self.client.search, index=index, **paged)["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE_SIZE:
                return
            paged = {**paged, "search_after": hits[-1]["sort"]}


def missing_is_none(function: Any, **kwargs: Any) -> Any:
    """What a client call answers, or None where the cluster says it is not found."""
    import elasticsearch

    try:
        return function(**kwargs)
    except elasticsearch.NotFoundError:
        return None
