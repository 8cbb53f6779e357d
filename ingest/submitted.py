"""A document as a user submits it (JSONL line or API body), validated into a `Document`."""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document
from ingest.normalize import document_id, normalize_text


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
    published: dt.date | None = Field(None, description="Publication date, ISO 8601.")
    source: str | None = Field(
        None, max_length=2000, description="Where it comes from; the same source keeps one id."
    )
    language: str | None = Field(
        None, pattern="^[a-z]{2}$", description="ISO 639-1 code; skips detection when given."
    )
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, pattern=r"^[\w.:-]{1,128}$", description="Explicit id.")

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
            title=normalize_text(self.title) or None if self.title else None,
            published=self.published,
            url=self.url,
            text=text,
            language=self.language,
        )
