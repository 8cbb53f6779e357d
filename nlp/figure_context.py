"""The words around a figure: what it counts, the rate it is given per, how it is qualified."""

from __future__ import annotations

import re

from ingest.model import Qualifier
from nlp import figure_patterns as patterns
from nlp import units
from nlp.numbers import parse_digits


def rate_after(text: str, end: int) -> tuple[str | int | None, int]:
    """The rate after a figure ("par jour", "pour 100 000 habitants") and where it ends; a
    population base may come a few words on, past what the figure counts ("5,9 décès par
    surdose pour 100 000 habitants")."""
    after = text[end : end + 60]
    for pattern, period in units.PER_RATES:
        if match := pattern.match(after):
            return period, end + match.end()
    for pattern in (units.PER_POPULATION, units.PER_POPULATION_AHEAD):
        if (match := pattern.match(after)) and (per := _population_base(match)) is not None:
            return per, end + match.end()
    return None, end


def _population_base(match: re.Match[str]) -> int | None:
    base = match.group(1).lower()
    words = {"mille": 1000, "thousand": 1000, "cent": 100, "hundred": 100}
    if base in ("million", "millions", "milione"):
        return 1_000_000
    if base in words:
        return words[base]
    parsed = parse_digits(base, None)
    if parsed and parsed >= 10 and not re.match(r"\W*su\b", match.group(0), re.IGNORECASE):
        return int(parsed)
    return None


def qualifier_before(before: str) -> Qualifier | None:
    """The qualifier ("environ", "oltre", "at least") the words before a figure give it; a
    negation just before "plus de" or "less than" turns it round ("non consumare più di due")."""
    # The longest qualifier with its article ("al di sopra della ") fits in 28 characters.
    match = patterns.QUALIFIER.search(before, max(0, len(before) - 28))
    if match is None or match.lastgroup is None:
        return None
    qualifier = patterns.QUALIFIER_KINDS[match.lastgroup]
    if qualifier in ("more_than", "less_than") and patterns.NEGATION_BEFORE.search(
        before, 0, match.start()
    ):
        return "up_to" if qualifier == "more_than" else "at_least"
    return qualifier


def counted_after(text: str, end: int) -> tuple[str | None, int]:
    """The counted thing after a figure ("toxicomanes avec des dossiers"), and where it ends."""
    rest = text[end : end + 120]
    skipped = patterns.ABOUT_SKIP.match(rest)
    offset = skipped.end() if skipped else 0
    words: list[re.Match[str]] = []
    for match in patterns.WORD.finditer(rest, offset):
        gap = rest[(words[-1].end() if words else offset) : match.start()]
        if gap.strip() or "\n" in gap:  # a line break ends the sentence, and a table's row
            break
        if match.group().lower() in patterns.ABOUT_STOP or len(words) >= 4:
            break
        words.append(match)
    if not words:
        return None, 0
    if not words[0].group()[:1].isalpha():
        return None, 0
    return rest[words[0].start() : words[-1].end()], end + words[0].end()


# "Toxicomanes : 3 810", and a table's "Header: value; Header: value" rows: the label names
# what the figure counts. It opens a line or follows a ";" or "|", and holds no figure itself.
_LABEL_BEFORE = re.compile(r"(?:^|[;|]) ?([^\W\d][^:;|\n\d]{0,60}?) ?: ?$", re.MULTILINE)


def label_before(text: str, start: int) -> str | None:
    """The "Label:" just before a figure, which says what it counts when nothing after does."""
    match = _LABEL_BEFORE.search(text, max(0, start - 64), start)
    return match.group(1).strip() if match else None
