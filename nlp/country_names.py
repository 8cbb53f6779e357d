"""Country names in French, Italian and English: a name or code to its ISO code, a code to its name.

The names are the place gazetteer's (nlp.places: babel's per language, pycountry's, and the
ones readers use), so a filter knows a country by every name a document is resolved by.
Display names are CLDR's through babel ("Côte d’Ivoire", "Regno Unito").
"""

from __future__ import annotations

from functools import lru_cache

from nlp.places import country_names
from nlp.text import fold

LANGUAGES = ("fr", "it", "en")


@lru_cache(maxsize=1)
def _by_code() -> dict[str, str]:
    """ISO 3166-1 alpha-2 and alpha-3 codes, upper case, to the alpha-2 code."""
    import pycountry

    codes = {}
    for country in pycountry.countries:
        codes[country.alpha_2] = codes[country.alpha_3] = country.alpha_2
    return codes


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    """Folded name -> code, for every name the gazetteer knows a country by (no two countries
    share one: tests/nlp/test_country_names.py checks)."""
    return {fold(name): code for code, name in country_names() if fold(name)}


def country_code(value: str) -> str | None:
    """The ISO code `value` names: a code (VN, VNM, vn) or a name in French, Italian or English,
    case and accents ignored ("Viêt Nam", "vietnam", "Regno Unito", "UK"); None for none."""
    text = value.strip()
    return _by_code().get(text.upper()) or _by_name().get(fold(text))


@lru_cache(maxsize=len(LANGUAGES))
def _names(language: str) -> dict[str, str]:
    import pycountry
    from babel import Locale

    territories = Locale(language).territories
    return {
        country.alpha_2: territories.get(country.alpha_2, country.name)
        for country in pycountry.countries
    }


def country_name(code: str, language: str | None = None) -> str:
    """The name of the country `code` in `language` (fr, it, en; others get English), the
    code itself when it is no country's."""
    return _names(language if language in LANGUAGES else "en").get(code, code)


def country_codes() -> list[str]:
    """Every country's ISO 3166-1 alpha-2 code."""
    return sorted(_names("en"))


@lru_cache(maxsize=1)
def _own_names() -> dict[str, str]:
    """Folded name -> code for the names that are a country's own, in any of the three
    languages: not those readers give a part of it ("Scotland" is a place in the UK)."""
    import pycountry

    names = {fold(name): code for language in LANGUAGES for code, name in _names(language).items()}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                names.setdefault(fold(getattr(country, attribute)), country.alpha_2)
    return names


def named_country(key: str) -> str | None:
    """The code of the country a folded entity key is the own name of ("cote d ivoire" ->
    CI), None for other places."""
    return _own_names().get(key)
