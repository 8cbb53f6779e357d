"""The one search-backend protocol, the query and result models, and `open_backend(url)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document, Failure

MAX_LIMIT = 100


class SearchQuery(BaseModel):
    """A search request, shared by the CLI and the HTTP API."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field("", max_length=1000, description='Query text; AND, OR, -term, "phrase".')
    lang: str | None = Field(None, description="Only documents in this language (ISO 639-1).")
    entity: tuple[str, ...] = Field((), description="Only documents with all these entity keys.")
    limit: int = Field(10, ge=0, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000)


class Hit(BaseModel):
    """One matching document, with a highlighted snippet (HTML: text escaped, terms in <b>)."""

    id: str
    score: float
    title: str | None
    source: str
    language: str | None
    published: dt.date | None
    countries: list[str]
    snippet: str


class FacetValue(BaseModel):
    value: str
    count: int
    label: str | None = None


class SearchResult(BaseModel):
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]


class SearchBackend(Protocol):
    """What every index must do; tests/search holds the contract suite each backend passes."""

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        """Index or replace the documents by id; the batch lands whole or not at all."""
        ...

    def get(self, document_id: str) -> Document | None: ...

    def delete(self, document_id: str) -> bool: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...

    def iter_documents(self) -> Iterable[Document]: ...


def open_backend(url: str, **elasticsearch_options: Any) -> SearchBackend:
    """The backend a URL names: a path or tantivy://PATH (embedded), http(s):// (Elasticsearch).

    `elasticsearch_options` go to the Elasticsearch client (api_key, basic_auth, ca_certs, ...).
    """
    if url.startswith(("http://", "https://")):
        from search.elasticsearch_backend import ElasticsearchBackend

        return ElasticsearchBackend(url, **elasticsearch_options)
    from search.tantivy_backend import TantivyBackend

    return TantivyBackend(Path(url.removeprefix("tantivy://")))
