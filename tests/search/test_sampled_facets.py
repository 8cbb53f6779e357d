"""Facets of very large result sets: the embedded index counts them on a sample and says so."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.model import Document
from search.backend import SearchQuery
from search.tantivy_backend import TantivyBackend
from search.tantivy_schema import SAMPLE_SLOTS, sample_slot

LANGUAGES = ["fr"] * 5 + ["it"] * 3 + ["en"] * 2  # 50 % / 30 % / 20 %


def test_sample_slots_are_stable_and_spread_evenly() -> None:
    ids = [f"document-{index}" for index in range(20_000)]
    assert [sample_slot(i) for i in ids[:50]] == [sample_slot(i) for i in ids[:50]]
    in_first_quarter = sum(sample_slot(i) < SAMPLE_SLOTS // 4 for i in ids) / len(ids)
    assert abs(in_first_quarter - 0.25) < 0.02


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sampled") / "index"
    documents = [
        Document(
            id=f"d{index}",
            source=f"d{index}.txt",
            text=f"Rapport {index} sur la méthadone.",
            language=LANGUAGES[index % len(LANGUAGES)],
        )
        for index in range(2000)
    ]
    TantivyBackend(path).upsert(documents)
    return path


def test_large_result_sets_get_estimated_facets_marked_as_such(index_path: Path) -> None:
    backend = TantivyBackend(index_path, exact_facets_up_to=400)
    result = backend.search(SearchQuery(q="méthadone", limit=0, cross_lingual=False))
    assert result.total == 2000
    assert result.facets_sampled is not None and 0.15 < result.facets_sampled < 0.3
    counts = {f.value: f.count for f in result.facets["language"]}
    assert [f.value for f in result.facets["language"]] == ["fr", "it", "en"]
    for language, share in (("fr", 0.5), ("it", 0.3), ("en", 0.2)):
        assert abs(counts[language] - share * 2000) < 0.25 * share * 2000  # scaled to all matches


def test_exact_facets_on_request_and_below_the_limit(index_path: Path) -> None:
    exact = Counter(LANGUAGES[index % len(LANGUAGES)] for index in range(2000))
    for backend, query in (
        (TantivyBackend(index_path, exact_facets_up_to=400), SearchQuery(exact_facets=True)),
        (TantivyBackend(index_path), SearchQuery()),  # 2,000 matches: under the default limit
    ):
        result = backend.search(query.model_copy(update={"q": "méthadone", "limit": 0}))
        assert result.facets_sampled is None
        assert {f.value: f.count for f in result.facets["language"]} == dict(exact)
