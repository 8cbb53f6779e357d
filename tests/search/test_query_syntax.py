"""The query language as the backends read it (search.query_syntax)."""

from __future__ import annotations

import pytest

from search.query_syntax import (
    names_no_word,
    normalise_operators,
    plain_syntax,
    split_phrases,
    unbalanced,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("metadone AND NOT carcere", "metadone -carcere"),
        ("NOT cannabis", "-cannabis"),
        ("a NOT NOT b", "a --b"),
        ("NOTE NOT", "NOTE NOT"),  # a word, and NOT with nothing after it
        ("-already", "-already"),
    ],
)
def test_negation_has_one_spelling(text: str, expected: str) -> None:
    assert normalise_operators(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", False), ("   ", False), ("??", True), ("💩", True), ("\\", True), ("a?", False)],
)
def test_a_typed_text_without_a_word_names_nothing(text: str, expected: bool) -> None:
    assert names_no_word(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"open phrase', "unbalanced quote"),
        ("(unclosed", "unbalanced parenthesis"),
        ("a) b (", "unbalanced parenthesis"),
        ('"(" inside a phrase', None),
        ("(a OR b) c", None),
    ],
)
def test_quotes_and_parentheses_pair_up(text: str, expected: str | None) -> None:
    assert unbalanced(text) == expected


def test_phrases_are_cut_out_without_their_slop() -> None:
    assert split_phrases('a "b OR c"~3 OR d') == ["a ", '"b OR c"', "~3 OR d"]
    assert split_phrases("no phrase") == ["no phrase"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("d'urgence", "d urgence"),  # an elision opens a quote in tantivy's grammar
        ("a:b", "a b"),  # a colon names a field there
        ("(méthadone OR -prison)", "(méthadone OR -prison)"),
        ('"a:b c"~2 x^2', '"a:b c"~2 x 2'),  # phrases and their slop stay as typed
        ("+a* ~b", " a   b"),
    ],
)
def test_only_our_syntax_stays(text: str, expected: str) -> None:
    assert plain_syntax(text) == expected
