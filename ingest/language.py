"""Language detection: whole documents with a confidence, and per-paragraph spans."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cached_property
from typing import Literal, Protocol

from ingest.model import Document, LanguageSpan

DetectorName = Literal["lingua", "langdetect"]
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "it", "en", "de", "es", "pt", "nl")
# Paragraphs shorter than this borrow their neighbours' language: a few words are too few to judge.
_MIN_PARAGRAPH_WORDS = 6
# The document language is judged on a prefix: beyond this, more text changes nothing but time.
_DOCUMENT_SAMPLE_CHARS = 20_000
_PARAGRAPH = re.compile(r"[^\n]+")


class Detector(Protocol):
    """Ranks candidate languages for a text: [(iso 639-1 code, confidence)], best first."""

    def rank(self, text: str) -> list[tuple[str, float]]: ...


class LinguaDetector:
    """lingua restricted to a language set; models load on first use, once."""

    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(languages)
        self._lock = threading.Lock()

    @cached_property
    def _detector(self):  # type: ignore[no-untyped-def]
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, code.upper()) for code in self.languages]
        return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def rank(self, text: str) -> list[tuple[str, float]]:
        with self._lock:  # the first call builds the detector; lingua itself is thread-safe
            detector = self._detector
        return [
            (value.language.iso_code_639_1.name.lower(), value.value)
            for value in detector.compute_language_confidence_values(text)
        ]


class LangdetectDetector:
    """langdetect, seeded so the same text always gets the same answer."""

    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
        self.languages = frozenset(languages)

    def rank(self, text: str) -> list[tuple[str, float]]:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            ranked = detect_langs(text)
        except LangDetectException:
            return []
        return [(r.lang[:2], r.prob) for r in ranked if r.lang[:2] in self.languages]


def make_detector(name: DetectorName, languages: Sequence[str] = DEFAULT_LANGUAGES) -> Detector:
    """The detector a setting names."""
    if name == "lingua":
        return LinguaDetector(languages)
    if name == "langdetect":
        return LangdetectDetector(languages)
    raise ValueError(f"unknown language detector {name!r}: use 'lingua' or 'langdetect'")


def best_language(detector: Detector, text: str, min_confidence: float) -> tuple[str | None, float]:
    """The most likely language and its confidence, or None when below `min_confidence`."""
    ranked = detector.rank(text)
    if not ranked:
        return None, 0.0
    code, confidence = ranked[0]
    return (code if confidence >= min_confidence else None), round(confidence, 4)


def paragraph_languages(
    detector: Detector, text: str, fallback: str | None, min_confidence: float
) -> list[LanguageSpan]:
    """Language spans over `text`, one per run of consecutive paragraphs in the same language."""
    judged: list[tuple[int, int, str | None]] = []
    for match in _PARAGRAPH.finditer(text):
        paragraph = match.group()
        language = fallback
        if len(paragraph.split()) >= _MIN_PARAGRAPH_WORDS:
            language, _ = best_language(detector, paragraph, min_confidence)
            language = language or fallback
        judged.append((match.start(), match.end(), language))
    spans: list[LanguageSpan] = []
    for start, end, language in judged:
        if spans and spans[-1].language == language:
            spans[-1] = LanguageSpan(start=spans[-1].start, end=end, language=language)
        else:
            spans.append(LanguageSpan(start=start, end=end, language=language))
    return spans


def detect_language(document: Document, detector: Detector, min_confidence: float) -> Document:
    """`document` with its language, confidence and paragraph languages filled in.

    A language already set (from `--lang` or the JSONL `language` field) is kept with confidence 1.
    """
    language: str | None
    if document.language:
        language, confidence = document.language, 1.0
    else:
        sample = document.text[:_DOCUMENT_SAMPLE_CHARS]
        language, confidence = best_language(detector, sample, min_confidence)
    spans = paragraph_languages(detector, document.text, language, min_confidence)
    return document.model_copy(
        update={
            "language": language,
            "language_confidence": confidence,
            "paragraph_languages": spans,
        }
    )
