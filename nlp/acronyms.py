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
    verdicts: dict[str, bool] = {}
    kept = []
    for entity in entities:
        if entity.label == "ORG" and is_acronym(entity.text):
            if entity.text not in verdicts:
                verdicts[entity.text] = known(entity.text) or _vouched_for(text, entity.text)
            if not verdicts[entity.text]:
                continue
        kept.append(entity)
    return kept


def _vouched_for(text: str, acronym: str) -> bool:
    """Defined in brackets beside its long name, or used as a name twice in running text."""
    word = re.escape(acronym)
    defined_after = re.search(rf"\((?:\s*[A-Z]{{2,}}\s+(?:ou|or|o|/))?\s*{word}\s*[),;]", text)
    if defined_after or re.search(rf"(?<!\w){word}\s*\(\s*[A-ZÀ-Ý]", text):
        return True
    if re.search(rf"{_NAMING_ARTICLE.pattern}{word}(?![\w&])", text):
        return True
    in_running_text = 0
    for match in re.finditer(rf"(?<![\w&.]){word}(?![\w&])", text):
        if not _in_heading(text, match.start()):
            in_running_text += 1
    return in_running_text >= 2


def _in_heading(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    letters = [c for c in text[start : end if end >= 0 else len(text)] if c.isalpha()]
    return sum(c.isupper() for c in letters) > _HEADING_SHARE * len(letters)
