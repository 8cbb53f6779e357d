"""Moving a corpus from the embedded index to an OpenSearch-compatible server keeps everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import osmem_backend

from api.services import build_services
from api.settings import Settings
from search.backend import SearchBackend, SearchQuery
from search.reindex import copy_documents

pytestmark = [pytest.mark.slow, pytest.mark.es]
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def _ids(backend: SearchBackend, **query: object) -> set[str]:
    return {h.id for h in backend.search(SearchQuery(limit=100, **query)).hits}  # type: ignore[arg-type]


def test_reindex_tantivy_to_osmem_keeps_results_and_figures(
    tmp_path: Path, osmem_clone: object
) -> None:
    services = build_services(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    report = services.ingest([SAMPLE / "fr", SAMPLE / "it", SAMPLE / "en"])
    assert report.documents == 12 and not report.failures
    source = services.backend
    target = osmem_backend(osmem_clone.url)  # type: ignore[attr-defined]

    copied = copy_documents(source, target, batch_size=5)

    assert copied.complete and copied.copied == copied.target_count == 12
    assert {d.id for d in target.iter_documents()} == {d.id for d in source.iter_documents()}
    figures_before = sum(len(d.figures) for d in source.iter_documents())
    assert figures_before > 50
    assert sum(len(d.figures) for d in target.iter_documents()) == figures_before
    for query in ("toxicomanes", "metadone", "methadone", "harm reduction", "Nghe An"):
        assert _ids(target, q=query) == _ids(source, q=query), query
    assert _ids(target, lang="it") == _ids(source, lang="it")
    one = next(iter(source.iter_documents()))
    assert target.get(one.id) == one
    # Copying again changes nothing: ids are the same on both sides.
    assert copy_documents(source, target).target_count == 12
