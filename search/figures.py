"""Figure rows with provenance, and the figure query: shared by every backend."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document
from ingest.sentences import Sentences
from search.facets import FacetValue

MAX_FIGURE_LIMIT = 1000
# The measures facet lists this many at most: more than the thesaurus has.
MEASURE_FACET_SIZE = 200


class FigureRow(BaseModel):
    """One figure with where it comes from: the unit analysts pull into their tables."""

    document_id: str
    title: str | None
    source: str
    language: str | None
    countries: list[str]
    published: dt.date | None
    text: str = Field(description="The figure as written.")
    start: int = Field(description="Offset of the figure in the document's text.")
    end: int
    page: int | None = Field(None, description="Page of the file it stands on (paged files).")
    value: float | None
    value_min: float | None
    value_max: float | None
    of: float | None
    unit: str
    per: str | int | None
    qualifier: str | None
    about: str | None
    measure: str | None = Field(
        None, description="What the figure counts: a measure of the thesaurus (/api/measures)."
    )
    as_of: str | None
    topics: list[str] = Field(
        default_factory=list, description="Thesaurus concepts named in the figure's sentence."
    )
    sentence: str = Field(description="The sentence the figure stands in.")


class FigureQuery(BaseModel):
    """A figure search, shared by the CLI and the HTTP API."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(
        "",
        max_length=1000,
        description="Words in the figure's `about` or sentence.",
        examples=["methadone"],
    )
    country: list[str] = Field(
        default_factory=list, description="Documents about these.", examples=[["IT"]]
    )
    lang: str | None = Field(None, description="Documents in this language.", examples=["it"])
    unit: str | None = Field(None, description="count, percent, EUR, kg, ...", examples=["percent"])
    value_min: float | None = Field(None, description="Value at least this.", examples=[10])
    value_max: float | None = Field(None, description="Value at most this.", examples=[90])
    as_of_from: dt.date | None = Field(None, description="As-of date on or after this day.")
    as_of_to: dt.date | None = Field(None, description="As-of date on or before this day.")
    document: str | None = Field(None, description="Only figures of this document id.")
    topic: list[str] = Field(
        default_factory=list,
        description="Only figures whose sentence names all these thesaurus concepts "
        "(narrower concepts count).",
        examples=[["methadone"]],
    )
    measure: list[str] = Field(
        default_factory=list,
        description="Only figures that count one of these measures (ids, see /api/measures); "
        "a measure covers its narrower ones (drug-seizures: by weight, cases and value).",
        examples=[["people-in-treatment"]],
    )
    cross_lingual: bool = Field(
        True, description="Expand words of `q` that name a concept to its labels."
    )
    facets: bool = Field(
        True, description="False: leave out the count of figures per measure (JSON pages)."
    )
    sort: Literal["document", "value", "as_of"] = Field("document", description="Row order.")
    order: Literal["asc", "desc"] = Field("asc", description="Direction of `sort`.")
    limit: int = Field(50, ge=1, le=MAX_FIGURE_LIMIT)
    offset: int = Field(0, ge=0, le=10_000)
    cursor: str | None = Field(None, max_length=2000, description="A previous `next_cursor`.")


class FigurePage(BaseModel):
    total: int
    rows: list[FigureRow]
    next_cursor: str | None = None
    facets: dict[str, list[FacetValue]] = Field(
        default_factory=dict,
        description="measures: how many of the matching figures count each measure, most "
        "first (figures with no measure are left out).",
    )


def figure_rows(document: Document) -> Iterator[FigureRow]:
    """The figure rows of one analysed document, in text order."""
    if not document.figures:
        return
    text = document.text
    sentences = Sentences(text)
    for figure in document.figures:
        opening, closing = sentences.around(figure.start, figure.end)
        yield FigureRow(
            document_id=document.id,
            title=document.title,
            source=document.source,
            language=document.language,
            countries=document.countries,
            published=document.published,
            text=figure.text,
            start=figure.start,
            end=figure.end,
            page=figure.page,
            value=figure.value,
            value_min=figure.value_min,
            value_max=figure.value_max,
            of=figure.of,
            unit=figure.unit,
            per=figure.per,
            qualifier=figure.qualifier,
            about=figure.about,
            measure=figure.measure,
            as_of=figure.as_of,
            topics=figure.topics,
            sentence=text[opening:closing].strip(),
        )


def as_of_day(value: str | None) -> dt.date | None:
    """The first day an as_of value covers ("2023" -> 2023-01-01), or None if it is not a date."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
