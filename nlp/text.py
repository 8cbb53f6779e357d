"""Folding and tokenising helpers shared by the gazetteers and the entity keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Letters NFKD leaves whole but readers type without the stroke or ligature.
_UNDECOMPOSED = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
        "Þ": "Th",
        "þ": "th",
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=100_000)  # mostly called word by word, and words repeat
def fold(text: str) -> str:
    """Lower-case ASCII form: 'Nghệ An' and 'Nghe An' fold alike, as do 'Côte d'Ivoire' variants."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def words(text: str) -> Iterator[re.Match[str]]:
    """Word tokens with their offsets (letters and digits; punctuation separates)."""
    return _WORD.finditer(text)
