"""Entity pages and the entities-by-country table as Elasticsearch request bodies: pure,
testable as dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from search.backend import QueryRewrite, SearchQuery, cursor_after
from search.entity_facets import entities_include
from search.entity_pages import Aggregations, EntityFields, EntityPageQuery, country_aggregations
from search.es_query import search_body

FIELDS = EntityFields(labels="entity_labels", forms="entity_forms", countries="countries")
# What a document row of a page needs of the record: the entities count its mentions.
DOCUMENT_FIELDS = ["id", "title", "source", "published", "language", "countries", "entities"]


def having(kind: str, terms: Sequence[str]) -> dict[str, Any]:
    """Entries of `kind` (doc, figure) with any of these "LABEL:key" terms."""
    return {"bool": {"filter": [{"term": {"kind": kind}}, {"terms": {FIELDS.labels: list(terms)}}]}}


def aggregate_body(terms: Sequence[str], aggregations: Aggregations) -> dict[str, Any]:
    """Aggregations over the documents with any of these terms."""
    return {"query": having("doc", terms), "size": 0, "aggs": aggregations}


def documents_body(term: str, query: EntityPageQuery, aggregations: Aggregations) -> dict[str, Any]:
    """A page of the documents with `term`, newest first (id breaks ties, so `search_after`
    pages past 10,000), with aggregations over all of them."""
    body: dict[str, Any] = {
        "query": having("doc", [term]),
        "sort": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        "size": query.limit,
        "track_total_hits": True,
        "_source": {"includes": DOCUMENT_FIELDS},
        "aggs": aggregations,
    }
    if query.cursor:
        body["search_after"] = cursor_after(query.cursor)
    else:
        body["from"] = query.offset
    return body


def figures_body(term: str, size: int) -> dict[str, Any]:
    """The first `size` figure entries whose sentence names `term`, latest as-of date first."""
    return {
        "query": having("figure", [term]),
        "sort": [{"as_of_day": {"order": "desc", "missing": "_last"}}, {"entry_id": "asc"}],
        "size": size,
        "track_total_hits": True,
    }


def by_country_body(query: SearchQuery, rewrite: QueryRewrite | None = None) -> dict[str, Any]:
    """The entities-by-country table over the documents a search with the same filters finds
    (the entities list's: label, names, language, countries ...)."""
    rewrite = rewrite or QueryRewrite.of(query)
    include = entities_include(query.facet_label, rewrite.entity_match, rewrite.entity_keys)
    return {
        "query": search_body(query, rewrite)["query"],
        "size": 0,
        "track_total_hits": True,
        "aggs": country_aggregations(include, query.facet_size, FIELDS),
    }
