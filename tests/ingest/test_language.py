"""Language detection on the seeds, on mixed documents, with overrides and with langdetect."""

from __future__ import annotations

import pytest

from ingest.language import LinguaDetector, detect_language, make_detector
from ingest.model import Document
from ingest.normalize import normalize_text

SEED_LANGUAGES = {
    "000_5eed3bc5516a0f99.txt": "fr",
    "001_64f6080c218b57bf.txt": "it",
    "002_bbd0af3ad9e68b02.txt": "fr",
    "003_d9f664b93bec9384.txt": "fr",
    "004_a774bdd0d0abb042.txt": "fr",
}
FRENCH = "Le Comité populaire de la province a présenté les résultats du traitement volontaire."
ENGLISH = "The regional health authority published the results of its new methadone programme."
ITALIAN = (
    "Il Ministero della Salute ha presentato i risultati del programma di riduzione del danno."
)


@pytest.fixture(scope="module")
def detector() -> LinguaDetector:
    return LinguaDetector()


def _document(text: str, language: str | None = None) -> Document:
    return Document(id="t", source="t", text=normalize_text(text), language=language)


def test_every_seed_is_detected_right(seed_texts: dict[str, str], detector: LinguaDetector) -> None:
    assert set(seed_texts) == set(SEED_LANGUAGES)
    for name, text in seed_texts.items():
        document = detect_language(_document(text), detector, 0.5)
        assert document.language == SEED_LANGUAGES[name], name
        assert document.language_confidence is not None and document.language_confidence > 0.9


def test_mixed_document_gets_one_span_per_language(detector: LinguaDetector) -> None:
    text = f"{FRENCH} {FRENCH}\n{ENGLISH} {ENGLISH}\n{ITALIAN} {ITALIAN}"
    document = detect_language(_document(text), detector, 0.5)
    spans = [(text[s.start : s.end], s.language) for s in document.paragraph_languages]
    assert spans == [
        (f"{FRENCH} {FRENCH}", "fr"),
        (f"{ENGLISH} {ENGLISH}", "en"),
        (f"{ITALIAN} {ITALIAN}", "it"),
    ]


def test_short_paragraphs_take_the_document_language(detector: LinguaDetector) -> None:
    text = f"Annexe 2\n{FRENCH}\nOK merci\n{FRENCH}"
    document = detect_language(_document(text), detector, 0.5)
    assert [(s.start, s.end, s.language) for s in document.paragraph_languages] == [
        (0, len(text), "fr")
    ]


def test_override_is_kept_with_full_confidence(detector: LinguaDetector) -> None:
    document = detect_language(_document(ENGLISH, language="it"), detector, 0.5)
    assert (document.language, document.language_confidence) == ("it", 1.0)


def test_a_forced_language_holds_for_every_paragraph(detector: LinguaDetector) -> None:
    text = f"{FRENCH} {FRENCH}\n{ENGLISH} {ENGLISH}\n{ITALIAN} {ITALIAN}"
    document = detect_language(_document(text, language="it"), detector, 0.5)
    assert [(s.start, s.end, s.language) for s in document.paragraph_languages] == [
        (0, len(text), "it")
    ]


def test_undetermined_text_has_null_language(detector: LinguaDetector) -> None:
    document = detect_language(_document("12 345 — 678 / 90"), detector, 0.5)
    assert document.language is None


def test_other_languages_get_their_code(detector: LinguaDetector) -> None:
    german = "Die Regierung hat heute neue Zahlen zur Drogenpolitik und zur Suchthilfe vorgelegt."
    assert detect_language(_document(german), detector, 0.5).language == "de"


def test_langdetect_is_available_and_stable() -> None:
    langdetect = make_detector("langdetect")
    first = detect_language(_document(ITALIAN), langdetect, 0.5)
    second = detect_language(_document(ITALIAN), langdetect, 0.5)
    assert first.language == "it"
    assert first.language_confidence == second.language_confidence


def test_unknown_detector_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown language detector 'cld3'"):
        make_detector("cld3")  # type: ignore[arg-type]
