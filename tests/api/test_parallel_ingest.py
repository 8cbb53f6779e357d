"""Ingest with worker processes gives the same index as one process, and survives bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from scans import write_scan

from api.services import build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def _settings(directory: Path) -> Settings:
    return Settings(data_dir=directory, batch_size=3, _env_file=None)  # type: ignore[call-arg]


def test_two_workers_index_what_one_process_does(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    scans = tmp_path / "scans"
    scans.mkdir()
    write_scan(scans / "nota.png", [["I SerD di Brescia seguono 1.240 pazienti in metadone."]])
    paths = [SAMPLE / "fr", SAMPLE / "it", SAMPLE / "en", bad, scans]
    one = build_services(_settings(tmp_path / "one"))
    two = build_services(_settings(tmp_path / "two"))
    seen: list[str] = []
    single = one.pipeline.ingest(paths)
    pages: list[tuple[str, int, int]] = []
    parallel = two.pipeline.ingest(
        paths,
        workers=2,
        on_item=lambda item: seen.append(item.source),
        on_page=lambda *news: pages.append(news),
    )
    assert parallel.documents == single.documents == 13
    assert sorted(f.source for f in parallel.failures) == sorted(f.source for f in single.failures)
    assert len(parallel.failures) == 2 and len(seen) == 15
    # The workers' OCR is counted in the parent's report.
    assert parallel.ocr_pages == single.ocr_pages == 1
    assert pages == [("nota.png", 1, 1)]  # told from the worker that read it
    records = {d.id: d for d in one.backend.iter_documents()}
    assert {d.id: d for d in two.backend.iter_documents()} == records
