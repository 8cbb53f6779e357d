"""Translating searches for the embedded index into plain data: which clauses, which order,
which aggregations. Pure and testable as values (tests/search/test_tantivy_query.py), as
search.es_query is for Elasticsearch; search.tantivy_build makes tantivy's objects of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from search.backend import QueryRewrite, SearchQuery, cursor_offset
from search.entity_facets import entities_include
from search.figures import MEASURE_FACET_SIZE, FigureFilters, FigureQuery
from search.month_facet import MONTH_FACET, tantivy_aggregation
from search.query_syntax import names_no_word, normalise_operators, plain_syntax
from search.tantivy_schema import (
    EXACT_FIELDS,
    OTHER_FIELD,
    SAMPLE_SLOTS,
    SEARCH_FIELDS,
    range_bound,
)

# Matches of the preferred text (the words as typed) score above any BM25 score of the rest.
PREFERRED_SCORE = 10_000.0
FACET_FIELDS = (
    ("language", "language"),
    ("entities", "entity_label"),
    ("countries", "country"),
    ("year", "year"),
    ("topics", "topic"),
)
SAMPLE_SIZE = "sample_size"  # an aggregation of sampled facets: how many matches were counted


@dataclass(frozen=True)
class Term:
    """Entries holding this term: a keyword (raw text) or an integer field's value."""

    field: str
    value: str | int


@dataclass(frozen=True)
class Range:
    """Entries whose `field` (of tantivy's type `kind`) lies in [low, high]; None: no bound."""

    field: str
    kind: Literal["date", "float", "integer"]
    low: dt.datetime | float | None
    high: dt.datetime | float | None


@dataclass(frozen=True)
class Parsed:
    """Text in tantivy's query grammar over these text fields, every word required."""

    text: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Regex:
    """Entries with a term of `field` that `pattern` (tantivy's regex syntax) matches whole."""

    field: str
    pattern: str


@dataclass(frozen=True)
class Bool:
    """Entries matching every `must` clause; `should` clauses add to the score, and select
    on their own (any of them) when there is no `must`."""

    must: tuple[Clause, ...] = ()
    should: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class ConstScore:
    """The entries of `query`, each scored `score`."""

    query: Clause
    score: float


@dataclass(frozen=True)
class All:
    """Every entry."""


@dataclass(frozen=True)
class Nothing:
    """No entry."""


Clause = Term | Range | Parsed | Regex | Bool | ConstScore | All | Nothing
# A field to sort by and the direction; None: by score (documents) or index order (figures).
Order = tuple[str, Literal["asc", "desc"]] | None


def kind(name: str) -> Term:
    """The entries of one kind: "doc" (documents) or "figure" (their figures)."""
    return Term("kind", name)


def text_query(text: str, fields: Sequence[str] = SEARCH_FIELDS) -> Clause:
    """Query text (operators normalised) as tantivy's parser may be given it: only our syntax
    left, nothing for a wordless text, everything for an empty one or only exclusions'
    complement."""
    if names_no_word(text):
        return Nothing()
    text = plain_syntax(text)
    if not text.strip():
        return All()
    if all(word.startswith("-") for word in text.split()):
        text = f"* {text}"  # only exclusions: everything but them (tantivy refuses it bare)
    return Parsed(text, tuple(fields))


def any_of(field: str, values: Sequence[str]) -> Bool:
    return Bool(should=tuple(Term(field, value) for value in values))


def search_fields(query: SearchQuery) -> tuple[str, ...]:
    """Exact forms match the folded, unstemmed field; snippets still use the stemmed ones."""
    return tuple(SEARCH_FIELDS if query.stem else EXACT_FIELDS)


def document_filter(text: Clause, query: SearchQuery, topics: list[list[str]]) -> Bool:
    """The documents matching `text` that pass the query's filters and the topic groups."""
    must: list[Clause] = [text, kind("doc")]
    must += [any_of("topic", group) for group in topics]
    if query.lang:
        must.append(Term("language", query.lang))
    must += [Term("country", country) for country in query.country]
    must += [
        Term("entity_label" if labelled else "entity", term)
        for labelled, term in query.entity_terms()
    ]
    if query.source:
        must.append(Term("source", query.source))
    if query.published_from or query.published_to:
        low, high = (range_bound(day) for day in (query.published_from, query.published_to))
        must.append(Range("published", "date", low, high))
    return Bool(must=tuple(must))


def document_matches(query: SearchQuery, rewrite: QueryRewrite) -> Bool:
    """The documents a search matches: the rewrite's text and topics, the query's filters."""
    text = text_query(normalise_operators(rewrite.text), search_fields(query))
    return document_filter(text, query, rewrite.topics)


@dataclass(frozen=True)
class DocumentSearch:
    """One page of a search, as the embedded index runs it."""

    matching: Clause  # what is counted and what facets count
    ranked: Clause  # the same matches, those of the preferred text first
    highlight: Clause  # what snippets light up in French, Italian and English texts
    highlight_other: Clause  # the same, in texts of other languages (their own field)
    order: Order
    limit: int  # hits to fetch: at least one, which tantivy needs
    offset: int


def document_search(query: SearchQuery, rewrite: QueryRewrite | None = None) -> DocumentSearch:
    rewrite = rewrite or QueryRewrite.of(query)
    matching = document_matches(query, rewrite)
    ranked: Clause = matching
    if (preference := rewrite.preference()) is not None:
        preferred = text_query(normalise_operators(preference), search_fields(query))
        ranked = Bool(must=(matching,), should=(ConstScore(preferred, PREFERRED_SCORE),))
    # Snippets light up the stemmed forms, and the labels matching leaves to concept words.
    snippet_text = normalise_operators(rewrite.highlight or rewrite.text)
    return DocumentSearch(
        matching=matching,
        ranked=ranked,
        highlight=text_query(snippet_text),
        highlight_other=text_query(snippet_text, [OTHER_FIELD]),
        order=("published", "desc") if query.sort == "date" else None,
        limit=max(query.limit, 1),  # limit=0 asks for counts only; tantivy panics on 0
        offset=page_offset(query),
    )


def page_offset(query: SearchQuery | FigureQuery) -> int:
    """Where a page starts: its cursor's offset, else the query's."""
    return cursor_offset(query.cursor) if query.cursor else query.offset


@dataclass(frozen=True)
class FacetRequest:
    """Aggregations over `counted`: every match, or a sample of them when too many match."""

    counted: Clause
    # Run side by side: the entities (dozens per document) cost about as much as all the others.
    groups: tuple[dict[str, Any], ...]


def facet_request(
    query: SearchQuery, rewrite: QueryRewrite, matching: Clause, total: int, exact_up_to: int
) -> FacetRequest:
    """The facets of `total` matches, exact up to `exact_up_to` unless asked to be exact.

    Beyond, they are counted on the documents of the first sample slots (about that many
    matches) and scaled up: counting 90,000 matches' entities and topics takes tens of
    milliseconds, a sample keeps the order of the values and their counts to a few percent.
    """
    size = query.facet_size
    aggregations: dict[str, Any] = {
        name: {"terms": {"field": field, "size": size}} for name, field in FACET_FIELDS
    }
    include = entities_include(query.facet_label, rewrite.entity_match, rewrite.entity_keys)
    if include:
        aggregations["entities"]["terms"]["include"] = include
    if query.facet_months:
        aggregations[MONTH_FACET] = tantivy_aggregation()
    counted = matching
    if not query.exact_facets and total > exact_up_to:
        slots = math.ceil(SAMPLE_SLOTS * exact_up_to / total)
        counted = Bool(must=(matching, Range("sample", "integer", 0, slots - 1)))
        aggregations[SAMPLE_SIZE] = {"value_count": {"field": "sample"}}
    entities = {"entities": aggregations.pop("entities")}
    return FacetRequest(counted, (entities, aggregations))


def figure_filter(query: FigureFilters, rewrite: QueryRewrite | None = None) -> Bool:
    """The figure entries `query` selects."""
    rewrite = rewrite or QueryRewrite.of(query)
    must: list[Clause] = [kind("figure")]
    if rewrite.text.strip():
        must.append(text_query(normalise_operators(rewrite.text)))
    must += [any_of("topic", group) for group in rewrite.topics]
    if rewrite.measures:
        must.append(any_of("measure", rewrite.measures))
    for field, value in (
        ("language", query.lang),
        ("unit", query.unit),
        ("per_key", query.per),
        ("doc_id", query.document),
    ):
        if value:
            must.append(Term(field, value))
    must += [Term("country", country) for country in query.country]
    if query.year is not None:
        must.append(Term("year", query.year))
    if query.value_min is not None or query.value_max is not None:
        must.append(Range("value", "float", query.value_min, query.value_max))
    if query.as_of_from or query.as_of_to:
        low, high = (range_bound(day) for day in (query.as_of_from, query.as_of_to))
        must.append(Range("as_of", "date", low, high))
    return Bool(must=tuple(must))


def figure_order(query: FigureQuery) -> Order:
    """The order of figure rows ("document": index order, which is the text's)."""
    return None if query.sort == "document" else (query.sort, query.order)


def figure_facets() -> dict[str, Any]:
    """The figures per measure, beside a page of figure rows."""
    return {"measures": {"terms": {"field": "measure", "size": MEASURE_FACET_SIZE}}}


def entries_having(entry_kind: str, terms: Sequence[str]) -> Bool:
    """Entries of a kind (doc, figure) with any of these "LABEL:key" terms (entity pages)."""
    return Bool(must=(kind(entry_kind), any_of("entity_label", terms)))


# What has a meaning in tantivy's regular expressions (Rust's syntax): escaped in a literal.
_REGEX_SYNTAX = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")


def source_prefix(prefix: str) -> Bool:
    """The documents (not their figures) whose source starts with `prefix`."""
    pattern = _REGEX_SYNTAX.sub(r"\\\1", prefix) + "(?s:.*)"
    return Bool(must=(Regex("source", pattern), kind("doc")))
