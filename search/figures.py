"""Figure rows with provenance, and the figure query: shared by every backend."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document
from ingest.sentences import sentences_of
from search.facets import FacetValue

MAX_FIGURE_LIMIT = 1000
# The measures facet lists this many at most: more than the thesaurus has.
MEASURE_FACET_SIZE = 200
# The `per` of a figure that is no rate, as the index keeps it and the `per` filter takes it.
NO_PER = "none"
YearBasis = Literal["as_of", "published"]


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


class FigureFilters(BaseModel):
    """Which figures: the filters the figure search and the figures summary share."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(
        "",
        max_length=1000,
        description="Words in the figure's `about` or sentence.",
        examples=["methadone"],
    )
    country: list[str] = Field(
        default_factory=list,
        description="Documents about these: ISO 3166 codes or names in French, Italian or "
        "English (VN, Viêt Nam, Vietnam).",
        examples=[["IT"]],
    )
    lang: str | None = Field(None, description="Documents in this language.", examples=["it"])
    unit: str | None = Field(None, description="count, percent, EUR, kg, ...", examples=["percent"])
    per: str | None = Field(
        None,
        max_length=50,
        description=f"Rates: figures per this (day, 100000, inhabitant ...); `{NO_PER}`: figures "
        "that are no rate.",
        examples=["100000"],
    )
    value_min: float | None = Field(None, description="Value at least this.", examples=[10])
    value_max: float | None = Field(None, description="Value at most this.", examples=[90])
    as_of_from: dt.date | None = Field(None, description="As-of date on or after this day.")
    as_of_to: dt.date | None = Field(None, description="As-of date on or before this day.")
    year: int | None = Field(
        None,
        ge=0,
        le=9999,
        description="Figures of this year: the year their as-of date names, else their "
        "document's publication year (the years of /api/figures/summary).",
        examples=[2023],
    )
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


class FigureQuery(FigureFilters):
    """A figure search, shared by the CLI and the HTTP API: filters, order and a page."""

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
    sentences = sentences_of(text)
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


def per_key(per: str | int | None) -> str:
    """A figure's `per` as the index keeps it: "100000", "day", or NO_PER for no rate."""
    return NO_PER if per is None else str(per)


def per_value(key: str) -> str | int | None:
    """A `per` back from its index key: numbers are numbers again ("100000" -> 100000)."""
    if key == NO_PER:
        return None
    return int(key) if key.isdigit() else key


def figure_year(as_of: str | None, published: dt.date | None) -> tuple[int, YearBasis] | None:
    """The year a figure is counted under, and where it comes from: the year its as-of date
    names, else its document's publication year; None when neither says.

    An interval counts under its last year ("2019/2021", "2022/2023-H1": the figure is as it
    stood at the end); an as-of date whose year is unknown ("XXXX-09") falls back like none.
    """
    if as_of and (named := _YEAR.match(as_of.rsplit("/", 1)[-1])):
        return int(named.group(1)), "as_of"
    if published is not None:
        return published.year, "published"
    return None


_YEAR = re.compile(r"(\d{4})")
