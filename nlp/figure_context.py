"""The words around a figure: what it counts, the rate it is given per, how it is qualified."""

from __future__ import annotations

import re

from ingest.model import Qualifier
from nlp import figure_patterns as patterns
from nlp import units
from nlp.numbers import parse_digits


def rate_after(text: str, end: int) -> tuple[str | int | None, int]:
    """The rate after a figure ("par jour", "pour 100 000 habitants") and where it ends."""
    after = text[end : end + 60]
    for pattern, period in units.PER_RATES:
        if match := pattern.match(after):
            return period, end + match.end()
    if match := units.PER_POPULATION.match(after):
        base = match.group(1).lower()
        words = {"mille": 1000, "thousand": 1000, "cent": 100, "hundred": 100}
        if base in ("million", "millions", "milione"):
            return 1_000_000, end + match.end()
        if base in words:
            return words[base], end + match.end()
        parsed = parse_digits(base, None)
        if parsed and parsed >= 10 and match.group(0).strip().split()[0].lower() != "su":
            return int(parsed), end + match.end()
    return None, end


def qualifier_before(before: str) -> Qualifier | None:
    """The qualifier ("environ", "oltre", "at least") the words before a figure give it."""
    for pattern, qualifier in patterns.QUALIFIERS:
        if pattern.search(before):
            return qualifier
    return None


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
