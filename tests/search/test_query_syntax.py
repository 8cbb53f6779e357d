"""The query language as the backends read it (search.query_syntax)."""

from __future__ import annotations

import pytest

from search.query_syntax import (
    LabelScope,
    label_scopes,
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
        ('NOT "in education" youth', '-"in education" youth'),
        # Inside a phrase every word is a word, whatever its case.
        ('"NOT in education" AND youth', '"NOT in education" AND youth'),
        ('"not in education" AND youth', '"not in education" AND youth'),
        ('a "jobs AND NOT training" NOT b', 'a "jobs AND NOT training" -b'),
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


def test_labels_match_within_runs_of_words_or_one_phrase_or_exclusion() -> None:
    assert label_scopes('drug addiction OR -"harm reduction" NOT methadone x') == [
        LabelScope(0, 14, whole=False, tokens=((0, 4), (5, 14))),
        LabelScope(20, 35, whole=True, tokens=((18, 35),)),  # inside `-"` and the quote
        LabelScope(40, 49, whole=False, tokens=((40, 49),)),  # NOT takes one word only
        LabelScope(50, 51, whole=False, tokens=((50, 51),)),
    ]


@pytest.mark.parametrize("text", ['"unbalanced', "-prison OR -carcere", "", "( )"])
def test_no_label_scopes_where_nothing_is_asked_for(text: str) -> None:
    assert label_scopes(text) == []
