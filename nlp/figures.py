"""The figure extractor: every statistical quantity a text states, with value, unit and context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import DateMention, Figure
from nlp import figure_patterns as patterns
from nlp import units
from nlp.figure_context import counted_after, label_before, qualifier_before, rate_after
from nlp.numbers import DIGITS, SCALE_WORDS, SCALES, parse_digits, parse_words, word_number_pattern

_DIGITS = re.compile(DIGITS)
_SCALE_AFTER = re.compile(rf"^(\s?)({SCALE_WORDS})(?![\w])(\s+(?:de|d'|di|of)\s?)?", re.IGNORECASE)
_ATTACHED_ONLY_SCALES = {"m", "k", "md"}  # "£3.2m" is millions, "3 m" is metres


@dataclass
class _Number:
    start: int
    end: int
    value: float
    word: bool
    scale: float = 1.0


def find_figures(
    text: str,
    language: str | None,
    dates: Sequence[DateMention] = (),
    countries: Sequence[str] = (),
) -> list[Figure]:
    """Every figure in `text`; `dates` keep dates out, `countries` resolve "$"."""
    blocked = [(d.start, d.end) for d in dates]
    # Word fractions and multipliers first: "deux tiers" is two thirds, not two of something.
    phrases = _phrase_figures(text, blocked)
    numbers = _numbers(text, language, blocked + [(f.start, f.end) for f in phrases])
    figures: list[Figure] = list(phrases)
    covered = 0  # numbers before this offset belong to a figure already made
    for i, number in enumerate(numbers):
        if number.start < covered:
            continue
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        figure, covered = _figure_at(text, number, following, countries)
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return figures


def _numbers(text: str, language: str | None, blocked: list[tuple[int, int]]) -> list[_Number]:
    found: list[_Number] = []
    taken = _Coverage(len(text))
    for match in _DIGITS.finditer(text):
        value = parse_digits(match.group(), language)
        if value is not None:
            found.append(_Number(match.start(), match.end(), value, word=False))
            taken.add(match.start(), match.end())
    for code in [language] if language in ("fr", "it", "en") else ["fr", "it", "en"]:
        for match in word_number_pattern(code).finditer(text):
            value = parse_words(match.group(), code)
            if value is not None and not taken.overlaps(match.start(), match.end()):
                found.append(_Number(match.start(), match.end(), value, word=True))
                taken.add(match.start(), match.end())
    out_of_bounds = _Coverage.of(text, blocked)
    kept = []
    for number in sorted(found, key=lambda n: n.start):
        if out_of_bounds.overlaps(number.start, number.end):
            continue
        after = text[number.end : number.end + 4]
        if not number.word and patterns.ORDINAL_SUFFIX.match(after):
            continue
        digits = text[number.start : number.end]
        if not number.word and len(digits) > 1 and digits[0] == "0" and digits[1] in "0123456789 ":
            continue  # "07", phone numbers and codes
        _absorb_scale(text, number)
        kept.append(number)
    return kept


class _Coverage:
    """Which characters of a text are taken: overlap tests in C instead of pairwise loops."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    @classmethod
    def of(cls, text: str, spans: Sequence[tuple[int, int]]) -> _Coverage:
        """The characters of `text` that `spans` cover."""
        coverage = cls(len(text))
        for start, end in spans:
            coverage.add(start, end)
        return coverage

    def add(self, start: int, end: int) -> None:
        end = min(end, len(self._taken))
        self._taken[start:end] = b"\x01" * max(0, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) != -1


def _absorb_scale(text: str, number: _Number) -> None:
    match = _SCALE_AFTER.match(text[number.end : number.end + 20])
    if not match:
        return
    word = match.group(2).lower()
    if word in _ATTACHED_ONLY_SCALES and (match.group(1) or number.word):
        return
    number.scale = SCALES[word]
    number.value *= number.scale
    number.end += match.end(2)


def _figure_at(
    text: str, number: _Number, following: _Number | None, countries: Sequence[str]
) -> tuple[Figure | None, int]:
    """The figure that starts with `number` (maybe joined with the next), and where it ends."""
    before = text[max(0, number.start - 40) : number.start]
    value: float | None = number.value
    value_min = value_max = of = None
    end = number.end
    if slash := _SLASH_OF.match(text, end):
        of, end = float(slash.group(1)), slash.end()
    elif (hyphen := _HYPHEN_RANGE.match(text, end)) and float(hyphen.group(1)) > number.value:
        value, value_min, value_max = None, number.value, float(hyphen.group(1))
        end = hyphen.end()
    elif following is not None:
        gap = text[number.end : following.start]
        is_range = patterns.RANGE_JOIN.match(gap) or (
            patterns.RANGE_JOIN_WITH_CUE.match(gap)
            and patterns.RANGE_CUE.search(re.sub(patterns.CURRENCY_MARK + "$", "", before))
        )
        if (
            is_range
            and following.value > number.value
            and not patterns.CHANGE_BEFORE.search(before)
        ):
            low = number.value
            if low * 1000 < following.value and following.scale > 1:
                low *= following.scale  # "entre 1,5 et 2 millions": the scale covers both
            value, value_min, value_max = None, low, following.value
            end = following.end
        elif (
            (patterns.OF_JOIN.match(gap) or patterns.OF_AFTER_NOUN.match(gap))
            and following.value > number.value
            and (not gap.strip().endswith("in") or number.value < 10)
        ):
            of, end = following.value, following.end
    if value_min is not None and patterns.AGE_BAND_BEFORE.search(before):
        return None, end
    measure = _measure(text, number.start, end, countries, value_min is not None)
    if measure is None:
        return None, end
    start, end, unit = measure
    joined = of is not None or value_min is not None
    if unit == "count" and not _is_count(text, number, joined):
        return None, end
    if (
        number.word
        and number.value == 1
        and not joined
        and not patterns.SINGLE_CUES.search(before)
        and not patterns.SINGLE_AFTER.match(text, number.end)
    ):
        return None, end  # "un", "one", "una" before a unit are articles: "un de l'autre"
    if unit in units.TO_KG and (compound := _COMPOUND_MASS.match(text, end)):
        # "13 tonnes et 750 kilogrammes": one figure, in the smaller unit.
        smaller = units.PHYSICAL_UNITS[compound.group(2).lower()][0]
        if smaller in units.TO_KG and units.TO_KG[smaller] < units.TO_KG[unit]:
            extra = parse_digits(compound.group(1), None) or 0.0
            value = (value or 0.0) * units.TO_KG[unit] / units.TO_KG[smaller] + extra
            unit, end = smaller, compound.end()
    about, about_end = counted_after(text, end)
    if about is None:
        about = label_before(text, start)
    per, covered = rate_after(text, end)
    if per is None and about_end:
        per, covered = rate_after(text, about_end)
    span_end = about_end if unit == "count" and about_end else end
    return (
        Figure(
            text=text[start:span_end],
            start=start,
            end=span_end,
            value=value,
            value_min=value_min,
            value_max=value_max,
            of=of,
            unit=unit,
            per=per,
            qualifier=qualifier_before(text[max(0, start - 40) : start]),
            about=about,
        ),
        max(covered, span_end),
    )


_SLASH_OF = re.compile(r"\s?/\s?(\d+)(?![\d/])")
_HYPHEN_RANGE = re.compile(r"[-–](\d+)(?![\d/.,-])")
_COMPOUND_MASS = re.compile(
    r"\s+(?:et|e|and)\s+(\d+(?:[.,]\d+)?)\s?("
    + "|".join(sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_CURRENCY_PREFIX = re.compile(
    r"(?<![\w$€£])("
    + "|".join(
        # One-letter symbols ("R530", "P21.9 billion") only when glued to the number.
        rf"{p}(?!\s)" if len(p) == 1 and p.isalpha() else re.escape(p)
        for p in sorted(units.CURRENCY_PREFIXES, key=len, reverse=True)
    )
    + r")\s?$"
)
_CURRENCY_AFTER = re.compile(
    r"^\s?(?:(?:de|d'|di|of|en)\s?)?("
    + "|".join(re.escape(w) for w in sorted(units.CURRENCY_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_PHYSICAL_AFTER = re.compile(
    r"^\s?(?:(?:de|d'|di|of)\s?)?("
    + "|".join(re.escape(w) for w in sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")(?![\w²'’])",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(rf"^\s?(?:{units.PERCENT_POINTS}|{units.PERCENT}(?!\w))", re.I)
_TIMES_AFTER = re.compile(rf"^\s?{units.TIMES_WORDS}\b", re.I)
_DURATION_AFTER = re.compile(
    r"^\s(" + "|".join(sorted(units.DURATION_UNITS, key=len, reverse=True)) + r")\b", re.I
)


def _measure(
    text: str, start: int, end: int, countries: Sequence[str], is_range: bool = False
) -> tuple[int, int, str] | None:
    """(span start, span end, unit) of the quantity around a number, or None if not a figure."""
    after = text[end : end + 60]
    if prefix := _CURRENCY_PREFIX.search(text, max(0, start - 6), start):
        currency = _resolve_currency(units.CURRENCY_PREFIXES[prefix.group(1)], countries)
        tail = _CURRENCY_AFTER.match(after)
        return prefix.start(1), end + (tail.end() if tail else 0), currency
    if match := _PERCENT_AFTER.match(after):
        return start, end + match.end(), "percent"
    if match := _CURRENCY_AFTER.match(after):
        word = match.group(1).lower()
        return start, end + match.end(), _resolve_currency(units.CURRENCY_WORDS[word], countries)
    if match := _TIMES_AFTER.match(after):
        return start, end + match.end(), "times"
    if match := _PHYSICAL_AFTER.match(after):
        return start, end + match.end(), units.PHYSICAL_UNITS[match.group(1).lower()][0]
    if match := _DURATION_AFTER.match(after):
        unit = units.DURATION_UNITS[match.group(1).lower()]
        clause = re.split(r"[,;:.()\n]", text[max(0, start - 40) : start])[-1]
        if patterns.TIME_WINDOW.search(clause) or patterns.TIME_WINDOW_AFTER.match(
            text, end + match.end()
        ):
            return None  # "au cours des dix dernières années", "three years ago"
        # Short durations are policy parameters ("14 jours", "72 ore"); years and months only
        # with a cue, since alone they are mostly ages and periods ("moins de 35 ans").
        if unit in ("year", "month") and not (is_range or units.DURATION_CUES.search(clause)):
            return None
        return start, end + match.end(), unit
    return start, end, "count"


def _resolve_currency(code: str, countries: Sequence[str]) -> str:
    """ISO 4217 for "$", "francs" and "pesos", from the countries the document is about."""
    table = {"$": units.DOLLAR_COUNTRIES, "franc": units.FRANC_COUNTRIES}.get(code)
    if code == "$peso":
        table = units.PESO_COUNTRIES
    if table is None:
        return code
    for country in countries:
        if country in table:
            return table[country]
    return {"$": "USD", "franc": "CHF", "$peso": "MXN"}[code]


def _is_count(text: str, number: _Number, joined: bool) -> bool:
    """Whether a bare number counts something rather than naming, ranking or referring."""
    before = text[max(0, number.start - 30) : number.start]
    if patterns.CODE_BEFORE.search(before):
        return False
    after = text[number.end : number.end + 3]
    if re.match(r"^(?:[:h]\d|\)|\.\d)", after):
        return False  # times of day "14h30", list markers "1)"
    if number.word:
        if patterns.REFERS_BACK.search(before) and not joined:
            return False  # "les deux provinces" points back at something already counted
        if number.value == 1 and not (
            joined
            or patterns.SINGLE_CUES.search(before)
            or patterns.SINGLE_AFTER.match(text, number.end)
        ):
            return False  # "un", "one", "una" are mostly articles
    line_start = text.rfind("\n", 0, number.start) + 1
    # Numbered list items ("1. ", "2) ") open a line and count nothing.
    return bool(text[line_start : number.start].strip()) or not re.match(r"^[.)]\s", after)


def _phrase_figures(text: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Fractions and multipliers written as words: "la moitié", "two-thirds", "a doublé"."""
    found: list[Figure] = []
    out_of_bounds = _Coverage.of(text, blocked)
    for match in _PHRASE_FIGURE.finditer(text):
        if out_of_bounds.overlaps(match.start(), match.end()):
            continue
        value, unit = _PHRASE_VALUES[int((match.lastgroup or "p0")[1:])]
        about, _ = counted_after(text, match.end())
        found.append(
            Figure(
                text=match.group(),
                start=match.start(),
                end=match.end(),
                value=round(value, 4),
                unit=unit,
                qualifier=qualifier_before(text[max(0, match.start() - 40) : match.start()]),
                about=about,
            )
        )
    return found


# One scan for every fraction and multiplier phrase; the group that matched gives the value.
# Each table entry is r"\b(?:...)\b": the shared word boundary and a look-ahead on the letters
# that open an alternative (a superset does no harm) let the scan skip most positions fast.
_PHRASE_VALUES: list[tuple[float, str]] = [
    (value, unit)
    for table, unit in ((patterns.WORD_FRACTIONS, "fraction"), (patterns.MULTIPLIERS, "times"))
    for _, value in table
]


def _phrase_scanner() -> re.Pattern[str]:
    bodies = []
    for pattern, _ in patterns.WORD_FRACTIONS + patterns.MULTIPLIERS:
        text = pattern.pattern
        if not (text.startswith(r"\b(?:") and text.endswith(r")\b")):
            raise ValueError(f"phrase figure patterns must read \\b(?:...)\\b: {text!r}")
        bodies.append(text[len(r"\b(?:") : -len(r")\b")])
    openers = {branch[:1] for body in bodies for branch in _top_level_branches(body)}
    groups = "|".join(f"(?P<p{index}>{body})" for index, body in enumerate(bodies))
    if not all(opener.isalpha() for opener in openers):
        return re.compile(rf"\b(?:{groups})\b", re.IGNORECASE)  # no safe look-ahead
    return re.compile(rf"\b(?=[{''.join(sorted(openers))}])(?:{groups})\b", re.IGNORECASE)


def _top_level_branches(body: str) -> list[str]:
    """The alternatives of a pattern body at depth 0: "a(?:b|c)|d" gives "a(?:b|c)", "d"."""
    branches, depth, start = [], 0, 0
    for index, char in enumerate(body):
        escaped = index > 0 and body[index - 1] == "\\"
        if char == "(" and not escaped:
            depth += 1
        elif char == ")" and not escaped:
            depth -= 1
        elif char == "|" and depth == 0 and not escaped:
            branches.append(body[start:index])
            start = index + 1
    return [*branches, body[start:]]


_PHRASE_FIGURE = _phrase_scanner()
