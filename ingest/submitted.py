"""A document as a user submits it (JSONL line or API body), validated into a `Document`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from ingest.model import Document
from ingest.normalize import document_id, normalize_text, normalize_title, parse_iso_date
from ingest.published import stated_published

_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def _blank_is_none(value: object) -> object:
    # Surrounding whitespace is never meant, and a blank value means the field was left out.
    return (value.strip() or None) if isinstance(value, str) else value


class SubmittedDocument(BaseModel):
    """One document's text and metadata; only `text` is required."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "text": "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.",
                    "title": "Nghe An: bilan du traitement",
                    "published": "2023-10-06",
                    "source": "baonghean/2023-10-06",
                    "language": "fr",
                }
            ]
        },
    )

    text: str = Field(min_length=1, max_length=5_000_000, description="The document's text.")
    title: str | None = Field(None, max_length=2000)
    # Strict: strings are parsed below, and a bare number is not taken for a timestamp.
    published: dt.date | None = Field(
        None,
        strict=True,
        description="Publication date, ISO 8601; when left out, the date a dateline or a "
        "'published' line atop the text states, if any.",
    )
    source: str | None = Field(
        None, max_length=2000, description="Where it comes from; the same source keeps one id."
    )
    language: str | None = Field(
        None, pattern="^[a-z]{2}$", description="ISO 639-1 code; skips detection when given."
    )
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, pattern=r"^[\w.:-]{1,128}$", description="Explicit id.")

    @field_validator("title", "source", "url", "id", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return _blank_is_none(value)

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        value = _blank_is_none(value)
        if not isinstance(value, str):
            return value
        published = parse_iso_date(value)
        if published is None:
            raise PydanticCustomError(
                "iso_date",
                "Input should be an ISO date (YYYY-MM-DD), got {value}",
                {"value": repr(value)},
            )
        return published

    @field_validator("language", mode="before")
    @classmethod
    def _language_code(cls, value: object) -> object:
        value = _blank_is_none(value)
        if not isinstance(value, str):
            return value
        if not _LANGUAGE_CODE.fullmatch(value.lower()):
            raise PydanticCustomError(
                "language_code",
                "Input should be a two-letter ISO 639-1 code, got {value}",
                {"value": repr(value)},
            )
        return value.lower()

    def to_document(self, fallback_source: str | None = None) -> Document:
        """The normalised `Document`; raises ValueError when no text is left."""
        text = normalize_text(self.text)
        if not text:
            raise ValueError("no text (empty or whitespace only)")
        source = self.source or self.url or fallback_source
        if source is None:
            source = "submitted:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
        return Document(
            id=self.id or document_id(source),
            source=source,
            title=normalize_title(self.title),
            # Metadata first; else what the text's own header says ("Roma, 12 gennaio 2024 –").
            published=self.published or stated_published(text),
            url=self.url,
            text=text,
            language=self.language,
        )
