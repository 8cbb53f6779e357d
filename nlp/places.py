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
from nlp.world_places import continent_names, county_names, town_names

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
    "US": ("US", "USA", "U.S.", "U.S.A.", "Etats-Unis", "America", "Stati Uniti d'America"),
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

# Words of the three languages that are also the name of some town of the world list; such a
# town is too small to be meant by a capitalised "Come" or "Police" opening a sentence.
_FUNCTION_WORDS = frozenset(
    "along cela celle cento come dire durant esse faro hanno male mila mine most much same seul "
    "siano solo than vari police sale mobile reading split orange tours marine bath deal "
    "nice union lens mons bondy aide parte porto sera case casa data dove anni mode".split()
)


@dataclass(frozen=True)
class Place:
    """A place name: the countries it implies, and whether it names a country itself."""

    name: str
    countries: frozenset[str]
    is_country: bool
    # Known only from the world list of towns: weak evidence, so entities guard it by context.
    town: bool = False


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


def country_names() -> Iterable[tuple[str, str]]:
    """(ISO code, name) for every name of every country: babel's in French, Italian and
    English, pycountry's, and the ones readers use (nlp.country_names resolves filters by them)."""
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
    for code, name in country_names():
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
    for name in continent_names():
        index.setdefault(fold(name), Place(name=name, countries=frozenset(), is_country=False))
    for code, name in county_names():
        index.setdefault(
            fold(name), Place(name=name, countries=frozenset({code}), is_country=False)
        )
    _add_towns(index)
    return index


def _add_towns(index: dict[str, Place]) -> None:
    """World towns the hand lists lack; a name several towns share implies each country whose
    town is at least a quarter as large as the largest ("Florence" is Italy's, not Alabama's)."""
    largest: dict[str, dict[str, int]] = {}
    for code, name, population in town_names():
        key = fold(name)
        if key in index or key in _COMMON_WORDS or key in _FUNCTION_WORDS or len(key) < 4:
            continue
        by_country = largest.setdefault(key, {})
        by_country[code] = max(by_country.get(code, 0), population)
        if len(by_country) == 1:
            index[key] = Place(name=name, countries=frozenset({code}), is_country=False, town=True)
    for key, by_country in largest.items():
        if len(by_country) > 1:
            top = max(by_country.values())
            kept = frozenset(c for c, people in by_country.items() if 4 * people >= top)
            index[key] = Place(index[key].name, kept, is_country=False, town=True)


def find_places(text: str) -> list[PlaceMention]:
    """Every gazetteer name in `text` starting with a capital letter, longest match first.

    A hit is grown to the whole name it is part of ("Colombie-Britannique", "Nakuru County",
    "Europa orientale"); a name grown past the gazetteer's implies no country of its own."""
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
            if place is not None and _written_as_place(text, tokens[i : i + length], place):
                end = last.end()
                if length > 1 and len(last.group()) == 1 and text.startswith(".", end):
                    end += 1  # the initials' last dot: "U.S."
                mention = _grown(text, PlaceMention(first.start(), end, place))
                if mentions and mentions[-1].end > mention.start:  # "Canton" + "Ticino"
                    mentions.pop()
                mentions.append(mention)
                while i < len(tokens) and tokens[i].start() < mention.end:
                    i += 1
                break
        else:
            i += 1
    return mentions


def _written_as_place(text: str, tokens: list[re.Match[str]], place: Place) -> bool:
    """Whether the words are written as the place's name is.

    "US$" is a currency and "Us" a pronoun: two-letter names stand in capitals, alone. Words
    the name capitalises are capitalised in the text: "Ohio county" is the state, not "Ohio
    County"."""
    start, end = tokens[0].start(), tokens[-1].end()
    if text.startswith("$", end):
        return False
    if len(tokens) == 1:
        return len(place.name) > 3 or text[start:end].isupper()
    spelt = [word.group() for word in words(place.name)]
    return len(spelt) != len(tokens) or all(
        token.group()[0].isupper() or not word[0].isupper()
        for token, word in zip(tokens, spelt, strict=True)
    )


# Words that make a longer name of a place: "Nakuru County", "Kano State", "Co Louth".
_ADMIN_AFTER = re.compile(
    r"[ \t]+(?:County|State|District|Division|Sadar|Upazila|Parish|Municipality|"
    r"City Corporation|Governorate|Oblast|Province|Region|Valley)\b(?![ \t]+[A-Z])"
)
_ADMIN_BEFORE = re.compile(r"(?<![\w.])(?:Co\.?|County|Canton)[ \t]+$")
# Hyphenated names that hold a gazetteer name: "Colombie-Britannique", "Tanger-Med".
_HYPHEN_BEFORE = re.compile(r"(?<![\w'’-])(?:[A-ZÀ-Ý][\w'’]*-)+$")
_HYPHEN_AFTER = re.compile(r"(?:-[A-ZÀ-Ý][\w'’]*)+")
# The part of a continent or of a compound name a text means: "Asie du Sud-Est", "Europa
# orientale", "Nouvelle-Galles du Sud", "Eastern Europe".
_POINT_AFTER = re.compile(
    r"[ \t]+(?:(?:du|del|de l['’]|dell['’])[ \t]*(?:Sud|Nord|Est|Ouest|Ovest)"
    r"(?:-(?:Est|Ouest|Ovest))?"
    r"|[Oo]rientale|[Oo]ccidentale|[Cc]entrale|[Mm]eridionale|[Ss]ettentrionale|"
    r"[Ss]ubsahariana|[Ss]ubsaharienne)\b"
)
_POINT_BEFORE = re.compile(
    r"(?<![\w-])(?:North|South|East|West|Eastern|Western|Central|Northern|Southern|"
    r"South-East|Southeast|Sub-Saharan)[ \t]+$"
)


def _grown(text: str, mention: PlaceMention) -> PlaceMention:
    """The mention widened to the whole name around it, with the place that name is."""
    start, end, place = mention.start, mention.end, mention.place
    compound = False
    if before := _HYPHEN_BEFORE.search(text, max(0, start - 40), start):
        start, compound = before.start(), True
    if after := _HYPHEN_AFTER.match(text, end):
        end, compound = after.end(), True
    if compound or (place.countries == frozenset() and not place.is_country):
        if point := _POINT_AFTER.match(text, end):
            end = point.end()
        elif not compound and (point := _POINT_BEFORE.search(text, max(0, start - 20), start)):
            start = point.start()
    if after := _ADMIN_AFTER.match(text, end):
        end = after.end()
    if before := _ADMIN_BEFORE.search(text, max(0, start - 10), start):
        start = before.start()
    if (start, end) == (mention.start, mention.end):
        return mention
    known = place_index().get(fold(text[start:end]))
    if known is not None:
        place = known
    elif compound and place.is_country:  # "Colombie-Britannique" is not in Colombia
        place = Place(text[start:end], frozenset(), is_country=False)
    return PlaceMention(start, end, place)


# A dot after a lone capital is an initial's ("U.S."), not a sentence end.
_NAME_BREAK = re.compile(r"[\n;:]|(?<!\b[A-Z])\.")


@lru_cache(maxsize=1)
def _longest_name_from() -> dict[str, int]:
    """Folded first word -> the most words of a gazetteer name it opens (a quick first test)."""
    longest: dict[str, int] = {}
    for key in place_index():
        first, *rest = key.split(" ")
        longest[first] = max(longest.get(first, 0), min(len(rest) + 1, _MAX_NAME_WORDS))
    return longest
