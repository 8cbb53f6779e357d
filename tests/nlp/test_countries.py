"""Countries referred to and countries a document is about, in the three languages."""

from __future__ import annotations

from collections import Counter

import pytest

from nlp.countries import count_references, countries_about
from nlp.places import find_places


def _references(text: str, language: str) -> Counter[str]:
    return count_references(text, language, find_places(text))


@pytest.mark.parametrize(
    ("language", "text", "country"),
    [
        ("fr", "Le gouvernement britannique a publié sa stratégie.", "GB"),
        ("fr", "La délégation est arrivée au Royaume-Uni.", "GB"),
        ("it", "Le autorità kazake hanno sequestrato la droga.", "KZ"),
        ("it", "Il programma in Kazakistan continua.", "KZ"),
        ("it", "Il Regno Unito ha cambiato politica.", "GB"),
        ("en", "Vietnamese officials met in the province.", "VN"),
        ("fr", "La province de Nghe An a ouvert un centre.", "VN"),
        ("it", "A Thanh Hoa il centro è pieno.", "VN"),
        ("en", "The clinic in Almaty treats 300 people.", "KZ"),
        ("fr", "Les autorités ivoiriennes et la Côte d'Ivoire.", "CI"),
        ("it", "A Ginevra e a Lugano.", "CH"),
        # Regional adjectives name their country as national ones do.
        ("it", "Gli utenti delle ASL piemontesi sono in calo.", "IT"),
        ("fr", "Les hôpitaux bretons manquent de lits.", "FR"),
        ("en", "Sicilian prisons are overcrowded.", "IT"),
    ],
)
def test_references_from_names_places_and_adjectives(
    language: str, text: str, country: str
) -> None:
    assert country in _references(text, language)


def test_a_name_is_not_counted_again_as_an_adjective() -> None:
    assert _references("La Svizzera investe.", "it") == Counter({"CH": 1})


def test_about_keeps_the_main_countries_and_weighs_the_title() -> None:
    mentioned = Counter({"VN": 7, "LA": 3, "TH": 1})
    assert countries_about(mentioned) == ["VN", "LA"]
    assert set(countries_about(Counter({"VN": 4, "FR": 1}), Counter({"FR": 1}))) == {"VN", "FR"}
    assert countries_about(Counter({"VN": 4, "FR": 1})) == ["VN"]
    assert countries_about(Counter()) == []


def test_a_shared_place_name_goes_to_the_country_speaking_the_text_s_language() -> None:
    # "Bari" is a city of Italy and a region of Somalia; "Manchester" of England and Jamaica.
    assert _references("La Guardia di finanza di Bari ha sequestrato 40 kg.", "it") == Counter(
        {"IT": 1}
    )
    assert "GB" not in _references("A Manchester, la polizia ha arrestato due uomini.", "it")


def test_an_adjective_inside_a_concept_s_label_names_no_country() -> None:
    text = "Quatre tonnes de chanvre indien ont été saisies par la douane sénégalaise."
    label = text.index("chanvre indien")
    found = count_references(text, "fr", find_places(text), [(label, label + 14)])
    assert found == Counter({"SN": 1})
