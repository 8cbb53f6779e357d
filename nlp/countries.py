"""Which countries a document refers to, and which it is about: places, names and demonyms."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from nlp.places import PlaceMention

# A country is "about" when its references reach this share of the most referred-to country's.
_ABOUT_SHARE = 1 / 3
# A mention in the title weighs as much as this many in the body.
_TITLE_WEIGHT = 3


@lru_cache(maxsize=4)
def demonym_forms(language: str) -> dict[str, str]:
    """The nationality adjectives of `language`, lowercased, each with its country."""
    path = Path(__file__).parent / "data" / "demonyms.json"
    if not path.exists():
        return {}
    table = json.loads(path.read_text(encoding="utf-8"))
    forms: dict[str, str] = {}
    for code, by_language in table.items():
        if code.startswith("_"):
            continue
        for form in by_language.get(language, []):
            forms[form.lower()] = code
    return forms


# A demonym stands between characters that are neither word characters nor hyphens, so
# "franco-italien" names no country but "l'italien" does.
_TOKEN = re.compile(r"[\w-]+")


def demonyms(
    text: str, forms: dict[str, str], openers: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, country) of each nationality adjective; two-word forms first.

    A dictionary look-up per word: a regex alternation of a thousand forms was the slowest
    step of country resolution. Two words are joined only after one of `openers`, the words
    that open a two-word form: building every pair was most of the remaining time.
    """
    resume = 0
    for token in _TOKEN.finditer(text):
        start, end = token.span()
        if start < resume:
            continue  # the second word of a pair already given
        word = token.group().lower()
        if word in openers and text.startswith(" ", end):
            following = _TOKEN.match(text, end + 1)
            pair = f"{word} {following.group().lower()}" if following else ""
            if following and pair in forms:
                yield start, following.end(), forms[pair]
                resume = following.end()
                continue
        if word in forms:
            yield start, end, forms[word]


@lru_cache(maxsize=4)
def pair_openers(language: str) -> frozenset[str]:
    """The first words of `language`'s two-word nationality adjectives."""
    return frozenset(form.split(" ", 1)[0] for form in demonym_forms(language) if " " in form)


def count_references(
    text: str,
    language: str | None,
    places: Sequence[PlaceMention],
    labels: Sequence[tuple[int, int]] = (),
) -> Counter[str]:
    """Every reference to a country: its name, its places, its nationality adjectives.

    A place name several countries share counts for the one among them where the text's
    language is spoken officially, if only one ("Bari" in Italian is Italy's, not Somalia's).
    A nationality adjective inside a concept's label (`labels`: "chanvre indien", a drug) names
    no country. A town known only from the world list names none either: its name is often
    another country's town too ("St Thomas")."""
    counts: Counter[str] = Counter()
    for mention in places:
        if mention.place.town:
            continue
        countries = mention.place.countries
        if len(countries) > 1 and language:
            countries = frozenset(c for c in countries if language in _official_languages(c))
        if len(countries) == 1:
            counts[next(iter(countries))] += 1
    forms = demonym_forms(language) if language in ("fr", "it", "en") else {}
    if not forms:
        return counts
    taken = [(m.start, m.end) for m in places] + list(labels)
    for start, end, country in demonyms(text, forms, pair_openers(str(language))):
        # "Svizzera" and "Arabie saoudite" are names already counted, not adjectives.
        if not any(s < end and start < e for s, e in taken):
            counts[country] += 1
    return counts


@lru_cache(maxsize=512)
def _official_languages(country: str) -> tuple[str, ...]:
    from babel.languages import get_official_languages

    return tuple(get_official_languages(country))


def countries_about(
    mentioned: Counter[str], title_mentioned: Counter[str] | None = None
) -> list[str]:
    """The countries a document is about: the most referred-to ones, the title weighing more."""
    weight = Counter(mentioned)
    for code, count in (title_mentioned or Counter()).items():
        weight[code] += _TITLE_WEIGHT * count
    if not weight:
        return []
    top = max(weight.values())
    return sorted(
        (code for code, value in weight.items() if value >= _ABOUT_SHARE * top),
        key=lambda code: (-weight[code], code),
    )
