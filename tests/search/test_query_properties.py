"""Property tests of query parsing: any text a user types is searched or refused with a 422
reason (InvalidQuery), on the embedded index and in the Elasticsearch body alike."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.query_rewrites import expand_query
from ingest.model import Document
from nlp.thesaurus import default_thesaurus
from search.backend import QueryRewrite, SearchQuery
from search.errors import InvalidQuery
from search.es_query import search_body, to_simple_query
from search.query_syntax import normalise_operators
from search.tantivy_backend import TantivyBackend

# User-typed text, weighted towards the characters query syntaxes give meaning to.
SYNTAX = [*"abcé ()\"-~*:^+!?/\\[]{}<>&|'", "AND", "OR", "NOT", " "]
QUERY_TEXT = st.lists(st.sampled_from(SYNTAX), max_size=30).map("".join) | st.text(max_size=40)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> TantivyBackend:
    index = TantivyBackend(tmp_path_factory.mktemp("properties") / "index")
    index.upsert(
        [Document(id="d1", source="d1.txt", text="Le centre (Hanoï) a traité 40 patients.")]
    )
    return index


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERY_TEXT)
@example('"unbalanced')
@example("NOT")
@example("((a OR) b")
def test_any_text_is_searched_or_refused_with_a_reason(backend: TantivyBackend, text: str) -> None:
    query = SearchQuery(q=text)
    try:
        result = backend.search(query)
    except InvalidQuery as error:
        assert str(error)
    else:
        assert result.total >= 0
    # The Elasticsearch body is built from the same text without raising anything else.
    try:
        body = search_body(query)
    except InvalidQuery:
        return
    assert body["query"]["bool"]


@settings(max_examples=200, deadline=None)
@given(QUERY_TEXT)
def test_expansion_keeps_quotes_and_parentheses_balanced(text: str) -> None:
    expansion = expand_query(text, default_thesaurus())
    if text.count('"') % 2 == 0 and text.count("(") == text.count(")"):
        assert expansion.query.count('"') % 2 == 0
        assert expansion.query.count("(") == expansion.query.count(")")
    rewrite = QueryRewrite(text=expansion.query, highlight=expansion.highlight)
    with contextlib.suppress(InvalidQuery):  # unbalanced input may be refused, nothing else
        to_simple_query(normalise_operators(rewrite.text))
