"""Stretches of text whose numbers are no figures: web and mail addresses, DOIs, references."""

from __future__ import annotations

import re

# Each kind is looked for only where its mark is in the text: most texts have none.
_ADDRESSES: list[tuple[str, re.Pattern[str]]] = [
    ("http", re.compile(r"\bhttps?://[^\s<>\"»«]+", re.IGNORECASE)),
    ("www.", re.compile(r"\bwww\.[^\s<>\"»«]+", re.IGNORECASE)),
    ("@", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("10.", re.compile(r"\b(?:doi:?\s*)?10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)),
    ("isbn", re.compile(r"\bISBN(?:-1[03])?:?\s*[\dXx][\dXx -]{7,20}", re.IGNORECASE)),
    ("issn", re.compile(r"\bISSN:?\s*\d{4}-?\d{3}[\dXx]", re.IGNORECASE)),
]
# A bare domain with a path ("unodc.org/documents/2021"): found by its ending, then widened.
_DOMAIN_END = re.compile(r"\.(?:com|org|net|int|gov|edu|info|eu|fr|it|ch|be|uk|ca|lu|sm)/", re.I)
_PATH = re.compile(r"[^\s<>\"»«]*")


# A reference entry opens with its authors ("Smith, J.", "Rossi M,", "[12] Dupont, A.", "UNODC
# (2021).") and dates its source the way bibliographies do; its numbers (volume, issue, pages,
# report numbers) count nothing. Prose that cites ("Smith et al. (2019) found 45 % ...") does
# not open so.
_REFERENCE_START = re.compile(
    r"\s*(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s+|[-•*]\s+)?"
    r"(?:[A-ZÀ-Ý][\w'’-]+,?\s+(?:[A-Z]\.|[A-Z]{1,3}[,.\s]|[A-ZÀ-Ý][a-zà-ÿ]+,)|[A-Z]{2,}[\w-]*\s*\(\d{4})"
)
_REFERENCE_MARKS = (
    re.compile(r"\(\d{4}[a-z]?\)|\b(?:19|20)\d\d[a-z]?[.;]\s?"),
    re.compile(
        r"\b\d+\s?(?:\(\d+\))?\s?:\s?\d+[-–]\d+|\b\d+\s?\(\d+\)\s?:\s?\d+|\bpp?\.\s?\d+|\bvol\.\s?\d+|\bet\s+al\.|\bin:\s|"
        r"\(\d{4}[a-z]?\)[.,]|\bdoi\b",
        re.IGNORECASE,
    ),
)
_REFERENCE_LINE_MAX = 400


def not_figure_zones(text: str) -> list[tuple[int, int]]:
    """The (start, end) stretches of `text` whose numbers are not figures."""
    lowered = text.lower()
    zones = [
        (match.start(), match.end())
        for mark, pattern in _ADDRESSES
        if mark in lowered
        for match in pattern.finditer(text)
    ]
    if "/" in text:
        for match in _DOMAIN_END.finditer(text):
            start = match.start()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-._"):
                start -= 1
            path = _PATH.match(text, match.end())
            zones.append((start, path.end() if path else match.end()))
    if "(" in text or "." in text:
        zones += _reference_lines(text)
    return zones


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """Lines that read as entries of a reference list (every mark of one present)."""
    found = []
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        if (
            len(line) <= _REFERENCE_LINE_MAX
            and _REFERENCE_START.match(line)
            and all(mark.search(line) for mark in _REFERENCE_MARKS)
        ):
            found.append((start, end))
        start = end
    return found
