"""Entity pages and the entities-by-country table: models, and the steps both backends share."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document
from ingest.sentences import sentences_of
from search.facets import FacetValue
from search.figures import FigureRow

PageLabel = Literal["PER", "ORG", "LOC"]
PAGE_LABELS: tuple[PageLabel, ...] = ("PER", "ORG", "LOC")  # MISC is not indexed as a term
MAX_PAGE_LIMIT = 100
MAX_KEY_LENGTH = 300
FORMS_ON_PAGE = 100
# More buckets than there are countries: every country of the documents is counted.
ALL_COUNTRIES = 300
# A key whose characters are letters, digits and spaces is its own pattern in both regex
# dialects (Lucene's, tantivy's); keys are folded names, so any other is not worth a pattern.
_LITERAL = re.compile(r"[\w ]+")
_LONGEST_PATTERN = 600  # both engines cap patterns (see entity_facets._PATTERN_CHARS)
_LABELS, _COUNTRIES, _RELATED, _FORMS, _ENTITIES = "labels", "countries", "related", "forms", "rows"


class EntityPageOptions(BaseModel):
    """How much of each part of an entity's page to show, and which label the key is read as."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: PageLabel | None = Field(
        None, description="The key as this label; default: the label most documents give it."
    )
    limit: int = Field(20, ge=0, le=MAX_PAGE_LIMIT, description="Documents per page.")
    offset: int = Field(0, ge=0, le=10_000, description="Skip this many documents.")
    cursor: str | None = Field(
        None, max_length=2000, description="Continue the documents after a previous page."
    )
    figures: int = Field(20, ge=0, le=MAX_PAGE_LIMIT, description="Figures to list.")
    related: int = Field(20, ge=0, le=MAX_PAGE_LIMIT, description="Co-occurring entities.")
    related_label: PageLabel | None = Field(
        None, description="Co-occurring entities of this label only."
    )


class EntityPageQuery(EntityPageOptions):
    """One entity's page: which key, and how much of each part to show."""

    key: str = Field(min_length=1, max_length=MAX_KEY_LENGTH, examples=["nghe an"])


class LabelCount(BaseModel):
    label: str = Field(examples=["LOC"])
    documents: int = Field(description="Documents naming the key as this label.", examples=[4])


class FormCount(BaseModel):
    form: str = Field(description="The name as written.", examples=["Nghệ An"])
    documents: int = Field(description="Documents writing it so.", examples=[3])


class CountryCount(BaseModel):
    country: str = Field(description="ISO 3166-1 alpha-2.", examples=["VN"])
    documents: int = Field(examples=[3])


class EntityDocument(BaseModel):
    """A document naming the entity, and how often."""

    id: str
    title: str | None
    source: str
    published: dt.date | None
    language: str | None
    countries: list[str]
    mentions: int = Field(description="Mentions of the entity (this key and label) in it.")


class EntityDocuments(BaseModel):
    total: int = Field(description="Documents naming the entity.")
    items: list[EntityDocument] = Field(description="Newest first; undated ones last.")
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next documents; null on the last page."
    )


class EntityFigures(BaseModel):
    total: int = Field(description="Figures whose sentence names the entity.")
    items: list[FigureRow] = Field(
        description="Latest `as_of` first, undated ones last; rows as /api/figures gives them."
    )


class RelatedEntity(BaseModel):
    key: str
    label: str
    documents: int = Field(description="Documents naming both.")
    name: str | None = Field(None, description="Display name (as /api/entities gives it).")
    forms: list[str] = Field(default_factory=list, description="Names it was seen under.")


class EntityPage(BaseModel):
    key: str
    label: str
    name: str | None = Field(
        None,
        description="Display name: a body's name in the asked language, else the name most "
        "documents use.",
    )
    labels: list[LabelCount] = Field(description="Every label the key is given, most first.")
    forms: list[FormCount] = Field(description="The names it was seen under, most first.")
    documents: EntityDocuments
    countries: list[CountryCount] = Field(description="Countries of the documents naming it.")
    figures: EntityFigures
    related: list[RelatedEntity] = Field(
        description="Entities named in the most of the same documents."
    )


class EntityCountryRow(BaseModel):
    key: str
    label: str
    name: str | None = Field(None, description="Display name (as /api/entities gives it).")
    forms: list[str] = Field(default_factory=list, description="Names it was seen under.")
    documents: int = Field(description="Counted documents naming it.")
    countries: list[CountryCount] = Field(description="Of those, how many are about each country.")


class EntityCountryTable(BaseModel):
    documents: int = Field(description="How many documents were counted over.")
    countries: list[CountryCount] = Field(
        description="The table's columns: the countries of the rows, by documents counted."
    )
    entities: list[EntityCountryRow]


@dataclass(frozen=True)
class EntityFields:
    """What an index calls the document fields entity pages aggregate on."""

    labels: str  # "LABEL:key" terms
    forms: str  # "LABEL:key<TAB>name as written" terms
    countries: str


Aggregations = dict[str, Any]


class EntityPageSource(Protocol):
    """What a backend gives entity pages; the steps below are the same for every backend."""

    fields: EntityFields

    def aggregate(self, terms: Sequence[str], aggregations: Aggregations) -> Aggregations:
        """Aggregations over the documents with any of these "LABEL:key" terms."""
        ...

    def documents(
        self, term: str, query: EntityPageQuery, aggregations: Aggregations
    ) -> tuple[int, list[dict[str, Any]], Aggregations, str | None]:
        """The documents with `term`: total, a page of records (dicts of the analysis record
        with at least id, title, source, published, language, countries, entities), the
        aggregations over all of them, and the next page's cursor."""
        ...

    def figures(self, term: str, size: int) -> tuple[int, list[FigureRow]]:
        """How many figure entries have `term` among their sentence's entities, and the first."""
        ...

    def with_forms(self, entities: list[FacetValue]) -> list[FacetValue]:
        """The entities with the names each is written as in the index, most documents first."""
        ...


def entity_page(source: EntityPageSource, query: EntityPageQuery) -> EntityPage | None:
    """The page of `query.key`; None when no document names it (as `query.label`, if given)."""
    fields = source.fields
    candidates = [f"{label}:{query.key}" for label in PAGE_LABELS]
    aggregation = {"terms": {"field": fields.labels, "size": 3, "include": candidates}}
    found = source.aggregate(candidates, {_LABELS: aggregation})
    labels = sorted(
        (
            LabelCount(label=str(b["key"]).split(":", 1)[0], documents=int(b["doc_count"]))
            for b in _buckets(found, _LABELS)
        ),
        key=lambda count: (-count.documents, count.label),
    )
    label = query.label or (labels[0].label if labels else None)
    if label is None or label not in {count.label for count in labels}:
        return None
    term = f"{label}:{query.key}"
    total, records, aggregated, cursor = source.documents(
        term, query, _page_aggregations(query, term, fields)
    )
    related = _related(aggregated, term, query.related)
    related = source.with_forms(related)
    figures_total, rows = source.figures(term, query.figures)
    return EntityPage(
        key=query.key,
        label=label,
        labels=labels,
        forms=[
            FormCount(form=str(b["key"]).partition("\t")[2], documents=int(b["doc_count"]))
            for b in _ranked(_buckets(aggregated, _FORMS))
        ],
        documents=EntityDocuments(
            total=total,
            items=[_document(record, label, query.key) for record in records],
            next_cursor=cursor,
        ),
        countries=_countries(_buckets(aggregated, _COUNTRIES)),
        figures=EntityFigures(total=figures_total, items=rows),
        related=[
            RelatedEntity(key=f.value, label=f.label or "", documents=f.count, forms=f.forms)
            for f in related
        ],
    )


def _page_aggregations(query: EntityPageQuery, term: str, fields: EntityFields) -> Aggregations:
    aggregations: Aggregations = {
        _COUNTRIES: {"terms": {"field": fields.countries, "size": ALL_COUNTRIES}}
    }
    if query.related:
        # One more than asked: the entity itself is among them, and left out afterwards.
        related: dict[str, Any] = {"field": fields.labels, "size": query.related + 1}
        if query.related_label:
            related["include"] = f"{query.related_label}:.*"
        aggregations[_RELATED] = {"terms": related}
    if (pattern := forms_pattern(term)) is not None:
        aggregations[_FORMS] = {
            "terms": {"field": fields.forms, "size": FORMS_ON_PAGE, "include": pattern}
        }
    return aggregations


def forms_pattern(term: str) -> str | None:
    """The include pattern of the "LABEL:key<TAB>name" terms of one labelled key, or None
    when the key cannot stand in a pattern as it is."""
    key = term.partition(":")[2]
    if not _LITERAL.fullmatch(key) or len(term) > _LONGEST_PATTERN:
        return None
    return f"{term}\t.*"


def _related(aggregations: Aggregations, term: str, size: int) -> list[FacetValue]:
    buckets = [b for b in _ranked(_buckets(aggregations, _RELATED)) if b["key"] != term]
    return [
        FacetValue(
            value=str(b["key"]).split(":", 1)[1],
            label=str(b["key"]).split(":", 1)[0],
            count=int(b["doc_count"]),
        )
        for b in buckets[:size]
    ]


def _document(record: dict[str, Any], label: str, key: str) -> EntityDocument:
    mentions = sum(
        1 for e in record.get("entities") or () if e.get("key") == key and e.get("label") == label
    )
    return EntityDocument(
        id=record["id"],
        title=record.get("title"),
        source=record["source"],
        published=record.get("published"),
        language=record.get("language"),
        countries=record.get("countries") or [],
        mentions=mentions,
    )


def country_aggregations(include: str | None, size: int, fields: EntityFields) -> Aggregations:
    """The top `size` entities (of the include pattern) with their documents per country,
    and the documents per country over all counted documents."""
    countries = {"terms": {"field": fields.countries, "size": ALL_COUNTRIES}}
    entities: dict[str, Any] = {"field": fields.labels, "size": size}
    if include:
        entities["include"] = include
    return {_ENTITIES: {"terms": entities, "aggs": {_COUNTRIES: countries}}, _COUNTRIES: countries}


def country_table(
    total: int,
    aggregations: Aggregations,
    named: Callable[[list[FacetValue]], list[FacetValue]],
) -> EntityCountryTable:
    """The table from `country_aggregations`' results; `named` gives the rows' entities the
    names they are written as."""
    rows = [
        (
            FacetValue(
                value=str(b["key"]).split(":", 1)[1],
                label=str(b["key"]).split(":", 1)[0],
                count=int(b["doc_count"]),
            ),
            _countries(b.get(_COUNTRIES, {}).get("buckets", [])),
        )
        for b in _ranked(_buckets(aggregations, _ENTITIES))
    ]
    facets = named([facet for facet, _ in rows])
    seen = {cell.country for _, cells in rows for cell in cells}
    return EntityCountryTable(
        documents=total,
        countries=[c for c in _countries(_buckets(aggregations, _COUNTRIES)) if c.country in seen],
        entities=[
            EntityCountryRow(
                key=facet.value, label=facet.label or "", forms=facet.forms,
                documents=facet.count, countries=cells,
            )
            for facet, (_, cells) in zip(facets, rows, strict=True)
        ],
    )  # fmt: skip


def figure_entity_terms(document: Document) -> list[list[str]]:
    """Per figure of the document (in its order), the "LABEL:key" terms of the entities named
    in the figure's sentence (the sentence /api/figures gives): what entity pages find them by."""
    if not document.figures:
        return []
    named = sorted(
        (entity for entity in document.entities if entity.label in PAGE_LABELS),
        key=lambda entity: entity.start,
    )
    starts = [entity.start for entity in named]
    sentences = sentences_of(document.text)
    terms = []
    for figure in document.figures:
        opening, closing = sentences.around(figure.start, figure.end)
        inside = named[bisect.bisect_left(starts, opening) : bisect.bisect_left(starts, closing)]
        terms.append(sorted({f"{e.label}:{e.key}" for e in inside if e.end <= closing}))
    return terms


def _buckets(aggregations: Aggregations, name: str) -> list[dict[str, Any]]:
    return list(aggregations.get(name, {}).get("buckets", []))


def _ranked(buckets: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most documents first, then by key: the same order from every engine."""
    return sorted(buckets, key=lambda b: (-int(b["doc_count"]), str(b["key"])))


def _countries(buckets: Iterable[dict[str, Any]]) -> list[CountryCount]:
    return [
        CountryCount(country=str(b["key"]), documents=int(b["doc_count"])) for b in _ranked(buckets)
    ]
