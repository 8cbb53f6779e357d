"""How a text bounds or hedges a figure: "au moins", "più di", "about", "or more", and the
negations that turn a bound round ("pas plus de 50" is at most 50)."""

from __future__ import annotations

import re

from ingest.model import Qualifier

# A negation a few words before "plus de" / "più di" / "more than" caps the figure: "pas plus
# de 50", "non consumare più di due" are at most; "pas moins de", "not less than" at least.
_NEGATION_BEFORE = re.compile(
    r"\b(?:pas|ne|n'|non|not|no|never|jamais|mai)(?:\s+[^\W\d]+){0,2}\s*$", re.IGNORECASE
)
_QUALIFIER_WORDS: list[tuple[str, Qualifier]] = [
    (r"(?:pas|non|no|not)\s+(?:plus\s+d[e']|più\s+d(?:i|el(?:la|le|l')?)|more\s+than)|"
     r"tout\s+au\s+plus|au\s+plus|al\s+più|at\s+(?:the\s+)?most", "up_to"),
    (r"au\s+moins|at\s+least|almeno|(?:pas|non|no|not)\s+(?:moins\s+d[e']|meno\s+di|"
     r"(?:fewer|less)\s+than)|minimum(?:\s+de)?|a\s+minimum\s+of", "at_least"),
    (r"plus\s+d[e']|more\s+than|over|oltre|più\s+di|above|upwards\s+of|in\s+excess\s+of|"
     r"exceeding|au-delà\s+de|au[- ]dessus\s+d[e']|supérieure?s?\s+à|superiore\s+a|"
     r"al\s+di\s+sopra\s+d(?:i|el(?:la|le|l')?)|più\s+del(?:la|le|l')?|plus\s+des?", "more_than"),
    (r"moins\s+d[e']|less\s+than|fewer\s+than|under|below|meno\s+di|inférieure?s?\s+à|"
     r"inferiore\s+a|en[- ]dessous\s+d[e']|au-dessous\s+d[e']|"
     r"al\s+di\s+sotto\s+d(?:i|el(?:la|le|l')?)|meno\s+del(?:la|le|l')?", "less_than"),
    (r"jusqu'à|jusqu'au|up\s+to|fino\s+a(?:l|lla|lle|i|gli|ll')?|as\s+many\s+as|"
     r"au\s+maximum|al\s+massimo|a\s+maximum\s+of|maximum\s+of", "up_to"),
    # "An estimated" is no hedge (gold-format): the estimate is the figure.
    (r"environ|près\s+d[e']|quelque|approximativement|presque|quasi|quasiment|circa|about|"
     r"around|nearly|almost|some|approximately|roughly|approx\.?|ca\.|"
     r"(?:in|at)torno\s+a(?:l|lla|lle|i|gli|ll')?|poco\s+più\s+di|poco\s+meno\s+di|"
     r"à\s+peu\s+près|grosso\s+modo|autour\s+d(?:e|es|u|')|de\s+l'ordre\s+d[e']|"
     r"(?:dell|nell)'ordine\s+di|(?:in|on)\s+the\s+order\s+of|~", "approx"),
]  # fmt: skip
# One scan for every qualifier, the leftmost winning ("pas plus de" over "plus de", "poco più
# di" over "più di"). Italian, and English before "the", put an article between the word and
# the number ("oltre il 18%", "circa l'80%"), which leaves the qualifier its figure.
_QUALIFIER = re.compile(
    r"(?:^|(?<=\W))(?:"
    + "|".join(f"(?P<q{index}>{words})" for index, (words, _) in enumerate(_QUALIFIER_WORDS))
    + r")(?:\s+(?:il|lo|la|i|gli|le|les|the))?(?:\s+l'|\s*)$",
    re.IGNORECASE,
)
_QUALIFIER_KINDS: dict[str, Qualifier] = {
    f"q{index}": kind for index, (_, kind) in enumerate(_QUALIFIER_WORDS)
}
# "15 % ou plus", "five or more", "10 o meno": the bound after the figure.
_QUALIFIER_AFTER: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\s+(?:ou|o|or|et|e|and)\s+(?:plus|più|more|over|above|oltre)\b", re.I),
     "at_least"),
    (re.compile(r"\s+(?:ou|o|or)\s+(?:moins|meno|less|fewer|under)\b", re.I), "up_to"),
]  # fmt: skip


def qualifier_before(before: str) -> Qualifier | None:
    """The qualifier ("environ", "oltre", "at least") the words before a figure give it; a
    negation just before "plus de" or "less than" turns it round ("non consumare più di due")."""
    # The longest qualifier with its article ("al di sopra della ") fits in 28 characters.
    match = _QUALIFIER.search(before, max(0, len(before) - 28))
    if match is None or match.lastgroup is None:
        return None
    qualifier = _QUALIFIER_KINDS[match.lastgroup]
    if qualifier in ("more_than", "less_than") and _NEGATION_BEFORE.search(
        before, 0, match.start()
    ):
        return "up_to" if qualifier == "more_than" else "at_least"
    return qualifier


def figure_qualifier(text: str, start: int, end: int, approx: bool) -> Qualifier | None:
    """The qualifier of the figure text[start:end]: the words before it, else a bound after it
    ("15 % ou plus"), else "approx" for a round amount ("une centaine")."""
    qualifier = qualifier_before(text[max(0, start - 40) : start])
    if qualifier is None:
        for pattern, bound in _QUALIFIER_AFTER:
            if pattern.match(text, end):
                return bound
    return qualifier or ("approx" if approx else None)
