"""The analysis record: frozen pydantic models shared by every package."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
Qualifier = Literal["approx", "more_than", "less_than", "at_least", "up_to"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Entity(_Frozen):
    """A named entity; `key` is shared by variants of one name."""

    text: str
    label: EntityLabel
    start: int
    end: int
    key: str


class Figure(_Frozen):
    """A statistical quantity the text states (rules in gold-format.md)."""

    text: str
    start: int
    end: int
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    of: float | None = None
    unit: str = "count"
    per: str | int | None = None
    qualifier: Qualifier | None = None
    about: str | None = None
    as_of: str | None = None


class DateMention(_Frozen):
    """A date expression with its normalised value (YYYY, YYYY-MM-DD, XXXX-MM-DD, a/b)."""

    text: str
    start: int
    end: int
    value: str


class LanguageSpan(_Frozen):
    """The language of one stretch of the text (a paragraph or a run of them)."""

    start: int
    end: int
    language: str | None


class Document(_Frozen):
    """One document and everything known about it; offsets index into `text`."""

    id: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    text: str
    language: str | None = None
    language_confidence: float | None = None
    paragraph_languages: list[LanguageSpan] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    countries_mentioned: dict[str, int] = Field(default_factory=dict)


class Failure(_Frozen):
    """A document that could not be processed, and why; batches carry on past it."""

    source: str
    reason: str
