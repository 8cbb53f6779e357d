"""Entity pages and the entities-by-country table on Elasticsearch: search.es_entity_query's
bodies, run through the backend's client call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from search.backend import QueryRewrite, SearchQuery
from search.entity_facets import with_aggregated_forms
from search.entity_pages import Aggregations, EntityCountryTable, EntityPageQuery, country_table
from search.es_entity_query import (
    FIELDS,
    aggregate_body,
    by_country_body,
    documents_body,
    figures_body,
)
from search.es_results import next_cursor, total
from search.es_schema import row_from_source
from search.facets import FacetValue
from search.figures import FigureRow

# Runs one search body: (what it does, for error messages; body) -> the response.
Search = Callable[[str, dict[str, Any]], dict[str, Any]]


class ElasticsearchEntityPages:
    """The steps of `search.entity_pages.entity_page` as search requests."""

    fields = FIELDS

    def __init__(self, search: Search) -> None:
        self.search = search

    def aggregate(self, terms: Sequence[str], aggregations: Aggregations) -> Aggregations:
        response = self.search(
            "aggregate an entity's documents", aggregate_body(terms, aggregations)
        )
        return dict(response.get("aggregations", {}))

    def documents(
        self, term: str, query: EntityPageQuery, aggregations: Aggregations
    ) -> tuple[int, list[dict[str, Any]], Aggregations, str | None]:
        response = self.search(
            "list an entity's documents", documents_body(term, query, aggregations)
        )
        hits = response["hits"]["hits"]
        matched = total(response)
        cursor = next_cursor(hits, query.limit, query.offset, query.cursor, matched)
        records = [hit["_source"] for hit in hits]
        return matched, records, response.get("aggregations", {}), cursor

    def figures(self, term: str, size: int) -> tuple[int, list[FigureRow]]:
        response = self.search("list an entity's figures", figures_body(term, size))
        return total(response), [
            row_from_source(hit["_source"]) for hit in response["hits"]["hits"]
        ]

    def with_forms(self, entities: list[FacetValue]) -> list[FacetValue]:
        # Over the documents naming any of them: every document a name of theirs is in.
        named = [f"{entity.label}:{entity.value}" for entity in entities if entity.label]
        return with_aggregated_forms(
            entities, FIELDS.forms, lambda lookups: self.aggregate(named, lookups)
        )


def entities_by_country(
    search: Search, query: SearchQuery, rewrite: QueryRewrite | None = None
) -> EntityCountryTable:
    body = by_country_body(query, rewrite)
    response = search("count entities per country", body)

    named = ElasticsearchEntityPages(search).with_forms
    return country_table(total(response), response.get("aggregations", {}), named)
