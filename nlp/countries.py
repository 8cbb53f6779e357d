"""Which countries a document refers to, and which it is about: places, names and demonyms."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from nlp.places import PlaceMention

# A country is "about" when its references reach this share of the most referred-to country's.
_ABOUT_SHARE = 1 / 3
# A mention in the title weighs as much as this many in the body.
_TITLE_WEIGHT = 3


@lru_cache(maxsize=4)
def demonym_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A regex matching the nationality adjectives of `language`, and form -> country."""
    path = Path(__file__).parent / "data" / "demonyms.json"
    if not path.exists():
        return None
    table = json.loads(path.read_text(encoding="utf-8"))
    forms: dict[str, str] = {}
    for code, by_language in table.items():
        if code.startswith("_"):
            continue
        for form in by_language.get(language, []):
            forms[form.lower()] = code
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), forms


def count_references(
    text: str, language: str | None, places: Sequence[PlaceMention]
) -> Counter[str]:
    """Every reference to a country: its name, its places, its nationality adjectives."""
    counts: Counter[str] = Counter()
    for mention in places:
        if len(mention.place.countries) == 1:
            counts[next(iter(mention.place.countries))] += 1
    for code in [language] if language in ("fr", "it", "en") else []:
        compiled = demonym_pattern(code)
        if compiled is None:
            continue
        pattern, forms = compiled
        taken = [(m.start, m.end) for m in places]
        for match in pattern.finditer(text):
            # "Svizzera" and "Arabie saoudite" are names already counted, not adjectives.
            if not any(s < match.end() and match.start() < e for s, e in taken):
                counts[forms[match.group().lower()]] += 1
    return counts


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
