"""bench/corpus.py: deterministic, well-formed, pre-analysed synthetic documents."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from pathlib import Path

import pytest
from bench_modules import load_bench

from ingest.formats import extract_file
from ingest.language import LinguaDetector, detect_language
from ingest.model import Document
from ingest.normalize import normalize_text

corpus = load_bench("corpus")
# A number as each language writes it: 3 810 / 12,5 (fr), 1.572 / 12,5 (it), 3,810 / 12.5 (en).
NUMBER = {
    "fr": re.compile(r"\d{1,3}(?: \d{3})*(?:,\d+)?"),
    "it": re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"),
    "en": re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"),
}
SHOWS_FORMAT = {  # a thousands separator or a decimal mark of the language
    "fr": re.compile(r"\d \d{3}\b|\d,\d"),
    "it": re.compile(r"\d\.\d{3}\b|\d,\d"),
    "en": re.compile(r"\d,\d{3}\b|\d\.\d"),
}


def _numbers(text: str, language: str) -> list[float]:
    found = NUMBER[language].findall(text)
    if language == "en":
        return [float(n.replace(",", "")) for n in found]
    separator = " " if language == "fr" else "."
    return [float(n.replace(separator, "").replace(",", ".")) for n in found]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return list(corpus.generate(120, seed=1))


def test_the_same_seed_gives_the_same_documents_and_others_differ() -> None:
    first = [d.model_dump() for d in corpus.generate(9, seed=3)]
    assert first == [d.model_dump() for d in corpus.generate(9, seed=3)]
    other = [d.model_dump() for d in corpus.generate(9, seed=4)]
    assert all(a["text"] != b["text"] for a, b in zip(first, other, strict=True))
    assert len({d["text"] for d in first}) == 9
    assert [d["id"] for d in first] == [f"gen-3-{i}" for i in range(9)]


def test_a_prefix_does_not_depend_on_the_count() -> None:
    short = [d.text for d in corpus.generate(5, seed=2)]
    assert short == [d.text for d in corpus.generate(12, seed=2)][:5]


def test_lengths_stay_within_bounds_and_vary(documents: list[Document]) -> None:
    lengths = [corpus.words(d) for d in documents]
    assert all(300 <= n <= 1500 for n in lengths), (min(lengths), max(lengths))
    assert 550 <= statistics.mean(lengths) <= 900
    assert statistics.stdev(lengths) > 100
    assert corpus.words(documents[0]) == len(documents[0].text.split())


def test_documents_have_a_title_and_paragraphs(documents: list[Document]) -> None:
    for document in documents:
        assert document.title and 2 <= len(document.title.split()) <= 30
        assert document.title[-1] not in ".,;:!?" and "\n" not in document.title
        paragraphs = document.text.split("\n\n")
        assert len(paragraphs) >= 3 and all(p.strip() == p and p for p in paragraphs)
        assert document.text == normalize_text(document.text)  # ingest would not move offsets


def test_languages_cycle_and_can_be_chosen(documents: list[Document]) -> None:
    assert [d.language for d in documents[:9]] == ["fr", "it", "en"] * 3
    assert {d.language for d in corpus.generate(4, languages=("it",))} == {"it"}
    with pytest.raises(ValueError, match="languages"):
        corpus.generate(1, languages=("de",))


def test_document_fields(documents: list[Document]) -> None:
    for i, document in enumerate(documents):
        language = document.language
        assert document.id == f"gen-1-{i}"
        assert document.source == f"generated/{language}/{i:06d}.txt"
        assert document.language_confidence == 1.0
        assert [(s.start, s.end, s.language) for s in document.paragraph_languages] == [
            (0, len(document.text), language)
        ]
        assert document.published is not None
        assert dt.date(2019, 1, 1) <= document.published <= dt.date(2025, 12, 31)
        assert document.countries and set(document.countries) <= set(corpus.COUNTRIES)
        assert document.countries[0] in document.countries_mentioned


def test_every_span_is_exact(documents: list[Document]) -> None:
    labels: set[str] = set()
    for document in documents:
        text = document.text
        for entity in document.entities:
            assert text[entity.start : entity.end] == entity.text
            assert entity.key == entity.text.lower() and entity.text.strip() == entity.text
            labels.add(entity.label)
        for figure in document.figures:
            assert text[figure.start : figure.end] == figure.text
        for date in document.dates:
            assert text[date.start : date.end] == date.text
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date.value)
        assert {"LOC", "ORG"} <= {e.label for e in document.entities}
    assert labels == {"PER", "ORG", "LOC"}


def test_built_models_are_valid(documents: list[Document]) -> None:
    for document in documents[:20]:
        assert Document.model_validate(document.model_dump()) == document
        assert Document.model_validate_json(document.model_dump_json()) == document


def test_figures_are_numerous_and_written_in_the_language(documents: list[Document]) -> None:
    units: set[str] = set()
    for document in documents:
        language = document.language
        assert language is not None
        assert len(document.figures) >= 5
        assert SHOWS_FORMAT[language].search(document.text), document.id
        for figure in document.figures:
            units.add(figure.unit)
            assert figure.about
            numbers = _numbers(figure.text, language)
            scale = 1e6 if re.search(r"milli|milio", figure.text) else 1
            if figure.value_min is not None:
                assert numbers == [figure.value_min, figure.value_max], figure
                assert figure.value is None and figure.value_min < (figure.value_max or 0)
            else:
                assert figure.value == pytest.approx(numbers[0] * scale), figure
            if figure.of is not None:
                assert numbers[-1] == figure.of and figure.value is not None
                assert figure.value < figure.of
            if figure.as_of is not None:
                dt.date.fromisoformat(figure.as_of)
    assert {"count", "percent", "kg", "EUR", "USD"} <= units
    assert units <= {"count", "percent", "kg", "EUR", "USD", "GBP", "CAD"}


SAMPLES = {  # figure texts each language must produce: "3 810 toxicomanes", "12,5 %", ...
    "fr": (r"\d{1,3}( \d{3})+ \D+", r"\d+,\d %", r"\d+(,\d)? millions? d'euros", r"entre \d.*"),
    "it": (r"\d{1,3}(\.\d{3})+ \D+", r"\d+,\d%", r"\d+(,\d)? milioni di euro", r"tra \d.*"),
    "en": (r"\d{1,3}(,\d{3})+ \D+", r"\d+\.\d%", r"£\d+(\.\d)? million", r"between \d.*"),
}


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_figures_read_like_policy_news(documents: list[Document], language: str) -> None:
    texts = {f.text for d in documents if d.language == language for f in d.figures}
    for pattern in SAMPLES[language]:
        assert any(re.fullmatch(pattern, t) or re.match(pattern, t) for t in texts), pattern
    assert any(re.fullmatch(r"\d+/\d+ \D+", t) for t in texts)  # 20/21 districts


def test_write_texts_writes_title_blank_line_and_body(tmp_path: Path) -> None:
    paths = corpus.write_texts(tmp_path, 6, seed=2)
    documents = list(corpus.generate(6, seed=2))
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        f"{d.language}/{i:06d}.txt" for i, d in enumerate(documents)
    ]
    for path, document in zip(paths, documents, strict=True):
        content = path.read_text(encoding="utf-8")
        assert content == f"{document.title}\n\n{document.text}\n"
        assert extract_file(path).title == document.title  # the plain-text reader sees the title


def test_command_line_prints_the_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus.main([str(tmp_path / "out"), "--count", "7", "--seed", "5"])
    output = capsys.readouterr().out
    assert "fr: 3 documents" in output and "it: 2 documents" in output
    assert "en: 2 documents" in output and "words: " in output
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 7


def test_the_language_detector_agrees(documents: list[Document]) -> None:
    detector = LinguaDetector()
    for document in documents[:6]:
        bare = Document(id=document.id, source=document.source, text=document.text)
        assert detect_language(bare, detector, 0.5).language == document.language
