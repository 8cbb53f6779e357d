"""Reading Elasticsearch responses and bulk results into our models, as data: no cluster."""

from __future__ import annotations

from typing import Any

from ingest.model import Document, Figure
from search.backend import SearchQuery, decode_cursor, encode_cursor
from search.elasticsearch_writes import bulk_actions, bulk_failures
from search.es_results import (
    figure_page,
    found_texts,
    next_cursor,
    paged_ids,
    search_facets,
    search_result,
    to_hit,
    total,
)
from search.es_schema import figure_source
from search.facets import FacetValue
from search.figures import FigureQuery, figure_rows

PAGES = [{"number": 1, "start": 0, "end": 12}, {"number": 2, "start": 12, "end": 33}]
TEXT = "Alpha page. Beta methadone page."


def _hit(id: str, sort: list[Any], **source: Any) -> dict[str, Any]:
    return {
        "_id": id,
        "_score": 1.5,
        "sort": sort,
        "_source": {"id": id, "source": f"{id}.txt", **source},
    }


def _response(hits: list[dict[str, Any]], matched: int, **aggregations: Any) -> dict[str, Any]:
    response: dict[str, Any] = {
        "hits": {"total": {"value": matched, "relation": "eq"}, "hits": hits}
    }
    if aggregations:
        response["aggregations"] = aggregations
    return response


def test_total_is_read_from_the_object_or_the_plain_number() -> None:
    assert total({"hits": {"total": {"value": 7, "relation": "eq"}}}) == 7
    assert total({"hits": {"total": 7}}) == 7


def test_a_page_by_offset_has_a_next_cursor_only_while_matches_are_left() -> None:
    hits = [{"sort": [1]}, {"sort": [2]}]
    assert decode_cursor(next_cursor(hits, 2, 0, None, 5) or "") == {"after": [2]}
    assert next_cursor(hits, 2, 3, None, 5) is None  # 3 + 2 = all five read
    assert next_cursor(hits, 3, 0, None, 5) is None  # a short page is the last


def test_a_full_page_by_cursor_always_has_a_next_cursor() -> None:
    hits = [{"sort": ["b", 4]}]
    assert decode_cursor(next_cursor(hits, 1, 0, encode_cursor({"after": ["a"]}), 1) or "") == {
        "after": ["b", 4]
    }
    assert next_cursor([], 0, 0, None, 3) is None  # no hits: nothing to continue after


def test_a_hit_takes_the_snippet_of_its_language_and_the_page_it_stands_on() -> None:
    hit = _hit("d1", [1], language="fr", title="Rapport", pages=PAGES, countries=["FR"])
    hit["highlight"] = {"text.fr": ["Beta <b>methadone</b> page"], "text": ["folded"]}
    made = to_hit(hit, TEXT)
    assert (made.id, made.source, made.title, made.language) == ("d1", "d1.txt", "Rapport", "fr")
    assert (made.snippet, made.page, made.score, made.countries) == (
        "Beta <b>methadone</b> page",
        2,
        1.5,
        ["FR"],
    )


def test_a_hit_without_its_language_field_falls_back_to_the_folded_one_then_nothing() -> None:
    folded = _hit("d1", [1], language="it")
    folded["highlight"] = {"text": ["<b>metadone</b>"]}
    assert to_hit(folded, "").snippet == "<b>metadone</b>"
    bare = _hit("d2", [2])
    bare["_score"] = None  # a sorted search scores nothing
    made = to_hit(bare, "")
    assert (made.snippet, made.score, made.page, made.countries) == ("", 0.0, None, [])


def test_only_hits_of_several_pages_need_their_text_read() -> None:
    hits = [_hit("one", [1], pages=PAGES[:1]), _hit("two", [2], pages=PAGES), _hit("none", [3])]
    assert paged_ids(hits) == ["two"]
    docs = [
        {"_id": "two", "found": True, "_source": {"text": TEXT}},
        {"_id": "gone", "found": False},
        {"_id": "empty", "found": True, "_source": {}},
    ]
    assert found_texts({"docs": docs}) == {"two": TEXT, "empty": ""}


def test_facets_split_entity_terms_and_turn_keys_into_text() -> None:
    aggregations = {
        "language": {"buckets": [{"key": "fr", "doc_count": 3}]},
        "entities": {
            "buckets": [{"key": "ORG:who", "doc_count": 2}, {"key": "LOC:a:b", "doc_count": 1}]
        },
        "year": {"buckets": [{"key": 2023, "doc_count": 4}]},
        "published_month": {
            "buckets": [
                {"key_as_string": "2023-02", "doc_count": 1},
                {"key_as_string": "2023-01", "doc_count": 2},
                {"key_as_string": "2023-03", "doc_count": 0},
            ]
        },
    }
    facets = search_facets(aggregations)
    assert facets["language"] == [FacetValue(value="fr", count=3)]
    assert facets["entities"] == [
        FacetValue(value="who", label="ORG", count=2),
        FacetValue(value="a:b", label="LOC", count=1),
    ]
    assert facets["year"] == [FacetValue(value="2023", count=4)]
    assert facets["countries"] == facets["topics"] == []  # asked for, none found
    assert [(m.value, m.count) for m in facets["published_month"]] == [
        ("2023-01", 2),
        ("2023-02", 1),
    ]
    assert "published_month" not in search_facets({})


def test_a_search_result_pairs_hits_with_their_texts_and_pages_on() -> None:
    hits = [_hit("a", [0.5, "a"], pages=PAGES), _hit("b", [0.4, "b"])]
    hits[0]["highlight"] = {"text": ["Beta <b>methadone</b>"]}
    facets = {"language": [FacetValue(value="en", count=9)]}
    result = search_result(
        _response(hits, 9), SearchQuery(q="methadone", limit=2), {"a": TEXT}, facets
    )
    assert result.total == 9 and result.facets == facets
    assert [(h.id, h.page) for h in result.hits] == [("a", 2), ("b", None)]
    assert decode_cursor(result.next_cursor or "") == {"after": [0.4, "b"]}


def _document() -> Document:
    text = "In 2023, 120 people were in treatment."
    figures = [
        Figure(text="120", start=9, end=12, value=120.0),
        Figure(text="2023", start=3, end=7),
    ]
    return Document(id="d1", source="d1.txt", text=text, language="en", figures=figures)


def test_a_figure_page_reads_rows_and_the_measures_facet() -> None:
    rows = list(figure_rows(_document()))
    hits = [{"_source": figure_source(row), "sort": [row.start]} for row in rows]
    measures = {"buckets": [{"key": "people-in-treatment", "doc_count": 2}]}
    page = figure_page(_response(hits, 5, measures=measures), FigureQuery(limit=2))
    assert page.rows == rows and page.total == 5
    assert page.facets == {"measures": [FacetValue(value="people-in-treatment", count=2)]}
    assert decode_cursor(page.next_cursor or "") == {"after": [rows[-1].start]}
    assert figure_page(_response(hits, 2), FigureQuery(limit=2)).facets == {}


def test_bulk_actions_delete_leftovers_first_then_write_each_document_and_its_figures() -> None:
    document = _document()
    actions = list(bulk_actions("alias", [document], [("old#4", "alias-v6")]))
    assert actions[0] == {"_op_type": "delete", "_index": "alias-v6", "_id": "old#4"}
    assert [(a["_index"], a["_id"], a["_source"]["kind"]) for a in actions[1:]] == [
        ("alias", "d1", "doc"),
        *(("alias", f"d1#{row.start}", "figure") for row in figure_rows(document)),
    ]


def test_rejected_actions_are_failures_naming_the_documents_source() -> None:
    error = {"type": "mapper_parsing_exception", "reason": "bad field"}
    results = [
        (True, {"index": {"_id": "a", "status": 201}}),
        (False, {"delete": {"_id": "old", "status": 404}}),  # gone already: no failure
        (False, {"index": {"_id": "b#12", "status": 400, "error": error}}),
        (False, {"index": {"_id": "stray", "status": 500}}),
    ]
    failures = bulk_failures(results, {"a": "a.txt", "b": "b.txt"})
    assert [f.source for f in failures] == ["b.txt", "stray"]
    assert failures[0].reason == f"Elasticsearch rejected the document: {error}"
    assert (
        failures[1].reason == "Elasticsearch rejected the document: {'_id': 'stray', 'status': 500}"
    )
