"""The embedded backend: a tantivy index on disk with per-language stemmed fields."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import tantivy

from ingest.model import Document, Failure
from search.backend import (
    Hit,
    QueryRewrite,
    SearchQuery,
    SearchResult,
    decode_cursor,
    encode_cursor,
)
from search.entity_facets import (
    entities_include,
    forms_aggregations,
    forms_buckets,
    with_forms,
)
from search.entity_pages import (
    EntityCountryTable,
    EntityPage,
    EntityPageQuery,
    entity_page,
    figure_entity_terms,
)
from search.errors import BackendUnavailable, InvalidQuery
from search.facets import FacetValue
from search.families import leftovers, with_attachments
from search.figure_summary import FigureSummary, SummaryQuery, summarise
from search.figures import (
    MEASURE_FACET_SIZE,
    FigureFilters,
    FigurePage,
    FigureQuery,
    FigureRow,
    figure_rows,
)
from search.hit_pages import snippet_page
from search.month_facet import MONTH_FACET, months, tantivy_aggregation
from search.query_syntax import names_no_word, normalise_operators, plain_syntax
from search.tantivy_entity_pages import TantivyEntityPages, entities_by_country
from search.tantivy_schema import (
    EXACT_FIELDS,
    OTHER_FIELD,
    SAMPLE_SLOTS,
    SEARCH_FIELDS,
    document_entry,
    figure_entry,
    range_bound,
    register_analyzers,
    schema,
    source_prefix_query,
    stored_document,
    stored_row,
    text_field,
)

_WRITER_HEAP = 128_000_000
_LOCK_RETRY_SECONDS = 30.0
_SNIPPET_CHARS = 240
_EXPORT_PAGE = 1000
# Matches of the preferred text (the words as typed) score above any BM25 score of the rest.
_PREFERRED_SCORE = 10_000.0
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
        query = source_prefix_query(self.index.schema, prefix)
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

    def _kind(self, kind: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.index.schema, "kind", kind)

    def count(self) -> int:
        result = self.index.searcher().search(self._kind("doc"), 1, count=True)
        return int(getattr(result, "count", 0) or 0)

    def get(self, document_id: str) -> Document | None:
        searcher = self.index.searcher()
        query = tantivy.Query.term_query(self.index.schema, "id", document_id)
        hits = searcher.search(query, 1).hits
        if not hits:
            return None
        return stored_document(searcher.doc(hits[0][1]))

    def iter_documents(self) -> Iterator[Document]:
        searcher = self.index.searcher()
        documents = self._kind("doc")
        page = 500
        for offset in range(0, searcher.num_docs, page):
            hits = searcher.search(documents, page, offset=offset).hits
            if not hits:
                return
            for _, address in hits:
                yield stored_document(searcher.doc(address))

    def search(self, query: SearchQuery, rewrite: QueryRewrite | None = None) -> SearchResult:
        rewrite = rewrite or QueryRewrite.of(query)
        searcher = self.index.searcher()
        text = normalise_operators(rewrite.text)
        # Exact forms match the folded, unstemmed field; snippets still use the stemmed ones.
        fields = SEARCH_FIELDS if query.stem else EXACT_FIELDS
        parsed = self._parse(text, fields)
        # Snippets light up the stemmed forms, and the labels matching leaves to concept words.
        snippet_text = normalise_operators(rewrite.highlight) if rewrite.highlight else text
        reparse = rewrite.highlight or not query.stem
        highlighted = self._parse(snippet_text) if reparse else parsed
        matching = self._filtered(parsed, query, rewrite.topics)
        filtered = matching
        if (preference := rewrite.preference()) is not None:
            preferred = self._parse(normalise_operators(preference), fields)
            filtered = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, matching),
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.const_score_query(preferred, _PREFERRED_SCORE),
                    ),
                ]
            )
        offset = int(decode_cursor(query.cursor).get("offset", 0)) if query.cursor else query.offset
        limit = max(query.limit, 1)  # tantivy panics on 0; limit=0 asks for counts only
        if query.sort == "date":
            result = searcher.search(
                filtered, limit, count=True, offset=offset,
                order_by_field="published", order=tantivy.Order.Desc,
            )  # fmt: skip
        else:
            result = searcher.search(filtered, limit, count=True, offset=offset)
        total = int(getattr(result, "count", 0) or 0)  # `count` is missing from tantivy's stubs
        # Facets count the matches (without the preference tier: it changes scores, not
        # matches), the slow part on large result sets: they run on other threads (tantivy
        # releases the GIL) while this one makes snippets.
        facets = self._facets(searcher, matching, query, total, rewrite) if query.facets else None
        snippets = _Snippets(self, searcher, snippet_text, highlighted)
        hits = []
        for score, address in result.hits[: query.limit]:
            stored = searcher.doc(address)
            # A hit needs a few fields of the record: reading them beats validating it whole.
            record = json.loads(stored["record"][0])
            field = text_field(record.get("language"))
            snippet = snippets.for_field(field).snippet_from_doc(stored).to_html()
            page = snippet_page(stored[field][0], record.get("pages", ()), snippet)
            if not snippet:
                snippet = _escape(stored[field][0][:_SNIPPET_CHARS])
            hits.append(
                Hit(
                    id=record["id"],
                    score=float(score) if isinstance(score, float) else 0.0,
                    title=record.get("title"),
                    source=record["source"],
                    language=record.get("language"),
                    published=record.get("published"),
                    countries=record.get("countries", []),
                    snippet=snippet,
                    page=page,
                )
            )
        following = offset + len(hits)
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets.result() if facets is not None else {},
            facets_sampled=facets.sampled if facets is not None else None,
            next_cursor=encode_cursor({"offset": following}) if following < total else None,
        )

    def search_figures(self, query: FigureQuery, rewrite: QueryRewrite | None = None) -> FigurePage:
        searcher = self.index.searcher()
        filtered = self._figure_filter(query, rewrite or QueryRewrite.of(query))
        offset = int(decode_cursor(query.cursor).get("offset", 0)) if query.cursor else query.offset
        result = searcher.search(filtered, query.limit, count=True, offset=offset, **_order(query))
        rows = [stored_row(searcher.doc(address)) for _, address in result.hits]
        total = int(getattr(result, "count", 0) or 0)
        following = offset + len(rows)
        cursor = encode_cursor({"offset": following}) if following < total else None
        facets = {}
        if query.facets:
            measures = {"terms": {"field": "measure", "size": MEASURE_FACET_SIZE}}
            buckets = searcher.aggregate(filtered, {"measures": measures})["measures"]["buckets"]
            facets["measures"] = [
                FacetValue(value=_key(b["key"]), count=b["doc_count"]) for b in buckets
            ]
        return FigurePage(total=total, rows=rows, next_cursor=cursor, facets=facets)

    def iter_figures(
        self, query: FigureQuery, rewrite: QueryRewrite | None = None
    ) -> Iterator[FigureRow]:
        """Every matching row, a page at a time: exports hold one page in memory, never all."""
        searcher = self.index.searcher()  # one snapshot, so pages neither skip nor repeat
        filtered = self._figure_filter(query, rewrite or QueryRewrite.of(query))
        offset = 0
        while True:
            hits = searcher.search(filtered, _EXPORT_PAGE, offset=offset, **_order(query)).hits
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
                searcher.aggregate(self._figure_filter(filters, rewrite), aggregations)
                for filters, aggregations in requests
            ]

        return summarise(query, aggregate, country_field="country")

    def entity_page(self, query: EntityPageQuery) -> EntityPage | None:
        return entity_page(TantivyEntityPages(self.index), query)

    def entities_by_country(
        self, query: SearchQuery, rewrite: QueryRewrite | None = None
    ) -> EntityCountryTable:
        rewrite = rewrite or QueryRewrite.of(query)
        fields = SEARCH_FIELDS if query.stem else EXACT_FIELDS
        matching = self._filtered(
            self._parse(normalise_operators(rewrite.text), fields), query, rewrite.topics
        )
        return entities_by_country(self.index, matching, query, rewrite)

    def _figure_filter(self, query: FigureFilters, rewrite: QueryRewrite) -> tantivy.Query:
        schema = self.index.schema
        clauses = [(tantivy.Occur.Must, self._kind("figure"))]

        def must(clause: tantivy.Query) -> None:
            clauses.append((tantivy.Occur.Must, clause))

        if rewrite.text.strip():
            must(self._parse(normalise_operators(rewrite.text)))
        for group in rewrite.topics:
            must(self._any_topic(group))
        if rewrite.measures:
            must(self._any_of("measure", rewrite.measures))
        for field, value in (
            ("language", query.lang),
            ("unit", query.unit),
            ("per_key", query.per),
            ("doc_id", query.document),
        ):
            if value:
                must(tantivy.Query.term_query(schema, field, value))
        for country in query.country:
            must(tantivy.Query.term_query(schema, "country", country))
        if query.year is not None:
            must(tantivy.Query.term_query(schema, "year", query.year))
        if query.value_min is not None or query.value_max is not None:
            must(
                tantivy.Query.range_query(
                    schema, "value", tantivy.FieldType.Float, query.value_min, query.value_max
                )
            )
        if query.as_of_from or query.as_of_to:
            bounds = [range_bound(day) for day in (query.as_of_from, query.as_of_to)]
            must(
                tantivy.Query.range_query(
                    schema, "as_of", tantivy.FieldType.Date, bounds[0], bounds[1]
                )
            )
        return tantivy.Query.boolean_query(clauses)  # fmt: skip

    def _parse(self, text: str, fields: list[str] = SEARCH_FIELDS) -> tantivy.Query:
        if names_no_word(text):
            return tantivy.Query.empty_query()
        text = plain_syntax(text)
        if not text.strip():
            return tantivy.Query.all_query()
        if all(word.startswith("-") for word in text.split()):
            text = f"* {text}"  # only exclusions: everything but them (tantivy refuses it bare)
        try:
            return self.index.parse_query(text, fields, conjunction_by_default=True)
        except ValueError as error:
            raise InvalidQuery(f"cannot parse query {text!r}: {error}") from error

    def _any_topic(self, concepts: list[str]) -> tantivy.Query:
        return self._any_of("topic", concepts)

    def _any_of(self, field: str, values: list[str]) -> tantivy.Query:
        schema = self.index.schema
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, field, value))
                for value in values
            ]
        )

    def _filtered(
        self, parsed: tantivy.Query, query: SearchQuery, topics: list[list[str]]
    ) -> tantivy.Query:
        schema = self.index.schema
        clauses = [(tantivy.Occur.Must, parsed), (tantivy.Occur.Must, self._kind("doc"))]
        clauses += [(tantivy.Occur.Must, self._any_topic(group)) for group in topics]

        def must(field: str, value: str) -> None:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, field, value)))

        if query.lang:
            must("language", query.lang)
        for country in query.country:
            must("country", country)
        for labelled, term in query.entity_terms():
            must("entity_label" if labelled else "entity", term)
        if query.source:
            must("source", query.source)
        if query.published_from or query.published_to:
            bounds = [range_bound(day) for day in (query.published_from, query.published_to)]
            published = tantivy.Query.range_query(
                schema, "published", tantivy.FieldType.Date, bounds[0], bounds[1]
            )
            clauses.append((tantivy.Occur.Must, published))
        return tantivy.Query.boolean_query(clauses)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        request: SearchQuery,
        total: int,
        rewrite: QueryRewrite | None = None,
    ) -> _PendingFacets:
        """Facet counts of `query`'s `total` matches, exact up to `exact_facets_up_to`.

        Beyond, they are counted on the documents of the first sample slots (about that many
        matches) and scaled up: counting 90,000 matches' entities and topics takes tens of
        milliseconds, a sample keeps the order of the values and their counts to a few percent.
        """
        aggregations: dict[str, Any] = {
            name: {"terms": {"field": field, "size": request.facet_size}}
            for name, field in _FACET_FIELDS
        }
        rewrite = rewrite or QueryRewrite.of(request)
        include = entities_include(request.facet_label, rewrite.entity_match, rewrite.entity_keys)
        if include:
            aggregations["entities"]["terms"]["include"] = include
        if request.facet_months:
            aggregations[MONTH_FACET] = tantivy_aggregation()
        sampled: tantivy.Query | None = None
        if not request.exact_facets and total > self.exact_facets_up_to:
            slots = math.ceil(SAMPLE_SLOTS * self.exact_facets_up_to / total)
            in_sample = tantivy.Query.range_query(
                self.index.schema, "sample", tantivy.FieldType.Integer, 0, slots - 1
            )
            sampled = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, in_sample)]
            )
            aggregations[_SAMPLE_SIZE] = {"value_count": {"field": "sample"}}
        counted = sampled or query
        # Entities (dozens per document) cost about as much as all the others together.
        groups = [{"entities": aggregations.pop("entities")}, aggregations]
        futures = [_FACET_THREADS.submit(searcher.aggregate, counted, group) for group in groups]
        return _PendingFacets(futures, total, partial(_with_forms, searcher, counted))


_FACET_FIELDS = (
    ("language", "language"),
    ("entities", "entity_label"),
    ("countries", "country"),
    ("year", "year"),
    ("topics", "topic"),
)
_SAMPLE_SIZE = "sample_size"  # an aggregation of sampled facets: how many matches were counted
_FACET_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facets")


class _PendingFacets:
    """Facet counts being aggregated; `result` waits for them, scales a sample's, shapes them."""

    def __init__(
        self,
        futures: list[Future[dict[str, Any]]],
        total: int,
        named: Callable[[list[FacetValue]], list[FacetValue]],
    ) -> None:
        self._futures = futures
        self._total = total
        self._named = named
        self.sampled: float | None = None

    def result(self) -> dict[str, list[FacetValue]]:
        raw: dict[str, Any] = {}
        for future in self._futures:
            raw.update(future.result())
        scale = 1.0
        if _SAMPLE_SIZE in raw:
            counted = int(raw[_SAMPLE_SIZE].get("value") or 0)
            if counted:
                self.sampled = round(counted / self._total, 4)
                scale = self._total / counted

        def count(bucket: dict[str, Any]) -> int:
            return min(self._total, round(bucket["doc_count"] * scale))

        facets: dict[str, list[FacetValue]] = {}
        for name, _ in _FACET_FIELDS:
            buckets = raw.get(name, {}).get("buckets", [])
            if name == "entities":
                facets[name] = [
                    FacetValue(
                        value=b["key"].split(":", 1)[1],
                        label=b["key"].split(":", 1)[0],
                        count=count(b),
                    )
                    for b in buckets
                ]
            else:
                facets[name] = [FacetValue(value=_key(b["key"]), count=count(b)) for b in buckets]
        if MONTH_FACET in raw:
            facets[MONTH_FACET] = months(raw[MONTH_FACET].get("buckets", []), count)
        if facets.get("entities"):
            facets["entities"] = self._named(facets["entities"])
        return facets


def _with_forms(
    searcher: tantivy.Searcher, query: tantivy.Query, entities: list[FacetValue]
) -> list[FacetValue]:
    """The entities facet with the names each value was seen under in the matches."""
    aggregations = forms_aggregations(entities, "entity_form")
    if not aggregations:
        return entities
    return with_forms(entities, forms_buckets(searcher.aggregate(query, aggregations)))


class _Snippets:
    """Snippet generators per stored text field, made only for the fields hits need.

    Other languages' text is in a field the search did not query, so its generator needs
    the query parsed again on that field.
    """

    def __init__(
        self, backend: TantivyBackend, searcher: tantivy.Searcher, text: str, parsed: tantivy.Query
    ) -> None:
        self.backend, self.searcher, self.text, self.parsed = backend, searcher, text, parsed
        self._made: dict[str, tantivy.SnippetGenerator] = {}

    def for_field(self, field: str) -> tantivy.SnippetGenerator:
        if field not in self._made:
            schema = self.backend.index.schema
            query = (
                self.backend._parse(self.text, [OTHER_FIELD])
                if field == OTHER_FIELD
                else self.parsed
            )
            generator = tantivy.SnippetGenerator.create(self.searcher, query, schema, field)
            generator.set_max_num_chars(_SNIPPET_CHARS)
            self._made[field] = generator
        return self._made[field]


def _order(query: FigureQuery) -> dict[str, Any]:
    """tantivy's ordering arguments for a figure query ("document": index order)."""
    if query.sort == "document":
        return {}
    direction = tantivy.Order.Asc if query.order == "asc" else tantivy.Order.Desc
    return {"order_by_field": query.sort, "order": direction}


def _key(value: object) -> str:
    """A bucket key as text: years come back from tantivy as floats."""
    return str(int(value)) if isinstance(value, float) else str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
