"""The figure extractor: every statistical quantity a text states, with value, unit and context."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ingest.model import DateMention, Figure, Qualifier
from nlp import currencies, units
from nlp import figure_patterns as patterns
from nlp.figure_context import counted_after, label_before, qualifier_before, rate_after
from nlp.figure_joins import Joined, join
from nlp.number_spans import Number, find_numbers, is_signed
from nlp.numbers import parse_digits
from nlp.phrase_figures import phrase_figures
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
    if not joined.figure or _only_defines_a_population(text, number, joined):
        return None, end
    measure = _measure(text, joined, countries, language)
    if measure is None:
        return None, end
    start, end, unit, value = measure
    if (
        unit == "year"
        and joined.value_min is not None
        and patterns.AGE_BAND_ARTICLE.search(text[max(0, start - 20) : start])
    ):
        return None, end  # "les 6 à 12 ans", "dai 46 ai 60 anni" name an age group
    if unit == "count" and not (
        _is_count(text, number, joined) and _not_listed(text, numbers, index)
    ):
        return None, end
    if _is_article(text, number, joined):
        return None, end  # "un jour", "une semaine", "one euro more": articles before a unit
    if value == 1 and _ONCE.match(text, number.end):
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
    per, covered = rate_after(text, end)
    if per is None and about_end:
        per, covered = rate_after(text, about_end)
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
            qualifier=_qualifier(text, start, end, number),
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


def _only_defines_a_population(text: str, number: Number, joined: Joined) -> bool:
    """Age bands and thresholds ("aged 35-44", "the 25-34 age group", "below the age of 20")."""
    before = text[max(0, joined.start - 40) : joined.start]
    if joined.value_min is not None:
        return bool(
            patterns.AGE_BAND_BEFORE.search(before)
            or patterns.AGE_BAND_AFTER.match(text, joined.end)
        )
    if not patterns.AGE_OF_BEFORE.search(before):
        return False
    return not units.DURATION_CUES.search(_CLAUSE_BREAK.split(before)[-1])


def _counted(
    text: str, joined: Joined, end: int, following: Number | None
) -> tuple[str | None, int]:
    """What the figure counts, and where those words end; they stop short of the next number
    ("300 trois mois plus tard" counts nothing)."""
    about, about_end = counted_after(text, joined.counted_from or end)
    if about and following is not None and about_end > following.start:
        return None, 0
    return about, 0 if joined.counted_from else about_end


def _qualifier(text: str, start: int, end: int, number: Number) -> Qualifier | None:
    qualifier = qualifier_before(text[max(0, start - 40) : start])
    if qualifier is None:
        for pattern, bound in patterns.QUALIFIER_AFTER:
            if pattern.match(text, end):
                return bound
    return qualifier or ("approx" if number.approx else None)


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
_LISTED_AFTER = re.compile(
    r"(?:\d+[a-z]?\s*(?:,|;|/|et|and|e|ou|or|o|à|to|-|–)\s*)+$", re.IGNORECASE
)
_HECTARES_READ = re.compile(r"\s*(?:$|[^\w\s]|di\b|d'|\d)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:.()\n]")
_DIGIT = re.compile(r"\d")
_CLOCK_AFTER = re.compile(r"[:h]\d")
_LIST_MARK_AFTER = re.compile(r"[.)]\s")
_ONCE = re.compile(r"\s(?:fois|volta|time)\b", re.IGNORECASE)
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
        clause = _CLAUSE_BREAK.split(text[max(0, start - 40) : start])[-1]
        if patterns.TIME_WINDOW.search(clause) or patterns.TIME_WINDOW_AFTER.match(
            text, match.end()
        ):
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


def _is_count(text: str, number: Number, joined: Joined) -> bool:
    """Whether a bare number counts something rather than naming, ranking or referring."""
    before = text[max(0, number.start - 30) : number.start]
    if patterns.CODE_BEFORE.search(before) or patterns.CLOCK_BEFORE.search(before):
        return False
    if not joined.joined:
        if patterns.TIME_WINDOW_FOLLOWS.match(text, number.end):
            return False  # "au cours des 12 derniers mois"
        if (
            _is_power_of_ten(number.value)
            and patterns.RATE_BASE_BEFORE.search(before)
            and patterns.POPULATION_AFTER.match(text, number.end)
        ):
            return False  # "pour 100 000 habitants" is the base of a rate, not "pour 188 personnes"
    after = text[number.end : number.end + 3]
    if _CLOCK_AFTER.match(after):
        return False  # times of day "14h30"
    if after.startswith(")") and not _closes_a_bracket(text, number):
        return False
    if number.word and patterns.REFERS_BACK.search(before) and not joined.joined:
        return False  # "les deux provinces" points back at something already counted
    # Numbered list items ("1. ", "2) ") open a line and count nothing. Only the spaces before
    # the number are read, not the whole line (a text may be one line of megabytes).
    previous = number.start - 1
    while previous >= 0 and text[previous] in " \t":
        previous -= 1
    opens_line = previous < 0 or text[previous] == "\n"
    return not opens_line or not _LIST_MARK_AFTER.match(after)


def _is_article(text: str, number: Number, joined: Joined) -> bool:
    """ "un", "one", "una" are mostly articles. "un seul", "non più di un bicchiere" count one,
    while "plus d'une drogue" and "au moins un trouble" name a kind of case."""
    if not number.word or number.value != 1 or joined.joined:
        return False
    before = text[max(0, number.start - 30) : number.start]
    return not (
        patterns.SINGLE_CUES.search(before)
        or patterns.SINGLE_AFTER.match(text, number.end)
        or qualifier_before(before) == "up_to"
    )


def _closes_a_bracket(text: str, number: Number) -> bool:
    """Whether the ")" after a number closes a bracket of the sentence: "(quando erano 678)", or
    "70 % (153)" and "les 31 à 45 ans (24)", a count beside another number; not "1)", a list
    marker, nor "Comment (0)", a page's counter."""
    window = max(0, number.start - 200)  # a bracket of a sentence opens within it
    newline = text.rfind("\n", window, number.start)
    line = text[newline + 1 if newline != -1 else window : number.start]
    opened = line.rfind("(")
    if opened == -1 or ")" in line[opened:]:
        return False
    if line[opened + 1 :].strip():
        return True  # words inside the bracket before the number
    return bool(_DIGIT.search(line, max(0, opened - 60), opened))


def _not_listed(text: str, numbers: list[Number], index: int) -> bool:
    """False for a number that goes on a list of codes: "les décisions nos 14, 15 et 16". The
    list is of numbers found (a date before it, "au 1er trimestre 2016, 63 élèves", is none)."""
    number = numbers[index]
    if index == 0 or numbers[index - 1].end < number.start - 30:
        return True  # no number close before it: no list
    listed = _LISTED_AFTER.search(text, max(0, number.start - 30), number.start)
    if not listed or numbers[index - 1].end <= listed.start():
        return True
    return not patterns.CODE_BEFORE.search(text, max(0, listed.start() - 30), listed.start())


def _is_power_of_ten(value: float) -> bool:
    return value >= 100 and math.isclose(math.log10(value), round(math.log10(value)))
