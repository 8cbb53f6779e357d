"""Numbers that make one figure together: ranges, ratios, a whole and its part; idioms, none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import units
from nlp.number_spans import Number, absorb_half_and_scale
from nlp.numbers import parse_digits


@dataclass
class Joined:
    """What one number, maybe joined with the next ones, states."""

    start: int  # where the figure's span begins ("Of the 33 ..." begins at "Of")
    anchor: int  # where the number the unit belongs to begins ("$" is looked for before it)
    end: int  # where the last number ends
    value: float | None
    value_min: float | None = None
    value_max: float | None = None
    of: float | None = None
    counted_from: int | None = None  # where the counted noun begins ("4 patients sur 10")
    figure: bool = True  # False: the numbers are an idiom, "24 heures sur 24"
    proportion: bool = False  # "4 patients sur 10", "one in five": a fraction (gold-format)

    @property
    def joined(self) -> bool:
        return self.of is not None or self.value_min is not None


# Two numbers make a range when a word joins them ("5 à 7", "dal 5 al 7", "10-20"); "et",
# "and", "e" join them only after a cue that opens one ("entre 5 et 7", "between 10 and 20").
_ARTICLE = r"(?:(?:les?|la|the|il|lo|i|gli|le)\s+|l')"
RANGE_CUE = re.compile(
    rf"\b(?:entre|between|tra|fra|from|de|da|dal|dai|dalle|dagli)\s+{_ARTICLE}?$", re.IGNORECASE
)
_CURRENCY_MARK = r"(?:US\$|[$€£₦₹₱]|Rs\.?\s?|R(?=\d)|KSh\s?)?"
RANGE_JOIN = re.compile(
    rf"^\s*(?:à|a|-|–|—|to|al|alle|ai|au|aux)\s*{_CURRENCY_MARK}$|^(?:-|–)$", re.IGNORECASE
)
RANGE_JOIN_WITH_CUE = re.compile(
    rf"^\s*(?:et|and|e|ed|y)\s+{_ARTICLE}?{_CURRENCY_MARK}$", re.IGNORECASE
)
# "passer de 227.000 à 350.000" is a change between two figures, not a range.
_CHANGE_BEFORE = re.compile(
    r"\b(?:pass\w*|augment\w*|port\w*|grimp\w*|baiss\w*|chut\w*|recul\w*|diminu\w*|"
    r"bondi\w*|flamb\w*|explos\w*|envol\w*|tomb\w*|progress\w*|évolu\w*|dégringol\w*|"
    r"hausse|augmentation|diminution|"
    r"rose|risen|rise|rising|increas\w*|fell|fall\w*|declin\w*|decreas\w*|dropp\w*|went|"
    r"grew|grow\w*|climb\w*|jump\w*|soar\w*|surg\w*|plung\w*|"
    r"aumentat\w*|passat\w*|salit\w*|sces\w*|calat\w*|cresciut\w*|balzat\w*|schizzat\w*|"
    r"crollat\w*|aumento|calo|crescita)"
    r"\s+(?:de|d'|from|da|dal|dai|dalle)\s*$",
    re.IGNORECASE,
)
# English "from X to Y" is the two ends of a change ("the rate increased 14 %, from 28.3 to
# 32.4") unless something says it spans a range ("ranging from 5 to 10", "aged from 18 to 25").
_FROM_TO_RANGE_CUE = re.compile(
    r"\b(?:rang\w*|vary\w*|varies|varied|anywhere|aged|ages|between)\b[^,;.]{0,20}from\s*$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
# "208 % et 259 % respectivement": two figures of two things, not a range.
_RESPECTIVELY_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:respectivement|respectively|rispettivamente)\b", re.IGNORECASE
)
# "4 patients sur 10": the denominator after the counted noun.
_OF_AFTER_NOUN = re.compile(r"^\s+[^\W\d]+\s+(?:sur|su|out\s+of|in)\s+$", re.IGNORECASE)
_OF_JOIN = re.compile(
    r"^\s*(?:/|sur|su|out\s+of|in|des|delle|dei|degli|of\s+the|of|parmi\s+les|tra\s+le|"
    r"of\s+every|out\s+of\s+every|sur\s+chaque|su\s+ogni|in\s+every)\s*$",
    re.IGNORECASE,
)
# "Of the 33 stations, 28 are active", "out of the 965 kg seized, 650 kg", "Sur les 120 places,
# 90 ...", "Dei 33 posti, 28 ...": the whole first, at the head of its clause, then the part.
_FRONTED_OF_BEFORE = re.compile(
    r"(?:(?P<out>\bout\s+of)|(?:^|[.;:!?(,\n]\s*|\b(?:that|and|but|que|qu'|et|mais|che|e|ma)\s+)"
    r"(?P<of>of|sur|parmi|su|tra|fra|dei|degli|delle|dai|dagli|dalle))\s+"
    r"(?:(?:the|les|ces|these|those|i|gli|le)\s+)?(?:[^\W\d]+\s+)?$",
    re.IGNORECASE | re.MULTILINE,
)
_FRONTED_PART_GAP = re.compile(r"^[^.;:!?\n]*,\s*(?:[^\W\d]+\s+){0,2}$")
# "X sur N", "uno su cinque", "one in five", "4 out of 10": a proportion, not a part of a
# whole named with its article ("24 delle 44 province", "Of the 33 stations, 28").
_PROPORTION = re.compile(
    r"\b(?:sur|su|in|out\s+of)(?:\s+(?:every|chaque|ogni))?\s*$|\b(?:every|chaque|ogni)\s*$",
    re.IGNORECASE,
)
_SLASH_OF = re.compile(r"\s?/\s?(\d+)(?![\d/])")
_HYPHEN_RANGE = re.compile(
    r"[-–]\s?(\d{1,3}(?:[ .,'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d/.,-]*\d)"
)
_CURRENCY_AT_END = re.compile(_CURRENCY_MARK + "$")
_PERCENT = re.compile(rf"\s?{units.PERCENT}", re.IGNORECASE)
_LEADING_WORD = re.compile(r"\s?(%|[€$£¥₹]|[^\W\d_]+)")
_WORD_CHARACTER = re.compile(r"\w")


def join(text: str, numbers: list[Number], index: int, language: str | None) -> Joined:
    """The figure that starts with `numbers[index]`, joined with the numbers it governs."""
    number = numbers[index]
    following = numbers[index + 1] if index + 1 < len(numbers) else None
    alone = Joined(number.start, number.start, number.end, number.value)
    if slash := _SLASH_OF.match(text, number.end):
        of = float(slash.group(1))
        if of < number.value:  # "24/7" is a phrase, a date or a code, not a part of a whole
            return Joined(number.start, number.start, slash.end(), None, figure=False)
        return Joined(number.start, number.start, slash.end(), number.value, of=of)
    if not number.word and (ranged := _hyphen_range(text, number, language)):
        return ranged
    before = text[max(0, number.start - 40) : number.start]
    # Searched in place, not in a slice, so that "^" is where a line begins.
    # The part first: it is rare, and the whole's words need a search before the number.
    part = _part_after(text, numbers, index)
    window = max(0, number.start - 40)
    if part and (fronted := _FRONTED_OF_BEFORE.search(text, window, number.start)):
        start = fronted.start("out" if fronted["out"] else "of")
        return Joined(
            start, part.start, part.end, part.value, of=number.value, counted_from=number.end
        )
    if following is None:
        return alone
    gap = _without_repeated_unit(text, number.end, following)
    if (
        _is_range(gap, before)
        and following.value > number.value
        and not _RESPECTIVELY_AFTER.match(text, following.end)
    ):
        low = number.value
        if low * 1000 < following.value and following.scale > 1 and number.scale == 1:
            low *= following.scale  # "entre 1,5 et 2 millions": the scale covers both
        return Joined(number.start, number.start, following.end, None, low, following.value)
    raw_gap = text[number.end : following.start]
    noun_between = _OF_AFTER_NOUN.match(raw_gap)
    if (_OF_JOIN.match(raw_gap) or noun_between) and (
        not raw_gap.strip().endswith("in") or number.value < 10
    ):
        if following.value == number.value and noun_between:
            # "24 heures sur 24", "7 jours sur 7", "24 ore su 24": always, not a proportion.
            return Joined(number.start, number.start, following.end, None, figure=False)
        if following.value > number.value:
            counted = number.end if noun_between else None
            return Joined(
                number.start, number.start, following.end, number.value, of=following.value,
                counted_from=counted, proportion=bool(_PROPORTION.search(raw_gap)),
            )  # fmt: skip
    return alone


def _hyphen_range(text: str, number: Number, language: str | None) -> Joined | None:
    """ "25-44", "1.200-1.300 soggetti", "$2-3 million": a range written with a hyphen."""
    match = _HYPHEN_RANGE.match(text, number.end)
    if not match:
        return None
    high_value = parse_digits(match.group(1), language)
    if high_value is None:
        return None
    high = Number(match.start(1), match.end(1), high_value, word=False)
    absorb_half_and_scale(text, high, language)
    low = number.value
    if high.scale > 1 and number.scale == 1:
        low *= high.scale  # "$2-3 million": the scale covers both ends
    if high.value <= low:
        return None
    return Joined(number.start, number.start, high.end, None, low, high.value)


def _part_after(text: str, numbers: list[Number], index: int) -> Number | None:
    """The part after a fronted whole: "Of the 33 stations, [28] are active"."""
    whole = numbers[index]
    for part in numbers[index + 1 : index + 4]:
        gap = text[whole.end : part.start]
        if len(gap) > 160:
            return None
        if _FRONTED_PART_GAP.match(gap):
            # "Su 2.450 detenuti testati, il 41,3% ...": a share is a figure of its own.
            if _PERCENT.match(text, part.end):
                return None
            return part if 0 <= part.value < whole.value else None
    return None


def _without_repeated_unit(text: str, end: int, following: Number) -> str:
    """The gap between two numbers without the unit both repeat: "5 % à 7 %" joins by "à"."""
    gap = text[end : following.start]
    if (unit := _LEADING_WORD.match(gap)) and _written_at(text, following.end, unit.group(1)):
        return gap[unit.end() :]
    return gap


def _written_at(text: str, at: int, word: str) -> bool:
    """Whether `word`, whole, stands at `at` or after one space there: the regex
    `\\s?word(?!\\w)` matched at `at`, without compiling one per word."""
    starts = (at + 1, at) if text[at : at + 1].isspace() else (at,)
    return any(
        text.startswith(word, start) and not _WORD_CHARACTER.match(text, start + len(word))
        for start in starts
    )


def _is_range(gap: str, before: str) -> bool:
    if RANGE_JOIN.match(gap):
        if _FROM_BEFORE.search(before) and not _FROM_TO_RANGE_CUE.search(before):
            return False  # "increased 14 %, from 28.3 to 32.4": a change's two ends
        return not _CHANGE_BEFORE.search(before)
    if not RANGE_JOIN_WITH_CUE.match(gap):
        return False
    cue_text = _CURRENCY_AT_END.sub("", before)
    return bool(RANGE_CUE.search(cue_text) and not _CHANGE_BEFORE.search(before))
