"""The one search-backend protocol and the query and result models every backend shares."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document, EntityLabel, Failure
from search.entity_pages import EntityCountryTable, EntityPage, EntityPageQuery
from search.errors import InvalidQuery
from search.facets import FacetValue
from search.figure_summary import FigureSummary, SummaryQuery
from search.figures import FigureFilters, FigurePage, FigureQuery, FigureRow

MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_FACET_SIZE = 500
ENTITY_LABELS = frozenset({"PER", "ORG", "LOC", "MISC"})


class SearchQuery(BaseModel):
    """A search request, shared by the CLI and the HTTP API."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(
        "",
        max_length=1000,
        description='Query text: words (all required), OR, NOT/-, "phrase".',
        examples=['toxicomanie OR "drug addiction"'],
    )
    lang: str | None = Field(
        None, description="Only documents in this language (ISO 639-1).", examples=["fr"]
    )
    country: list[str] = Field(
        default_factory=list,
        description="Only documents about all these countries (ISO 3166).",
        examples=[["VN"]],
    )
    entity: list[str] = Field(
        default_factory=list,
        description='Only documents with all these entities: a key, or "LABEL:key".',
        examples=[["nghe an"]],
    )
    label: EntityLabel | None = Field(
        None, description="With `entity`: the keys must be entities of this label."
    )
    published_from: dt.date | None = Field(None, description="Published on or after this day.")
    published_to: dt.date | None = Field(None, description="Published on or before this day.")
    source: str | None = Field(None, description="Only the document with this exact source.")
    topic: list[str] = Field(
        default_factory=list,
        description="Only documents about all these thesaurus concepts (ids, see /api/topics); "
        "a concept also covers its narrower ones.",
        examples=[["methadone"]],
    )
    cross_lingual: bool = Field(
        True,
        description="Expand words that name a thesaurus concept to its French, Italian and "
        "English labels; documents matching the words as typed rank first.",
    )
    sort: Literal["relevance", "date"] = Field("relevance", description="Order of the hits.")
    stem: bool = Field(True, description="False: match exact word forms only (accents folded).")
    limit: int = Field(10, ge=0, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many hits (<= 10,000).")
    facets: bool = Field(
        True, description="False: no facet counts (faster when a query matches very many)."
    )
    exact_facets: bool = Field(
        False,
        description="True: count facets over every match even when very many match (slower); "
        "by default large result sets have their facets estimated from a sample.",
    )
    facet_size: int = Field(20, ge=1, le=MAX_FACET_SIZE, description="Values per facet.")
    facet_months: bool = Field(
        False,
        description="True: facets.published_month counts the matches per month of publication "
        '("2023-10"), every month that has any, oldest first (facet_size does not apply).',
    )
    facet_label: EntityLabel | None = Field(
        None, description="The entities facet lists only entities of this label."
    )
    facet_names: str = Field(
        "",
        max_length=200,
        description="The entities facet lists only entities one of whose names contains this "
        "(case and accents folded; a body also by its names in French, Italian and English).",
        examples=["nazioni"],
    )
    cursor: str | None = Field(
        None, max_length=2000, description="Continue after a previous page (its `next_cursor`)."
    )

    def entity_terms(self) -> list[tuple[bool, str]]:
        """(labelled, term) per entity filter: "LOC:kenya" names its label, `label` labels
        the bare keys, and a bare key without `label` matches the key under any label."""
        terms = []
        for value in self.entity:
            prefix, colon, _ = value.partition(":")
            if colon and prefix in ENTITY_LABELS:
                terms.append((True, value))
            elif self.label:
                terms.append((True, f"{self.label}:{value}"))
            else:
                terms.append((False, value))
        return terms


def encode_cursor(state: dict[str, Any]) -> str:
    """An opaque page cursor; each backend decides what it holds."""
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The state inside a cursor; a damaged cursor is an invalid query, not a crash."""
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidQuery(_INVALID_CURSOR) from error
    if not isinstance(state, dict):
        raise InvalidQuery(_INVALID_CURSOR)
    return state


# Past this no index has a page: a larger offset in a cursor is forged, and would overflow.
_MAX_CURSOR_OFFSET = 2**31 - 1
_INVALID_CURSOR = "invalid cursor: pass back the next_cursor of a previous page"


def cursor_after(cursor: str) -> list[Any]:
    """The sort values a `search_after` cursor holds; a forged one is an invalid query."""
    after = decode_cursor(cursor).get("after")
    if not isinstance(after, list):
        raise InvalidQuery(_INVALID_CURSOR)
    return after


def cursor_offset(cursor: str) -> int:
    """The offset an offset-keeping cursor holds; a forged one (negative, not a whole number,
    too large) is an invalid query, not a crash."""
    offset = decode_cursor(cursor).get("offset", 0)
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise InvalidQuery(_INVALID_CURSOR)
    if not 0 <= offset <= _MAX_CURSOR_OFFSET:
        raise InvalidQuery(_INVALID_CURSOR)
    return offset


class QueryRewrite(BaseModel):
    """What the caller worked out beyond the user's query; a backend applies it as given."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The query text to match, e.g. the expanded `q`.")
    prefer: str | None = Field(
        None, description="Matches of this text rank above all other matches."
    )
    topics: list[list[str]] = Field(
        default_factory=list,
        description="One list per topic filter: the concepts that satisfy it.",
    )
    measures: list[str] = Field(
        default_factory=list,
        description="Figures only: the measures any of which satisfies the measure filter "
        "(the asked ones and their narrower ones); empty for no filter.",
    )
    highlight: str | None = Field(
        None, description="The text whose terms snippets light up, when not `text`'s own."
    )
    entity_match: str = Field(
        "", description="`facet_names` folded: entity keys containing it fill the facet."
    )
    entity_keys: list[str] = Field(
        default_factory=list,
        description="Keys that fill the entities facet too (bodies whose names match).",
    )

    @classmethod
    def of(cls, query: SearchQuery | FigureFilters) -> QueryRewrite:
        """No rewriting: the text as typed, each topic filter only itself, the measures
        asked for and no narrower ones."""
        measures = list(query.measure) if isinstance(query, FigureFilters) else []
        match = query.facet_names.lower() if isinstance(query, SearchQuery) else ""
        return cls(
            text=query.q,
            topics=[[topic] for topic in query.topic],
            measures=measures,
            entity_match=" ".join(match.split()),
        )

    def preference(self) -> str | None:
        """The text whose matches rank first, when there is one that differs from `text`."""
        if self.prefer and self.prefer.strip() and self.prefer != self.text:
            return self.prefer
        return None


class Hit(BaseModel):
    """One matching document, with a highlighted snippet (HTML: text escaped, terms in <b>)."""

    id: str
    score: float
    title: str | None
    source: str
    language: str | None
    published: dt.date | None
    countries: list[str]
    snippet: str
    page: int | None = Field(
        None, description="Page of the file the snippet comes from (files of several pages)."
    )


class MatchedConcept(BaseModel):
    """A thesaurus concept the query named, which the search expanded to its labels."""

    id: str
    name: str = Field(description="Preferred label in the language the query used.")
    matched: str = Field(description="The query words that named it.")
    languages: list[str] = Field(description="Languages whose labels the words matched.")
    labels: dict[str, str] = Field(description="Preferred label per language.")


class SearchResult(BaseModel):
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facets_sampled: float | None = Field(
        None,
        description="When facet counts are estimates: the share of the matches they were "
        "counted on (then scaled up); null when they are exact.",
    )
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )
    concepts: list[MatchedConcept] = Field(
        default_factory=list, description="Concepts the query was expanded with."
    )


class SearchBackend(Protocol):
    """What every index must do; tests/search holds the contract suite each backend passes."""

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        """Index or replace the documents by id; the batch lands whole or not at all. A
        document carrying its file's `family` also removes, in the same write, what is named
        under the file's source and no longer among its members (search.families)."""
        ...

    def get(self, document_id: str) -> Document | None: ...

    def delete(self, document_id: str) -> bool:
        """Remove a document, its figures and what is attached to it, at any depth; False
        when there is no such document."""
        ...

    def search(self, query: SearchQuery, rewrite: QueryRewrite | None = None) -> SearchResult:
        """One page of hits; `rewrite` (default: none) replaces the text and topic filters."""
        ...

    def count(self) -> int: ...

    def iter_documents(self) -> Iterable[Document]: ...

    def search_figures(self, query: FigureQuery, rewrite: QueryRewrite | None = None) -> FigurePage:
        """One page of figure rows."""
        ...

    def iter_figures(
        self, query: FigureQuery, rewrite: QueryRewrite | None = None
    ) -> Iterable[FigureRow]:
        """Every figure row the query matches, streamed (limit and offset ignored)."""
        ...

    def summarise_figures(
        self, query: SummaryQuery, rewrite: QueryRewrite | None = None
    ) -> FigureSummary:
        """Comparable figures counted per country and year (search.figure_summary)."""
        ...

    def entity_page(self, query: EntityPageQuery) -> EntityPage | None:
        """One entity's page (search.entity_pages); None when no document names the key
        (as `query.label`, when given). Names are left to the caller."""
        ...

    def entities_by_country(
        self, query: SearchQuery, rewrite: QueryRewrite | None = None
    ) -> EntityCountryTable:
        """The top `facet_size` entities of the entities facet of `query` (its filters, its
        `facet_label` and names), each with its documents per country."""
        ...
