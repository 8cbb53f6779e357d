"""The thesaurus loader, label matching per language, and topic tagging, on small data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests_support import small_thesaurus

from ingest.model import Figure, LanguageSpan
from nlp.terms import terms
from nlp.thesaurus import Thesaurus, ThesaurusError, load_thesaurus
from nlp.topics import count_topics, find_mentions, tag_figures


@pytest.fixture(scope="module")
def small() -> Thesaurus:
    return small_thesaurus()


def mentions_of(text: str, language: str, thesaurus: Thesaurus) -> list[tuple[str, list[str]]]:
    found = find_mentions(text, [], language, thesaurus)
    return [(text[m.start : m.end], sorted(m.concepts)) for m in found]


def test_inflections_and_function_words_match_the_label(small: Thesaurus) -> None:
    text = "Le traitement des toxicomanies progresse; la toxicomanie recule."
    assert mentions_of(text, "fr", small) == [
        ("traitement des toxicomanies", ["addiction-treatment"]),
        ("toxicomanie", ["addiction"]),
    ]


def test_the_longest_label_wins_and_punctuation_breaks_a_phrase(small: Thesaurus) -> None:
    assert mentions_of("Drug addiction treatment works.", "en", small) == [
        ("Drug addiction treatment", ["addiction-treatment"])
    ]
    # A comma between the words: "addiction" alone, not the treatment concept.
    assert mentions_of("drug addiction, treatment", "en", small) == [
        ("drug addiction", ["addiction"])
    ]


def test_acronyms_match_capitalised_words_only(small: Thesaurus) -> None:
    assert mentions_of("Le VIH et le vih", "fr", small) == [("VIH", ["hiv"])]
    assert mentions_of("Aids e AIDS, ma non aids", "it", small) == [
        ("Aids", ["hiv"]),
        ("AIDS", ["hiv"]),
    ]


def test_hyphenated_labels_keep_their_meaning(small: Thesaurus) -> None:
    # "sans" is not a function word here: "abri" (shelter) alone must not name homelessness.
    assert mentions_of("un abri pour les sans-abri", "fr", small) == [
        ("sans-abri", ["homelessness"])
    ]


def test_each_paragraph_is_analysed_in_its_own_language(small: Thesaurus) -> None:
    text = "La toxicomanie.\nLa tossicodipendenza."
    spans = [
        LanguageSpan(start=0, end=15, language="fr"),
        LanguageSpan(start=16, end=37, language="it"),
    ]
    found = find_mentions(text, spans, "fr", small)
    assert [(text[m.start : m.end], sorted(m.concepts)) for m in found] == [
        ("toxicomanie", ["addiction"]),
        ("tossicodipendenza", ["addiction"]),
    ]


def test_counts_rank_the_most_discussed_first(small: Thesaurus) -> None:
    text = "Metadone, metadone e ancora terapia metadonica; poi la tossicodipendenza."
    topics = count_topics(find_mentions(text, [], "it", small))
    assert [(t.concept, t.count) for t in topics] == [("methadone", 3), ("addiction", 1)]


def test_figures_carry_the_concepts_of_their_sentence(small: Thesaurus) -> None:
    text = "Nel 2023, 120 pazienti in metadone. Poi 40 senza dimora."
    figures = [
        Figure(text="120 pazienti", start=10, end=22, value=120),
        Figure(text="40 senza dimora", start=40, end=55, value=40),
    ]
    tagged = tag_figures(text, figures, find_mentions(text, [], "it", small))
    assert [f.topics for f in tagged] == [["methadone"], ["homelessness"]]


def test_hierarchy_goes_both_ways(small: Thesaurus) -> None:
    assert small.ancestors("methadone") == ["addiction-treatment", "addiction"]
    assert small.descendants("addiction") == ["addiction-treatment", "methadone"]
    assert small.concepts["methadone"].label("it") == "metadone"
    assert small.concepts["methadone"].label("de") == "methadone"


def test_terms_skip_function_words_but_keep_numbers() -> None:
    # Numbers stay: a label such as "centres 06" must not shrink to "centres".
    assert [t.surface for t in terms("Au 30 septembre, la méthadone", "fr")] == [
        "30",
        "septembre",
        "méthadone",
    ]


def _write(directory: Path, concepts: list[dict]) -> None:
    (directory / "part.json").write_text(json.dumps({"domain": "test", "concepts": concepts}))


def _raw(id: str, broader: list[str]) -> dict:
    labels = {code: {"pref": f"{id} {code}", "alt": []} for code in ("en", "fr", "it")}
    return {"id": id, "broader": broader, "labels": labels}


def test_a_broken_file_names_itself_and_the_field(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"domain": "x", "concepts": [{"id": "Bad Id"}]}')
    with pytest.raises(ThesaurusError, match=r"bad\.json.*id"):
        load_thesaurus(tmp_path)


def test_unknown_broader_and_cycles_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, [_raw("a", ["missing"])])
    with pytest.raises(ThesaurusError, match="unknown broader 'missing'"):
        load_thesaurus(tmp_path)
    _write(tmp_path, [_raw("a", ["b"]), _raw("b", ["a"])])
    with pytest.raises(ThesaurusError, match="own ancestor"):
        load_thesaurus(tmp_path)
    _write(tmp_path, [_raw("a", []), _raw("a", [])])
    with pytest.raises(ThesaurusError, match="defined twice"):
        load_thesaurus(tmp_path)
