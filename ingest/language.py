"""Language detection: whole documents with a confidence, and per-paragraph spans."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Literal, Protocol

from ingest.function_words import FUNCTION_WORDS
from ingest.model import Document, Failure, LanguageSpan

DetectorName = Literal["lingua", "langdetect"]
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "it", "en", "de", "es", "pt", "nl")
# Paragraphs shorter than this borrow their neighbours' language: a few words are too few to judge.
_MIN_PARAGRAPH_WORDS = 6
# The document language is judged on three windows (opening, middle, end) of this many
# characters: beyond that, more text changes nothing but time.
_SAMPLE_WINDOW_CHARS = 1_500
_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")
# Function words that belong to one language only ("des", "della", "the"): a paragraph with
# several of the document language's and few of any other's needs no statistical model.
_OWN_WORDS = {
    language: words
    - frozenset().union(*(w for other, w in FUNCTION_WORDS.items() if other != language))
    for language, words in FUNCTION_WORDS.items()
}
# The same words by the one language owning each: the sets above share none.
_OWNER = {word: language for language, words in _OWN_WORDS.items() for word in words}
_CLEAR_HITS = 3
_CLEAR_MARGIN = 4
_log = logging.getLogger(__name__)


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


def clearly_in(paragraph: str, language: str | None) -> bool:
    """Whether the paragraph's function words leave no doubt that it is in `language`.

    Counting them is a hundred times cheaper than the statistical model; when in doubt (few
    function words, or another language's too), the model decides.
    """
    if language not in _OWN_WORDS:
        return False
    hits = dict.fromkeys(_OWN_WORDS, 0)
    for word in _WORD.findall(paragraph.lower()):
        if (code := _OWNER.get(word)) is not None:
            hits[code] += 1
    others = max(count for code, count in hits.items() if code != language)
    return hits[language] >= _CLEAR_HITS and hits[language] >= _CLEAR_MARGIN * others


def paragraph_languages(
    detector: Detector, text: str, fallback: str | None, min_confidence: float
) -> list[LanguageSpan]:
    """Language spans over `text`, one per run of consecutive paragraphs in the same language."""
    judged: list[tuple[int, int, str | None]] = []
    for match in _PARAGRAPH.finditer(text):
        paragraph = match.group()
        language = fallback
        if len(paragraph.split()) >= _MIN_PARAGRAPH_WORDS and not clearly_in(paragraph, fallback):
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


def _sample(text: str) -> str:
    if len(text) <= 3 * _SAMPLE_WINDOW_CHARS:
        return text
    middle = (len(text) - _SAMPLE_WINDOW_CHARS) // 2
    windows = (0, middle, len(text) - _SAMPLE_WINDOW_CHARS)
    return "\n".join(text[start : start + _SAMPLE_WINDOW_CHARS] for start in windows)


def detect_language(
    document: Document, detector: Detector, min_confidence: float, fallback: str | None = None
) -> Document:
    """`document` with its language, confidence and paragraph languages filled in.

    A language already set (from `--lang` or the JSONL `language` field) is kept with confidence 1,
    for every paragraph.
    `fallback` is the language to take when the text cannot tell (an attachment: its message's);
    the confidence is then still the detector's own.
    """
    language: str | None
    if document.language:
        # A forced language holds for every paragraph: the user knows the text better than
        # a detector reading one paragraph of names and numbers.
        language, confidence = document.language, 1.0
        spans = [LanguageSpan(start=0, end=len(document.text), language=language)]
    else:
        sample = _sample(document.text)
        language, confidence = best_language(detector, sample, min_confidence)
        language = language or fallback
        spans = paragraph_languages(detector, document.text, language, min_confidence)
    return document.model_copy(
        update={
            "language": language,
            "language_confidence": confidence,
            "paragraph_languages": spans,
        }
    )


def detect_languages(
    items: Iterable[Document | Failure],
    detector: Detector,
    min_confidence: float,
    language: str | None = None,
) -> Iterator[Document | Failure]:
    """The ingest stage: each document with its language (`language` when given, else told by
    `detector`); failures pass through. A document the detector breaks on becomes a Failure,
    and the rest go on.

    An attachment whose own text cannot tell (a table: a few headers and names) is taken to be
    in its message's language: a message comes before its attachments.
    """
    messages: dict[str, str] = {}
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        if language:
            item = item.model_copy(update={"language": language})
        fallback = messages.get(item.attached_to or "")
        try:
            told = detect_language(item, detector, min_confidence, fallback)
        except Exception as error:  # a detector bug must cost one document, not the batch
            _log.exception("language detection failed for %s", item.source)
            yield Failure(source=item.source, reason=f"language detection failed: {error}")
            continue
        if told.attachments and told.language:
            messages[told.id] = told.language
        yield told
