"""Entity pages and the entities-by-country table as Elasticsearch bodies, as pure dicts."""

from __future__ import annotations

import pytest

from search.backend import QueryRewrite, SearchQuery, encode_cursor
from search.entity_pages import EntityPageQuery, forms_pattern
from search.errors import InvalidQuery
from search.es_entity_query import (
    aggregate_body,
    by_country_body,
    documents_body,
    figures_body,
)
from search.es_query import search_body
from search.es_schema import figure_source
from search.figures import FigureRow

NGHE_AN = "LOC:nghe an"


def _having(kind: str, terms: list[str]) -> dict[str, object]:
    return {"bool": {"filter": [{"term": {"kind": kind}}, {"terms": {"entity_labels": terms}}]}}


def test_aggregations_over_the_documents_naming_any_of_the_terms() -> None:
    aggregations = {"labels": {"terms": {"field": "entity_labels", "size": 3}}}
    assert aggregate_body(["PER:x", "ORG:x"], aggregations) == {
        "query": _having("doc", ["PER:x", "ORG:x"]),
        "size": 0,
        "aggs": aggregations,
    }


def test_documents_newest_first_paged_by_offset_or_search_after() -> None:
    aggregations = {"countries": {"terms": {"field": "countries", "size": 300}}}
    body = documents_body(NGHE_AN, EntityPageQuery(key="nghe an", limit=5, offset=10), aggregations)
    assert body == {
        "query": _having("doc", [NGHE_AN]),
        "sort": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        "size": 5,
        "track_total_hits": True,
        "_source": {
            "includes": ["id", "title", "source", "published", "language", "countries", "entities"]
        },
        "aggs": aggregations,
        "from": 10,
    }
    cursor = encode_cursor({"after": [1700000000000, "a"]})
    after = documents_body(NGHE_AN, EntityPageQuery(key="nghe an", cursor=cursor), {})
    assert after["search_after"] == [1700000000000, "a"] and "from" not in after
    with pytest.raises(InvalidQuery):
        documents_body(NGHE_AN, EntityPageQuery(key="x", cursor=encode_cursor({"offset": 3})), {})


def test_figures_whose_sentence_names_the_entity_latest_first() -> None:
    assert figures_body(NGHE_AN, 20) == {
        "query": _having("figure", [NGHE_AN]),
        "sort": [{"as_of_day": {"order": "desc", "missing": "_last"}}, {"entry_id": "asc"}],
        "size": 20,
        "track_total_hits": True,
    }


def test_figure_entries_carry_their_sentence_entities() -> None:
    row = FigureRow(
        document_id="d", title=None, source="s", language="fr", countries=[], published=None,
        text="12 cliniques", start=0, end=12, value=12, value_min=None, value_max=None, of=None,
        unit="count", per=None, qualifier=None, about="cliniques", as_of=None, sentence="...",
    )  # fmt: skip
    assert figure_source(row, ["LOC:nghe an"])["entity_labels"] == ["LOC:nghe an"]
    assert figure_source(row)["entity_labels"] == []


def test_the_country_table_counts_countries_under_each_top_entity() -> None:
    query = SearchQuery(lang="fr", country=["VN"], facet_label="ORG", facet_size=7)
    rewrite = QueryRewrite(text="", entity_match="nazioni", entity_keys=["unodc"])
    countries = {"terms": {"field": "countries", "size": 300}}
    assert by_country_body(query, rewrite) == {
        "query": search_body(query, rewrite)["query"],
        "size": 0,
        "track_total_hits": True,
        "aggs": {
            "rows": {
                "terms": {
                    "field": "entity_labels",
                    "size": 7,
                    "include": "ORG:(unodc|.*nazioni.*)",
                },
                "aggs": {"countries": countries},
            },
            "countries": countries,
        },
    }
    everything = by_country_body(SearchQuery(facet_size=3))["aggs"]["rows"]["terms"]
    assert everything == {"field": "entity_labels", "size": 3}


def test_a_key_is_its_own_forms_pattern_when_it_holds_only_letters_digits_and_spaces() -> None:
    assert forms_pattern("LOC:são tomé") == "LOC:são tomé\t.*"
    assert forms_pattern("ORG:a.b") is None  # "." would match any character
    assert forms_pattern("ORG:" + "x" * 700) is None  # past what both engines take
