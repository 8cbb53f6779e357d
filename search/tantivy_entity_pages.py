"""Entity pages and the entities-by-country table on the embedded index."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import tantivy
from pydantic_core import from_json

from search.backend import QueryRewrite, SearchQuery, cursor_offset, encode_cursor
from search.entity_facets import entities_include
from search.entity_pages import (
    Aggregations,
    EntityCountryTable,
    EntityFields,
    EntityPageQuery,
    country_aggregations,
    country_table,
)
from search.facets import FacetValue
from search.figures import FigureRow
from search.tantivy_build import QueryBuilder
from search.tantivy_facets import index_forms
from search.tantivy_query import entries_having
from search.tantivy_schema import stored_row

FIELDS = EntityFields(labels="entity_label", forms="entity_form", countries="country")


class TantivyEntityPages:
    """The steps of `search.entity_pages.entity_page` on one searcher (one snapshot)."""

    fields = FIELDS

    def __init__(self, index: tantivy.Index) -> None:
        self.build = QueryBuilder(index)
        self.searcher = index.searcher()

    def _having(self, kind: str, terms: Sequence[str]) -> tantivy.Query:
        """Entries of `kind` (doc, figure) with any of these "LABEL:key" terms."""
        return self.build(entries_having(kind, terms))

    def aggregate(self, terms: Sequence[str], aggregations: Aggregations) -> Aggregations:
        return self.searcher.aggregate(self._having("doc", terms), aggregations)

    def documents(
        self, term: str, query: EntityPageQuery, aggregations: Aggregations
    ) -> tuple[int, list[dict[str, Any]], Aggregations, str | None]:
        having = self._having("doc", [term])
        offset = cursor_offset(query.cursor) if query.cursor else query.offset
        # limit=0 asks for the rest of the page only; tantivy panics on 0.
        found = self.searcher.search(
            having, max(query.limit, 1), count=True, offset=offset,
            order_by_field="published", order=tantivy.Order.Desc,
        )  # fmt: skip
        total = int(getattr(found, "count", 0) or 0)
        # The stored record holds everything but the text: the fields a row needs, and the
        # entities its mentions are counted from. pydantic's parser reads these records (tens
        # of kilobytes: entities, figures, dates) in about half json.loads's time.
        records = [
            from_json(self.searcher.doc(address)["record"][0])
            for _, address in found.hits[: query.limit]
        ]
        following = offset + len(records)
        cursor = encode_cursor({"offset": following}) if records and following < total else None
        return total, records, self.searcher.aggregate(having, aggregations), cursor

    def figures(self, term: str, size: int) -> tuple[int, list[FigureRow]]:
        having = self._having("figure", [term])
        found = self.searcher.search(
            having, max(size, 1), count=True, order_by_field="as_of", order=tantivy.Order.Desc
        )
        rows = [stored_row(self.searcher.doc(address)) for _, address in found.hits[:size]]
        return int(getattr(found, "count", 0) or 0), rows

    def with_forms(self, entities: list[FacetValue]) -> list[FacetValue]:
        return index_forms(self.searcher, entities)


def entities_by_country(
    index: tantivy.Index, matching: tantivy.Query, query: SearchQuery, rewrite: QueryRewrite
) -> EntityCountryTable:
    """The table over the documents `matching` selects: those of `query` (its filters)."""
    searcher = index.searcher()
    include = entities_include(query.facet_label, rewrite.entity_match, rewrite.entity_keys)
    aggregations = country_aggregations(include, query.facet_size, FIELDS)
    return country_table(
        _count(searcher, matching),
        searcher.aggregate(matching, aggregations),
        partial(index_forms, searcher),
    )


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    # `count` is missing from tantivy's stubs.
    return int(getattr(searcher.search(query, 1, count=True), "count", 0) or 0)
