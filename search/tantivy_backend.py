"""The embedded backend: a tantivy index on disk with per-language stemmed fields."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

from ingest.model import Document, Failure
from search.backend import QueryRewrite, SearchQuery, SearchResult, encode_cursor
from search.entity_pages import (
    EntityCountryTable,
    EntityPage,
    EntityPageQuery,
    entity_page,
    figure_entity_terms,
)
from search.errors import BackendUnavailable
from search.families import leftovers, with_attachments
from search.figure_summary import FigureSummary, SummaryQuery, summarise
from search.figures import FigureFilters, FigurePage, FigureQuery, FigureRow, figure_rows
from search.tantivy_build import QueryBuilder
from search.tantivy_entity_pages import TantivyEntityPages, entities_by_country
from search.tantivy_facets import count_facets, measure_facet
from search.tantivy_hits import Snippets, to_hit
from search.tantivy_query import (
    Clause,
    Order,
    Term,
    document_matches,
    document_search,
    facet_request,
    figure_facets,
    figure_filter,
    figure_order,
    kind,
    page_offset,
    source_prefix,
)
from search.tantivy_schema import (
    document_entry,
    figure_entry,
    register_analyzers,
    schema,
    stored_document,
    stored_row,
)

_WRITER_HEAP = 128_000_000
_LOCK_RETRY_SECONDS = 30.0
_EXPORT_PAGE = 1000
# Facets of larger result sets are counted on a sample of about this many matches.
EXACT_FACETS_UP_TO = 20_000


class TantivyBackend:
    """A tantivy index in `path`; opened on first use, writers taken per batch and released."""

    SCHEMA_VERSION = "8"

    def __init__(self, path: Path, exact_facets_up_to: int = EXACT_FACETS_UP_TO) -> None:
        self.path = path
        self.exact_facets_up_to = exact_facets_up_to
        self._index: tantivy.Index | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                    self._check_version()
                    self._index = tantivy.Index(schema(), path=str(self.path), reuse=True)
                except (OSError, ValueError) as error:
                    raise BackendUnavailable(
                        f"cannot open index at {self.path}: {error}"
                    ) from error
                register_analyzers(self._index)
            return self._index

    def _check_version(self) -> None:
        marker = self.path / "policylens-schema"
        if not any(self.path.iterdir()):
            marker.write_text(self.SCHEMA_VERSION)
            return
        found = marker.read_text().strip() if marker.exists() else "1"
        if found != self.SCHEMA_VERSION:
            raise BackendUnavailable(
                f"the index at {self.path} has schema {found}, this version needs "
                f"{self.SCHEMA_VERSION}: delete that folder (or set another POLICYLENS_DATA_DIR) "
                "and ingest again"
            )

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        if not documents:
            return []
        writer = self._writer()
        try:
            # What the files read no longer hold goes in the commit their new documents land in.
            for leftover in leftovers(documents, self._ids_under):
                writer.delete_documents_by_term("doc_id", leftover)
            for document in documents:
                writer.delete_documents_by_term("doc_id", document.id)
                writer.add_document(document_entry(document))
                named = figure_entity_terms(document)
                for row, terms in zip(figure_rows(document), named, strict=True):
                    writer.add_document(figure_entry(row, terms))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return []

    def delete(self, document_id: str) -> bool:
        """Remove a document, its figures and what is attached to it, in one commit."""
        if (root := self.get(document_id)) is None:
            return False
        doomed = with_attachments(root, self.get)
        writer = self._writer()
        try:
            for gone in doomed:
                writer.delete_documents_by_term("doc_id", gone)
            writer.commit()
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return True

    def _ids_under(self, prefix: str) -> Iterator[str]:
        self.index.reload()  # the writer is ours now: see what other processes committed
        searcher = self.index.searcher()
        query = self._build(source_prefix(prefix))
        offset = 0
        while hits := searcher.search(query, _EXPORT_PAGE, offset=offset).hits:
            yield from (searcher.doc(address)["id"][0] for _, address in hits)
            offset += _EXPORT_PAGE

    def _writer(self) -> tantivy.IndexWriter:
        """A writer, waiting for another process's writer to finish (tantivy allows one)."""
        deadline = time.monotonic() + _LOCK_RETRY_SECONDS
        while True:
            try:
                return self.index.writer(heap_size=_WRITER_HEAP, num_threads=1)
            except ValueError as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise BackendUnavailable(f"index {self.path} is busy: {error}") from error
                time.sleep(0.2)

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        result = self.index.searcher().search(self._build(kind("doc")), 1, count=True)
        return _count(result)

    def get(self, document_id: str) -> Document | None:
        searcher = self.index.searcher()
        hits = searcher.search(self._build(Term("id", document_id)), 1).hits
        if not hits:
            return None
        return stored_document(searcher.doc(hits[0][1]))

    def iter_documents(self) -> Iterator[Document]:
        searcher = self.index.searcher()
        documents = self._build(kind("doc"))
        page = 500
        for offset in range(0, searcher.num_docs, page):
            hits = searcher.search(documents, page, offset=offset).hits
            if not hits:
                return
            for _, address in hits:
                yield stored_document(searcher.doc(address))

    def search(self, query: SearchQuery, rewrite: QueryRewrite | None = None) -> SearchResult:
        rewrite = rewrite or QueryRewrite.of(query)
        request = document_search(query, rewrite)
        searcher, build = self.index.searcher(), QueryBuilder(self.index)
        # Each text is parsed once, and one that cannot be is refused before anything runs: the
        # query's own, the highlight's, then the preference's.
        build(request.matching)
        build(request.highlight)
        ranked = build(request.ranked)
        result = searcher.search(
            ranked, request.limit, count=True, offset=request.offset, **_sorting(request.order)
        )
        total = _count(result)
        # Facets count the matches (without the preference tier: it changes scores, not
        # matches), the slow part on large result sets: they run on other threads (tantivy
        # releases the GIL) while this one makes snippets.
        facets = None
        if query.facets:
            wanted = facet_request(query, rewrite, request.matching, total, self.exact_facets_up_to)
            facets = count_facets(searcher, build(wanted.counted), wanted, total)
        snippets = Snippets(searcher, build, request.highlight, request.highlight_other)
        hits = [
            to_hit(searcher.doc(address), score, snippets)
            for score, address in result.hits[: query.limit]
        ]
        following = request.offset + len(hits)
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets.result() if facets is not None else {},
            facets_sampled=facets.sampled if facets is not None else None,
            next_cursor=encode_cursor({"offset": following}) if following < total else None,
        )

    def search_figures(self, query: FigureQuery, rewrite: QueryRewrite | None = None) -> FigurePage:
        searcher = self.index.searcher()
        selected = self._build(figure_filter(query, rewrite))
        offset = page_offset(query)
        order = _sorting(figure_order(query))
        result = searcher.search(selected, query.limit, count=True, offset=offset, **order)
        rows = [stored_row(searcher.doc(address)) for _, address in result.hits]
        total = _count(result)
        following = offset + len(rows)
        cursor = encode_cursor({"offset": following}) if following < total else None
        facets = {}
        if query.facets:
            facets["measures"] = measure_facet(searcher.aggregate(selected, figure_facets()))
        return FigurePage(total=total, rows=rows, next_cursor=cursor, facets=facets)

    def iter_figures(
        self, query: FigureQuery, rewrite: QueryRewrite | None = None
    ) -> Iterator[FigureRow]:
        """Every matching row, a page at a time: exports hold one page in memory, never all."""
        searcher = self.index.searcher()  # one snapshot, so pages neither skip nor repeat
        selected = self._build(figure_filter(query, rewrite))
        order = _sorting(figure_order(query))
        offset = 0
        while True:
            hits = searcher.search(selected, _EXPORT_PAGE, offset=offset, **order).hits
            for _, address in hits:
                yield stored_row(searcher.doc(address))
            if len(hits) < _EXPORT_PAGE:
                return
            offset += _EXPORT_PAGE

    def summarise_figures(
        self, query: SummaryQuery, rewrite: QueryRewrite | None = None
    ) -> FigureSummary:
        searcher = self.index.searcher()  # one snapshot for every request of the summary
        rewrite = rewrite or QueryRewrite.of(query)

        def aggregate(requests: Sequence[tuple[FigureFilters, dict[str, Any]]]) -> list[Any]:
            return [
                searcher.aggregate(self._build(figure_filter(filters, rewrite)), aggregations)
                for filters, aggregations in requests
            ]

        return summarise(query, aggregate, country_field="country")

    def entity_page(self, query: EntityPageQuery) -> EntityPage | None:
        return entity_page(TantivyEntityPages(self.index), query)

    def entities_by_country(
        self, query: SearchQuery, rewrite: QueryRewrite | None = None
    ) -> EntityCountryTable:
        rewrite = rewrite or QueryRewrite.of(query)
        matching = self._build(document_matches(query, rewrite))
        return entities_by_country(self.index, matching, query, rewrite)

    def _build(self, clause: Clause) -> tantivy.Query:
        return QueryBuilder(self.index)(clause)


def _sorting(order: Order) -> dict[str, Any]:
    """tantivy's ordering arguments: none orders by score (documents) or index (figures)."""
    if order is None:
        return {}
    field, direction = order
    return {
        "order_by_field": field,
        "order": tantivy.Order.Asc if direction == "asc" else tantivy.Order.Desc,
    }


def _count(result: tantivy.SearchResult) -> int:
    return int(getattr(result, "count", 0) or 0)  # `count` is missing from tantivy's stubs
