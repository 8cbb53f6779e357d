"""Which all-capital words name a body: only those a reader has evidence for.

Capitals also shout headings ("CONTRASTO AL TRAFFICO DI DROGA"), stress a word ("NEARLY"),
spell a surname in a byline or abbreviate a common term ("CCTV", "IDU"). A reader takes an
all-capital word for an organisation when the text defines it ("Istituto nazionale di
statistica (ISTAT)", "ISTAT (Istituto ...)"), when it is a body everyone knows (the bodies
table), or when the text goes on using it as a name (twice or more outside headings).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.model import Entity

# French and Italian put the definite article before a body's acronym as before its name ("la
# PNH a annoncé", "dell'ISS"); English "the" also comes before terms ("the CCTV footage").
_NAMING_ARTICLE = re.compile(
    r"(?<!\w)(?:(?:le|la|les|du|des|au|aux|il|lo|gli|del|dello|della|dei|degli|al|allo|alla|"
    r"dal|dalla|nel|nella|sul|sulla)\s+|(?:l|dell|all|dall|nell|sull)['’])"
)
# A line that is mostly capitals is a heading or a shouted phrase, not running text.
_HEADING_SHARE = 0.6


def is_acronym(text: str) -> bool:
    """One word of capitals (and "&", "."), two letters or more: "OMS", "AT&T", "U.S."."""
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 2
        and " " not in text
        and all(c.isupper() for c in letters)
        and all(c.isalpha() or c in "&." for c in text)
    )


def keep_named_acronyms(
    text: str, entities: list[Entity], known: Callable[[str], bool]
) -> list[Entity]:
    """`entities` without the all-capital organisation names nothing vouches for; `known`
    tells whether a word is a body's acronym in the bodies table."""
    vouched: set[str] | None = None  # found once per document, when first needed
    kept = []
    for entity in entities:
        if entity.label == "ORG" and is_acronym(entity.text) and not known(entity.text):
            vouched = _vouched_for(text) if vouched is None else vouched
            if entity.text not in vouched:
                continue
        kept.append(entity)
    return kept


# An all-capital word as it stands in the text: "OMS", "AT&T", "U.S.".
_CAPITALS = re.compile(r"(?<![\w&.])(?:(?:[A-Z]\.){2,}|[A-Z][A-Z&]*[A-Z])(?![\w&])")
_DEFINED_AFTER_OPENING = re.compile(r"\((?:\s*[A-Z]{2,}\s+(?:ou|or|o|/))?\s*$")
_CLOSING = re.compile(r"\s*[),;]")
_LONG_NAME_IN_BRACKETS = re.compile(r"\s*\(\s*[A-ZÀ-Ý]")
_NAMING_ARTICLE_BEFORE = re.compile(rf"{_NAMING_ARTICLE.pattern}$")


def _vouched_for(text: str) -> set[str]:
    """The all-capital words of a text that something vouches for as names: defined in
    brackets beside their long name, after a naming article, or used twice in running text."""
    vouched: set[str] = set()
    running: dict[str, int] = {}
    for match in _CAPITALS.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if word in vouched:
            continue
        before = max(0, start - 16)
        if (
            (_DEFINED_AFTER_OPENING.search(text, before, start) and _CLOSING.match(text, end))
            or _LONG_NAME_IN_BRACKETS.match(text, end)
            or _NAMING_ARTICLE_BEFORE.search(text, before, start)
        ):
            vouched.add(word)
        elif not _in_heading(text, start):
            running[word] = running.get(word, 0) + 1
            if running[word] >= 2:
                vouched.add(word)
    return vouched


def _in_heading(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    letters = [c for c in text[start : end if end >= 0 else len(text)] if c.isalpha()]
    return sum(c.isupper() for c in letters) > _HEADING_SHARE * len(letters)
