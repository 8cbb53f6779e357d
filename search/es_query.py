"""Translating a `SearchQuery` into an Elasticsearch request body: pure, testable as dicts."""

from __future__ import annotations

import re
from typing import Any

from search.backend import SearchQuery
from search.errors import InvalidQuery

TEXT_FIELDS = [
    "text",
    "text.fr",
    "text.it",
    "text.en",
    "title^2",
    "title.fr",
    "title.it",
    "title.en",
]
FACET_SIZE = 20
SNIPPET_CHARS = 240
_OPERATORS = {"AND": "+", "OR": "|", "NOT": "-"}


def to_simple_query(text: str) -> str:
    """The user's query in simple_query_string syntax (AND, OR, NOT become +, |, -).

    simple_query_string never runs scripts or regexes and treats stray characters as text,
    so user input reaches Elasticsearch without any query_string parsing.
    """
    if text.count('"') % 2:
        raise InvalidQuery(f"cannot parse query {text!r}: unbalanced quote")
    depth = 0
    for character in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            break
    if depth != 0:
        raise InvalidQuery(f"cannot parse query {text!r}: unbalanced parenthesis")
    parts = re.split(r'("[^"]*")', text)
    translated = []
    for part in parts:
        if part.startswith('"'):
            translated.append(part)
            continue
        words = [_OPERATORS.get(word, word) for word in part.split(" ")]
        translated.append(" ".join(words).replace("- ", "-"))
    return "".join(translated)


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The body of a search: query with filters, highlight, facets, pagination."""
    must: list[dict[str, Any]] = []
    if query.q.strip():
        must.append(
            {
                "simple_query_string": {
                    "query": to_simple_query(query.q),
                    "fields": TEXT_FIELDS,
                    "default_operator": "and",
                    "flags": "AND|OR|NOT|PHRASE|PRECEDENCE|WHITESPACE|ESCAPE",
                }
            }
        )
    filters: list[dict[str, Any]] = []
    if query.lang:
        filters.append({"term": {"language": query.lang}})
    filters += [{"term": {"entity_keys": key}} for key in query.entity]
    return {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filters}},
        "from": query.offset,
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
            "language": {"terms": {"field": "language", "size": FACET_SIZE}},
            "entities": {"terms": {"field": "entity_labels", "size": FACET_SIZE}},
            "countries": {"terms": {"field": "countries", "size": FACET_SIZE}},
        },
    }  # fmt: skip
