"""Month names of French, Italian and English, full and abbreviated, and when a word is one."""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

from nlp.text import fold

# Twelve slots per language, spelling variants joined by "|".
MONTH_NAMES = {
    "fr": "janvier février|fevrier mars avril mai juin juillet août|aout septembre octobre "
    "novembre décembre|decembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
    "en": "january february march april may june july august september october november december",
}
_ABBREVIATIONS = {
    "fr": "janv févr|fevr|fév|fev - avr - - juil - sept oct nov déc|dec",
    "it": "gen|genn feb|febb mar apr mag|magg giu lug ago set|sett ott nov dic",
    "en": "jan feb mar apr - jun jul aug sep|sept oct nov dec",
}
# Full names that are also ordinary words in another of the three languages.
_CROSS_AMBIGUOUS = frozenset({"mai", "mars", "may", "march"})


class _Month(NamedTuple):
    number: int
    languages: frozenset[str]
    abbreviation: bool


def _month_table() -> tuple[dict[str, _Month], str]:
    table: dict[str, _Month] = {}
    spellings: dict[str, bool] = {}
    for abbreviation, names in ((False, MONTH_NAMES), (True, _ABBREVIATIONS)):
        for language, months in names.items():
            for number, variants in enumerate(months.split(), start=1):
                for variant in filter(lambda v: v != "-", variants.split("|")):
                    # No spelling is both a full name and an abbreviation; "nov" is in all three.
                    old = table.get(fold(variant))
                    languages = frozenset({language}) | (old.languages if old else frozenset())
                    table[fold(variant)] = _Month(number, languages, abbreviation)
                    spellings[variant] = abbreviation
    return table, _trie(spellings) + r"(?!\w)"


def _trie(spellings: dict[str, bool]) -> str:
    """One branch per shared prefix: a flat list of ~80 names is slow to reject at each position."""
    root: dict[str, Any] = {}
    for spelling, abbreviation in spellings.items():
        node = root
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = abbreviation

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        if "" in node:
            branches.append(r"\.?" if node[""] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


# Every spelling as one regex (abbreviations with an optional full stop), and what each names.
_MONTHS, MONTH = _month_table()


@functools.lru_cache(maxsize=1024)
def month_number(
    token: str, language: str | None, day: bool, year: bool, month_first: bool
) -> int | None:
    """The number of the month `token` names in a text of `language`, or None where it names
    none: `day` and `year` say whether a day and a year stand with it, `month_first` whether it
    comes before its day, as only English writes; doubtful words ("set", "mar", "may") need them."""
    key = fold(token)
    info = _MONTHS.get(key)
    if info is None or (key in {"may", "march"} and token[0].islower()):
        return None
    if month_first and ("en" not in info.languages or language not in (None, "en")):
        return None
    foreign = language is not None and language not in info.languages
    if foreign and (info.abbreviation or key in _CROSS_AMBIGUOUS):
        return None
    # "set", "ago", "mar" are words too; unmarked abbreviations need a full date around them.
    if info.abbreviation and not (token.endswith(".") or token[0].isupper() or (day and year)):
        return None
    return info.number


def month_numbers(language: str) -> dict[str, int]:
    """Each spelling of a full month name in `language` (lowercase) and its number."""
    return {
        variant: number
        for number, variants in enumerate(MONTH_NAMES[language].split(), start=1)
        for variant in variants.split("|")
    }
