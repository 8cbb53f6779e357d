"""Function words of French, Italian and English: articles, prepositions and conjunctions.

They carry no concept (the thesaurus matcher skips them) and they are the surest sign of a
language (the paragraph detector counts them before asking the statistical model).
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les l un une des de du d au aux a à en dans par pour sur avec sous entre "
        "contre chez vers et ou ses sa son leur leurs ce cet cette ces".split()
    ),
    "it": frozenset(
        "il lo la i gli le l un uno una di del dello della dei degli delle d a al allo alla ai "
        "agli alle da dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle su sul "
        "sullo sulla sui sugli sulle con col per tra fra e ed o".split()
    ),
    "en": frozenset("the a an of for in on to at by with from and or into".split()),
}
