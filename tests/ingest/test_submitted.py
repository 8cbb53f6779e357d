"""SubmittedDocument validates JSONL lines and API bodies alike, and builds the Document."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from ingest.normalize import document_id, normalize_title
from ingest.submitted import SubmittedDocument


def errors(payload: dict[str, object]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each error as (location, message), the same whether validated from Python or JSON."""
    with pytest.raises(ValidationError) as python:
        SubmittedDocument.model_validate(payload)
    with pytest.raises(ValidationError) as from_json:
        SubmittedDocument.model_validate_json(json.dumps(payload))
    found = [(e["loc"], e["msg"]) for e in python.value.errors()]
    assert found == [(e["loc"], e["msg"]) for e in from_json.value.errors()]
    return found


@pytest.mark.parametrize(("given", "kept"), [("FR", "fr"), (" En ", "en"), ("", None)])
def test_language_is_lower_cased(given: str, kept: str | None) -> None:
    assert SubmittedDocument.model_validate({"text": "x", "language": given}).language == kept
    assert (
        SubmittedDocument.model_validate_json(json.dumps({"text": "x", "language": given})).language
        == kept
    )


@pytest.mark.parametrize("code", ["fra", "f", "é1", "fr-FR"])
def test_language_that_is_not_two_letters_is_rejected(code: str) -> None:
    assert errors({"text": "x", "language": code}) == [
        (("language",), f"Input should be a two-letter ISO 639-1 code, got {code!r}")
    ]
    assert errors({"text": "x", "language": 33}) == [
        (("language",), "Input should be a valid string")
    ]


@pytest.mark.parametrize(
    ("given", "date"),
    [
        ("2021-06-15", dt.date(2021, 6, 15)),
        (" 2021-06-15T23:30:00+02:00 ", dt.date(2021, 6, 15)),
        ("20210615", dt.date(2021, 6, 15)),
        ("  ", None),
    ],
)
def test_published_takes_iso_dates_and_datetimes(given: str, date: dt.date | None) -> None:
    assert SubmittedDocument.model_validate({"text": "x", "published": given}).published == date


def test_published_rejects_other_strings_and_numbers() -> None:
    assert errors({"text": "x", "published": "15/06/2021"}) == [
        (("published",), "Input should be an ISO date (YYYY-MM-DD), got '15/06/2021'")
    ]
    assert errors({"text": "x", "published": 1623715200}) == [
        (("published",), "Input should be a valid date")
    ]
    kept = SubmittedDocument(text="x", published=dt.date(2021, 6, 15)).published
    assert kept == dt.date(2021, 6, 15)


def test_blank_metadata_counts_as_missing_and_is_stripped() -> None:
    submitted = SubmittedDocument.model_validate(
        {"text": " Corps. ", "title": " ", "source": " a/b ", "url": "", "id": " doc-1 "}
    )
    assert (submitted.text, submitted.title, submitted.source) == (" Corps. ", None, "a/b")
    assert (submitted.url, submitted.id) == (None, "doc-1")


def test_to_document_names_the_source_and_normalises() -> None:
    submitted = SubmittedDocument(
        text="L’été\u00a02021.", title=" Rapport\n\n annuel ", url="https://x.org/r"
    )
    document = submitted.to_document(fallback_source="lot.jsonl#L3")
    assert document.source == "https://x.org/r" and document.id == document_id("https://x.org/r")
    assert (document.text, document.title) == ("L'été 2021.", "Rapport annuel")
    fallback = SubmittedDocument(text="Corps.").to_document(fallback_source="lot.jsonl#L3")
    assert fallback.source == "lot.jsonl#L3" and fallback.id == document_id("lot.jsonl#L3")
    anonymous = SubmittedDocument(text="Corps.").to_document()
    assert anonymous.source.startswith("submitted:") and len(anonymous.source) == 30
    with pytest.raises(ValueError, match=r"^no text \(empty or whitespace only\)$"):
        SubmittedDocument(text=" \u200b\n").to_document()


@pytest.mark.parametrize(
    ("title", "normalised"),
    [
        (None, None),
        ("", None),
        (" \u00a0\u200b\n", None),
        ("L’an\u00a0 2021\n\nbilan ", "L'an 2021 bilan"),
    ],
)
def test_normalize_title(title: str | None, normalised: str | None) -> None:
    assert normalize_title(title) == normalised
