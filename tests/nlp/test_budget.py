"""Long documents analysed in parts, and the per-document budget (tokens, seconds, cancel)."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

import nlp.analyzer
from ingest.language import LinguaDetector, detect_language
from ingest.model import Document, Failure
from nlp.analyzer import Analyzer
from nlp.budget import Budget
from nlp.evaluation import load_gold
from nlp.pipelines import Pipelines
from nlp.segments import segment_bounds

pytestmark = pytest.mark.slow
GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold"


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    return Pipelines()


def _document(text: str, name: str = "long") -> Document:
    document = Document(id=name, source=name, text=text)
    return detect_language(document, LinguaDetector(), 0.5)


def _french_texts() -> list[str]:
    return [load_gold(path).text for path in sorted(GOLD.glob("fr_*.json"))]


def test_segment_bounds_cut_between_paragraphs_and_cover_the_text() -> None:
    text = "\n\n".join(f"Paragraphe {n} : " + "mot " * (n % 7 + 3) for n in range(400))
    bounds = segment_bounds(text, 500)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(end - start <= 500 for start, end in bounds)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])
    assert segment_bounds("court", 500) == [(0, 5)]
    # No break at all: cut at the limit rather than not at all.
    assert segment_bounds("x" * 1200, 500) == [(0, 500), (500, 1000), (1000, 1200)]


def test_a_long_document_read_in_parts_finds_what_each_part_finds_alone(
    pipelines: Pipelines,
) -> None:
    texts = _french_texts()
    text = "\n\n".join(texts)
    limit = max(len(t) for t in texts) * 2
    in_parts = Analyzer(pipelines, segment_chars=limit).analyze_one(_document(text))
    bounds = segment_bounds(text, limit)
    assert len(bounds) > 2
    expected_figures, expected_dates, expected_entities = set(), set(), set()
    whole = Analyzer(pipelines, segment_chars=10 * len(text))
    for start, end in bounds:
        alone = whole.analyze_one(_document(text[start:end], f"part-{start}"))
        expected_figures |= {
            (f.start + start, f.end + start, f.value, f.unit) for f in alone.figures
        }
        expected_dates |= {(d.start + start, d.end + start, d.value) for d in alone.dates}
        expected_entities |= {(e.start + start, e.end + start, e.label) for e in alone.entities}
    assert {(f.start, f.end, f.value, f.unit) for f in in_parts.figures} == expected_figures
    assert {(d.start, d.end, d.value) for d in in_parts.dates} == expected_dates
    assert {(e.start, e.end, e.label) for e in in_parts.entities} == expected_entities
    assert all(text[f.start : f.end] == f.text for f in in_parts.figures)
    assert in_parts.countries and sum(in_parts.countries_mentioned.values()) > 0


def test_the_token_budget_fails_one_document_by_the_setting_and_spares_the_others(
    pipelines: Pipelines,
) -> None:
    short, long = _french_texts()[:2]
    documents = [_document(short[:200], "short"), _document(long, "long")]
    budget = Budget(max_tokens=120)
    first, second = Analyzer(pipelines).analyze(documents, budget)
    assert isinstance(first, Document) and first.figures is not None
    assert isinstance(second, Failure) and second.source == "long"
    assert "more than 120 tokens" in second.reason
    assert "setting max_document_tokens" in second.reason


def test_a_spent_budget_stops_a_long_document_after_a_part_not_at_its_end(
    pipelines: Pipelines, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n\n".join(_french_texts() * 3)
    parts_read: list[int] = []
    find_places = nlp.analyzer.find_places
    monkeypatch.setattr(
        nlp.analyzer, "find_places", lambda text: parts_read.append(1) or find_places(text)
    )
    analyzer = Analyzer(pipelines, batch_size=1, segment_chars=2_000)
    [result] = analyzer.analyze([_document(text)], Budget(max_tokens=300))
    assert isinstance(result, Failure)
    assert len(segment_bounds(text, 2_000)) > 10
    assert len(parts_read) <= 2


def test_time_budget_and_deadline_name_their_settings(pipelines: Pipelines) -> None:
    ticks = iter(range(0, 10_000, 7))  # every look at the clock is 7 s later

    def clock() -> float:
        return float(next(ticks))

    document = _document(_french_texts()[0])
    [slow] = Analyzer(pipelines).analyze([document], Budget(max_seconds=5, clock=clock))
    assert isinstance(slow, Failure)
    assert "more than 5 s" in slow.reason and "setting max_analysis_seconds" in slow.reason
    ticks = iter(range(0, 10_000, 7))
    [late] = Analyzer(pipelines).analyze([document], Budget(deadline=3.0, clock=clock))
    assert isinstance(late, Failure) and "setting max_request_seconds" in late.reason


def test_a_cancelled_budget_stops_the_work(pipelines: Pipelines) -> None:
    cancelled = threading.Event()
    cancelled.set()
    [result] = Analyzer(pipelines).analyze(
        [_document(_french_texts()[0])], Budget(cancelled=cancelled)
    )
    assert isinstance(result, Failure) and "went away" in result.reason
