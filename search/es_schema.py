"""Elasticsearch index settings, mapping and document shape: pure functions, testable as dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.model import Document
from search.concept_encoding import concept_words, main_topics
from search.entity_facets import form_terms, labelled_keys
from search.figures import FigureRow, as_of_day, figure_year, per_key

# Bump when the mapping changes: `policylens reindex` builds the new index behind the alias.
MAPPING_VERSION = 7
LANGUAGE_ANALYZERS = {"fr": "french", "it": "italian", "en": "english"}
# Fields derived for querying; they are not part of the analysis record.
_DERIVED = (
    "entity_keys",
    "entity_labels",
    "entity_forms",
    "year",
    "kind",
    "doc_id",
    "entry_id",
    "topic_ids",
    "concept_words",
)


def index_name(alias: str, version: int = MAPPING_VERSION) -> str:
    """The versioned index behind `alias` ("policylens" -> "policylens-v1")."""
    return f"{alias}-v{version}"


def index_body() -> dict[str, Any]:
    """Settings and mappings for the documents index.

    Text is indexed once per language through the built-in analyzers (sub-fields `text.fr`,
    `text.it`, `text.en`) plus a folded language-neutral field. Figures are entries of their
    own (`kind: figure`) in the same index, like the embedded backend's, so figure queries
    page and sort over figures, not documents, and exports stream with search_after.
    """
    text_field = {
        "type": "text",
        "analyzer": "folded",
        "fields": {
            code: {"type": "text", "analyzer": analyzer}
            for code, analyzer in LANGUAGE_ANALYZERS.items()
        },
    }
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "analysis": {
                "analyzer": {
                    "folded": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    }
                }
            }
        },
        "mappings": {
            # The record is kept whole in _source; only what is queried is indexed.
            "dynamic": False,
            "properties": {
                "id": keyword,
                "source": keyword,
                "title": text_field,
                "text": text_field,
                "language": keyword,
                "published": {"type": "date", "format": "strict_date"},
                "year": {"type": "integer"},
                "countries": keyword,
                "entity_keys": keyword,
                "entity_labels": keyword,
                # "LABEL:key<TAB>name as written": the names a facet value lists.
                "entity_forms": keyword,
                # Concept ids: a document's topics, or those named in a figure's sentence.
                "topic_ids": keyword,
                # The same concepts as words (search.concept_encoding), searched with the text.
                "concept_words": {"type": "text", "analyzer": "folded"},
                "kind": keyword,
                "doc_id": keyword,
                "entry_id": keyword,
                # Figure entries: their words, and what figure queries filter and sort on.
                "words": text_field,
                "unit": keyword,
                "measure": keyword,
                "value": {"type": "double"},
                "as_of_day": {"type": "date", "format": "strict_date"},
                "position": {"type": "integer"},
                # What the figures summary groups by (`year` above is a figure's year too).
                "per_key": keyword,
                "year_basis": keyword,
            },
        },
    }


def figure_source(row: FigureRow, entity_terms: Sequence[str] = ()) -> dict[str, Any]:
    """The _source of a figure entry: its row plus the fields figure queries use, and the
    "LABEL:key" terms of the entities its sentence names (entity pages)."""
    source = row.model_dump(mode="json")
    value = row.value if row.value is not None else row.value_min
    day = as_of_day(row.as_of)
    counted = figure_year(row.as_of, row.published)
    source.update(
        kind="figure",
        doc_id=row.document_id,
        entry_id=figure_id(row),
        words=" ".join(part for part in (row.about, row.sentence) if part),
        value=value,
        as_of_day=day.isoformat() if day else None,
        position=row.start,
        topic_ids=row.topics,
        concept_words=concept_words(row.topics),
        per_key=per_key(row.per),
        year=counted[0] if counted else None,
        year_basis=counted[1] if counted else None,
        entity_labels=list(entity_terms),
    )
    return source


def figure_id(row: FigureRow) -> str:
    return f"{row.document_id}#{row.start}"


def row_from_source(source: dict[str, Any]) -> FigureRow:
    fields = FigureRow.model_fields
    return FigureRow.model_validate({k: v for k, v in source.items() if k in fields})


def to_source(document: Document) -> dict[str, Any]:
    """The _source stored for a document: the analysis record plus derived query fields."""
    source = document.model_dump(mode="json")
    source["kind"] = "doc"
    source["doc_id"] = source["entry_id"] = document.id
    named = [entity for entity in document.entities if entity.label != "MISC"]
    source["entity_keys"] = sorted({entity.key for entity in named})
    source["entity_labels"] = labelled_keys(document)
    source["entity_forms"] = form_terms(document)
    source["year"] = document.published.year if document.published else None
    source["topic_ids"] = main_topics(document.topics)
    source["concept_words"] = concept_words(document.topics)
    return source


def from_source(source: dict[str, Any]) -> Document:
    """The analysis record back from a stored _source."""
    return Document.model_validate({k: v for k, v in source.items() if k not in _DERIVED})
