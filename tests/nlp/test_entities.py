"""Entities: spaCy plus the rules layer, on the seeds and on sentences per language."""

from __future__ import annotations

import pytest

from ingest.language import LinguaDetector, detect_language
from ingest.model import Document
from ingest.normalize import normalize_text
from nlp.analyzer import Analyzer
from nlp.entities import Candidate, entity_key, refine_with_places
from nlp.pipelines import Pipelines

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(Pipelines())


def _analyse(analyzer: Analyzer, text: str, language: str | None = None) -> Document:
    document = Document(id="t", source="t", text=normalize_text(text), language=language)
    return analyzer.analyze_one(detect_language(document, LinguaDetector(), 0.5))


def _pairs(document: Document) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in document.entities}


def test_nghe_an_seed_names_people_and_provinces(
    analyzer: Analyzer, seed_texts: dict[str, str]
) -> None:
    document = _analyse(analyzer, seed_texts["000_5eed3bc5516a0f99.txt"])
    found = _pairs(document)
    assert {("Tran Anh Tuan", "PER"), ("Nghe An", "LOC"), ("Quang Nam", "LOC")} <= found
    assert ("Bui Dinh Long", "PER") in found  # trimmed at " - Vice-président"
    assert ("Comité populaire de la province de Nghe An", "ORG") in found  # kept whole


def test_every_span_is_exact_and_keys_are_canonical(
    analyzer: Analyzer, seed_texts: dict[str, str]
) -> None:
    for text in seed_texts.values():
        document = _analyse(analyzer, text)
        assert document.entities
        for entity in document.entities:
            assert document.text[entity.start : entity.end] == entity.text
            assert entity.key == entity_key(entity.text)


def test_italian_rules_find_organisations_people_and_places(analyzer: Analyzer) -> None:
    text = (
        "Il ministro Orazio Schillaci ha incontrato a Milano i responsabili del Ministero della "
        "Salute e dell'UNODC. Secondo la dottoressa Giulia Ferrari, il Centro regionale "
        "per le dipendenze della Lombardia segue 1.572 pazienti. In Lombardia i servizi crescono."
    )
    found = _pairs(_analyse(analyzer, text, language="it"))
    assert ("Orazio Schillaci", "PER") in found
    assert ("Giulia Ferrari", "PER") in found
    assert ("Ministero della Salute", "ORG") in found
    assert ("UNODC", "ORG") in found
    assert ("Milano", "LOC") in found
    assert ("Lombardia", "LOC") in found
    # Flat spans take the longest name: the place inside stays part of the organisation.
    assert ("Centro regionale per le dipendenze della Lombardia", "ORG") in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nel 1951 il romanzo di J. D. Salinger è stato pubblicato a New York.", "J. D. Salinger"),
        ("La tomba della regina Hetepheres II si trova a Giza.", "Hetepheres II"),
        ("Ne ha parlato Youssef El Amrani durante l'incontro a Torino.", "Youssef El Amrani"),
    ],
)
def test_italian_person_names_keep_initials_and_numerals(
    analyzer: Analyzer, text: str, name: str
) -> None:
    assert (name, "PER") in _pairs(_analyse(analyzer, text, language="it"))


def test_an_italian_one_word_name_is_a_person_unless_an_article_precedes_it(
    analyzer: Analyzer,
) -> None:
    text = (
        "Il giovane poeta lesse a lungo Novalis e ne parlò con gli amici. "
        "I dati sono stati poi trasmessi ai Prefetti della regione."
    )
    found = _pairs(_analyse(analyzer, text, language="it"))
    assert ("Novalis", "PER") in found
    assert ("Prefetti", "PER") not in found


def test_a_forced_language_gives_entities_in_every_paragraph(analyzer: Analyzer) -> None:
    # The second paragraph reads as Spanish to a detector (a language with no pipeline here);
    # the user said the text is Italian, so it is analysed as Italian too.
    text = (
        "Il Ministero della Salute ha pubblicato il rapporto annuale sui servizi.\n\n"
        "La policía detuvo ayer en Madrid a tres hombres con cocaína, según informó el "
        "portavoz de la comisaría central de la ciudad durante la mañana."
    )
    found = _pairs(_analyse(analyzer, text, language="it"))
    assert ("Ministero della Salute", "ORG") in found
    assert ("Madrid", "LOC") in found


def test_english_numeric_labels_are_dropped(analyzer: Analyzer) -> None:
    text = "On 12 March 2024 the NHS said 2,450 people in Manchester received methadone."
    document = _analyse(analyzer, text, language="en")
    assert {e.label for e in document.entities} <= {"PER", "ORG", "LOC", "MISC"}
    assert all(not e.text[0].isdigit() for e in document.entities)
    assert ("Manchester", "LOC") in _pairs(document)


def test_documents_in_other_languages_get_no_entities(analyzer: Analyzer) -> None:
    german = "Die Regierung in Berlin hat heute neue Zahlen zur Drogenpolitik der UNO vorgelegt."
    document = _analyse(analyzer, german)
    assert document.language == "de"
    assert document.entities == []


def test_keys_merge_variants() -> None:
    assert entity_key("Nghệ An") == entity_key("Nghe An") == "nghe an"
    assert entity_key("L'UNODC") == entity_key("UNODC") == "unodc"
    # A body of the table takes its key (issue 18 item 3); other names lose their article.
    assert entity_key("the World Health Organization") == entity_key("OMS") == "who"
    assert entity_key("the Harm Reduction Network") == "harm reduction network"


def test_chunks_cover_long_texts_without_losing_offsets(analyzer: Analyzer) -> None:
    paragraph = "Le docteur Nguyen Van Minh dirige le centre de Hai Phong depuis deux ans.\n"
    text = paragraph * 2500  # ~190 000 characters: more than one spaCy chunk
    document = _analyse(analyzer, text, language="fr")
    people = [e for e in document.entities if e.text == "Nguyen Van Minh"]
    assert len(people) == 2500
    assert all(text[e.start : e.end] == "Nguyen Van Minh" for e in people)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pipelines_load_only_ner_and_sentences_by_rule(language: str) -> None:
    """Tagger, parser and lemmatizer cost half of spaCy's time and feed nothing we use (entity
    quality is kept by tests/api/test_eval.py); a line break ends a sentence, as for the parser."""
    nlp = Pipelines().get(language)
    assert nlp is not None
    assert nlp.pipe_names == ["sentencizer", "ner"]
    doc = nlp("Rapport annuel 2023\nLe ministère de la Santé publie les chiffres. Ils montent.")
    starts = [sentence[0].text for sentence in doc.sents]
    assert starts == ["Rapport", "Le", "Ils"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # Towns the model reads as organisations or people are places where nothing says body.
        ("en", "Two men from Ardee were charged in Co Louth on Monday.", ("Co Louth", "LOC")),
        ("en", "Traders in Sokoto and in Nakuru County raised prices.", ("Nakuru County", "LOC")),
        ("en", "Officers stopped the van on Summit Road late at night.", ("Summit Road", "LOC")),
        (
            "fr",
            "Les saisies en Colombie-Britannique ont doublé en 2023.",
            ("Colombie-Britannique", "LOC"),
        ),
        ("fr", "Le port de Tanger-Med a reçu les conteneurs.", ("Tanger-Med", "LOC")),
        ("fr", "Entre la Colombie et la Colombie-Britannique, le trafic.", ("Colombie", "LOC")),
        (
            "it",
            "I voli per l'Aeroporto di Firenze-Peretola sono ripresi.",
            ("Aeroporto di Firenze-Peretola", "LOC"),
        ),
        (
            "it",
            "Il consumo cresce in Europa orientale e in Asia centrale.",
            ("Europa orientale", "LOC"),
        ),
        ("en", "Shipments left the US in March.", ("US", "LOC")),
    ],
)
def test_places_take_their_whole_names(
    analyzer: Analyzer, language: str, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _pairs(_analyse(analyzer, text, language=language))


@pytest.mark.parametrize(
    ("language", "text", "not_a_place"),
    [
        ("en", "In March the report said drug use fell.", "March"),
        ("en", "Officers from the Drug Enforcement unit met.", "Drug"),
        ("it", "Il tema della riunione era la prevenzione.", "Tema"),
        ("en", "The reporter Anna Canton wrote the story.", "Canton"),  # a surname
    ],
)
def test_world_towns_need_a_place_context(
    analyzer: Analyzer, language: str, text: str, not_a_place: str
) -> None:
    assert (not_a_place, "LOC") not in _pairs(_analyse(analyzer, text, language=language))


@pytest.mark.parametrize(
    ("text", "span", "place", "kept"),
    [
        # A place with only common words around it: the place is the name.
        ("Dans la province de Nghe An, 40 centres.", "province de Nghe An", "Nghe An", False),
        ("Nella provincia di Bari ci sono 40 centri.", "provincia di Bari", "Bari", False),
        # A name of its own beside the place: the span is another thing (a team, a venue).
        ("Les Lightning de Tampa Bay ont gagné.", "Lightning de Tampa Bay", "Tampa Bay", True),
        ("The Tulsa Drillers won again.", "Tulsa Drillers", "Tulsa", True),
        # A natural feature's name holds its common noun.
        ("Les navires passent le détroit de Gibraltar.", "détroit de Gibraltar", "Gibraltar", True),
        ("Le barche attraversano il lago di Garda.", "lago di Garda", "Garda", True),
    ],
)
def test_a_place_replaces_the_model_span_around_it_only_when_nothing_else_is_named(
    text: str, span: str, place: str, kept: bool
) -> None:
    def candidate(name: str, label: str) -> Candidate:
        start = text.index(name)
        return Candidate(start, start + len(name), label, 1)  # type: ignore[arg-type]

    model = [candidate(span, "LOC")]
    assert (refine_with_places(text, model, [candidate(place, "LOC")]) == model) is kept
