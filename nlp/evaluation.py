"""Scoring analysed documents against gold annotations (shared/gold-format.md)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.model import Document
from ingest.normalize import normalize_text
from nlp.text import fold


class GoldError(ValueError):
    """A gold file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Gold:
    """One gold document: its normalised text and the annotations, quotes normalised too."""

    id: str
    path: str
    language: str
    text: str
    published: dt.date | None
    countries: frozenset[str]
    countries_secondary: frozenset[str]
    entities: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    dates: list[dict[str, Any]]


@dataclass
class Tally:
    """Counts for precision, recall and F1."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    # Expected items found, where matching is not one to one (lenient scores); else the same
    # as true_positives.
    recalled: int | None = None

    @property
    def hits(self) -> int:
        return self.true_positives if self.recalled is None else self.recalled

    def add(self, other: Tally) -> None:
        if self.recalled is not None or other.recalled is not None:
            self.recalled = self.hits + other.hits
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected

    def scores(self) -> dict[str, float]:
        precision = self.true_positives / self.predicted if self.predicted else 1.0
        recall = self.hits / self.expected if self.expected else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class Scores:
    """Everything `policylens eval` reports for one language or overall."""

    documents: int = 0
    language_correct: int = 0
    figures: Tally = field(default_factory=Tally)
    units_correct: int = 0
    entities: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)
    countries: Tally = field(default_factory=Tally)
    # Of the figures found, how many have their date right (as_of), and say what they count.
    as_of: Tally = field(default_factory=Tally)
    about_filled: int = 0
    # Entities per label (PER, ORG, LOC), and lenient: a name overlapping gold's, same label.
    entity_labels: dict[str, Tally] = field(default_factory=dict)
    entities_lenient: Tally = field(default_factory=Tally)

    def add(self, other: Scores) -> None:
        self.documents += other.documents
        self.language_correct += other.language_correct
        self.units_correct += other.units_correct
        self.about_filled += other.about_filled
        for name in ("figures", "entities", "dates", "countries", "as_of", "entities_lenient"):
            getattr(self, name).add(getattr(other, name))
        for label, tally in other.entity_labels.items():
            self.entity_labels.setdefault(label, Tally()).add(tally)

    def report(self) -> dict[str, Any]:
        matched = self.figures.true_positives
        return {
            "documents": self.documents,
            "language_accuracy": round(self.language_correct / self.documents, 4)
            if self.documents
            else 1.0,
            "figures": self.figures.scores(),
            "unit_accuracy": round(self.units_correct / matched, 4) if matched else 1.0,
            "as_of": self.as_of.scores(),
            "about_filled": round(self.about_filled / matched, 4) if matched else 1.0,
            "entities": self.entities.scores(),
            "entities_lenient": self.entities_lenient.scores(),
            "entities_by_label": {
                label: self.entity_labels.get(label, Tally()).scores()
                for label in ("PER", "ORG", "LOC")
            },
            "dates": self.dates.scores(),
            "countries": self.countries.scores(),
        }


def load_gold(path: Path) -> Gold:
    """Read one gold file; `text_file` is resolved relative to the gold file's folder."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "text" in raw:
            text = raw["text"]
        else:
            text = (path.parent / raw["text_file"]).read_text(encoding="utf-8")
        published = raw.get("published")
        return Gold(
            id=raw["id"],
            path=str(path),
            language=raw["language"],
            text=normalize_text(text),
            published=dt.date.fromisoformat(published) if published else None,
            countries=frozenset(raw.get("countries", [])),
            countries_secondary=frozenset(raw.get("countries_secondary", [])),
            entities=raw.get("entities", []),
            figures=raw.get("figures", []),
            dates=raw.get("dates", []),
        )
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise GoldError(f"{path}: {type(error).__name__}: {error}") from error


def _occurrences(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes:
        needle = normalize_text(quote)
        start = text.find(needle)
        while needle and start >= 0:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _same(expected: float | None, actual: float | None) -> bool:
    if expected is None:
        return True
    if actual is None:
        return False
    return math.isclose(expected, actual, rel_tol=2e-3, abs_tol=5e-3)


def _figure_matches(gold: dict[str, Any], predicted: Any) -> bool:
    if "value_min" in gold or "value_max" in gold:
        values_match = _same(gold.get("value_min"), predicted.value_min) and _same(
            gold.get("value_max"), predicted.value_max
        )
    else:
        values_match = _same(gold.get("value"), predicted.value)
    if values_match and _same(gold.get("of"), predicted.of):
        return True
    # A ratio may be given either way: "la moitié" is 1 of 2 or 0.5, "uno su cinque" 1 of 5 or 0.2.
    return _ratio(gold.get("value"), gold.get("of")) == _ratio(predicted.value, predicted.of)


def _ratio(value: float | None, of: float | None) -> float | None:
    """A ratio as one number, rounded alike on both sides: gold writes a third as 0.3333 or as
    1 of 3, the extractor as 1 of 3."""
    if value is None:
        return None
    if not of:
        return round(value, 3) if of is None else None
    return round(value / of, 3)


def _match_spans(
    text: str,
    gold_items: list[dict[str, Any]],
    predicted: list[Any],
    same: Any,
    listed_once: bool = False,
) -> tuple[Tally, list[tuple[dict[str, Any], Any]], set[int]]:
    """One-to-one matching of predicted spans to gold quotes; optional gold items are neutral.

    `listed_once`: gold lists each expression once (dates), so another finding of a gold quote,
    at any of its occurrences, is neither right nor wrong. Returns the tally, the matched pairs and
    the ids of the neutral findings."""
    tally = Tally(expected=sum(1 for g in gold_items if not g.get("optional")))
    used: set[int] = set()
    pairs = []
    neutral: set[int] = set()
    for item in predicted:
        hit = restated = None
        for index, gold in enumerate(gold_items):
            spans = _occurrences(text, [gold["quote"], *gold.get("alt_quotes", [])])
            if _overlaps(item.start, item.end, spans) and same(gold, item):
                if index not in used:
                    hit = index
                    break
                restated = index
        if hit is None:
            # A restatement of a figure already found (an alt_quote) is neither right nor wrong.
            if restated is None or not (listed_once or gold_items[restated].get("alt_quotes")):
                tally.predicted += 1
            else:
                neutral.add(id(item))
            continue
        used.add(hit)
        if gold_items[hit].get("optional"):
            neutral.add(id(item))
            continue
        tally.predicted += 1
        tally.true_positives += 1
        pairs.append((gold_items[hit], item))
    return tally, pairs, neutral


def score_document(gold: Gold, document: Document) -> Scores:
    """Scores of one analysed document against its gold annotations."""
    scores = Scores(documents=1, language_correct=int(document.language == gold.language))
    scores.figures, pairs, _ = _match_spans(
        gold.text, gold.figures, document.figures, _figure_matches
    )
    scores.units_correct = sum(1 for g, p in pairs if g.get("unit", "count") == p.unit)
    scores.as_of = _as_of_tally(gold.figures, pairs)
    scores.about_filled = sum(1 for _, p in pairs if p.about)
    scores.dates, _, _ = _match_spans(gold.text, gold.dates, document.dates, _same_date, True)
    required = {
        (normalize_text(e["text"]), e["label"]) for e in gold.entities if not e.get("optional")
    }
    optional = {(normalize_text(e["text"]), e["label"]) for e in gold.entities if e.get("optional")}
    found = {(e.text, e.label) for e in document.entities if e.label != "MISC"} - optional
    scores.entities = Tally(len(found & required), len(found), len(required))
    for label in ("PER", "ORG", "LOC"):
        expected = {e for e in required if e[1] == label}
        given = {e for e in found if e[1] == label}
        scores.entity_labels[label] = Tally(len(given & expected), len(given), len(expected))
    scores.entities_lenient = _lenient(found, required)
    # Secondary countries are discussed in substance: naming them is neither right nor wrong.
    predicted_countries = set(document.countries) - (gold.countries_secondary - gold.countries)
    scores.countries = Tally(
        len(predicted_countries & gold.countries), len(predicted_countries), len(gold.countries)
    )
    return scores


def _lenient(found: Set[tuple[str, str]], required: Set[tuple[str, str]]) -> Tally:
    """Entities scored by overlap: a name counts when it holds, or is held by, a gold name of
    the same label, word for word ("Nations unies" in "Office des Nations unies")."""

    def overlaps(one: tuple[str, str], other: tuple[str, str]) -> bool:
        if one[1] != other[1]:
            return False
        a, b = f" {fold(one[0])} ", f" {fold(other[0])} "
        return a in b or b in a

    right = sum(1 for f in found if any(overlaps(f, r) for r in required))
    recalled = sum(1 for r in required if any(overlaps(f, r) for f in found))
    return Tally(right, len(found), len(required), recalled)


def _same_date(gold: dict[str, Any], predicted: Any) -> bool:
    return bool(gold["value"] == predicted.value)


def _as_of_tally(
    gold_figures: list[dict[str, Any]], pairs: list[tuple[dict[str, Any], Any]]
) -> Tally:
    """as_of over the figures found: recall against every dated gold figure, precision against
    the dates given to found figures (a date where gold has none is a wrong date)."""
    expected = sum(1 for g in gold_figures if g.get("as_of") and not g.get("optional"))
    given = [(g, p) for g, p in pairs if p.as_of]
    right = sum(1 for g, p in given if g.get("as_of") == p.as_of)
    return Tally(true_positives=right, predicted=len(given), expected=expected)


def summarise(results: Iterable[tuple[Gold, Scores]]) -> dict[str, Any]:
    """Per-language and overall reports."""
    by_language: dict[str, Scores] = defaultdict(Scores)
    overall = Scores()
    for gold, scores in results:
        by_language[gold.language].add(scores)
        overall.add(scores)
    report = {language: by_language[language].report() for language in sorted(by_language)}
    report["overall"] = overall.report()
    return report


def differences(gold: Gold, document: Document) -> list[str]:
    """Human-readable misses and false alarms for one document, for tuning and review."""
    lines = []
    for label, items, predicted, same in (
        ("figure", gold.figures, document.figures, _figure_matches),
        ("date", gold.dates, document.dates, _same_date),
    ):
        _, pairs, neutral = _match_spans(gold.text, items, predicted, same, label == "date")
        matched_gold = {id(g) for g, _ in pairs}
        matched_predicted = {id(p) for _, p in pairs} | neutral
        for item in items:
            if id(item) not in matched_gold and not item.get("optional"):
                lines.append(f"  missed {label}: {item['quote']!r} {_gold_value(item)}")
        for found in predicted:
            if id(found) not in matched_predicted:
                lines.append(f"  extra  {label}: {found.text!r} {_predicted_value(found)}")
        for expected, found in pairs:
            if label == "figure" and expected.get("as_of") != found.as_of:
                wanted = expected.get("as_of")
                lines.append(f"  as_of  {expected['quote']!r}: {found.as_of} expected {wanted}")
    required = {
        (normalize_text(e["text"]), e["label"]) for e in gold.entities if not e.get("optional")
    }
    optional = {(normalize_text(e["text"]), e["label"]) for e in gold.entities if e.get("optional")}
    found_entities = {(e.text, e.label) for e in document.entities if e.label != "MISC"}
    lines += [f"  missed entity: {e}" for e in sorted(required - found_entities)]
    lines += [f"  extra  entity: {e}" for e in sorted(found_entities - required - optional)]
    if set(document.countries) != gold.countries:
        lines.append(f"  countries: {sorted(document.countries)} expected {sorted(gold.countries)}")
    return lines


def _gold_value(item: dict[str, Any]) -> str:
    keys = ("value", "value_min", "value_max", "of", "unit")
    return " ".join(f"{k}={item[k]}" for k in keys if k in item)


def _predicted_value(found: Any) -> str:
    keys = ("value", "value_min", "value_max", "of", "unit")
    return " ".join(f"{k}={getattr(found, k)}" for k in keys if getattr(found, k, None) is not None)
