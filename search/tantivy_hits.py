"""Search hits from the embedded index's stored entries: the few fields of the record a hit
shows, and a snippet cut from the text's own field, lit up where the query matched."""

from __future__ import annotations

import tantivy
from pydantic_core import from_json

from search.backend import Hit
from search.hit_pages import snippet_page
from search.tantivy_build import QueryBuilder
from search.tantivy_query import Clause
from search.tantivy_schema import OTHER_FIELD, text_field

SNIPPET_CHARS = 240


class Snippets:
    """Snippet generators per stored text field, made only for the fields hits need.

    Other languages' text is in a field the search did not query, so its generator needs
    the query on that field (`highlight_other`), built only when a hit needs it.
    """

    def __init__(
        self,
        searcher: tantivy.Searcher,
        build: QueryBuilder,
        highlight: Clause,
        highlight_other: Clause,
    ) -> None:
        self.searcher, self.build = searcher, build
        self.highlight, self.highlight_other = highlight, highlight_other
        self._made: dict[str, tantivy.SnippetGenerator] = {}

    def for_field(self, field: str) -> tantivy.SnippetGenerator:
        if field not in self._made:
            clause = self.highlight_other if field == OTHER_FIELD else self.highlight
            generator = tantivy.SnippetGenerator.create(
                self.searcher, self.build(clause), self.build.schema, field
            )
            generator.set_max_num_chars(SNIPPET_CHARS)
            self._made[field] = generator
        return self._made[field]


def to_hit(stored: tantivy.Document, score: object, snippets: Snippets) -> Hit:
    # A hit needs a few fields of the record: reading them beats validating it whole, and
    # pydantic's parser reads a record (tens of kilobytes) in under half json.loads's time.
    record = from_json(stored["record"][0])
    field = text_field(record.get("language"))
    snippet = snippets.for_field(field).snippet_from_doc(stored).to_html()
    page = snippet_page(stored[field][0], record.get("pages", ()), snippet)
    if not snippet:
        snippet = _escape(stored[field][0][:SNIPPET_CHARS])
    return Hit(
        id=record["id"],
        score=float(score) if isinstance(score, float) else 0.0,
        title=record.get("title"),
        source=record["source"],
        language=record.get("language"),
        published=record.get("published"),
        countries=record.get("countries", []),
        snippet=snippet,
        page=page,
    )


def _escape(text: str) -> str:
    """Text as HTML, like the snippets tantivy makes (which leave quotes as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
