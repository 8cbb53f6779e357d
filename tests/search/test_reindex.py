"""Moving a corpus from the embedded index to an OpenSearch-compatible server keeps everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import osmem_backend

from api.services import build_services
from api.settings import Settings
from ingest.model import Document
from search.backend import SearchBackend, SearchQuery
from search.es_schema import to_source
from search.reindex import copy_documents

pytestmark = [pytest.mark.slow, pytest.mark.es]
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def _ids(backend: SearchBackend, **query: object) -> set[str]:
    return {h.id for h in backend.search(SearchQuery(limit=100, **query)).hits}  # type: ignore[arg-type]


def test_reindex_tantivy_to_osmem_keeps_results_and_figures(
    tmp_path: Path, osmem_clone: object
) -> None:
    services = build_services(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    report = services.pipeline.ingest([SAMPLE / "fr", SAMPLE / "it", SAMPLE / "en"])
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


def test_a_mapping_change_moves_the_alias_to_a_new_index(osmem_clone: object) -> None:
    from search.es_schema import index_body, index_name

    backend = osmem_backend(osmem_clone.url)  # type: ignore[attr-defined]
    client = backend.client  # type: ignore[attr-defined]
    old = index_name("policylens", 0)
    client.indices.create(index=old, **index_body())
    client.indices.put_alias(index=old, name="policylens")
    document = Document(id="d1", source="d1.txt", text="Il metadone in Lombardia.", language="it")
    client.index(index=old, id="d1", document=to_source(document), refresh=True)

    assert backend.migrate() == 1  # type: ignore[attr-defined]

    assert list(client.indices.get_alias(name="policylens")) == [index_name("policylens")]
    assert backend.get("d1") == document
    assert _ids(backend, q="metadone") == {"d1"}
    assert backend.migrate() == 0  # type: ignore[attr-defined]


def test_writers_in_parallel_land_every_document_once(osmem_clone: object) -> None:
    import threading

    url = osmem_clone.url  # type: ignore[attr-defined]
    writers = [osmem_backend(url), osmem_backend(url)]
    documents = [
        Document(id=f"d{i}", source=f"d{i}.txt", text=f"Centro numero {i}.", language="it")
        for i in range(60)
    ]
    shares = [documents[0::2], documents[1::2]]
    failures: list[object] = []

    def write(backend: SearchBackend, share: list[Document]) -> None:
        for start in range(0, len(share), 7):
            failures.extend(backend.upsert(share[start : start + 7]))

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(writers, shares, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert writers[0].count() == 60
    write(writers[1], shares[1])  # a re-run overwrites by id
    assert writers[0].count() == 60
