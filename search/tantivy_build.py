"""tantivy's query objects from the plain descriptions of search.tantivy_query, one to one."""

from __future__ import annotations

import tantivy

from search.errors import InvalidQuery
from search.tantivy_query import (
    All,
    Bool,
    Clause,
    ConstScore,
    Nothing,
    Parsed,
    Range,
    Regex,
    Term,
)

_FIELD_TYPES = {
    "date": tantivy.FieldType.Date,
    "float": tantivy.FieldType.Float,
    "integer": tantivy.FieldType.Integer,
}


class QueryBuilder:
    """Builds descriptions against one index, each distinct clause once per builder: a search
    parses its text once for matching, ranking and highlighting, and counts its facets on the
    very query it matched with."""

    def __init__(self, index: tantivy.Index) -> None:
        self.index = index
        self.schema = index.schema
        self._built: dict[Clause, tantivy.Query] = {}

    def __call__(self, clause: Clause) -> tantivy.Query:
        built = self._built.get(clause)
        if built is None:
            built = self._built[clause] = self._make(clause)
        return built

    def _make(self, clause: Clause) -> tantivy.Query:
        match clause:
            case Term(field, value):
                return tantivy.Query.term_query(self.schema, field, value)
            case Bool(must, should):
                return tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, self(inner)) for inner in must]
                    + [(tantivy.Occur.Should, self(inner)) for inner in should]
                )
            case Parsed():
                return self._parse(clause)
            case Range(field, kind, low, high):
                return tantivy.Query.range_query(self.schema, field, _FIELD_TYPES[kind], low, high)
            case ConstScore(inner, score):
                return tantivy.Query.const_score_query(self(inner), score)
            case Regex(field, pattern):
                return tantivy.Query.regex_query(self.schema, field, pattern)
            case All():
                return tantivy.Query.all_query()
            case Nothing():
                return tantivy.Query.empty_query()
        raise TypeError(f"not a query clause: {clause!r}")

    def _parse(self, parsed: Parsed) -> tantivy.Query:
        try:
            return self.index.parse_query(
                parsed.text, list(parsed.fields), conjunction_by_default=True
            )
        except ValueError as error:
            raise InvalidQuery(f"cannot parse query {parsed.text!r}: {error}") from error
