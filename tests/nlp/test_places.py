"""The place gazetteer: world towns, continents, whole names around a hit, and their countries."""

from __future__ import annotations

import pytest

from nlp.countries import count_references
from nlp.place_entities import facility_candidates
from nlp.places import find_places


def _found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[m.start : m.end], tuple(sorted(m.place.countries))) for m in find_places(text)]


@pytest.mark.parametrize(
    ("text", "name", "countries"),
    [
        # Towns from the world list, with the names French and Italian readers use.
        ("Les soignants de Gand et d'Anvers ont manifesté.", "Gand", ("BE",)),
        ("I medici di Varsavia hanno scioperato ieri.", "Varsavia", ("PL",)),
        ("Traders in Maiduguri reported the shortage.", "Maiduguri", ("NG",)),
        # Continents, in each language, and the part of one a text means.
        ("Les saisies en Afrique ont doublé.", "Afrique", ()),
        ("Il consumo cresce in Europa orientale da anni.", "Europa orientale", ()),
        ("Exports to Eastern Europe fell.", "Eastern Europe", ()),
        ("Le trafic vers l'Asie du Sud-Est reprend.", "Asie du Sud-Est", ()),
        # The longest name wins over the gazetteer name inside it, with its own country.
        ("Le centre de Colombie-Britannique ferme.", "Colombie-Britannique", ()),
        ("Les refuges de Nouvelle-Galles du Sud sont pleins.", "Nouvelle-Galles du Sud", ()),
        ("Cocaine from North America arrived.", "North America", ()),
        ("Clinics across Nakuru County stayed open.", "Nakuru County", ("KE",)),
        ("The Kaduna State government spoke.", "Kaduna State", ("NG",)),
        ("A man from Navan, Co Meath, was charged.", "Co Meath", ("IE",)),
        ("Il Canton Ticino ha aperto due centri.", "Canton Ticino", ("CH",)),
        ("Les douaniers de Tanger-Med ont saisi 2 tonnes.", "Tanger-Med", ("MA",)),
        # "US" and "U.S." are the country; "US$" is its currency.
        ("Prices in the US rose.", "US", ("US",)),
        ("The U.S. Senate voted.", "U.S.", ("US",)),
    ],
)
def test_names_and_their_countries(text: str, name: str, countries: tuple[str, ...]) -> None:
    assert (name, countries) in _found(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The shipment was worth US$4 million.", "US"),
        ("Let us know.", "us"),
        ("Ohio county officials met.", "Ohio county"),  # the state, lower-case county
        ("Come ogni anno, il rapporto esce a giugno.", "Come"),  # a town's name, an Italian word
        ("Police seized the drugs.", "Police"),
    ],
)
def test_words_that_are_not_places_here(text: str, absent: str) -> None:
    assert absent not in [name for name, _ in _found(text)]


@pytest.mark.parametrize(
    ("language", "text", "wrong"),
    [
        ("fr", "Les autorités de Colombie-Britannique ont publié les chiffres.", "CO"),
        ("en", "Cocaine seizures in North America rose.", "US"),
        ("en", "The parish of St Thomas has a new clinic.", "CA"),  # a Canadian town too
    ],
)
def test_longer_names_and_world_towns_imply_no_other_country(
    language: str, text: str, wrong: str
) -> None:
    assert wrong not in count_references(text, language, find_places(text))


@pytest.mark.parametrize(
    ("text", "facility"),
    [
        (
            "Il volo è atterrato all'Aeroporto di Firenze-Peretola alle 9.",
            "Aeroporto di Firenze-Peretola",
        ),
        ("Saisie à l'aéroport Mohammed V de Casablanca hier.", "aéroport Mohammed V de Casablanca"),
        ("Officers stopped the car on Summit Road at night.", "Summit Road"),
        (
            "Cocaine was found at Murtala Muhammed International Airport.",
            "Murtala Muhammed International Airport",
        ),
        ("Traders at Oshodi Motor Park complained.", "Oshodi Motor Park"),
        (
            "I pacchi sono partiti dalla Stazione di Bologna Centrale.",
            "Stazione di Bologna Centrale",
        ),
    ],
)
def test_facilities_are_one_name(text: str, facility: str) -> None:
    spans = [text[c.start : c.end] for c in facility_candidates(text, 0, len(text))]
    assert facility in spans


def test_a_longer_title_is_no_facility() -> None:
    text = "The Road Safety Authority published its figures."
    assert facility_candidates(text, 0, len(text)) == []
