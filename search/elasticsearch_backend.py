"""The scale-out backend: Elasticsearch (8 or 9) through the official client, behind an alias."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from ingest.model import Document, Failure
from search import elasticsearch_writes
from search.backend import QueryRewrite, SearchQuery, SearchResult
from search.elasticsearch_connection import PAGE_SIZE, Connection, missing_is_none
from search.elasticsearch_entity_pages import ElasticsearchEntityPages, entities_by_country
from search.elasticsearch_index import ensure_alias, migrate
from search.entity_pages import EntityCountryTable, EntityPage, EntityPageQuery, entity_page
from search.errors import SearchError
from search.es_query import figure_aggregation_body, figure_body, search_body
from search.es_results import figure_page, found_texts, paged_ids, search_facets, search_result
from search.es_schema import from_source, row_from_source
from search.families import with_attachments
from search.figure_summary import FigureSummary, SummaryQuery, summarise
from search.figures import FigureFilters, FigurePage, FigureQuery, FigureRow
from search.reindex import copy_documents


class ElasticsearchBackend:
    """Documents in a versioned index behind `alias`; the client is built on first use.

    `client_options` go to `elasticsearch.Elasticsearch` (api_key, basic_auth, ca_certs,
    request_timeout, max_retries, node_class ...).
    """

    def __init__(
        self,
        url: str,
        alias: str = "policylens",
        refresh: bool = True,
        chunk_size: int = 500,
        **client_options: Any,
    ) -> None:
        self.url = url
        self.alias = alias
        self.refresh = refresh
        self.chunk_size = chunk_size
        self.connection = Connection(url, **client_options)
        self._ready = False
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        return self.connection.client

    def ensure_index(self) -> None:
        """Create the versioned index and its alias when the alias does not exist yet."""
        with self._lock:
            if not self._ready:
                ensure_alias(self.connection, self.alias)
                self._ready = True

    def migrate(self) -> int:
        """Move the alias onto the current mapping version, copying documents; 0 if current."""

        def copy(target: str) -> int:
            return copy_documents(self._on(self.alias), self._on(target), self.chunk_size).copied

        return migrate(self.connection, self.alias, copy)

    def _on(self, alias: str) -> ElasticsearchBackend:
        """The same connection, reading and writing `alias` (an index name works too)."""
        other = ElasticsearchBackend(
            self.url, alias=alias, refresh=self.refresh, chunk_size=self.chunk_size
        )
        other.connection = self.connection
        other._ready = True
        return other

    def _search(self, what: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.connection.search(what, self.alias, body)

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        """Bulk-index with retries on 429; every rejected document comes back as a Failure."""
        if not documents:
            return []
        self.ensure_index()
        return elasticsearch_writes.upsert(
            self.connection, self.alias, documents, refresh=self.refresh, chunk_size=self.chunk_size
        )

    def delete(self, document_id: str) -> bool:
        """Remove a document, its figure entries and what is attached to it, in one request."""
        self.ensure_index()
        root = self.get(document_id)
        doomed = [document_id] if root is None else with_attachments(root, self.get)
        return elasticsearch_writes.delete(
            self.connection, self.alias, doomed, refresh=self.refresh
        )

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        self.ensure_index()
        counted = self.connection.call(
            "count documents", self.client.count, index=self.alias, query={"term": {"kind": "doc"}}
        )
        return int(counted["count"])

    def get(self, document_id: str) -> Document | None:
        self.ensure_index()
        found = self.connection.call(
            "read a document", missing_is_none, self.client.get, index=self.alias, id=document_id
        )
        return None if found is None else from_source(found["_source"])

    def iter_documents(self) -> Iterator[Document]:
        """Every document, paged with search_after so no result window limits it."""
        self.ensure_index()
        body = {"query": {"term": {"kind": "doc"}}, "sort": [{"id": "asc"}]}
        for hit in self.connection.every_hit("list documents", self.alias, body):
            yield from_source(hit["_source"])

    def search(self, query: SearchQuery, rewrite: QueryRewrite | None = None) -> SearchResult:
        self.ensure_index()
        body = search_body(query, rewrite)
        response = self._search("search", body)
        texts = self._texts(paged_ids(response["hits"]["hits"]))
        facets = search_facets(response.get("aggregations", {})) if query.facets else {}
        if facets.get("entities"):
            pages = ElasticsearchEntityPages(self._search)
            facets["entities"] = pages.with_forms(facets["entities"])
        return search_result(response, query, texts, facets)

    def _texts(self, ids: list[str]) -> dict[str, str]:
        """The text of these documents, which searches leave out of `_source`."""
        if not ids:
            return {}
        response = self.connection.call(
            "read the text of paged hits", self.client.mget,
            index=self.alias, ids=ids, source_includes=["text"],
        )  # fmt: skip
        return found_texts(response)

    def search_figures(self, query: FigureQuery, rewrite: QueryRewrite | None = None) -> FigurePage:
        self.ensure_index()
        response = self._search("search figures", figure_body(query, rewrite=rewrite))
        return figure_page(response, query)

    def iter_figures(
        self, query: FigureQuery, rewrite: QueryRewrite | None = None
    ) -> Iterator[FigureRow]:
        """Every matching row, paged with search_after: constant memory, no window limit."""
        self.ensure_index()
        unpaged = query.model_copy(update={"cursor": None})
        body = figure_body(unpaged, page_size=PAGE_SIZE, rewrite=rewrite)
        for hit in self.connection.every_hit("export figures", self.alias, body):
            yield row_from_source(hit["_source"])

    def summarise_figures(
        self, query: SummaryQuery, rewrite: QueryRewrite | None = None
    ) -> FigureSummary:
        self.ensure_index()

        def aggregate(requests: Sequence[tuple[FigureFilters, dict[str, Any]]]) -> list[Any]:
            # One round trip for all of them: a large summary asks for each cell's values.
            searches: list[dict[str, Any]] = []
            for filters, aggregations in requests:
                searches += [{}, figure_aggregation_body(filters, aggregations, rewrite)]
            answer = self.connection.call(
                "summarise figures", self.client.msearch, index=self.alias, searches=searches
            )
            results = []
            for response in answer["responses"]:
                if "error" in response:
                    raise SearchError(f"Elasticsearch could not summarise figures: {response}")
                results.append(response.get("aggregations", {}))
            return results

        return summarise(query, aggregate, country_field="countries")

    def entity_page(self, query: EntityPageQuery) -> EntityPage | None:
        self.ensure_index()
        return entity_page(ElasticsearchEntityPages(self._search), query)

    def entities_by_country(
        self, query: SearchQuery, rewrite: QueryRewrite | None = None
    ) -> EntityCountryTable:
        self.ensure_index()
        return entities_by_country(self._search, query, rewrite)
