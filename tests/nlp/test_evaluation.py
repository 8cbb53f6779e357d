"""The scorer: span overlap plus equal values, optional items neutral, restatements neutral."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.model import Document, Entity, Figure
from nlp.evaluation import GoldError, load_gold, score_document, summarise

TEXT = "Au 30 septembre 2023, 3 810 toxicomanes, soit 12,5 %. Rappel : 3 810 toxicomanes."


def _gold(tmp_path: Path, **extra: object) -> Path:
    body = {
        "id": "fr_t",
        "language": "fr",
        "text": TEXT,
        "countries": ["VN"],
        "entities": [{"text": "Nghe An", "label": "LOC", "optional": True}],
        "figures": [
            {"quote": "3 810 toxicomanes", "value": 3810, "unit": "count"},
            {"quote": "12,5 %", "value": 12.5, "unit": "percent", "optional": True},
        ],
        "dates": [{"quote": "30 septembre 2023", "value": "2023-09-30"}],
        **extra,
    }
    path = tmp_path / "fr_t.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def _figure(text: str, value: float, unit: str = "count") -> Figure:
    start = TEXT.index(text)
    return Figure(text=text, start=start, end=start + len(text), value=value, unit=unit)


def test_matching_needs_overlap_and_equal_value(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path))
    right = Document(id="x", source="x", text=TEXT, language="fr", figures=[_figure("3 810", 3810)])
    wrong = Document(id="x", source="x", text=TEXT, language="fr", figures=[_figure("3 810", 381)])
    assert score_document(gold, right).figures.scores()["f1"] == 1.0
    assert score_document(gold, wrong).figures.true_positives == 0


def test_optional_items_count_neither_way(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path))
    document = Document(
        id="x",
        source="x",
        text=TEXT,
        language="fr",
        figures=[_figure("3 810", 3810), _figure("12,5 %", 12.5, "percent")],
        entities=[Entity(text="Nghe An", label="LOC", start=0, end=7, key="nghe an")],
    )
    scores = score_document(gold, document)
    assert (scores.figures.predicted, scores.figures.expected) == (1, 1)
    assert scores.entities.predicted == 0


def test_a_second_finding_of_a_restated_figure_is_neutral(tmp_path: Path) -> None:
    path = _gold(
        tmp_path,
        figures=[
            {
                "quote": "3 810 toxicomanes, soit",
                "alt_quotes": ["Rappel : 3 810"],
                "value": 3810,
            }
        ],
    )
    gold = load_gold(path)
    second = TEXT.rindex("3 810")
    both = [
        _figure("3 810", 3810),
        Figure(text="3 810", start=second, end=second + 5, value=3810, unit="count"),
    ]
    document = Document(id="x", source="x", text=TEXT, language="fr", figures=both)
    scores = score_document(gold, document)
    assert (scores.figures.true_positives, scores.figures.predicted) == (1, 1)


def test_summary_has_languages_and_overall(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path))
    document = Document(id="x", source="x", text=TEXT, language="it", countries=["VN", "LA"])
    report = summarise([(gold, score_document(gold, document))])
    assert set(report) == {"fr", "overall"}
    assert report["fr"]["language_accuracy"] == 0.0
    assert report["fr"]["countries"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}


def test_text_file_is_relative_to_the_gold_file(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("L’UNODC compte 3\u202f810 cas.", encoding="utf-8")
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"id": "g", "language": "fr", "text_file": "doc.txt"}), "utf-8")
    assert load_gold(path).text == "L'UNODC compte 3 810 cas."


def test_malformed_gold_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "b"}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.json"):
        load_gold(path)
