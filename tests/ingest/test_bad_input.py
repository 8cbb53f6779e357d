"""Whatever researchers feed it: each bad file ingests correctly or fails by name, alone.

Every file is generated here and the whole set goes through one real ingest (readers,
detection, spaCy, extractors, the tantivy index), as `policylens ingest` runs it.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests_support import write_pdf

from api.pipeline import IngestReport
from api.services import Services, build_services
from api.settings import Settings
from ingest.model import Document, Failure
from ingest.sources import read_documents
from search.backend import SearchQuery
from search.figures import FigureQuery

pytestmark = pytest.mark.slow

FRENCH = (
    "Au 30 septembre 2023, la province de Nghe An comptait 3 810 toxicomanes, dont 1 200 "
    "suivaient un traitement à la méthadone dans les centres de santé du district."
)
ENGLISH = (
    "The ministry counted 1,500 people in treatment in 2023, and the number of clinics offering "
    "methadone in the region rose to 12."
)
VIETNAMESE = (
    "Tỉnh Nghệ An hiện có hơn ba nghìn người nghiện ma túy, nhiều người đang được điều trị "
    "bằng thuốc methadone tại các cơ sở y tế của huyện và thành phố."
)


def _text(name: str, data: bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write


def _huge(folder: Path) -> Path:
    path = folder / "huge.txt"
    line = (ENGLISH + "\n").encode()
    with path.open("wb") as out:
        for _ in range(50_000_000 // len(line) + 1):
            out.write(line)
    return path


def _truncated_pdf(folder: Path) -> Path:
    whole = write_pdf(folder / "whole.pdf", [[FRENCH[:80]]]).read_bytes()
    (folder / "whole.pdf").unlink()
    path = folder / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _encrypted_pdf(folder: Path) -> Path:
    return write_pdf(folder / "encrypted.pdf", [[FRENCH[:80]]], encrypt="secret")


def _corrupt_docx(folder: Path) -> Path:
    path = folder / "corrupt.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>unclosed")
    return path


def _jsonl(folder: Path) -> Path:
    path = folder / "batch.jsonl"
    lines = [
        json.dumps({"text": FRENCH, "title": "Nghe An", "source": "batch/good"}),
        '{"text": "a line cut in the midd',
        json.dumps({"text": 5, "title": "numbers are not text"}),
        json.dumps({"text": ENGLISH, "published": "last spring"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SCRIPTS = "".join(f"<script>var tracker{i} = 'script noise {i}';</script>" for i in range(2000))
NESTED = "<div>" * 20_000 + f"<p>{ENGLISH}</p>" + "</div>" * 20_000

# name -> (how to write it, None if it must ingest, else a pattern its failure reason matches)
CASES: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "empty.txt": (_text("empty.txt", b""), r"^file is empty$"),
    "blank.txt": (_text("blank.txt", b"  \n\t \r\n  \n"), r"no text"),
    "binary.txt": (_text("binary.txt", bytes(range(256)) * 200), r"binary"),
    "truncated.pdf": (_truncated_pdf, r"PDF"),
    "encrypted.pdf": (_encrypted_pdf, r"^encrypted PDF"),
    "corrupt.docx": (_corrupt_docx, r"DOCX|docx|Word"),
    "huge.txt": (_huge, r"over the 5,000,000-character limit \(setting max_document_chars\)"),
    "invalid-utf8.txt": (_text("invalid-utf8.txt", FRENCH.encode() + b" \xff\xfe\xc3 fin."), None),
    "cp1252.txt": (_text("cp1252.txt", FRENCH.encode("cp1252")), None),
    "utf16.txt": (_text("utf16.txt", FRENCH.encode("utf-16")), None),
    "scripts.html": (
        _text("scripts.html", f"<html><body>{SCRIPTS}<p>{FRENCH}</p></body></html>".encode()),
        None,
    ),
    "nested.html": (_text("nested.html", f"<html><body>{NESTED}</body></html>".encode()), None),
    "vietnamese.txt": (_text("vietnamese.txt", VIETNAMESE.encode()), None),
    "long-word.txt": (
        _text("long-word.txt", f"{ENGLISH} {'x' * 100_000} {ENGLISH}".encode()),
        None,
    ),
    "long-number.txt": (
        _text("long-number.txt", f"{ENGLISH} {'7' * 100_000} {ENGLISH}".encode()),
        None,
    ),
    "batch.jsonl": (_jsonl, None),  # one good line; the others fail by line number
}
JSONL_FAILURES = {
    "batch.jsonl#L2": r"invalid JSON",
    "batch.jsonl#L3": r"field 'text'",
    "batch.jsonl#L4": r"ISO date",
    "batch.jsonl#L5": r"JSON object",
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Services, IngestReport]:
    root = tmp_path_factory.mktemp("bad-input")
    corpus = root / "corpus"
    corpus.mkdir()
    for write, _ in CASES.values():
        write(corpus)
    services = build_services(Settings(data_dir=root / "data", _env_file=None))  # type: ignore[call-arg]
    return services, services.pipeline.ingest([corpus])


def _failures(report: IngestReport) -> dict[str, str]:
    return {Path(failure.source).name: failure.reason for failure in report.failures}


@pytest.mark.parametrize("name", [name for name, (_, reason) in CASES.items() if reason])
def test_a_bad_file_fails_by_name_with_its_reason(
    ingested: tuple[Services, IngestReport], name: str
) -> None:
    failures = _failures(ingested[1])
    assert name in failures, f"{name} did not fail; failures: {failures}"
    assert re.search(CASES[name][1] or "", failures[name]), failures[name]


def test_jsonl_lines_fail_alone_with_their_line_numbers(
    ingested: tuple[Services, IngestReport],
) -> None:
    failures = _failures(ingested[1])
    for line, reason in JSONL_FAILURES.items():
        assert line in failures, f"{line} did not fail; failures: {sorted(failures)}"
        assert re.search(reason, failures[line]), failures[line]


def _indexed(services: Services) -> dict[str, Document]:
    return {Path(d.source).name: d for d in services.backend.iter_documents()}


@pytest.mark.parametrize("name", [name for name, (_, reason) in CASES.items() if not reason])
def test_odd_but_readable_files_ingest_with_their_text(
    ingested: tuple[Services, IngestReport], name: str
) -> None:
    indexed = _indexed(ingested[0])
    assert name in indexed or name == "batch.jsonl", f"{name} missing: {_failures(ingested[1])}"
    if name == "batch.jsonl":
        return
    document = indexed[name]
    text = document.text
    if name in ("cp1252.txt", "utf16.txt", "invalid-utf8.txt", "scripts.html"):
        assert "toxicomanes" in text and "méthadone" in text and document.language == "fr"
        assert any(figure.value == 3810 for figure in document.figures)
    if name == "scripts.html":
        assert "tracker" not in text and "script noise" not in text
    if name == "nested.html":
        assert "methadone" in text and document.language == "en"
    if name == "vietnamese.txt":
        assert document.language not in ("fr", "it", "en") and "methadone" in text
    if name.startswith("long-"):
        assert document.language == "en" and "1,500 people" in text
        assert {figure.value for figure in document.figures} >= {1500.0}
        assert all(figure.value is None or figure.value < 1e15 for figure in document.figures)


def test_the_batch_goes_on_and_nothing_is_half_indexed(
    ingested: tuple[Services, IngestReport],
) -> None:
    services, report = ingested
    indexed = _indexed(services)
    # Every readable file once, the JSONL batch's good line under its own source, and none of
    # the broken files or lines.
    readable = [name for name, (_, reason) in CASES.items() if not reason and name != "batch.jsonl"]
    assert sorted(indexed) == sorted([*readable, "good"])
    assert report.documents == len(indexed)
    assert len(report.failures) == len([r for _, r in CASES.values() if r]) + len(JSONL_FAILURES)
    for document in indexed.values():
        # The document's figures are all in the index as figure entries, no more, no fewer.
        rows = services.backend.search_figures(FigureQuery(document=document.id, limit=1))
        assert rows.total == len(document.figures), document.source
    assert services.backend.search(SearchQuery(q="méthadone", limit=0)).total >= 4


def test_a_fifo_and_a_link_loop_are_reported_not_skipped_in_silence(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "note.txt").write_text("Le centre a suivi 40 patients.", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")  # opening it would block an ingest forever
    (corpus / "sub" / "up").symlink_to(corpus)  # a loop back up the tree
    results = list(read_documents([corpus], base=tmp_path))
    failures = {r.source: r.reason for r in results if isinstance(r, Failure)}
    assert [r.source for r in results if not isinstance(r, Failure)] == ["corpus/note.txt"]
    assert "not a regular file" in failures["corpus/pipe.txt"]
    assert "symbolic link to a folder already read" in failures["corpus/sub/up"]
