"""Gazetteer of countries and their subdivisions in French, Italian and English, found in text."""

from __future__ import annotations

import itertools
import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.text import fold, words

LOCALES = ("fr", "it", "en")
_MAX_NAME_WORDS = 6
# Generic words pycountry keeps in subdivision names ("Almaty oblysy"); texts usually drop them.
_GENERIC = re.compile(
    r"^(?:province|region|oblast|oblysy|county|district|prefecture|governorate|state|"
    r"municipality|city|department|canton|voivodeship)\s+|\s+(?:province|region|oblast|"
    r"oblysy|county|district|prefecture|governorate|state|municipality|city|department|"
    r"canton|voivodeship)$"
)
# Names readers use that neither babel nor pycountry spell that way.
_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.", "U.S.A.", "Etats-Unis", "America", "Stati Uniti d'America"),
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Grande-Bretagne",
        "Gran Bretagna",
        "Britain",
        "Inghilterra",
        "England",
        "Angleterre",
        "Scotland",
        "Écosse",
        "Scozia",
        "Wales",
        "Pays de Galles",
        "Galles",
        "Northern Ireland",
        "Irlande du Nord",
        "Irlanda del Nord",
    ),
    "VN": ("Viet Nam", "Viêt-nam", "Vietnam"),
    "KR": ("South Korea", "Corée du Sud", "Corea del Sud"),
    "KP": ("North Korea", "Corée du Nord", "Corea del Nord"),
    "RU": ("Russia", "Russie", "Russian Federation"),
    "NL": ("Holland", "Hollande", "Olanda"),
    "CZ": ("Czech Republic", "République tchèque", "Repubblica Ceca"),
    "CI": ("Ivory Coast", "Costa d'Avorio", "Côte-d'Ivoire"),
    "CD": ("RDC", "DRC", "RD Congo", "République démocratique du Congo"),
    "LA": ("Laos",),
    "IR": ("Iran",),
    "SY": ("Syria", "Syrie", "Siria"),
    "BO": ("Bolivia", "Bolivie"),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania", "Tanzanie"),
    "MD": ("Moldova", "Moldavie", "Moldavia"),
    "TW": ("Taiwan", "Taïwan"),
    "PS": ("Palestine", "Palestina"),
}
# Single-word subdivision names that are everyday words in one of the three languages.
_COMMON_WORDS = frozenset(
    fold(word)
    for word in (
        "Centre Centro Center Nord North Sud South Est East Ouest West Ovest Central Capital "
        "Capitale Ville City Haut Bas Alto Basso Grande Lot Var Ain Cher Orne Gard Marne Somme "
        "Loire Indre Eure Aude Tarn Gers Doubs Jura Allier Vienne Savoie Nièvre Manche Mayenne "
        "Sarthe Aisne Oise Meuse Moselle Vosges Ardennes Charente Creuse Corrèze Dordogne Landes "
        "Gironde Vendée Rhône Isère Drôme Cantal Lozère Hérault Ariège Aube Yonne Cher Western "
        "Eastern Northern Southern Upper Lower Middle Coast Lakes Islands Island Mountain Santa "
        "San Saint Sainte Borgo Como Chad Mayo Down Centrale Orientale Occidentale "
        "Littoral Plateau Plateaux Savanes Maritime Kara Rift Coastal Delta "
        "Oriental Grand Nouvelle Nueva Nuevo Paz Libertad Progreso Union Unione Para Rio Vale "
        "Madre Bolivar Independence Liberty Ibb Al Ad Ar As Long Hope Valle Vallée Hill Hills Nice"
    ).split()
)


@dataclass(frozen=True)
class Place:
    """A place name: the countries it implies, and whether it names a country itself."""

    name: str
    countries: frozenset[str]
    is_country: bool


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


def _country_names() -> Iterable[tuple[str, str]]:
    import pycountry
    from babel import Locale

    codes = {country.alpha_2 for country in pycountry.countries}
    for locale in LOCALES:
        for code, name in Locale(locale).territories.items():
            if code in codes:
                yield code, name
    for country in pycountry.countries:
        yield country.alpha_2, country.name
        for attribute in ("common_name", "official_name"):
            if hasattr(country, attribute):
                yield country.alpha_2, getattr(country, attribute)
    for code, names in _ALIASES.items():
        for name in names:
            yield code, name


def _subdivision_names() -> Iterable[tuple[str, str]]:
    import pycountry

    for subdivision in pycountry.subdivisions:
        name = subdivision.name.split(" [")[0].split(" (")[0]
        yield subdivision.country_code, name
        shorter = _GENERIC.sub("", name)
        if shorter != name:
            yield subdivision.country_code, shorter
        for part in name.split("/"):  # bilingual names: "Bozen/Bolzano"
            if part != name:
                yield subdivision.country_code, part.strip()


def _city_names() -> Iterable[tuple[str, str]]:
    path = Path(__file__).parent / "data" / "cities.json"
    if not path.exists():
        return
    for code, names in json.loads(path.read_text(encoding="utf-8")).items():
        if not code.startswith("_"):
            for name in names:
                yield code, name


@lru_cache(maxsize=1)
def place_index() -> dict[str, Place]:
    """Folded name -> Place for every country and subdivision (built once, ~0.5 s)."""
    index: dict[str, Place] = {}
    for code, name in _country_names():
        key = fold(name)
        if key:
            index[key] = Place(name=name, countries=frozenset({code}), is_country=True)
    for code, name in itertools.chain(_subdivision_names(), _city_names()):
        key = fold(name)
        if not key or key in _COMMON_WORDS or (" " not in key and len(key) < 4):
            continue
        known = index.get(key)
        if known is None:
            index[key] = Place(name=name, countries=frozenset({code}), is_country=False)
        elif not known.is_country:
            # One name, several countries' subdivisions: keep them all, so no single one is implied.
            index[key] = Place(known.name, known.countries | {code}, False)
    return index


def find_places(text: str) -> list[PlaceMention]:
    """Every gazetteer name in `text` starting with a capital letter, longest match first."""
    index, longest_from = place_index(), _longest_name_from()
    tokens = list(words(text))
    # A name never runs across a line break or a sentence end.
    breaks = [match.start() for match in _NAME_BREAK.finditer(text)]
    mentions: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        most = longest_from.get(fold(first.group())) if first.group()[0].isupper() else None
        if most is None:
            i += 1
            continue
        at = bisect_right(breaks, first.start())
        boundary = breaks[at] if at < len(breaks) else len(text)
        for length in range(min(most, len(tokens) - i), 0, -1):
            last = tokens[i + length - 1]
            if length > 1 and last.end() > boundary:
                continue
            key = " ".join(fold(token.group()) for token in tokens[i : i + length])
            place = index.get(key)
            if place is not None:
                mentions.append(PlaceMention(first.start(), last.end(), place))
                i += length
                break
        else:
            i += 1
    return mentions


_NAME_BREAK = re.compile(r"[\n.;:]")


@lru_cache(maxsize=1)
def _longest_name_from() -> dict[str, int]:
    """Folded first word -> the most words of a gazetteer name it opens (a quick first test)."""
    longest: dict[str, int] = {}
    for key in place_index():
        first, *rest = key.split(" ")
        longest[first] = max(longest.get(first, 0), min(len(rest) + 1, _MAX_NAME_WORDS))
    return longest
