"""The embedded index's shape: schema, analyzers, and documents and figures as index entries."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

import tantivy
from pydantic_core import from_json

from ingest.model import Document
from search.concept_encoding import concept_words, main_topics
from search.entity_facets import form_terms, labelled_keys
from search.figures import FigureRow, as_of_day, figure_year, per_key

STEMMED_LANGUAGES = {"fr": "french", "it": "italian", "en": "english"}
NEUTRAL_FIELD = "body_any"  # every document, folded but not stemmed; not stored
OTHER_FIELD = "body_other"  # stored text of documents in languages without a stemmer
CONCEPT_FIELD = "concepts"  # the concept words of a document's topics (search.concept_encoding)
SEARCH_FIELDS = [f"body_{code}" for code in STEMMED_LANGUAGES] + [NEUTRAL_FIELD, CONCEPT_FIELD]
EXACT_FIELDS = [NEUTRAL_FIELD, CONCEPT_FIELD]
SAMPLE_SLOTS = 1024


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("source", tokenizer_name="raw")
    for code in STEMMED_LANGUAGES:
        builder.add_text_field(f"body_{code}", stored=True, tokenizer_name=f"stem_{code}")
    builder.add_text_field(NEUTRAL_FIELD, tokenizer_name="folded")
    builder.add_text_field(OTHER_FIELD, stored=True, tokenizer_name="folded")
    builder.add_text_field(CONCEPT_FIELD, tokenizer_name="folded")
    for keyword in ("language", "entity", "entity_label", "entity_form", "country", "topic"):
        builder.add_text_field(keyword, tokenizer_name="raw", fast=True)
    builder.add_date_field("published", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("sample", indexed=True, fast=True)
    builder.add_bytes_field("record", stored=True)
    # A document and its figures are entries of one index, written in one commit, so a crash
    # never leaves a document without its figures or figures without their document.
    builder.add_text_field("kind", tokenizer_name="raw", fast=True)
    builder.add_text_field("doc_id", tokenizer_name="raw")
    builder.add_text_field("unit", tokenizer_name="raw", fast=True)
    builder.add_text_field("measure", tokenizer_name="raw", fast=True)
    # What the figures summary groups by: a rate's `per` (search.figures.per_key), and where
    # a figure's `year` comes from (search.figures.figure_year).
    builder.add_text_field("per_key", tokenizer_name="raw", fast=True)
    builder.add_text_field("year_basis", tokenizer_name="raw", fast=True)
    builder.add_float_field("value", indexed=True, fast=True)
    builder.add_date_field("as_of", indexed=True, fast=True)
    builder.add_integer_field("position", indexed=False, fast=True)
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    # Stemming before folding: the Snowball stemmers expect the accented forms.
    for code, language in STEMMED_LANGUAGES.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(language))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        index.register_tokenizer(f"stem_{code}", analyzer)
    folded = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("folded", folded)


def document_entry(document: Document) -> tantivy.Document:
    stored = tantivy.Document()
    stored.add_text("id", document.id)
    stored.add_text("doc_id", document.id)
    stored.add_text("kind", "doc")
    stored.add_text("source", document.source)
    # The text is stored once, in its language's field; the record keeps everything else.
    stored.add_text(text_field(document.language), document.text)
    if document.title:
        stored.add_text(NEUTRAL_FIELD, document.title)
    stored.add_text(NEUTRAL_FIELD, document.text)
    stored.add_text("language", document.language or "und")
    stored.add_integer("sample", sample_slot(document.id))
    named = [entity for entity in document.entities if entity.label != "MISC"]
    for key in sorted({entity.key for entity in named}):
        stored.add_text("entity", key)
    for labelled in labelled_keys(document):
        stored.add_text("entity_label", labelled)
    for form in form_terms(document):
        stored.add_text("entity_form", form)
    for country in document.countries:
        stored.add_text("country", country)
    for concept in main_topics(document.topics):
        stored.add_text("topic", concept)
    stored.add_text(CONCEPT_FIELD, concept_words(document.topics))
    if document.published:
        if (midnight := index_midnight(document.published)) is not None:
            stored.add_date("published", midnight)
        stored.add_integer("year", document.published.year)
    stored.add_bytes("record", document.model_dump_json(exclude={"text"}).encode("utf-8"))
    return stored


# tantivy keeps dates as nanoseconds in 64 bits: these are the first and last days it can hold.
_FIRST_DAY, _LAST_DAY = dt.date(1677, 9, 22), dt.date(2262, 4, 10)


def index_midnight(day: dt.date) -> dt.datetime | None:
    """Midnight UTC of `day` as the index stores dates; None for a day it cannot hold (the
    record keeps the date; only date filters miss it)."""
    if not _FIRST_DAY <= day <= _LAST_DAY:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def range_bound(day: dt.date | None) -> dt.datetime | None:
    """A date filter's bound, brought inside the days the index can hold (none lie beyond)."""
    if day is None:
        return None
    return dt.datetime.combine(min(max(day, _FIRST_DAY), _LAST_DAY), dt.time(), tzinfo=dt.UTC)


def sample_slot(document_id: str) -> int:
    """A stable pseudo-random slot in [0, SAMPLE_SLOTS): slots below k hold ~k/SAMPLE_SLOTS of
    any set of documents, which lets facets of a huge result set be counted on a sample."""
    digest = hashlib.blake2b(document_id.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % SAMPLE_SLOTS


def figure_entry(row: FigureRow, entity_terms: Sequence[str] = ()) -> tantivy.Document:
    """A figure as its own index entry: searchable by its words, filterable by value and date,
    found by the "LABEL:key" terms of the entities its sentence names (entity pages)."""
    entry = tantivy.Document()
    entry.add_text("id", f"{row.document_id}#{row.start}")
    entry.add_text("doc_id", row.document_id)
    entry.add_text("kind", "figure")
    words = " ".join(part for part in (row.about, row.sentence) if part)
    entry.add_text(text_field(row.language), words)
    entry.add_text(NEUTRAL_FIELD, words)
    entry.add_text("language", row.language or "und")
    entry.add_text("source", row.source)
    for country in row.countries:
        entry.add_text("country", country)
    for topic in row.topics:
        entry.add_text("topic", topic)
    for term in entity_terms:
        entry.add_text("entity_label", term)
    entry.add_text(CONCEPT_FIELD, concept_words(row.topics))
    entry.add_text("unit", row.unit)
    if row.measure:
        entry.add_text("measure", row.measure)
    value = row.value if row.value is not None else row.value_min
    if value is not None:
        entry.add_float("value", float(value))
    if (day := as_of_day(row.as_of)) is not None and (midnight := index_midnight(day)):
        entry.add_date("as_of", midnight)
    entry.add_text("per_key", per_key(row.per))
    if (counted := figure_year(row.as_of, row.published)) is not None:
        entry.add_integer("year", counted[0])
        entry.add_text("year_basis", counted[1])
    entry.add_integer("position", row.start)
    entry.add_bytes("record", row.model_dump_json().encode("utf-8"))
    return entry


def stored_row(stored: tantivy.Document) -> FigureRow:
    return FigureRow.model_validate_json(stored["record"][0])


def text_field(language: str | None) -> str:
    return f"body_{language}" if language in STEMMED_LANGUAGES else OTHER_FIELD


def stored_document(stored: tantivy.Document) -> Document:
    record = from_json(stored["record"][0])
    record["text"] = stored[text_field(record.get("language"))][0]
    return Document.model_validate(record)
