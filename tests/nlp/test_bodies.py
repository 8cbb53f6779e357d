"""One key per body across languages: the table, entity keys and acronyms a text defines."""

from __future__ import annotations

import pytest

from ingest.language import LinguaDetector, detect_language
from ingest.model import Document
from nlp.analyzer import Analyzer
from nlp.bodies import default_bodies
from nlp.entities import entity_key
from nlp.pipelines import Pipelines
from nlp.text import fold


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(Pipelines())


def _analyse(analyzer: Analyzer, text: str, language: str) -> Document:
    document = Document(id="t", source="t", text=text, language=language)
    return analyzer.analyze_one(detect_language(document, LinguaDetector(), 0.5))


def test_every_name_and_acronym_of_a_body_shares_its_key() -> None:
    unodc = [
        "ONUDC",
        "UNODC",
        "l'Office des Nations unies contre la drogue et le crime",
        "Ufficio delle Nazioni Unite contro la droga e il crimine",
        "the United Nations Office on Drugs and Crime",
    ]
    assert {entity_key(name) for name in unodc} == {"unodc"}
    who = [
        "OMS",
        "WHO",
        "Organizzazione mondiale della sanità",
        "Organisation mondiale de la sante",
    ]
    assert {entity_key(name) for name in who} == {"who"}
    assert entity_key("OEDT") == entity_key("EMCDDA") == entity_key("EUDA") == "euda"
    assert entity_key("Santé Canada") == entity_key("Health Canada") == "health canada"


def test_table_is_complete_and_unambiguous() -> None:
    bodies = default_bodies()  # building it refuses a folded name shared by two bodies
    for body in bodies.by_key.values():
        assert set(body.names) == {"fr", "it", "en"}, body.key
        assert all(body.names[lang] for lang in ("fr", "it", "en")), body.key
        assert body.wikidata is None or body.wikidata.startswith("Q"), body.key
        assert all(bodies.key_of(fold(form)) == body.key for form in body.surface_forms())
    assert bodies.by_key["who"].wikidata == "Q7817"
    assert bodies.by_key["unodc"].display_name("it").startswith("Ufficio delle Nazioni Unite")
    assert bodies.by_key["unodc"].display_name("de") == "United Nations Office on Drugs and Crime"
    assert "unodc" in bodies.matching("nazioni unite contro")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Selon l'ONUDC, l'Organisation mondiale de la santé (OMS) suit les saisies."),
        ("it", "L'Ufficio delle Nazioni Unite contro la droga e il crimine e l'OMS concordano."),
        ("en", "The World Health Organization and UNODC published the survey together."),
    ],
)
def test_analysed_bodies_have_one_key_in_every_language(
    analyzer: Analyzer, language: str, text: str
) -> None:
    document = _analyse(analyzer, text, language)
    keys = {entity.key for entity in document.entities if entity.label == "ORG"}
    assert {"unodc", "who"} <= keys, document.entities


@pytest.mark.slow
def test_an_acronym_the_text_defines_shares_its_expansions_key(analyzer: Analyzer) -> None:
    text = (
        "The National Drug Observatory of Vietnam (NDOV) counted 3,800 patients in 2023. "
        "Last year NDOV opened two more clinics."
    )
    document = _analyse(analyzer, text, "en")
    named = {entity.text: entity.key for entity in document.entities}
    assert named["NDOV"] == named["National Drug Observatory"] == "national drug observatory"
    assert [e.key for e in document.entities if e.text == "NDOV"] == [named["NDOV"]] * 2
