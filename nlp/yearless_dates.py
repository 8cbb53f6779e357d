"""Dates written without a year ("en mars", "da marzo a giugno", "14 septembre") and the year
each takes from its sentence or from the publication date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.model import DateMention
from nlp.months import MONTH_NAMES, month_numbers

# Words that make a lone month name a date: "en mars", "nel mese di giugno", "by the end of May".
_CUES = {
    "fr": r"en|au\s+mois\s+d[e']|mois\s+d[e']|depuis|dès|jusqu'en|fin|début|mi-|courant",
    "it": r"a|ad|in|nel\s+mese\s+di|mese\s+di|da|dal|fino\s+a|entro|fine|inizio|metà",
    "en": r"in|since|by|until|from|through|(?:the\s+)?(?:end|beginning|middle)\s+of|early|"
    r"late|mid-",
}
# "en novembre dernier", "last April", "a giugno scorso": relative to the writer, no date.
_RELATIVE = r"(?:dernier|dernière|prochain|prochaine|passé|scorso|scorsa|prossimo|prossima)\b"
# Openers and connectors of a period of two months, each language's own.
_PAIR_OPENERS = {"fr": r"entre|de|du|en", "it": r"tra|fra|da|dal|a|in", "en": r"between|from|in"}
_PAIR_CONNECTORS = {"fr": r"et|à|au", "it": r"e|a|al", "en": r"and|to|through|until"}
# A date with no year belongs to the publication year unless it would lie this far past it.
_HORIZON = dt.timedelta(days=61)
_MISSING = re.compile(r"XXXX-(\d{2})(?:-(\d{2}))?")


@lru_cache(maxsize=4)
def _bare_month_pattern(language: str) -> re.Pattern[str]:
    names = month_numbers(language)
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    # English month names are capitalised: "may" and "march" are words.
    flags = 0 if language == "en" else re.IGNORECASE
    month = alternatives if language != "en" else "|".join(n.title() for n in names)
    if language == "en":
        # "last April", "next May": relative to the writer.
        month = rf"(?<!last )(?<!next )(?<!this )(?:{month})"
    return re.compile(
        rf"(?i:\b(?:{_CUES[language]}))\s*(?P<month>{month})\b(?!\s*\d)(?!\s+(?:de|di|of)\s+\d)"
        rf"(?!(?i:\s+{_RELATIVE}))",
        flags,
    )


@lru_cache(maxsize=4)
def _month_pair_pattern(language: str) -> re.Pattern[str]:
    names = "|".join(sorted(month_numbers(language), key=len, reverse=True))
    return re.compile(
        rf"\b(?P<open>{_PAIR_OPENERS[language]})\s+(?P<first>{names})\s+(?P<conn>"
        rf"{_PAIR_CONNECTORS[language]})\s+(?P<second>{names})\b(?!\s*\d)(?!\s+(?:de|di|of)\s+\d)",
        re.IGNORECASE,
    )


def month_pairs(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """Two month names with no year as one period: "entre janvier et novembre", "in January and
    February", "da marzo a giugno" = XXXX-01/XXXX-11 until a year in reach fills it."""
    if language not in MONTH_NAMES:
        return []
    numbers = month_numbers(language)
    found = []
    for match in _month_pair_pattern(language).finditer(text):
        first, second = numbers[match["first"].lower()], numbers[match["second"].lower()]
        if first < second:
            # "in January and February": "in" is the sentence's; "entre ... et" the period's.
            opener_is_cue = match["open"].lower() in ("in", "en", "a", "nel")
            start = match.start("first") if opener_is_cue else match.start()
            found.append((start, match.end(), f"XXXX-{first:02d}/XXXX-{second:02d}"))
    return found


def bare_months(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """Month names standing alone after a cue ("en mars"), valued XXXX-MM for now."""
    if language not in MONTH_NAMES:
        return []
    numbers = month_numbers(language)
    found = []
    for match in _bare_month_pattern(language).finditer(text):
        number = numbers[match["month"].lower()]
        found.append((match.start("month"), match.end("month"), f"XXXX-{number:02d}"))
    return found


def resolve_missing_years(
    text: str, mentions: list[DateMention], published: dt.date | None
) -> list[DateMention]:
    """Fill XXXX from the year in reach (an earlier date in the same sentence), else from
    the publication date (its year, or the year before when that lands over two months after
    it); what neither resolves stays XXXX."""
    explicit = [(m.start, m.value[:4]) for m in mentions if m.value[:4].isdigit()]
    resolved = []
    for mention in mentions:
        if "XXXX" not in mention.value:
            resolved.append(mention)
            continue
        sentence = max(text.rfind(mark, 0, mention.start) for mark in (". ", "\n", "; ")) + 1
        in_reach = [year for position, year in explicit if sentence <= position < mention.start]

        def fill(
            match: re.Match[str], reach: str | None = in_reach[-1] if in_reach else None
        ) -> str:
            month, day = int(match[1]), int(match[2] or 1)
            year = reach or _publication_year(month, day, published)
            return match[0] if year is None else match[0].replace("XXXX", year)

        resolved.append(mention.model_copy(update={"value": _MISSING.sub(fill, mention.value)}))
    return resolved


def _publication_year(month: int, day: int, published: dt.date | None) -> str | None:
    if published is None or not dt.MINYEAR < published.year < dt.MAXYEAR:
        return None
    for year in (published.year, published.year - 1):
        try:
            if dt.date(year, month, day) <= published + _HORIZON:
                return f"{year:04d}"  # four digits, like every other date value
        except ValueError:
            continue  # 29 February in a common year
    return None
