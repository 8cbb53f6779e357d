"""The embedded index's queries as plain data (search.tantivy_query), and their building."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tantivy

from search.backend import QueryRewrite, SearchQuery, encode_cursor
from search.errors import InvalidQuery
from search.figures import FigureQuery
from search.tantivy_backend import TantivyBackend
from search.tantivy_build import QueryBuilder
from search.tantivy_query import (
    All,
    Bool,
    ConstScore,
    DocumentSearch,
    FacetRequest,
    Nothing,
    Parsed,
    Range,
    Regex,
    Term,
    document_search,
    entries_having,
    facet_request,
    figure_facets,
    figure_filter,
    figure_order,
    page_offset,
    source_prefix,
    text_query,
)

STEMMED = ("body_fr", "body_it", "body_en", "body_any", "concepts")
EXACT = ("body_any", "concepts")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", All()),
        ("  ", All()),
        ("??", Nothing()),  # typed, but no word: nothing, not everything
        ("toxicomane", Parsed("toxicomane", STEMMED)),
        ("d'urgence a:b", Parsed("d urgence a b", STEMMED)),
        ('"traitement toxicomanie"~3 OR x', Parsed('"traitement toxicomanie"~3 OR x', STEMMED)),
        ("-prison -carcere", Parsed("* -prison -carcere", STEMMED)),  # only exclusions
        ("!!! -prison", Parsed("*     -prison", STEMMED)),
    ],
)
def test_query_text_as_tantivy_may_parse_it(text: str, expected: object) -> None:
    assert text_query(text) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"NOT in education" AND youth', '"NOT in education" AND youth'),
        ('youth "jobs AND NOT training" NOT x', 'youth "jobs AND NOT training" -x'),
    ],
)
def test_operators_inside_a_phrase_are_its_words(q: str, expected: str) -> None:
    search = document_search(SearchQuery(q=q))
    assert search.matching.must[0] == Parsed(expected, STEMMED)
    assert search.highlight == Parsed(expected, STEMMED)
    assert figure_filter(FigureQuery(q=q)).must[1] == Parsed(expected, STEMMED)


def test_a_search_with_filters_and_a_page() -> None:
    request = document_search(
        SearchQuery(q="toxicomane", lang="fr", entity=["nghe an"], limit=5, offset=10)
    )
    matching = Bool(
        must=(
            Parsed("toxicomane", STEMMED),
            Term("kind", "doc"),
            Term("language", "fr"),
            Term("entity", "nghe an"),
        )
    )
    assert request == DocumentSearch(
        matching=matching,
        ranked=matching,
        highlight=Parsed("toxicomane", STEMMED),
        highlight_other=Parsed("toxicomane", ("body_other",)),
        order=None,
        limit=5,
        offset=10,
    )


def test_every_filter_exact_forms_date_order_and_a_cursor() -> None:
    request = document_search(
        SearchQuery(
            q="metadone AND NOT carcere",
            country=["IT", "VN"],
            entity=["unodc", "LOC:roma"],
            label="ORG",
            published_from=dt.date(2020, 1, 1),
            published_to=dt.date(2999, 12, 31),  # past the index's last day: brought inside
            source="it/a.txt",
            topic=["methadone"],
            sort="date",
            stem=False,
            limit=0,
            cursor=encode_cursor({"offset": 30}),
        )
    )
    assert request.matching == Bool(
        must=(
            Parsed("metadone -carcere", EXACT),
            Term("kind", "doc"),
            Bool(should=(Term("topic", "methadone"),)),
            Term("country", "IT"),
            Term("country", "VN"),
            Term("entity_label", "ORG:unodc"),
            Term("entity_label", "LOC:roma"),
            Term("source", "it/a.txt"),
            Range(
                "published",
                "date",
                dt.datetime(2020, 1, 1, tzinfo=UTC),
                dt.datetime(2262, 4, 10, tzinfo=UTC),
            ),
        )
    )
    # Snippets light up the stemmed forms even when matching takes the exact ones.
    assert request.highlight == Parsed("metadone -carcere", STEMMED)
    assert (request.order, request.limit, request.offset) == (("published", "desc"), 1, 30)


def test_a_rewrite_expands_the_text_prefers_the_words_and_filters_topic_groups() -> None:
    rewrite = QueryRewrite(
        text="(metadone OR zc1f)",
        prefer="metadone",
        topics=[["methadone", "opioid-agonist-therapy"]],
        highlight='(metadone OR zc1f) OR "terapia metadonica"~3',
    )
    request = document_search(SearchQuery(q="metadone", topic=["methadone"]), rewrite)
    matching = Bool(
        must=(
            Parsed("(metadone OR zc1f)", STEMMED),
            Term("kind", "doc"),
            Bool(should=(Term("topic", "methadone"), Term("topic", "opioid-agonist-therapy"))),
        )
    )
    assert request.matching == matching
    assert request.ranked == Bool(
        must=(matching,), should=(ConstScore(Parsed("metadone", STEMMED), 10_000.0),)
    )
    highlight = '(metadone OR zc1f) OR "terapia metadonica"~3'
    assert request.highlight == Parsed(highlight, STEMMED)
    assert request.highlight_other == Parsed(highlight, ("body_other",))
    # The words as typed are no preference when they are the text itself.
    same = document_search(SearchQuery(q="metadone"), QueryRewrite(text="x", prefer="x"))
    assert same.ranked == same.matching


def test_a_damaged_cursor_is_an_invalid_query() -> None:
    with pytest.raises(InvalidQuery, match="invalid cursor"):
        document_search(SearchQuery(cursor="not-a-cursor"))


@pytest.mark.parametrize("offset", [-1, "10", 2.5, True, None, 10**40])
def test_a_forged_cursor_offset_is_an_invalid_query(offset: object) -> None:
    # A 500 (ValueError, OverflowError) before: the offset went to tantivy as it came.
    with pytest.raises(InvalidQuery, match="invalid cursor"):
        document_search(SearchQuery(cursor=encode_cursor({"offset": offset})))
    with pytest.raises(InvalidQuery, match="invalid cursor"):
        page_offset(FigureQuery(cursor=encode_cursor({"offset": offset})))


def test_facets_are_exact_up_to_a_size_then_counted_on_a_sample() -> None:
    query = SearchQuery(q="x", facet_size=7, facet_months=True, facet_label="ORG")
    rewrite = QueryRewrite(text="x", entity_match="nazioni")
    matching = Bool(must=(Term("kind", "doc"),))
    exact = facet_request(query, rewrite, matching, total=500, exact_up_to=20_000)
    assert exact == FacetRequest(
        counted=matching,
        groups=(
            {
                "entities": {
                    "terms": {"field": "entity_label", "size": 7, "include": "ORG:(.*nazioni.*)"}
                }
            },
            {
                "language": {"terms": {"field": "language", "size": 7}},
                "countries": {"terms": {"field": "country", "size": 7}},
                "year": {"terms": {"field": "year", "size": 7}},
                "topics": {"terms": {"field": "topic", "size": 7}},
                "published_month": {
                    "date_histogram": {
                        "field": "published",
                        "fixed_interval": "1d",
                        "min_doc_count": 1,
                    }
                },
            },
        ),
    )
    # 90,000 matches, 20,000 counted: the documents of the first 228 of 1024 sample slots.
    sampled = facet_request(SearchQuery(), QueryRewrite(text=""), matching, 90_000, 20_000)
    assert sampled.counted == Bool(must=(matching, Range("sample", "integer", 0, 227)))
    assert sampled.groups[0] == {"entities": {"terms": {"field": "entity_label", "size": 20}}}
    assert sampled.groups[1]["sample_size"] == {"value_count": {"field": "sample"}}
    asked = SearchQuery(exact_facets=True)
    assert facet_request(asked, QueryRewrite(text=""), matching, 90_000, 20_000).counted == matching


def test_figure_filters_order_and_facets() -> None:
    query = FigureQuery(
        q="toxicomanes",
        country=["VN"],
        lang="fr",
        unit="count",
        per="100000",
        document="d1",
        year=2023,
        value_min=100,
        as_of_from=dt.date(2023, 1, 1),
        sort="value",
        order="desc",
    )
    rewrite = QueryRewrite(
        text="toxicomanes", topics=[["drug-use"]], measures=["drug-users", "people-who-inject"]
    )
    assert figure_filter(query, rewrite) == Bool(
        must=(
            Term("kind", "figure"),
            Parsed("toxicomanes", STEMMED),
            Bool(should=(Term("topic", "drug-use"),)),
            Bool(should=(Term("measure", "drug-users"), Term("measure", "people-who-inject"))),
            Term("language", "fr"),
            Term("unit", "count"),
            Term("per_key", "100000"),
            Term("doc_id", "d1"),
            Term("country", "VN"),
            Term("year", 2023),
            Range("value", "float", 100, None),
            Range("as_of", "date", dt.datetime(2023, 1, 1, tzinfo=UTC), None),
        )
    )
    assert figure_order(query) == ("value", "desc")
    assert figure_order(FigureQuery()) is None  # the document's order: the index's
    # Without a rewrite: the text as typed, each measure asked for alone; no text, no clause.
    assert figure_filter(FigureQuery(measure=["beds"])) == Bool(
        must=(Term("kind", "figure"), Bool(should=(Term("measure", "beds"),)))
    )
    assert figure_filter(FigureQuery(q="💩")).must[1] == Nothing()
    assert figure_facets() == {"measures": {"terms": {"field": "measure", "size": 200}}}


def test_entity_entries_and_sources_under_a_prefix() -> None:
    assert entries_having("figure", ["ORG:unodc", "ORG:onudc"]) == Bool(
        must=(
            Term("kind", "figure"),
            Bool(should=(Term("entity_label", "ORG:unodc"), Term("entity_label", "ORG:onudc"))),
        )
    )
    assert source_prefix("mail/a+b (1).eml#") == Bool(
        must=(Regex("source", r"mail/a\+b \(1\)\.eml\#(?s:.*)"), Term("kind", "doc"))
    )


def test_the_builder_makes_every_clause_and_each_once(tmp_path: Path) -> None:
    index = TantivyBackend(tmp_path / "index").index
    build = QueryBuilder(index)
    parsed = Parsed("toxicomane", STEMMED)
    clauses = [
        Bool(must=(parsed, Term("year", 2023)), should=(ConstScore(All(), 2.0),)),
        Range("value", "float", 1.5, None),
        Range("published", "date", dt.datetime(2020, 1, 1, tzinfo=UTC), None),
        Range("sample", "integer", 0, 9),
        Regex("source", "a.*"),
        Nothing(),
    ]
    for clause in clauses:
        assert isinstance(build(clause), tantivy.Query)
    assert build(Parsed("toxicomane", STEMMED)) is build(parsed)  # parsed once
    with pytest.raises(InvalidQuery, match="cannot parse query"):
        build(Parsed("(unclosed", STEMMED))
