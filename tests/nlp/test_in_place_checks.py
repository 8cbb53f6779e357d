"""Checks written in place of a regex search (for speed) answer as the regex does."""

from __future__ import annotations

import re

from nlp.entities import _ARTICLE_BEFORE, _article_before
from nlp.figure_joins import _written_at


def test_the_article_before_a_name_is_found_from_its_spaces() -> None:
    # The search reads only the spaces and the few letters before the name, not the text.
    text = "della  Sanità, dell'Istituto, dell’ONU, al\nMinistero, Novalis, il\n\nPlatone"
    for at in range(len(text) + 1):
        expected = _ARTICLE_BEFORE.search(text, 0, at) is not None
        assert _article_before(text, at) == expected, at


def test_a_repeated_unit_is_read_as_its_regex_reads_it() -> None:
    text = "5 % à 7 %, 3 ans à 4 ansx, 2€ à 3 €; 10 persone a 12persone"
    for word in ("%", "ans", "€", "persone"):
        for at in range(len(text) + 1):
            expected = bool(re.compile(rf"\s?{re.escape(word)}(?!\w)").match(text, at))
            assert _written_at(text, at, word) == expected, (word, at)
