"""Translating a `SearchQuery` into an Elasticsearch request body: pure, testable as dicts."""

from __future__ import annotations

from typing import Any

from search.backend import QueryRewrite, SearchQuery, cursor_after
from search.entity_facets import entities_include
from search.errors import InvalidQuery
from search.figures import MEASURE_FACET_SIZE, FigureFilters, FigureQuery
from search.month_facet import MONTH_FACET, es_aggregation
from search.query_syntax import names_no_word, normalise_operators, split_phrases, unbalanced

TEXT_FIELDS = [
    "text",
    "text.fr",
    "text.it",
    "text.en",
    "title^2",
    "title.fr",
    "title.it",
    "title.en",
    "concept_words",
]
SNIPPET_CHARS = 240
# Matches of the preferred text (the words as typed) score above any BM25 score of the rest.
PREFERRED_BOOST = 10_000.0
_OPERATORS = {"AND": "+", "OR": "|", "NOT": "-"}


def to_simple_query(text: str) -> str:
    """The user's query in simple_query_string syntax (AND, OR, NOT become +, |, -).

    simple_query_string never runs scripts or regexes and treats stray characters as text,
    so user input reaches Elasticsearch without any query_string parsing.
    """
    if (reason := unbalanced(text)) is not None:
        raise InvalidQuery(f"cannot parse query {text!r}: {reason}")
    translated = []
    for index, part in enumerate(split_phrases(text)):
        if index % 2:  # a phrase: its words are no operators
            translated.append(part)
            continue
        words = [_OPERATORS.get(word, word) for word in part.split(" ")]
        translated.append(" ".join(words).replace("- ", "-"))
    return "".join(translated)


NEUTRAL_FIELDS = ["text", "title^2", "concept_words"]


def _simple_query(text: str, fields: list[str]) -> dict[str, Any]:
    """Every word required unless OR; only simple_query_string's safe operators enabled."""
    return {
        "simple_query_string": {
            "query": to_simple_query(normalise_operators(text)),
            "fields": fields,
            "default_operator": "and",
            "flags": "AND|OR|NOT|PHRASE|PRECEDENCE|WHITESPACE|ESCAPE|SLOP",
        }
    }


def _any_topic(concepts: list[str]) -> dict[str, Any]:
    return {"terms": {"topic_ids": concepts}}


def search_body(query: SearchQuery, rewrite: QueryRewrite | None = None) -> dict[str, Any]:
    """The body of a search: query with filters, sort, highlight, facets, pagination.

    Hits are sorted with `id` as tiebreaker so `search_after` can page past 10,000.
    """
    rewrite = rewrite or QueryRewrite.of(query)
    fields = TEXT_FIELDS if query.stem else NEUTRAL_FIELDS
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    if names_no_word(rewrite.text):
        must.append({"match_none": {}})
    elif rewrite.text.strip():
        must.append(_simple_query(rewrite.text, fields))
    if (preference := rewrite.preference()) is not None:
        preferred = _simple_query(preference, fields)
        should.append({"constant_score": {"filter": preferred, "boost": PREFERRED_BOOST}})
    filters: list[dict[str, Any]] = [{"term": {"kind": "doc"}}]
    filters += [_any_topic(group) for group in rewrite.topics]
    if query.lang:
        filters.append({"term": {"language": query.lang}})
    filters += [{"term": {"countries": country}} for country in query.country]
    filters += [
        {"term": {"entity_labels" if labelled else "entity_keys": term}}
        for labelled, term in query.entity_terms()
    ]
    if query.source:
        filters.append({"term": {"source": query.source}})
    if query.published_from or query.published_to:
        bounds = {"gte": query.published_from, "lte": query.published_to}
        filters.append({"range": {"published": {k: v.isoformat() for k, v in bounds.items() if v}}})
    if query.sort == "date":
        sort: list[Any] = [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    else:
        sort = ["_score", {"id": "asc"}]
    boolean: dict[str, Any] = {"must": must or [{"match_all": {}}], "filter": filters}
    if should:
        boolean["should"] = should
    body: dict[str, Any] = {
        "query": {"bool": boolean},
        "sort": sort,
        "size": query.limit,
        "track_total_hits": True,
        "_source": {"excludes": ["text", "entities", "figures", "dates", "paragraph_languages"]},
        "highlight": {
            "pre_tags": ["<b>"],
            "post_tags": ["</b>"],
            "encoder": "html",
            "fields": {
                **{field: {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
                   for field in ("text.fr", "text.it", "text.en")},
                # The neutral field also gives the text's opening when nothing matched.
                "text": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                         "no_match_size": SNIPPET_CHARS},
            },
        },
        "aggs": {
            "language": {"terms": {"field": "language", "size": query.facet_size}},
            "entities": {"terms": {"field": "entity_labels", "size": query.facet_size}},
            "countries": {"terms": {"field": "countries", "size": query.facet_size}},
            "year": {"terms": {"field": "year", "size": query.facet_size}},
            "topics": {"terms": {"field": "topic_ids", "size": query.facet_size}},
        },
    }  # fmt: skip
    if rewrite.highlight:
        body["highlight"]["highlight_query"] = _simple_query(rewrite.highlight, TEXT_FIELDS)
    include = entities_include(query.facet_label, rewrite.entity_match, rewrite.entity_keys)
    if include:
        body["aggs"]["entities"]["terms"]["include"] = include
    if query.facet_months:
        body["aggs"][MONTH_FACET] = es_aggregation()
    if not query.facets:
        del body["aggs"]
    if query.cursor:
        body["search_after"] = cursor_after(query.cursor)
    else:
        body["from"] = query.offset
    return body


def figure_filter(filters: FigureFilters, rewrite: QueryRewrite | None = None) -> dict[str, Any]:
    """The query that selects the figure entries `filters` asks for."""
    rewrite = rewrite or QueryRewrite.of(filters)
    must: list[dict[str, Any]] = []
    if names_no_word(rewrite.text):
        must.append({"match_none": {}})
    elif rewrite.text.strip():
        must.append(
            _simple_query(
                rewrite.text, ["words", "words.fr", "words.it", "words.en", "concept_words"]
            )
        )
    wanted: list[dict[str, Any]] = [{"term": {"kind": "figure"}}]
    wanted += [_any_topic(group) for group in rewrite.topics]
    if rewrite.measures:
        wanted.append({"terms": {"measure": rewrite.measures}})
    for field, value in (
        ("language", filters.lang),
        ("unit", filters.unit),
        ("per_key", filters.per),
        ("doc_id", filters.document),
    ):
        if value:
            wanted.append({"term": {field: value}})
    wanted += [{"term": {"countries": country}} for country in filters.country]
    if filters.value_min is not None or filters.value_max is not None:
        bounds = {"gte": filters.value_min, "lte": filters.value_max}
        wanted.append({"range": {"value": {k: v for k, v in bounds.items() if v is not None}}})
    if filters.as_of_from or filters.as_of_to:
        days = {"gte": filters.as_of_from, "lte": filters.as_of_to}
        wanted.append({"range": {"as_of_day": {k: v.isoformat() for k, v in days.items() if v}}})
    if filters.year is not None:
        wanted.append({"term": {"year": filters.year}})
    return {"bool": {"must": must or [{"match_all": {}}], "filter": wanted}}


def figure_aggregation_body(
    filters: FigureFilters, aggregations: dict[str, Any], rewrite: QueryRewrite | None = None
) -> dict[str, Any]:
    """The body that runs `aggregations` over the figures `filters` selects, with no hits."""
    return {
        "query": figure_filter(filters, rewrite),
        "size": 0,
        "track_total_hits": True,
        "aggs": aggregations,
    }


def figure_body(
    query: FigureQuery, page_size: int | None = None, rewrite: QueryRewrite | None = None
) -> dict[str, Any]:
    """The body of a figure search: filters on the figure entries, sort with a tiebreaker."""
    field = {"document": "doc_id", "value": "value", "as_of": "as_of_day"}[query.sort]
    sort: list[Any] = [{field: {"order": query.order, "missing": "_last"}}]
    if query.sort == "document":
        sort.append({"position": "asc"})
    sort.append({"entry_id": "asc"})
    body: dict[str, Any] = {
        "query": figure_filter(query, rewrite),
        "sort": sort,
        "size": page_size or query.limit,
        "track_total_hits": True,
    }  # fmt: skip
    if query.facets and page_size is None:  # a page, not an export: count figures per measure
        body["aggs"] = {"measures": {"terms": {"field": "measure", "size": MEASURE_FACET_SIZE}}}
    if query.cursor:
        body["search_after"] = cursor_after(query.cursor)
    elif page_size is None:
        body["from"] = query.offset
    return body
