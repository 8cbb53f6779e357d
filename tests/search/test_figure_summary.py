"""The figures summary's pure parts as data: the query, the aggregations, the year, the median,
and what the Elasticsearch request and index entries hold."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from search.backend import QueryRewrite
from search.es_query import figure_aggregation_body
from search.es_schema import figure_source, index_body
from search.figure_summary import (
    SummaryQuery,
    cell_aggregations,
    dimension_aggregations,
    median,
    values_leaves,
)
from search.figures import FigureFilters, FigureRow, figure_year, per_key, per_value


@pytest.mark.parametrize(
    ("as_of", "published", "expected"),
    [
        ("2023-09-30", dt.date(2024, 1, 5), (2023, "as_of")),
        ("2023", None, (2023, "as_of")),
        ("2023-Q1", None, (2023, "as_of")),
        ("2019/2021", None, (2021, "as_of")),  # an interval: as it stood at its end
        ("2022/2023-H1", None, (2023, "as_of")),
        ("2019-01-01/2019-06-30", None, (2019, "as_of")),
        ("XXXX-09", dt.date(2022, 5, 1), (2022, "published")),  # the year is unknown
        (None, dt.date(2022, 5, 1), (2022, "published")),
        (None, None, None),
    ],
)
def test_the_year_a_figure_counts_under(
    as_of: str | None, published: dt.date | None, expected: object
) -> None:
    assert figure_year(as_of, published) == expected


def test_per_keys_round_trip() -> None:
    assert [per_key(p) for p in (None, 100000, "day")] == ["none", "100000", "day"]
    assert [per_value(k) for k in ("none", "100000", "day")] == [None, 100000, "day"]


@pytest.mark.parametrize(
    ("given", "by"),
    [
        ("country,year", ["country", "year"]),
        (["year", "country"], ["year", "country"]),
        (["country,year", "country"], ["country", "year"]),
        ("year", ["year"]),
        (" country , ", ["country"]),
    ],
)
def test_by_takes_commas_or_repeats(given: object, by: list[str]) -> None:
    assert SummaryQuery(by=given).by == by  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["", "country,month", ",", []])
def test_by_names_at_least_one_known_dimension(given: object) -> None:
    with pytest.raises(ValidationError):
        SummaryQuery(by=given)  # type: ignore[arg-type]


def test_the_summary_query_hands_its_filters_on() -> None:
    query = SummaryQuery(measure=["deaths"], country=["IT"], year=2023, by=["year"], series=2)
    assert query.filters() == FigureFilters(measure=["deaths"], country=["IT"], year=2023)


def test_cells_nest_unit_rate_basis_then_year_outside_country_whatever_the_order_asked() -> None:
    leaves = {"stats": {"stats": {"field": "value"}}}
    dimensions = {
        "year": {
            "terms": {"field": "year", "size": 1000, "missing": -1},
            "aggs": {
                "country": {
                    "terms": {"field": "countries", "size": 400, "missing": "-"},
                    "aggs": leaves,
                }
            },
        }
    }
    assert dimension_aggregations(["country", "year"], "countries", leaves) == dimensions
    assert dimension_aggregations(["year", "country"], "countries", leaves) == dimensions
    expected = {
        "unit": {
            "terms": {"field": "unit", "size": 500},
            "aggs": {
                "per": {
                    "terms": {"field": "per_key", "size": 100},
                    "aggs": {
                        "basis": {
                            "terms": {"field": "year_basis", "size": 3, "missing": "-"},
                            "aggs": dimensions,
                        }
                    },
                }
            },
        }
    }
    assert cell_aggregations(["year", "country"], "countries", leaves) == expected
    # Counts alone: no empty "aggs" (Elasticsearch refuses one).
    assert dimension_aggregations(["year"], "country", {}) == {
        "year": {"terms": {"field": "year", "size": 1000, "missing": -1}}
    }
    assert values_leaves(0) == {"values": {"terms": {"field": "value", "size": 1}}}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({3: 1}, 3),
        ({2: 1, 1: 1}, 1.5),
        ({9: 1, 1: 2}, 1),
        ({1: 1, 5: 2, 9: 1}, 5),
        ({3810: 1, 10: 1, 1000: 1, 1200: 1, 3000: 1}, 1200),
        ({}, None),
    ],
)
def test_medians_of_counted_values(values: dict[float, int], expected: float | None) -> None:
    assert median(values.items()) == expected
    # The same value from two buckets (a cell's two year bases) counts for both.
    assert median([(5, 1), (1, 1), (5, 1)]) == 5


def test_the_elasticsearch_request_filters_figures_and_fetches_no_hits() -> None:
    aggregations = {"values": {"terms": {"field": "value", "size": 5}}}
    filters = FigureFilters(unit="EUR", per="day", year=2022, country=["VN"])
    body = figure_aggregation_body(filters, aggregations, QueryRewrite(text="", measures=["m"]))
    assert body == {
        "query": {
            "bool": {
                "must": [{"match_all": {}}],
                "filter": [
                    {"term": {"kind": "figure"}},
                    {"terms": {"measure": ["m"]}},
                    {"term": {"unit": "EUR"}},
                    {"term": {"per_key": "day"}},
                    {"term": {"countries": "VN"}},
                    {"term": {"year": 2022}},
                ],
            }
        },
        "size": 0,
        "track_total_hits": True,
        "aggs": aggregations,
    }


def test_figure_entries_carry_their_rate_and_year() -> None:
    properties = index_body()["mappings"]["properties"]
    assert properties["per_key"] == properties["year_basis"] == {"type": "keyword"}
    row = FigureRow(
        document_id="d1", title=None, source="d1.txt", language="it", countries=["IT"],
        published=dt.date(2024, 3, 1), text="217 ogni 100.000", start=0, end=16, value=217,
        value_min=None, value_max=None, of=None, unit="count", per=100000, qualifier=None,
        about=None, as_of=None, sentence="217 ogni 100.000 abitanti.",
    )  # fmt: skip
    source = figure_source(row)
    assert (source["per"], source["per_key"], source["year"], source["year_basis"]) == (
        100000,
        "100000",
        2024,
        "published",
    )
    undated = figure_source(row.model_copy(update={"published": None, "per": None}))
    assert (undated["per_key"], undated["year"], undated["year_basis"]) == ("none", None, None)
