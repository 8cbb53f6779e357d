"""Country names: codes and names in three languages to ISO codes, codes to display names."""

from __future__ import annotations

from collections import defaultdict

import pytest

from nlp.country_names import country_code, country_codes, country_name, named_country
from nlp.places import country_names
from nlp.text import fold


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("VN", "VN"),
        ("vn", "VN"),
        ("VNM", "VN"),
        ("Vietnam", "VN"),
        ("Viêt Nam", "VN"),
        ("viet nam", "VN"),
        ("VIETNAM", "VN"),  # what the web UI sent, upper-cased
        ("Royaume-Uni", "GB"),
        ("Regno Unito", "GB"),
        ("united kingdom", "GB"),
        ("UK", "GB"),
        ("Côte d'Ivoire", "CI"),
        ("cote d’ivoire", "CI"),
        ("Costa d'Avorio", "CI"),
        ("Italie", "IT"),
        ("  Stati Uniti ", "US"),
        ("Allemagne", "DE"),
        ("Svizzera", "CH"),
    ],
)
def test_codes_and_names_in_three_languages_name_a_country(value: str, code: str) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["Atlantis", "XX", "", "Lombardia", "Nghe An", "Europe"])
def test_other_values_name_none(value: str) -> None:
    assert country_code(value) is None


def test_no_two_countries_share_a_name() -> None:
    codes: dict[str, set[str]] = defaultdict(set)
    for code, name in country_names():
        codes[fold(name)].add(code)
    assert {name: found for name, found in codes.items() if len(found) > 1} == {}


def test_display_names_keep_their_accents_in_each_language() -> None:
    assert [country_name("CI", language) for language in ("fr", "it", "en")] == [
        "Côte d’Ivoire",
        "Costa d’Avorio",
        "Côte d’Ivoire",
    ]
    assert country_name("VN", "fr") == "Viêt Nam"
    assert country_name("GB", "it") == "Regno Unito"
    assert country_name("DE", "de") == country_name("DE") == "Germany"  # English otherwise
    assert country_name("ZZ", "fr") == "ZZ"
    assert len(country_codes()) >= 249 and "CI" in country_codes()


def test_entity_keys_that_are_a_country_own_name() -> None:
    assert named_country("cote d ivoire") == "CI"
    assert named_country("regno unito") == "GB"
    assert named_country("viet nam") == "VN"
    # Readers call the UK by its parts; as a place, a part is not the whole country.
    assert named_country("scotland") is None
    assert named_country("nghe an") is None
