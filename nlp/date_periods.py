"""Periods longer than a month and shorter than a year, or longer than one: halves and decades.

Values follow the gold annotations: a half year is `YYYY-H1`/`YYYY-H2` ("second half of 2017",
"primi sei mesi del 2024", "premier semestre 2023"), a decade is `YYYX` ("the late 1990s",
"les années 1990", "gli anni Novanta" = `199X`).
"""

from __future__ import annotations

import re

_Y = r"(?P<year>(?:19|20)\d{2})"
_S = r"[^\S\n]+"
_OF = (
    rf"(?:{_S}(?:of(?:{_S}the{_S}year)?|de(?:{_S}l['’]ann[ée]e)?|del(?:l['’]anno)?|dell['’]anno))?"
)
_FIRST = r"first|premier|primo|1er|1st|1°|i"
_SECOND = r"second|deuxième|deuxieme|2e|2ème|secondo|2nd|2°|ii"
_HALF = re.compile(
    rf"(?<!\w)(?:(?:the{_S})?(?:(?P<first>{_FIRST})|(?P<second>{_SECOND})){_S}"
    rf"(?:half|semestre|semester)"
    rf"|(?:the{_S})?(?:first|premiers?){_S}six{_S}(?:months|mois)"
    rf"|(?:les{_S})?six{_S}premiers{_S}mois"
    rf"|(?:i{_S})?primi{_S}sei{_S}mesi"
    rf"){_OF}{_S}{_Y}(?!\w)"
    rf"|(?<!\w)[HS](?P<number>[12]){_S}?(?P<year2>(?:19|20)\d{{2}})(?!\w)",
    re.IGNORECASE,
)
_ITALIAN_DECADES = {
    "venti": 2, "trenta": 3, "quaranta": 4, "cinquanta": 5, "sessanta": 6, "settanta": 7,
    "ottanta": 8, "novanta": 9,
}  # fmt: skip
_DECADE = re.compile(
    r"(?<!\w)(?:(?:the\s+)?(?:early|mid|late)?[-\s]?(?P<en>(?:19|20)\d0)s"
    r"|années\s+(?P<fr>(?:19|20)?\d0)(?!\d)"
    r"|anni\s+(?:['’](?P<it2>\d0)|(?P<it4>(?:19|20)\d0)|(?P<word>"
    + "|".join(_ITALIAN_DECADES)
    + r")))(?!\w)",
    re.IGNORECASE,
)


# Periods are rare: they are looked for only around a year or a decade's keyword, not at every
# position of the text (the patterns open on optional words and cost a scan each).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_HALF_HINT = re.compile(r"half|semest|six|sei\b|\b[HS][12]\b", re.IGNORECASE)
_DECADE_KEYWORD = re.compile(r"\b(?:années|anni)\b", re.IGNORECASE)


def find_periods(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Halves and decades in text[start:end], as (start, end, value)."""
    found: set[tuple[int, int, str]] = set()
    for year in _YEAR.finditer(text, start, end):
        window = max(start, year.start() - 64)
        halves = (
            _HALF.finditer(text, window, year.end())
            if _HALF_HINT.search(text, window, year.end())
            else ()
        )
        for match in halves:
            second = match["second"] or match["number"] == "2"
            value = f"{match['year'] or match['year2']}-H{2 if second else 1}"
            found.add((match.start(), match.end(), value))
        for match in _DECADE.finditer(
            text, max(start, year.start() - 24), min(end, year.end() + 1)
        ):
            found.add((match.start(), match.end(), _decade(match)))
    for keyword in _DECADE_KEYWORD.finditer(text, start, end):
        for match in _DECADE.finditer(text, keyword.start(), min(end, keyword.end() + 16)):
            found.add((match.start(), match.end(), _decade(match)))
    return sorted(found)


def _decade(match: re.Match[str]) -> str:
    if match["word"]:
        return f"19{_ITALIAN_DECADES[match['word'].lower()]}X"
    digits = match["en"] or match["fr"] or match["it4"] or match["it2"]
    if len(digits) == 2:  # "années 90", "anni '90": the last century
        digits = "19" + digits
    return digits[:3] + "X"
