"""The scale-out backend: Elasticsearch (8 or 9) through the official client, behind an alias."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

from ingest.model import Document, Failure
from search.backend import (
    Hit,
    QueryRewrite,
    SearchQuery,
    SearchResult,
    encode_cursor,
)
from search.elasticsearch_entity_pages import ElasticsearchEntityPages, entities_by_country
from search.entity_pages import (
    EntityCountryTable,
    EntityPage,
    EntityPageQuery,
    entity_page,
    figure_entity_terms,
)
from search.errors import BackendUnavailable, SearchError
from search.es_query import figure_aggregation_body, figure_body, search_body
from search.es_schema import (
    figure_id,
    figure_source,
    from_source,
    index_body,
    index_name,
    row_from_source,
    to_source,
)
from search.facets import FacetValue
from search.families import leftovers, with_attachments
from search.figure_summary import FigureSummary, SummaryQuery, summarise
from search.figures import FigureFilters, FigurePage, FigureQuery, FigureRow, figure_rows
from search.hit_pages import snippet_page
from search.month_facet import MONTH_FACET, months
from search.reindex import copy_documents

_PAGE = 500


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
        self.client_options = client_options
        self._ready = False
        self._lock = threading.Lock()

    @cached_property
    def client(self) -> Any:
        from elasticsearch import Elasticsearch

        options = {"request_timeout": 30, "max_retries": 3, "retry_on_timeout": True}
        return Elasticsearch(self.url, **{**options, **self.client_options})

    def _call(self, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
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
            if getattr(error, "status_code", None) in (429, 502, 503, 504):
                raise BackendUnavailable(f"Elasticsearch is overloaded or down: {error}") from error
            raise SearchError(f"Elasticsearch could not {what}: {error}") from error

    def ensure_index(self) -> None:
        """Create the versioned index and its alias when the alias does not exist yet."""
        with self._lock:
            if self._ready:
                return
            indices = self.client.indices
            if not self._call("check the alias", indices.exists_alias, name=self.alias):
                target = index_name(self.alias)
                if not self._call("check the index", indices.exists, index=target):
                    self._call("create the index", self._create_once, target)
                self._call("create the alias", indices.put_alias, index=target, name=self.alias)
            health = self._call("read cluster health", self.client.cluster.health)
            if health.get("status") == "red":
                raise BackendUnavailable(f"Elasticsearch cluster at {self.url} is red")
            self._ready = True

    def migrate(self) -> int:
        """Move the alias onto the current mapping version, copying documents; 0 if current.

        Readers keep using the alias (old index) while the new one fills; the switch is one
        atomic alias update, so a mapping change needs no downtime.
        """
        indices = self.client.indices
        target = index_name(self.alias)
        current = list(self._call("read the alias", indices.get_alias, name=self.alias))
        if current == [target]:
            return 0
        if not self._call("check the index", indices.exists, index=target):
            self._call("create the index", self._create_once, target)
        # Readers stay on the old index (through the alias) until the switch below.
        report = copy_documents(self._on(self.alias), self._on(target), self.chunk_size)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in current]
        actions.append({"add": {"index": target, "alias": self.alias}})
        self._call("switch the alias", indices.update_aliases, actions=actions)
        return report.copied

    def _on(self, alias: str) -> ElasticsearchBackend:
        """The same connection, reading and writing `alias` (an index name works too)."""
        other = ElasticsearchBackend(
            self.url, alias=alias, refresh=self.refresh, chunk_size=self.chunk_size
        )
        other.client = self.client
        other._ready = True
        return other

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        """Bulk-index with retries on 429; every rejected document comes back as a Failure."""
        if not documents:
            return []
        from elasticsearch import helpers

        self.ensure_index()
        sources = {document.id: document.source for document in documents}
        # A new version of a document may have fewer figures: drop the old ones first. A crash
        # between the two steps is mended by ingesting again (ids are stable).
        self._call(
            "remove old figures", self.client.delete_by_query, index=self.alias,
            query={"bool": {"filter": [{"terms": {"doc_id": list(sources)}},
                                       {"term": {"kind": "figure"}}]}},
            refresh=self.refresh, conflicts="proceed",
        )  # fmt: skip
        # What the files read no longer hold is deleted in the bulk request that writes them.
        leftover = self._leftover_entries(documents)
        deletes: list[dict[str, Any]] = [
            {"_op_type": "delete", "_index": index, "_id": entry} for entry, index in leftover
        ]
        actions = itertools.chain(deletes, itertools.chain.from_iterable(
            [{"_index": self.alias, "_id": d.id, "_source": to_source(d)}]
            + [
                {"_index": self.alias, "_id": figure_id(row),
                 "_source": figure_source(row, terms)}
                for row, terms in zip(figure_rows(d), figure_entity_terms(d), strict=True)
            ]
            for d in documents
        ))  # fmt: skip
        failures = []
        results = self._call(
            "index documents",
            lambda: list(
                helpers.streaming_bulk(
                    self.client,
                    actions,
                    chunk_size=self.chunk_size,
                    max_retries=5,
                    initial_backoff=1,
                    max_backoff=30,
                    raise_on_error=False,
                    raise_on_exception=True,
                    refresh="wait_for" if self.refresh else False,
                )
            ),
        )
        for ok, item in results:
            if "delete" in item and item["delete"].get("status") in (200, 404):
                continue  # gone, or gone already
            if not ok:
                detail = next(iter(item.values()))
                detail["_id"] = str(detail.get("_id", "")).split("#", 1)[0]
                reason = detail.get("error", detail)
                failures.append(
                    Failure(source=sources.get(detail.get("_id"), str(detail.get("_id"))),
                            reason=f"Elasticsearch rejected the document: {reason}")
                )  # fmt: skip
        return failures

    def _leftover_entries(self, documents: Sequence[Document]) -> list[tuple[str, str]]:
        """(_id, index) of the entries, documents and figures, of what `leftovers` names."""
        under: dict[str, list[tuple[str, str, str]]] = {}

        def indexed_under(prefix: str) -> list[str]:
            under[prefix] = list(self._entries_under(prefix))
            return [doc_id for doc_id, _, _ in under[prefix]]

        gone = leftovers(documents, indexed_under)
        return [(entry, index) for found in under.values() for doc_id, entry, index in found
                if doc_id in gone]  # fmt: skip

    def _entries_under(self, prefix: str) -> Iterator[tuple[str, str, str]]:
        """(doc_id, _id, index) of every entry whose source starts with `prefix`."""
        after: list[Any] | None = None
        while True:
            page = self._call(
                "find a file's documents", self.client.search, index=self.alias,
                query={"prefix": {"source": prefix}}, sort=[{"entry_id": "asc"}], size=_PAGE,
                source_includes=["doc_id"], **({"search_after": after} if after else {}),
            )  # fmt: skip
            hits = page["hits"]["hits"]
            yield from ((hit["_source"]["doc_id"], hit["_id"], hit["_index"]) for hit in hits)
            if len(hits) < _PAGE:
                return
            after = hits[-1]["sort"]

    def delete(self, document_id: str) -> bool:
        """Remove a document, its figure entries and what is attached to it, in one request."""
        self.ensure_index()
        root = self.get(document_id)
        doomed = [document_id] if root is None else with_attachments(root, self.get)
        deleted = self._call(
            "delete a document", self.client.delete_by_query, index=self.alias,
            query={"terms": {"doc_id": doomed}}, refresh=self.refresh, conflicts="proceed",
        )  # fmt: skip
        return bool(deleted.get("deleted"))

    def _create_once(self, index: str) -> None:
        """Create `index`; another ingest process creating it first is not an error."""
        import elasticsearch

        try:
            self.client.indices.create(index=index, **index_body())
        except elasticsearch.BadRequestError as error:
            if error.error != "resource_already_exists_exception":
                raise

    @staticmethod
    def _missing_is_none(function: Any, **kwargs: Any) -> Any:
        import elasticsearch

        try:
            return function(**kwargs)
        except elasticsearch.NotFoundError:
            return None

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        self.ensure_index()
        counted = self._call(
            "count documents", self.client.count, index=self.alias, query={"term": {"kind": "doc"}}
        )
        return int(counted["count"])

    def get(self, document_id: str) -> Document | None:
        self.ensure_index()
        found = self._call(
            "read a document", self._missing_is_none, self.client.get,
            index=self.alias, id=document_id,
        )  # fmt: skip
        return None if found is None else from_source(found["_source"])

    def iter_documents(self) -> Iterator[Document]:
        """Every document, paged with search_after so no result window limits it."""
        self.ensure_index()
        after: list[Any] | None = None
        while True:
            page = self._call(
                "list documents",
                self.client.search,
                index=self.alias,
                query={"term": {"kind": "doc"}},
                sort=[{"id": "asc"}],
                size=_PAGE,
                **({"search_after": after} if after else {}),
            )
            hits = page["hits"]["hits"]
            yield from (from_source(hit["_source"]) for hit in hits)
            if len(hits) < _PAGE:
                return
            after = hits[-1]["sort"]

    def search_figures(self, query: FigureQuery, rewrite: QueryRewrite | None = None) -> FigurePage:
        self.ensure_index()
        body = figure_body(query, rewrite=rewrite)
        response = self._call("search figures", self.client.search, index=self.alias, **body)
        hits = response["hits"]["hits"]
        total = response["hits"]["total"]["value"]
        more = len(hits) == query.limit and (query.cursor or query.offset + len(hits) < total)
        facets = {}
        if "measures" in response.get("aggregations", {}):
            buckets = response["aggregations"]["measures"]["buckets"]
            facets["measures"] = [
                FacetValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets
            ]
        return FigurePage(
            total=total,
            rows=[row_from_source(hit["_source"]) for hit in hits],
            next_cursor=encode_cursor({"after": hits[-1]["sort"]}) if more and hits else None,
            facets=facets,
        )

    def iter_figures(
        self, query: FigureQuery, rewrite: QueryRewrite | None = None
    ) -> Iterator[FigureRow]:
        """Every matching row, paged with search_after: constant memory, no window limit."""
        self.ensure_index()
        unpaged = query.model_copy(update={"cursor": None})
        body = figure_body(unpaged, page_size=_PAGE, rewrite=rewrite)
        while True:
            response = self._call("export figures", self.client.search, index=self.alias, **body)
            hits = response["hits"]["hits"]
            yield from (row_from_source(hit["_source"]) for hit in hits)
            if len(hits) < _PAGE:
                return
            body["search_after"] = hits[-1]["sort"]

    def summarise_figures(
        self, query: SummaryQuery, rewrite: QueryRewrite | None = None
    ) -> FigureSummary:
        self.ensure_index()

        def aggregate(requests: Sequence[tuple[FigureFilters, dict[str, Any]]]) -> list[Any]:
            # One round trip for all of them: a large summary asks for each cell's values.
            searches: list[dict[str, Any]] = []
            for filters, aggregations in requests:
                searches += [{}, figure_aggregation_body(filters, aggregations, rewrite)]
            answer = self._call(
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

    def _search(self, what: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call(what, self.client.search, index=self.alias, **body))

    def search(self, query: SearchQuery, rewrite: QueryRewrite | None = None) -> SearchResult:
        self.ensure_index()
        body = search_body(query, rewrite)
        response = self._call("search", self.client.search, index=self.alias, **body)
        texts = self._paged_texts(response["hits"]["hits"])
        hits = [
            self._hit(hit, texts.get(hit["_source"]["id"], "")) for hit in response["hits"]["hits"]
        ]
        aggregations = response.get("aggregations", {})
        facets: dict[str, list[FacetValue]] = {}
        for name in ("language", "entities", "countries", "year", "topics") if query.facets else ():
            buckets = aggregations.get(name, {}).get("buckets", [])
            if name == "entities":
                facets[name] = [
                    FacetValue(value=b["key"].split(":", 1)[1], label=b["key"].split(":", 1)[0],
                               count=b["doc_count"])
                    for b in buckets
                ]  # fmt: skip
            else:
                facets[name] = [
                    FacetValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets
                ]
        if query.facets and MONTH_FACET in aggregations:
            facets[MONTH_FACET] = months(aggregations[MONTH_FACET].get("buckets", []))
        if facets.get("entities"):
            pages = ElasticsearchEntityPages(self._search)
            facets["entities"] = pages.with_forms(facets["entities"])
        total_field = response["hits"]["total"]
        total = total_field["value"] if isinstance(total_field, dict) else int(total_field)
        raw_hits = response["hits"]["hits"]
        more = len(raw_hits) == query.limit and raw_hits
        if more and not query.cursor:
            more = query.offset + len(raw_hits) < total
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            next_cursor=encode_cursor({"after": raw_hits[-1]["sort"]}) if more else None,
        )

    def _paged_texts(self, hits: list[dict[str, Any]]) -> dict[str, str]:
        """The text of the hits of several pages, which the search leaves out of `_source`:
        the page a snippet comes from is found by finding the snippet in it."""
        paged = [hit["_source"]["id"] for hit in hits if len(hit["_source"].get("pages", ())) > 1]
        if not paged:
            return {}
        response = self._call(
            "read the text of paged hits", self.client.mget,
            index=self.alias, ids=paged, source_includes=["text"],
        )  # fmt: skip
        return {
            found["_id"]: found["_source"].get("text", "")
            for found in response["docs"]
            if found.get("found")
        }

    @staticmethod
    def _hit(hit: dict[str, Any], text: str) -> Hit:
        source = hit["_source"]
        highlight = hit.get("highlight", {})
        language = source.get("language")
        fragments = highlight.get(f"text.{language}") or highlight.get("text") or [""]
        page = snippet_page(text, source.get("pages", ()), fragments[0])
        return Hit(
            id=source["id"],
            score=float(hit.get("_score") or 0.0),
            title=source.get("title"),
            source=source["source"],
            language=language,
            published=source.get("published"),
            countries=source.get("countries", []),
            snippet=fragments[0],
            page=page,
        )
