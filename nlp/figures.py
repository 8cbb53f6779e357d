"""The figure extractor: every statistical quantity a text states, with value, unit and context."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import DateMention, Figure
from nlp import currencies, units
from nlp.about import counted_after, label_before
from nlp.figure_joins import Joined, join
from nlp.non_figures import (
    CLAUSE_BREAK,
    counts_something,
    defines_a_population,
    is_article,
    is_once,
    is_time_window,
    names_an_age_group,
)
from nlp.number_spans import Number, find_numbers, is_signed
from nlp.numbers import parse_digits
from nlp.phrase_figures import phrase_figures
from nlp.qualifiers import figure_qualifier
from nlp.text_zones import not_figure_zones


def find_figures(
    text: str,
    language: str | None,
    dates: Sequence[DateMention] = (),
    countries: Sequence[str] = (),
) -> list[Figure]:
    """Every figure in `text`; `dates` keep dates out, `countries` resolve "$"."""
    blocked = [(d.start, d.end) for d in dates] + not_figure_zones(text)
    # Word fractions and multipliers first: "deux tiers" is two thirds, not two of something.
    phrases = phrase_figures(text, blocked)
    numbers = find_numbers(text, language, blocked + [(f.start, f.end) for f in phrases])
    figures: list[Figure] = list(phrases)
    covered = 0  # numbers before this offset belong to a figure already made
    for i, number in enumerate(numbers):
        if number.start < covered:
            continue
        figure, covered = _figure_at(text, numbers, i, language, countries)
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return figures


def _figure_at(
    text: str, numbers: list[Number], index: int, language: str | None, countries: Sequence[str]
) -> tuple[Figure | None, int]:
    """The figure that starts with `numbers[index]` (maybe joined with others), and its end."""
    number = numbers[index]
    joined = join(text, numbers, index, language)
    end = joined.end
    if not joined.figure or defines_a_population(text, joined):
        return None, end
    measure = _measure(text, joined, countries, language)
    if measure is None:
        return None, end
    start, end, unit, value = measure
    if unit == "year" and joined.value_min is not None and names_an_age_group(text, start):
        return None, end  # "les 6 à 12 ans", "dai 46 ai 60 anni" name an age group
    if unit == "count" and not counts_something(text, numbers, index, joined):
        return None, end
    if is_article(text, number, joined):
        return None, end  # "un jour", "une semaine", "one euro more": articles before a unit
    if is_once(text, number.end, value):
        return None, end  # "une fois", "una volta", "one time": once, an adverb
    if unit in units.TO_KG and (compound := _COMPOUND_MASS.match(text, end)):
        # "13 tonnes et 750 kilogrammes": one figure, in the smaller unit.
        smaller = units.PHYSICAL_UNITS[compound.group(2).lower()][0]
        if smaller in units.TO_KG and units.TO_KG[smaller] < units.TO_KG[unit]:
            extra = parse_digits(compound.group(1), None) or 0.0
            value = (value or 0.0) * units.TO_KG[unit] / units.TO_KG[smaller] + extra
            unit, end = smaller, compound.end()
    if unit == "count" and joined.proportion:
        unit = "fraction"
    following = _next_number(numbers, index, end)
    about, about_end = _counted(text, joined, end, following)
    per, covered = units.rate_after(text, end)
    if per is None and about_end:
        per, covered = units.rate_after(text, about_end)
    span_end = about_end if unit == "count" and about_end and joined.counted_from is None else end
    return (
        Figure(
            text=text[start:span_end],
            start=start,
            end=span_end,
            value=value,
            value_min=joined.value_min,
            value_max=joined.value_max,
            of=joined.of,
            unit=unit,
            per=per,
            qualifier=figure_qualifier(text, start, end, number.approx),
            about=about or label_before(text, start),
        ),
        max(covered, span_end),
    )


def _next_number(numbers: list[Number], index: int, end: int) -> Number | None:
    """The first number after `index` that starts at or after `end` (no copy of the list)."""
    for later in range(index + 1, len(numbers)):
        if numbers[later].start >= end:
            return numbers[later]
    return None


def _counted(
    text: str, joined: Joined, end: int, following: Number | None
) -> tuple[str | None, int]:
    """What the figure counts, and where those words end; they stop short of the next number
    ("300 trois mois plus tard" counts nothing)."""
    about, about_end = counted_after(text, joined.counted_from or end)
    if about and following is not None and about_end > following.start:
        return None, 0
    return about, 0 if joined.counted_from else about_end


_COMPOUND_MASS = re.compile(
    r"\s+(?:et|e|and)\s+(\d+(?:[.,]\d+)?)\s?("
    + "|".join(sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_PHYSICAL_AFTER = re.compile(
    r"\s?(?:(?:de|di|of)\s|d')?("
    + "|".join(re.escape(w) for w in sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")(?![\w²'’])",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(
    rf"\s?(?:{units.PERCENT_POINTS}|%|{units.PERCENT}(?!\w))", re.IGNORECASE
)
_TIMES_AFTER = re.compile(rf"\s?{units.TIMES_WORDS}\b", re.I)
_DURATION_AFTER = re.compile(
    r"\s(" + "|".join(sorted(units.DURATION_UNITS, key=len, reverse=True)) + r")\b", re.I
)
_OF_SOMETHING = re.compile(r"\s+(?:of|de|di)\s+[^\W\d]|\s+d'[^\W\d]", re.IGNORECASE)
_HECTARES_READ = re.compile(r"\s*(?:$|[^\w\s]|di\b|d'|\d)", re.IGNORECASE)
_AND_A_HALF_AFTER = re.compile(r"\s+(?:et\s+demie?|e\s+mezz[oa])\b", re.IGNORECASE)


def _measure(
    text: str, joined: Joined, countries: Sequence[str], language: str | None
) -> tuple[int, int, str, float | None] | None:
    """(span start, span end, unit, value) of the quantity around a joined number, or None if
    it is no figure."""
    start, end, value = joined.start, joined.end, joined.value
    if money := currencies.symbol_before(text, joined.anchor):
        code = currencies.resolve(money, countries)
        if code is not None:
            tail = currencies.money_after(text, end)
            start = min(start, money.start)
            if value is not None and is_signed(text, start):  # "-£2.4 million"
                start, value = start - 1, -value if text[start - 1] != "+" else value
            return start, tail.end if tail else end, code, value
    if match := _PERCENT_AFTER.match(text, end):
        return start, match.end(), "percent", value
    if (money := currencies.money_after(text, end)) is not None:
        # "1 048 pounds of ganja", "627 livres de marijuana" weigh; so do pounds wherever the
        # document's country does not pay in them.
        weighed = currencies.is_weight_word(money.token)
        if weighed and _OF_SOMETHING.match(text, money.end):
            return start, money.end, "lb", value
        if (code := currencies.resolve(money, countries)) is not None:
            return start, money.end, code, value
        if weighed:
            return start, money.end, "lb", value
    if match := _TIMES_AFTER.match(text, end):
        return start, match.end(), "times", value
    if (match := _PHYSICAL_AFTER.match(text, end)) and not _is_verb(match, text, language):
        unit = units.PHYSICAL_UNITS[match.group(1).lower()][0]
        span_end, value = _and_a_half(text, match.end(), value)
        return start, span_end, unit, value
    if match := _DURATION_AFTER.match(text, end):
        unit = units.DURATION_UNITS[match.group(1).lower()]
        clause = CLAUSE_BREAK.split(text[max(0, start - 40) : start])[-1]
        if is_time_window(clause, text, match.end()):
            return None  # "au cours des dix dernières années", "three years ago"
        span_end, value = _and_a_half(text, match.end(), value)
        # Short durations are policy parameters ("14 jours", "72 ore"); years and months only
        # with a cue, or as a measured mean ("45,5 anni"), since alone they are mostly ages
        # and periods ("moins de 35 ans").
        measured = value is not None and value != int(value)
        is_range = joined.value_min is not None
        if unit in ("year", "month") and not (
            is_range or measured or units.DURATION_CUES.search(clause)
        ):
            return None
        return start, span_end, unit, value
    return start, end, "count", value


def _is_verb(unit: re.Match[str], text: str, language: str | None) -> bool:
    """Italian "ha" is "has" unless hectares read so: "uno su cinque ha meno di 25 anni" but
    "500 ha di coltivazioni", "500 ha."."""
    if language != "it" or unit.group(1).lower() != "ha":
        return False
    return not _HECTARES_READ.match(text, unit.end())


def _and_a_half(text: str, end: int, value: float | None) -> tuple[int, float | None]:
    """ "deux ans et demi", "due anni e mezzo": the half after the unit belongs to the number."""
    if value is not None and (half := _AND_A_HALF_AFTER.match(text, end)):
        return half.end(), value + 0.5
    return end, value
