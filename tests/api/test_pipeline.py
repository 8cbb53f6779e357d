"""The pipeline's stages on small inputs with stand-in parts: a document that breaks a stage
fails alone, by name and reason; a batch the index rejects is indexed again one by one."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from api import ordered_pool
from api.pipeline import Pipeline
from api.settings import Settings
from ingest.model import Document, Entity, Failure
from ingest.ocr import OcrStats
from nlp.budget import Budget
from search.errors import BackendUnavailable

TEXTS = {
    "fr.txt": "Le rapport de la préfecture compte 3 810 toxicomanes dans la province.",
    "it.txt": "Il rapporto della prefettura conta 1.240 pazienti in trattamento.",
    "en.txt": "The report of the ministry counts 412 people in treatment this year.",
}


class StubDetector:
    """French, Italian or English by a telling word; nothing for a text without one."""

    def rank(self, text: str) -> list[tuple[str, float]]:
        if "DETECTOR-BREAKS" in text:
            raise RuntimeError("detector broke")
        for word, language in ((" de la ", "fr"), (" della ", "it"), (" of the ", "en")):
            if word in text:
                return [(language, 0.99)]
        return []


class StubAnalyzer:
    """Marks each document with an entity; a batch holding an analyser-breaking text fails."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def analyze(self, documents: Iterable[Document], budget: Budget) -> Iterator[Document]:
        batch = list(documents)
        self.batches.append([document.source for document in batch])
        if any("ANALYSER-BREAKS" in document.text for document in batch):
            raise RuntimeError("analyser broke")
        for document in batch:
            entity = Entity(text=document.text[:2], label="ORG", start=0, end=2, key="x")
            yield document.model_copy(update={"entities": [entity]})


class StubBackend:
    """Keeps what it is given; a batch holding an index-breaking text is rejected whole."""

    def __init__(self, unavailable: bool = False) -> None:
        self.unavailable = unavailable
        self.calls: list[list[str]] = []
        self.indexed: dict[str, Document] = {}

    def upsert(self, documents: Sequence[Document]) -> list[Failure]:
        self.calls.append([document.source for document in documents])
        if self.unavailable:
            raise BackendUnavailable("cannot reach the index")
        if any("INDEX-BREAKS" in document.text for document in documents):
            raise RuntimeError("document rejected")
        self.indexed |= {document.source: document for document in documents}
        return []


@dataclass
class StubOcr:
    stats: OcrStats = field(default_factory=OcrStats)


@dataclass
class Parts:
    settings: Settings
    ocr: StubOcr = field(default_factory=StubOcr)
    detector: StubDetector = field(default_factory=StubDetector)
    analyzer: StubAnalyzer = field(default_factory=StubAnalyzer)
    backend: StubBackend = field(default_factory=StubBackend)


def _pipeline(tmp_path: Path, backend: StubBackend | None = None) -> tuple[Pipeline, Parts]:
    # Small batches, so that a few files make several.
    sizes = {"batch_size": 2, "index_batch_size": 3}
    settings = Settings(data_dir=tmp_path / "data", **sizes, _env_file=None)  # type: ignore[call-arg]
    parts = Parts(settings, backend=backend or StubBackend())

    def wiring(settings: Settings) -> Parts:
        raise AssertionError("one process: nothing to wire again")

    return Pipeline(parts, wiring), parts  # type: ignore[arg-type]


def _corpus(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in {**TEXTS, **(extra or {})}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _document(id: str, text: str, **fields: object) -> Document:
    return Document(id=id, source=f"{id}.txt", text=text, **fields)  # type: ignore[arg-type]


def test_the_stages_read_detect_analyse_and_index(tmp_path: Path) -> None:
    pipeline, parts = _pipeline(tmp_path)
    folder = _corpus(tmp_path)
    read = list(pipeline.read([folder], base=tmp_path, source_prefix="up/"))
    sources = [item.source for item in read]
    assert sources == ["up/corpus/en.txt", "up/corpus/fr.txt", "up/corpus/it.txt"]
    analysed = list(pipeline.analyze(read))
    assert [(d.language, len(d.entities)) for d in analysed if isinstance(d, Document)] == [
        ("en", 1),
        ("fr", 1),
        ("it", 1),
    ]
    assert parts.analyzer.batches == [sources[:2], sources[2:]]  # batch_size 2
    stored = pipeline.store(analysed)
    assert stored.failures == [] and stored.documents == analysed
    assert sorted(parts.backend.indexed) == sorted(item.source for item in read)


def test_a_forced_language_wins_and_attachments_take_their_message_s(tmp_path: Path) -> None:
    pipeline, _ = _pipeline(tmp_path)
    message = _document("mail", "Le rapport de la préfecture, ci-joint.", attachments=["table"])
    table = _document("table", "Province; 2022; 2023", attached_to="mail")
    loose = _document("loose", "Province; 2022; 2023")
    analysed = pipeline.analyze([message, table, loose])
    told = {d.id: d.language for d in analysed if isinstance(d, Document)}
    assert told == {"mail": "fr", "table": "fr", "loose": None}
    forced = list(pipeline.analyze([loose], language="it"))
    assert isinstance(forced[0], Document) and forced[0].language == "it"


def test_a_document_that_breaks_a_stage_fails_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    pipeline, parts = _pipeline(tmp_path)
    folder = _corpus(
        tmp_path,
        {
            "fr2-analyser.txt": "The ANALYSER-BREAKS report of the ministry.",
            "x-detector.txt": "The DETECTOR-BREAKS report of the ministry.",
            "y-empty.txt": "",
        },
    )
    heard: list[str] = []
    report = pipeline.ingest([folder], on_item=lambda item: heard.append(Path(item.source).name))
    reasons = {Path(failure.source).name: failure.reason for failure in report.failures}
    assert reasons == {
        "fr2-analyser.txt": "analysis failed: analyser broke",
        "x-detector.txt": "language detection failed: detector broke",
        "y-empty.txt": "file is empty",
    }
    assert report.documents == 3 and report.entities == 3
    assert report.languages == {"fr": 1, "it": 1, "en": 1}
    assert sorted(Path(source).name for source in parts.backend.indexed) == sorted(TEXTS)
    names = ["en.txt", "fr.txt", "fr2-analyser.txt", "it.txt", "x-detector.txt", "y-empty.txt"]
    assert heard == names  # every file, in order, as it is analysed
    # The batch holding the breaking document is analysed again one by one; a batch of
    # failures alone reaches the analyser empty, as before.
    assert [[Path(s).name for s in batch] for batch in parts.analyzer.batches] == [
        ["en.txt", "fr.txt"],
        ["fr2-analyser.txt", "it.txt"],
        ["fr2-analyser.txt"],
        ["it.txt"],
        [],
    ]
    # Index batches of three analysed items: the documents among them.
    names_indexed = [[Path(s).name for s in call] for call in parts.backend.calls]
    assert names_indexed == [["en.txt", "fr.txt"], ["it.txt"]]


def test_a_batch_the_index_rejects_is_indexed_one_by_one(tmp_path: Path) -> None:
    pipeline, parts = _pipeline(tmp_path)
    folder = _corpus(tmp_path, {"bad.txt": "The INDEX-BREAKS report of the ministry."})
    report = pipeline.ingest([folder])
    assert [(Path(f.source).name, f.reason) for f in report.failures] == [
        ("bad.txt", "indexing failed: document rejected")
    ]
    assert report.documents == 3 and "bad" not in str(sorted(parts.backend.indexed))
    names = [[Path(source).name for source in call] for call in parts.backend.calls]
    # Index batches of three: the first, holding bad.txt, is rejected, then tried one by one.
    assert names == [
        ["bad.txt", "en.txt", "fr.txt"],
        ["bad.txt"],
        ["en.txt"],
        ["fr.txt"],
        ["it.txt"],
    ]


def test_a_lone_document_the_index_rejects_raises_and_an_unreachable_index_stops(
    tmp_path: Path,
) -> None:
    pipeline, _ = _pipeline(tmp_path)
    with pytest.raises(RuntimeError, match="document rejected"):
        pipeline.index([_document("bad", "INDEX-BREAKS")])
    down = StubBackend(unavailable=True)
    pipeline, _ = _pipeline(tmp_path, down)
    with pytest.raises(BackendUnavailable):
        pipeline.ingest([_corpus(tmp_path)])
    assert len(down.calls) == 1  # not the documents' fault: not retried one by one


def test_store_drops_documents_whose_source_failed(tmp_path: Path) -> None:
    pipeline, parts = _pipeline(tmp_path)
    good, twice = _document("good", "x"), _document("twice", "y")
    failed_here = Failure(source="twice.txt", reason="a line of it failed")
    stored = pipeline.store([good, twice, failed_here])
    assert stored.documents == [good] and stored.failures == [failed_here]
    stored = pipeline.store([good], failed={"good.txt"})
    assert stored.documents == [] and stored.failures == []
    assert parts.backend.calls == [["good.txt", "twice.txt"], ["good.txt"]]


def test_the_pool_gives_results_in_order_and_a_task_s_error_in_its_place() -> None:
    results = list(ordered_pool.in_order(math.sqrt, [16.0, -1.0, 9.0, 4.0, 1.0], workers=2))
    assert [task for task, _ in results] == [16.0, -1.0, 9.0, 4.0, 1.0]
    assert results[0][1] == 4.0 and results[2:] == [(9.0, 3.0), (4.0, 2.0), (1.0, 1.0)]
    assert isinstance(results[1][1], ValueError)
