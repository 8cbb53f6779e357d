"""tantivy's query objects from the plain descriptions of search.tantivy_query, one to one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    """Builds descriptions against one index. A clause built before is not built again: a
    search parses each of its texts once (for matching, ranking and highlighting alike), and
    counts its facets on the very query it matched with."""

    def __init__(self, index: tantivy.Index) -> None:
        self.index = index
        self.schema = index.schema
        # By identity, holding the clause (so its id stays its own): no hashing of whole trees.
        self._built: dict[int, tuple[Clause, tantivy.Query]] = {}
        self._parsed: dict[Parsed, tantivy.Query] = {}  # equal texts, however made

    def __call__(self, clause: Clause) -> tantivy.Query:
        known = self._built.get(id(clause))
        if known is not None:
            return known[1]
        built = _MAKERS[type(clause)](self, clause)
        self._built[id(clause)] = (clause, built)
        return built

    def _term(self, clause: Term) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, clause.field, clause.value)

    def _bool(self, clause: Bool) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(inner)) for inner in clause.must]
            + [(tantivy.Occur.Should, self(inner)) for inner in clause.should]
        )

    def _range(self, clause: Range) -> tantivy.Query:
        kind = _FIELD_TYPES[clause.kind]
        return tantivy.Query.range_query(self.schema, clause.field, kind, clause.low, clause.high)

    def _parse(self, clause: Parsed) -> tantivy.Query:
        if clause not in self._parsed:
            try:
                self._parsed[clause] = self.index.parse_query(
                    clause.text, list(clause.fields), conjunction_by_default=True
                )
            except ValueError as error:
                raise InvalidQuery(f"cannot parse query {clause.text!r}: {error}") from error
        return self._parsed[clause]

    def _const_score(self, clause: ConstScore) -> tantivy.Query:
        return tantivy.Query.const_score_query(self(clause.query), clause.score)

    def _regex(self, clause: Regex) -> tantivy.Query:
        return tantivy.Query.regex_query(self.schema, clause.field, clause.pattern)

    def _all(self, clause: All) -> tantivy.Query:
        return tantivy.Query.all_query()

    def _nothing(self, clause: Nothing) -> tantivy.Query:
        return tantivy.Query.empty_query()


_MAKERS: dict[type, Callable[[QueryBuilder, Any], tantivy.Query]] = {
    Term: QueryBuilder._term,
    Bool: QueryBuilder._bool,
    Range: QueryBuilder._range,
    Parsed: QueryBuilder._parse,
    ConstScore: QueryBuilder._const_score,
    Regex: QueryBuilder._regex,
    All: QueryBuilder._all,
    Nothing: QueryBuilder._nothing,
}
