"""Elasticsearch index settings, mapping and document shape: pure functions, testable as dicts."""

from __future__ import annotations

from typing import Any

from ingest.model import Document

# Bump when the mapping changes: `policylens reindex` builds the new index behind the alias.
MAPPING_VERSION = 1
LANGUAGE_ANALYZERS = {"fr": "french", "it": "italian", "en": "english"}
# Fields derived for querying; they are not part of the analysis record.
_DERIVED = ("entity_keys", "entity_labels", "year")


def index_name(alias: str, version: int = MAPPING_VERSION) -> str:
    """The versioned index behind `alias` ("policylens" -> "policylens-v1")."""
    return f"{alias}-v{version}"


def index_body() -> dict[str, Any]:
    """Settings and mappings for the documents index.

    Text is indexed once per language through the built-in analyzers (sub-fields `text.fr`,
    `text.it`, `text.en`) plus a folded language-neutral field. Figures are `nested` so a
    document and its figures are written in one request (no half-indexed record) and figure
    queries can still match value, unit and date of the same figure.
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
                "figures": {
                    "type": "nested",
                    "properties": {
                        "value": {"type": "double"},
                        "value_min": {"type": "double"},
                        "value_max": {"type": "double"},
                        "unit": keyword,
                        "qualifier": keyword,
                        "about": {"type": "text", "analyzer": "folded"},
                        "as_of": keyword,
                    },
                },
            },
        },
    }


def to_source(document: Document) -> dict[str, Any]:
    """The _source stored for a document: the analysis record plus derived query fields."""
    source = document.model_dump(mode="json")
    named = [entity for entity in document.entities if entity.label != "MISC"]
    source["entity_keys"] = sorted({entity.key for entity in named})
    source["entity_labels"] = sorted({f"{entity.label}:{entity.key}" for entity in named})
    source["year"] = document.published.year if document.published else None
    return source


def from_source(source: dict[str, Any]) -> Document:
    """The analysis record back from a stored _source."""
    return Document.model_validate({k: v for k, v in source.items() if k not in _DERIVED})
