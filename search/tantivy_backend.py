"""The embedded backend: a tantivy index on disk with per-language stemmed fields."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

from ingest.model import Document, Failure
from search.backend import (
    FacetValue,
    Hit,
    SearchQuery,
    SearchResult,
    decode_cursor,
    encode_cursor,
    normalise_operators,
)
from search.errors import BackendUnavailable, InvalidQuery

STEMMED_LANGUAGES = {"fr": "french", "it": "italian", "en": "english"}
_NEUTRAL_FIELD = "body_any"  # every document, folded but not stemmed; not stored
_OTHER_FIELD = "body_other"  # stored text of documents in languages without a stemmer
_SEARCH_FIELDS = [f"body_{code}" for code in STEMMED_LANGUAGES] + [_NEUTRAL_FIELD]
_FACET_SIZE = 20
_WRITER_HEAP = 128_000_000
_LOCK_RETRY_SECONDS = 30.0
_SNIPPET_CHARS = 240


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("source", tokenizer_name="raw")
    for code in STEMMED_LANGUAGES:
        builder.add_text_field(f"body_{code}", stored=True, tokenizer_name=f"stem_{code}")
    builder.add_text_field(_NEUTRAL_FIELD, tokenizer_name="folded")
    builder.add_text_field(_OTHER_FIELD, stored=True, tokenizer_name="folded")
    for keyword in ("language", "entity", "entity_label", "country"):
        builder.add_text_field(keyword, tokenizer_name="raw", fast=True)
    builder.add_date_field("published", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_bytes_field("record", stored=True)
    return builder.build()


def _register_analyzers(index: tantivy.Index) -> None:
    # Stemming before folding: the Snowball stemmers expect the accented forms.
    for code, language in STEMMED_LANGUAGES.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(language))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        index.register_tokenizer(f"stem_{code}", analyzer)
    folded = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("folded", folded)


class TantivyBackend:
    """A tantivy index in `path`; opened on first use, writers taken per batch and released."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: tantivy.Index | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                    self._index = tantivy.Index(_schema(), path=str(self.path), reuse=True)
                except (OSError, ValueError) as error:
                    raise BackendUnavailable(
                        f"cannot open index at {self.path}: {error}"
                    ) from error
                _register_analyzers(self._index)
            return self._index

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        if not documents:
            return []
        writer = self._writer()
        try:
            for document in documents:
                writer.delete_documents_by_term("id", document.id)
                writer.add_document(_to_tantivy(document))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return []

    def delete(self, document_id: str) -> bool:
        if self.get(document_id) is None:
            return False
        writer = self._writer()
        try:
            writer.delete_documents_by_term("id", document_id)
            writer.commit()
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return True

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
        return int(self.index.searcher().num_docs)

    def get(self, document_id: str) -> Document | None:
        searcher = self.index.searcher()
        query = tantivy.Query.term_query(self.index.schema, "id", document_id)
        hits = searcher.search(query, 1).hits
        if not hits:
            return None
        return _record(searcher.doc(hits[0][1]))

    def iter_documents(self) -> Iterator[Document]:
        searcher = self.index.searcher()
        everything = tantivy.Query.all_query()
        page = 500
        for offset in range(0, searcher.num_docs, page):
            for _, address in searcher.search(everything, page, offset=offset).hits:
                yield _record(searcher.doc(address))

    def search(self, query: SearchQuery) -> SearchResult:
        index = self.index
        searcher = index.searcher()
        text = normalise_operators(query.q)
        # Exact forms match the folded, unstemmed field; snippets still use the stemmed ones.
        parsed = self._parse(text, _SEARCH_FIELDS if query.stem else [_NEUTRAL_FIELD])
        highlighted = parsed if query.stem else self._parse(text)
        filtered = self._filtered(parsed, query)
        offset = int(decode_cursor(query.cursor).get("offset", 0)) if query.cursor else query.offset
        limit = max(query.limit, 1)  # tantivy panics on 0; limit=0 asks for counts only
        if query.sort == "date":
            result = searcher.search(
                filtered, limit, count=True, offset=offset,
                order_by_field="published", order=tantivy.Order.Desc,
            )  # fmt: skip
        else:
            result = searcher.search(filtered, limit, count=True, offset=offset)
        snippets = self._snippet_generators(searcher, text, highlighted)
        hits = []
        for score, address in result.hits[: query.limit]:
            stored = searcher.doc(address)
            document = _record(stored)
            generator = snippets[_text_field(document.language)]
            snippet = generator.snippet_from_doc(stored).to_html()
            if not snippet:
                snippet = _escape(document.text[:_SNIPPET_CHARS])
            hits.append(
                Hit(
                    id=document.id,
                    score=float(score) if isinstance(score, float) else 0.0,
                    title=document.title,
                    source=document.source,
                    language=document.language,
                    published=document.published,
                    countries=document.countries,
                    snippet=snippet,
                )
            )
        total = int(getattr(result, "count", 0) or 0)  # `count` is missing from tantivy's stubs
        following = offset + len(hits)
        return SearchResult(
            total=total,
            hits=hits,
            facets=self._facets(searcher, filtered),
            next_cursor=encode_cursor({"offset": following}) if following < total else None,
        )

    def _snippet_generators(
        self, searcher: tantivy.Searcher, text: str, parsed: tantivy.Query
    ) -> dict[str, tantivy.SnippetGenerator]:
        """One generator per stored text field; other languages need the query on their field."""
        schema = self.index.schema
        generators = {
            field: tantivy.SnippetGenerator.create(searcher, parsed, schema, field)
            for field in _SEARCH_FIELDS
            if field != _NEUTRAL_FIELD
        }
        other = self._parse(text, [_OTHER_FIELD])
        generators[_OTHER_FIELD] = tantivy.SnippetGenerator.create(
            searcher, other, schema, _OTHER_FIELD
        )
        for generator in generators.values():
            generator.set_max_num_chars(_SNIPPET_CHARS)
        return generators

    def _parse(self, text: str, fields: list[str] = _SEARCH_FIELDS) -> tantivy.Query:
        if not text.strip():
            return tantivy.Query.all_query()
        if all(word.startswith("-") for word in text.split()):
            text = f"* {text}"  # only exclusions: everything but them (tantivy refuses it bare)
        try:
            return self.index.parse_query(text, fields, conjunction_by_default=True)
        except ValueError as error:
            raise InvalidQuery(f"cannot parse query {text!r}: {error}") from error

    def _filtered(self, parsed: tantivy.Query, query: SearchQuery) -> tantivy.Query:
        schema = self.index.schema
        clauses = [(tantivy.Occur.Must, parsed)]

        def must(field: str, value: str) -> None:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, field, value)))

        if query.lang:
            must("language", query.lang)
        for country in query.country:
            must("country", country)
        for term in query.entity_terms():
            must("entity_label" if query.label else "entity", term)
        if query.source:
            must("source", query.source)
        if query.published_from or query.published_to:
            bounds = [
                None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
                for day in (query.published_from, query.published_to)
            ]
            published = tantivy.Query.range_query(
                schema, "published", tantivy.FieldType.Date, bounds[0], bounds[1]
            )
            clauses.append((tantivy.Occur.Must, published))
        return parsed if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _facets(
        self, searcher: tantivy.Searcher, query: tantivy.Query
    ) -> dict[str, list[FacetValue]]:
        aggregations: dict[str, Any] = {
            name: {"terms": {"field": field, "size": _FACET_SIZE}}
            for name, field in (
                ("language", "language"),
                ("entities", "entity_label"),
                ("countries", "country"),
                ("year", "year"),
            )
        }
        raw = searcher.aggregate(query, aggregations)
        facets: dict[str, list[FacetValue]] = {}
        for name in aggregations:
            buckets = raw.get(name, {}).get("buckets", [])
            if name == "entities":
                facets[name] = [
                    FacetValue(
                        value=b["key"].split(":", 1)[1],
                        label=b["key"].split(":", 1)[0],
                        count=b["doc_count"],
                    )
                    for b in buckets
                ]
            else:
                facets[name] = [
                    FacetValue(value=_key(b["key"]), count=b["doc_count"]) for b in buckets
                ]
        return facets


def _to_tantivy(document: Document) -> tantivy.Document:
    stored = tantivy.Document()
    stored.add_text("id", document.id)
    stored.add_text("source", document.source)
    # The text is stored once, in its language's field; the record keeps everything else.
    stored.add_text(_text_field(document.language), document.text)
    if document.title:
        stored.add_text(_NEUTRAL_FIELD, document.title)
    stored.add_text(_NEUTRAL_FIELD, document.text)
    stored.add_text("language", document.language or "und")
    named = [entity for entity in document.entities if entity.label != "MISC"]
    for key in sorted({entity.key for entity in named}):
        stored.add_text("entity", key)
    for labelled in sorted({f"{entity.label}:{entity.key}" for entity in named}):
        stored.add_text("entity_label", labelled)
    for country in document.countries:
        stored.add_text("country", country)
    if document.published:
        midnight = dt.datetime.combine(document.published, dt.time(), tzinfo=dt.UTC)
        stored.add_date("published", midnight)
        stored.add_integer("year", document.published.year)
    stored.add_bytes("record", document.model_dump_json(exclude={"text"}).encode("utf-8"))
    return stored


def _text_field(language: str | None) -> str:
    return f"body_{language}" if language in STEMMED_LANGUAGES else _OTHER_FIELD


def _record(stored: tantivy.Document) -> Document:
    record = json.loads(stored["record"][0])
    record["text"] = stored[_text_field(record.get("language"))][0]
    return Document.model_validate(record)


def _key(value: object) -> str:
    """A bucket key as text: years come back from tantivy as floats."""
    return str(int(value)) if isinstance(value, float) else str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
