"""The `published_month` facet (the search page's timeline) on every backend: documents per
month of publication, every month that has any, oldest first, for the query and its filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.model import Document
from search.backend import SearchBackend, SearchQuery
from search.month_facet import MONTH_FACET
from search.tantivy_backend import TantivyBackend


def _report(number: int, published: dt.date | None, language: str = "fr") -> Document:
    return Document(
        id=f"m{number}",
        source=f"m{number}.txt",
        published=published,
        text=f"Rapport {number} sur la méthadone et les centres de soins.",
        language=language,
    )


REPORTS = [
    _report(1, dt.date(2021, 3, 1), "it"),
    _report(2, dt.date(2023, 10, 1)),
    _report(3, dt.date(2023, 10, 31)),
    # The last day of a month and the first of the next: a time zone slip would merge them.
    _report(4, dt.date(2023, 12, 31)),
    _report(5, dt.date(2024, 1, 1), "en"),
    _report(6, None),
]


@pytest.fixture
def reports(backend: SearchBackend) -> SearchBackend:
    assert backend.upsert(REPORTS) == []
    return backend


def _months(backend: SearchBackend, **query: object) -> list[tuple[str, int]]:
    result = backend.search(SearchQuery(facet_months=True, limit=0, **query))  # type: ignore[arg-type]
    return [(facet.value, facet.count) for facet in result.facets[MONTH_FACET]]


def test_months_are_counted_oldest_first_with_only_months_that_have_documents(
    reports: SearchBackend,
) -> None:
    assert _months(reports) == [("2021-03", 1), ("2023-10", 2), ("2023-12", 1), ("2024-01", 1)]


def test_months_follow_the_query_and_its_filters(reports: SearchBackend) -> None:
    assert _months(reports, lang="fr") == [("2023-10", 2), ("2023-12", 1)]
    assert _months(reports, q="centres", country=["XX"]) == []
    bounded = {"published_from": dt.date(2023, 10, 15), "published_to": dt.date(2023, 12, 31)}
    assert _months(reports, **bounded) == [("2023-10", 1), ("2023-12", 1)]


def test_every_month_is_listed_whatever_the_facet_size(reports: SearchBackend) -> None:
    assert len(_months(reports, facet_size=1)) == 4


def test_months_only_on_request(reports: SearchBackend) -> None:
    assert MONTH_FACET not in reports.search(SearchQuery(limit=0)).facets
    asked = SearchQuery(limit=0, facet_months=True, facets=False)
    assert reports.search(asked).facets == {}


def test_sampled_months_are_scaled_to_every_match(tmp_path: Path) -> None:
    """On a result set past the exact-facet limit the months are estimated, like the rest."""
    documents = [
        _report(number, dt.date(2022, 1 + number % 2, 15)) for number in range(400)
    ]  # half in January, half in February
    backend = TantivyBackend(tmp_path / "index", exact_facets_up_to=100)
    backend.upsert(documents)
    result = backend.search(SearchQuery(q="méthadone", limit=0, facet_months=True))
    assert result.facets_sampled is not None
    counts = dict((f.value, f.count) for f in result.facets[MONTH_FACET])
    assert set(counts) == {"2022-01", "2022-02"}
    assert all(abs(count - 200) < 70 for count in counts.values())
