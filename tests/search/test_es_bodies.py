"""The exact Elasticsearch mapping and query bodies, as pure dicts."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.model import Document, Entity
from search.backend import QueryRewrite, SearchQuery
from search.errors import InvalidQuery
from search.es_query import figure_body, search_body, to_simple_query
from search.es_schema import from_source, index_body, index_name, to_source
from search.figures import FigureQuery


def test_index_name_is_versioned() -> None:
    assert index_name("policylens") == "policylens-v7"
    assert index_name("policylens", 7) == "policylens-v7"


def test_mapping_uses_built_in_analyzers_and_figure_fields() -> None:
    body = index_body()
    properties = body["mappings"]["properties"]
    assert body["mappings"]["dynamic"] is False
    assert properties["text"] == {
        "type": "text",
        "analyzer": "folded",
        "fields": {
            "fr": {"type": "text", "analyzer": "french"},
            "it": {"type": "text", "analyzer": "italian"},
            "en": {"type": "text", "analyzer": "english"},
        },
    }
    assert body["settings"]["analysis"]["analyzer"]["folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    for keyword in ("id", "source", "language", "countries", "entity_keys", "entity_labels"):
        assert properties[keyword] == {"type": "keyword"}
    assert properties["published"] == {"type": "date", "format": "strict_date"}
    for keyword in ("kind", "doc_id", "entry_id", "unit"):
        assert properties[keyword] == {"type": "keyword"}
    assert properties["words"] == properties["text"]
    assert properties["value"] == {"type": "double"}
    assert properties["as_of_day"] == {"type": "date", "format": "strict_date"}
    assert "figures" not in properties  # kept in _source; figure entries are queried instead


def test_source_round_trips_and_adds_query_fields() -> None:
    document = Document(
        id="d",
        source="s.txt",
        text="Tran Anh Tuan",
        published=dt.date(2023, 10, 6),
        entities=[Entity(text="Tran Anh Tuan", label="PER", start=0, end=13, key="tran anh tuan")],
    )
    source = to_source(document)
    assert source["entity_keys"] == ["tran anh tuan"]
    assert source["entity_labels"] == ["PER:tran anh tuan"]
    assert source["year"] == 2023
    assert source["published"] == "2023-10-06"
    assert from_source(source) == document


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("toxicomane traitement", "toxicomane traitement"),
        ("metadone OR toxicomanes", "metadone | toxicomanes"),
        ("drogue AND prison", "drogue + prison"),
        ('NOT cannabis "réduction des risques"', '-cannabis "réduction des risques"'),
        ('"OR inside a phrase"', '"OR inside a phrase"'),
    ],
)
def test_operators_become_simple_query_syntax(query: str, expected: str) -> None:
    assert to_simple_query(query) == expected


@pytest.mark.parametrize("query", ['"open phrase', "(unclosed", "a) b ("])
def test_unbalanced_queries_are_rejected(query: str) -> None:
    with pytest.raises(InvalidQuery):
        to_simple_query(query)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"NOT in education" AND youth', '"NOT in education" + youth'),
        ('youth "jobs AND NOT training" NOT x', 'youth "jobs AND NOT training" -x'),
    ],
)
def test_operators_inside_a_phrase_are_its_words(q: str, expected: str) -> None:
    body = search_body(SearchQuery(q=q))
    assert body["query"]["bool"]["must"][0]["simple_query_string"]["query"] == expected
    figures = figure_body(FigureQuery(q=q))["query"]["bool"]["must"][0]
    assert figures["simple_query_string"]["query"] == expected


def test_search_body_with_filters_facets_and_highlight() -> None:
    body = search_body(
        SearchQuery(q="toxicomane", lang="fr", entity=("nghe an",), limit=5, offset=10)
    )
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "simple_query_string": {
                        "query": "toxicomane",
                        "fields": [
                            "text",
                            "text.fr",
                            "text.it",
                            "text.en",
                            "title^2",
                            "title.fr",
                            "title.it",
                            "title.en",
                            "concept_words",
                        ],
                        "default_operator": "and",
                        "flags": "AND|OR|NOT|PHRASE|PRECEDENCE|WHITESPACE|ESCAPE|SLOP",
                    }
                }
            ],
            "filter": [
                {"term": {"kind": "doc"}},
                {"term": {"language": "fr"}},
                {"term": {"entity_keys": "nghe an"}},
            ],
        }
    }
    assert (body["from"], body["size"], body["track_total_hits"]) == (10, 5, True)
    assert body["sort"] == ["_score", {"id": "asc"}]
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<b>"]
    assert set(body["aggs"]) == {"language", "entities", "countries", "year", "topics"}
    assert body["aggs"]["entities"] == {"terms": {"field": "entity_labels", "size": 20}}


def test_empty_query_matches_everything() -> None:
    assert search_body(SearchQuery())["query"]["bool"]["must"] == [{"match_all": {}}]
    # Typed but wordless: nothing, not everything.
    assert search_body(SearchQuery(q="??"))["query"]["bool"]["must"] == [{"match_none": {}}]
    assert figure_body(FigureQuery(q="💩"))["query"]["bool"]["must"] == [{"match_none": {}}]


def test_filters_sort_by_date_and_cursor() -> None:
    import datetime as dt

    from search.backend import encode_cursor

    query = SearchQuery(
        q="metadone AND NOT carcere",
        country=("IT",),
        entity=("unodc",),
        label="ORG",
        published_from=dt.date(2020, 1, 1),
        published_to=dt.date(2024, 12, 31),
        source="it/a.txt",
        sort="date",
        stem=False,
        cursor=encode_cursor({"after": [1700000000000, "abc"]}),
    )
    body = search_body(query)
    must = body["query"]["bool"]["must"][0]["simple_query_string"]
    assert must["query"] == "metadone -carcere"
    assert must["fields"] == ["text", "title^2", "concept_words"]
    assert body["query"]["bool"]["filter"] == [
        {"term": {"kind": "doc"}},
        {"term": {"countries": "IT"}},
        {"term": {"entity_labels": "ORG:unodc"}},
        {"term": {"source": "it/a.txt"}},
        {"range": {"published": {"gte": "2020-01-01", "lte": "2024-12-31"}}},
    ]
    assert body["sort"] == [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    assert body["search_after"] == [1700000000000, "abc"] and "from" not in body


def test_a_damaged_cursor_is_an_invalid_query() -> None:
    with pytest.raises(InvalidQuery, match="invalid cursor"):
        search_body(SearchQuery(cursor="not-a-cursor"))


def test_figure_body_filters_sorts_and_pages() -> None:
    import datetime as dt

    from search.es_query import figure_body
    from search.figures import FigureQuery

    body = figure_body(
        FigureQuery(
            q="toxicomanes",
            country=["VN"],
            unit="count",
            value_min=100,
            as_of_from=dt.date(2023, 1, 1),
            sort="value",
            order="desc",
            limit=20,
            offset=40,
        )
    )
    assert body["query"]["bool"]["filter"] == [
        {"term": {"kind": "figure"}},
        {"term": {"unit": "count"}},
        {"term": {"countries": "VN"}},
        {"range": {"value": {"gte": 100}}},
        {"range": {"as_of_day": {"gte": "2023-01-01"}}},
    ]
    assert body["sort"] == [{"value": {"order": "desc", "missing": "_last"}}, {"entry_id": "asc"}]
    assert (body["size"], body["from"]) == (20, 40)


def test_figure_body_filters_any_measure_and_counts_per_measure() -> None:
    rewrite = QueryRewrite(text="", measures=["drug-seizure-cases", "drug-seizures"])
    body = figure_body(FigureQuery(measure=["drug-seizures"], unit="kg"), rewrite=rewrite)
    assert body["query"]["bool"]["filter"] == [
        {"term": {"kind": "figure"}},
        {"terms": {"measure": ["drug-seizure-cases", "drug-seizures"]}},
        {"term": {"unit": "kg"}},
    ]
    assert body["aggs"] == {"measures": {"terms": {"field": "measure", "size": 200}}}
    # Without a rewrite the measures asked for filter as they are.
    plain = figure_body(FigureQuery(measure=["prisoners", "beds"]))
    assert {"terms": {"measure": ["prisoners", "beds"]}} in plain["query"]["bool"]["filter"]
    # No counts when asked for none, nor in exports (streamed pages).
    assert "aggs" not in figure_body(FigureQuery(facets=False))
    assert "aggs" not in figure_body(FigureQuery(), page_size=500)
    assert "measure" not in str(figure_body(FigureQuery())["query"])


def test_figure_entries_keep_their_measure() -> None:
    from search.es_schema import figure_source
    from search.figures import FigureRow

    assert index_body()["mappings"]["properties"]["measure"] == {"type": "keyword"}
    row = FigureRow(
        document_id="d1", title=None, source="d1.txt", language="it", countries=["IT"],
        published=None, text="1.572 pazienti", start=0, end=14, value=1572, value_min=None,
        value_max=None, of=None, unit="count", per=None, qualifier=None, about="pazienti",
        measure="people-in-treatment", as_of=None, sentence="1.572 pazienti.",
    )  # fmt: skip
    assert figure_source(row)["measure"] == "people-in-treatment"


def test_a_rewrite_expands_the_text_prefers_the_words_and_filters_topic_groups() -> None:
    rewrite = QueryRewrite(
        text='(metadone OR "traitement toxicomanie"~3)',
        prefer="metadone",
        topics=[["methadone", "opioid-agonist-therapy"]],
    )
    body = search_body(SearchQuery(q="metadone"), rewrite)
    boolean = body["query"]["bool"]
    assert boolean["must"][0]["simple_query_string"]["query"] == (
        '(metadone | "traitement toxicomanie"~3)'
    )
    assert boolean["should"] == [
        {
            "constant_score": {
                "filter": {
                    "simple_query_string": {
                        **boolean["must"][0]["simple_query_string"],
                        "query": "metadone",
                    }
                },
                "boost": 10_000.0,
            }
        }
    ]
    assert {"terms": {"topic_ids": ["methadone", "opioid-agonist-therapy"]}} in boolean["filter"]
    assert body["aggs"]["topics"] == {"terms": {"field": "topic_ids", "size": 20}}
    figures = figure_body(
        FigureQuery(topic=["methadone"]), rewrite=QueryRewrite(text="", topics=[["methadone"]])
    )
    assert {"terms": {"topic_ids": ["methadone"]}} in figures["query"]["bool"]["filter"]
    # Without a rewrite there is no preference clause and each topic filters alone.
    plain = search_body(SearchQuery(q="metadone", topic=["methadone"]))["query"]["bool"]
    assert "should" not in plain and {"terms": {"topic_ids": ["methadone"]}} in plain["filter"]


def test_a_highlight_text_becomes_the_highlight_query() -> None:
    rewrite = QueryRewrite(text="metadone", highlight='(metadone) OR "terapia metadonica"~3')
    body = search_body(SearchQuery(q="metadone"), rewrite)
    highlight_query = body["highlight"]["highlight_query"]["simple_query_string"]
    assert highlight_query["query"] == '(metadone) | "terapia metadonica"~3'
    assert "highlight_query" not in search_body(SearchQuery(q="metadone"))["highlight"]
