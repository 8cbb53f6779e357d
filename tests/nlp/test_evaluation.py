"""The scorer: span overlap plus equal values, optional items neutral, restatements neutral,
ratios either way, dates listed once, as_of judged on the figures found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.model import DateMention, Document, Entity, Figure
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


def test_entities_are_scored_per_label_and_leniently_by_overlap(tmp_path: Path) -> None:
    gold = load_gold(
        _gold(
            tmp_path,
            entities=[
                {"text": "Office des Nations unies contre la drogue", "label": "ORG"},
                {"text": "Nghe An", "label": "LOC"},
                {"text": "Marie Curie", "label": "PER"},
            ],
        )
    )

    def entity(text: str, label: str) -> Entity:
        return Entity(text=text, label=label, start=0, end=len(text), key=text.lower())  # type: ignore[arg-type]

    found = [
        entity("Nations unies", "ORG"),  # inside the gold name: lenient only
        entity("Nghe An", "LOC"),  # exact
        entity("Curie", "LOC"),  # overlaps, but with another label: wrong both ways
    ]
    document = Document(id="x", source="x", text=TEXT, language="fr", entities=found)
    scores = score_document(gold, document)
    assert (scores.entities.true_positives, scores.entities.predicted) == (1, 3)
    labels = {label: tally.scores()["f1"] for label, tally in scores.entity_labels.items()}
    assert labels == {"PER": 0.0, "ORG": 0.0, "LOC": pytest.approx(2 / 3, abs=1e-3)}
    lenient = scores.entities_lenient.scores()
    assert (lenient["precision"], lenient["recall"]) == (pytest.approx(2 / 3, abs=1e-3),) * 2
    report = summarise([(gold, scores)])["overall"]
    assert report["entities_by_label"]["LOC"]["precision"] == 0.5
    assert report["entities_lenient"]["recall"] == pytest.approx(2 / 3, abs=1e-3)


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


def test_a_word_fraction_matches_as_a_ratio_or_as_its_value(tmp_path: Path) -> None:
    text = "Près de la moitié des patients, un sur cinq en ville."
    figures = [
        {"quote": "la moitié", "value": 1, "of": 2, "unit": "fraction"},
        {"quote": "un sur cinq", "value": 1, "of": 5, "unit": "fraction"},
    ]
    gold = load_gold(_gold(tmp_path, text=text, figures=figures))

    def found(quote: str, value: float, of: float | None) -> Figure:
        start = text.index(quote)
        end = start + len(quote)
        return Figure(text=quote, start=start, end=end, value=value, of=of, unit="fraction")

    as_values = [found("la moitié", 0.5, None), found("un sur cinq", 0.2, None)]
    thirds = load_gold(
        _gold(tmp_path, text=text, figures=[{"quote": "la moitié", "value": 0.6667}])
    )  # gold may write a quotient rounded its own way: 2 of 3 is still 0.6667
    document = Document(
        id="x", source="x", text=text, language="fr", figures=[found("la moitié", 2, 3)]
    )
    assert score_document(thirds, document).figures.true_positives == 1
    as_ratios = [found("la moitié", 1, 2), found("un sur cinq", 2, 10)]
    wrong = [found("la moitié", 0.4, None), found("un sur cinq", 1, 4)]
    for predicted, right in ((as_values, 2), (as_ratios, 2), (wrong, 0)):
        document = Document(id="x", source="x", text=text, language="fr", figures=predicted)
        assert score_document(gold, document).figures.true_positives == right


def test_a_date_listed_once_may_be_found_at_each_occurrence(tmp_path: Path) -> None:
    text = "En 2021, 40 centres. En 2021 encore, 12 fermetures; en 2022, rien."
    dates = [{"quote": "2021", "value": "2021"}, {"quote": "2022", "value": "2022"}]
    gold = load_gold(_gold(tmp_path, text=text, dates=dates, figures=[]))
    found = [
        DateMention(text=text[m : m + 4], start=m, end=m + 4, value=text[m : m + 4])
        for m in (3, 24, 55)
    ]
    wrong_repeat = DateMention(text="2021", start=24, end=28, value="2020")
    document = Document(id="x", source="x", text=text, language="fr", dates=found)
    scores = score_document(gold, document).dates
    assert (scores.true_positives, scores.predicted, scores.expected) == (2, 2, 2)
    document = document.model_copy(update={"dates": [found[0], wrong_repeat, found[2]]})
    assert score_document(gold, document).dates.predicted == 3  # a wrong value is no repeat


def test_as_of_recall_counts_every_dated_figure_and_precision_every_date_given(
    tmp_path: Path,
) -> None:
    text = "En 2021, 40 centres et 12 fermetures. Puis 8 ouvertures et 5 projets."
    figures = [
        {"quote": "40 centres", "value": 40, "as_of": "2021"},
        {"quote": "12 fermetures", "value": 12, "as_of": "2021"},
        {"quote": "8 ouvertures", "value": 8},
        {"quote": "5 projets", "value": 5, "as_of": "2022"},  # not found at all
    ]
    gold = load_gold(_gold(tmp_path, text=text, figures=figures, dates=[]))

    def found(quote: str, value: float, as_of: str | None) -> Figure:
        start = text.index(quote)
        return Figure(text=quote, start=start, end=start + len(quote), value=value, as_of=as_of)

    predicted = [found("40 centres", 40, "2021"), found("12 fermetures", 12, "2020")]
    predicted.append(found("8 ouvertures", 8, "2021"))  # a date where the text ties none
    document = Document(id="x", source="x", text=text, language="fr", figures=predicted)
    scores = score_document(gold, document)
    assert (scores.as_of.true_positives, scores.as_of.predicted, scores.as_of.expected) == (1, 3, 3)
    assert summarise([(gold, scores)])["overall"]["about_filled"] == 0.0


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
