"""The analysis record: frozen pydantic models shared by every package."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

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
    page: int | None = Field(None, description="Page it was found on (paged files only).")


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
    measure: str | None = Field(
        None,
        description="What the figure counts, as a measure of the thesaurus "
        "(people-in-treatment, overdose-deaths, drug-seizures-by-weight, budget ...); "
        "null when its words name none that fits its unit.",
    )
    as_of: str | None = None
    topics: list[str] = Field(
        default_factory=list, description="Thesaurus concepts named in the figure's sentence."
    )
    page: int | None = Field(None, description="Page it was found on (paged files only).")


class DateMention(_Frozen):
    """A date expression with its normalised value (YYYY, YYYY-MM-DD, XXXX-MM-DD, a/b)."""

    text: str
    start: int
    end: int
    value: str
    page: int | None = Field(None, description="Page it was found on (paged files only).")


class Topic(_Frozen):
    """A thesaurus concept the document discusses, and how many times its labels occur."""

    concept: str
    count: int


class LanguageSpan(_Frozen):
    """The language of one stretch of the text (a paragraph or a run of them)."""

    start: int
    end: int
    language: str | None


class OcrRepair(_Frozen):
    """A number OCR misread and the reader put right: text[start:end] now, `read` before."""

    start: int
    end: int
    read: str = Field(description="What Tesseract read there (for a dropped speckle, the speckle).")


class Page(_Frozen):
    """Where one page of a paged file (PDF, scan) lies in the text; blank pages have none."""

    number: int = Field(ge=1, description="The page's number in the file, from 1.")
    start: int
    end: int
    ocr: bool = Field(False, description="The text was recognised from the page's image.")
    ocr_confidence: float | None = Field(
        None, description="OCR'd pages: Tesseract's mean word confidence, 0-1."
    )
    ocr_coverage: float | None = Field(
        None,
        description="OCR'd pages: the share of the page's ink that was read as words, 0-1 "
        "(under 0.9, text on the page went unread).",
    )
    ocr_rotation: float | None = Field(
        None,
        description="OCR'd pages: degrees the page image was turned clockwise before it was "
        "read (quarter turns for pages fed sideways, a few degrees to straighten a tilt).",
    )
    ocr_repairs: list[OcrRepair] = Field(
        default_factory=list, description="OCR'd pages: numbers misread and put right."
    )


def page_finder(pages: Sequence[Page]) -> Callable[[int], int | None]:
    """From a character offset to the number of the page (of `pages`, in order) holding it;
    None before the first page or when there are none."""
    starts = [page.start for page in pages]
    numbers = [page.number for page in pages]

    def page_at(offset: int) -> int | None:
        index = bisect_right(starts, offset) - 1
        return numbers[index] if index >= 0 else None

    return page_at


@dataclass(frozen=True, slots=True)
class Family:
    """Every document one file yielded when it was read: a message and what is attached to it,
    at any depth, or a JSONL file's lines. The file's documents are the ones named under its
    source (`source#name`, `source#L2`): those of an earlier reading it no longer yields are
    leftovers, which the index removes when it writes the document carrying this.

    An instruction to the index, not part of the record: a dataclass, in no API schema.
    """

    source: str  # the file's
    members: frozenset[str]  # ids of every document read from it this time


class Document(_Frozen):
    """One document and everything known about it; offsets index into `text`."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "2981d0b70d12c96eccef",
                    "source": "corpora/sample/fr/nghe-an-methadone.txt",
                    "title": "Nghe An : la méthadone s'étend",
                    "published": "2023-10-06",
                    "url": None,
                    "text": "Au 30 septembre 2023, Nghe An comptait 3 810 toxicomanes.",
                    "language": "fr",
                    "language_confidence": 1.0,
                    "paragraph_languages": [{"start": 0, "end": 57, "language": "fr"}],
                    "entities": [
                        {"text": "Nghe An", "label": "LOC", "start": 22, "end": 29,
                         "key": "nghe an"}
                    ],
                    "figures": [
                        {"text": "3 810 toxicomanes", "start": 39, "end": 56, "value": 3810,
                         "value_min": None, "value_max": None, "of": None, "unit": "count",
                         "per": None, "qualifier": None, "about": "toxicomanes",
                         "as_of": "2023-09-30"}
                    ],
                    "dates": [{"text": "30 septembre 2023", "start": 3, "end": 20,
                               "value": "2023-09-30"}],
                    "countries": ["VN"],
                    "countries_mentioned": {"VN": 1},
                    "topics": [{"concept": "addiction", "count": 1}],
                }
            ]
        },
    )  # fmt: skip

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
    topics: list[Topic] = Field(default_factory=list)
    pages: list[Page] = Field(
        default_factory=list, description="Pages of a paged file, in order; empty otherwise."
    )
    attached_to: str | None = Field(
        None, description="Id of the message (.eml) this document was attached to."
    )
    attachments: list[str] = Field(
        default_factory=list, description="Ids of the documents attached to this message."
    )
    # Not part of the record: an instruction from the reader to the index, on the first
    # document read from a file that yields several, so that the write of that document drops
    # what the file no longer holds (the rest of the file may come in later batches).
    family: SkipJsonSchema[Family | None] = Field(None, exclude=True, repr=False)

    def page_finder(self) -> Callable[[int], int | None]:
        """From a character offset to the number of the page holding it; None when not paged."""
        return page_finder(self.pages)


class Failure(_Frozen):
    """A document that could not be processed, and why; batches carry on past it."""

    source: str
    reason: str
