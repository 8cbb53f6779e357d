"""The query language as the backends read it: what is syntax in a user's (or the expansion's)
query text, and what is only text.

Words (all required), OR, AND, NOT or a leading "-" (exclusion), "phrases" with an optional
slop ("traitement toxicomanie"~3), parentheses. Every other character is text: the engines'
own grammars give meaning to more (tantivy's ":" names a field and its "'" opens a quote,
Elasticsearch's "|" and "+" are operators), which the backends keep from reaching them.
nlp/query_expansion.py writes queries in this language (it may not import search/).
"""

from __future__ import annotations

import re

_PHRASE = r'"[^"]*"'
# A phrase with the slop that belongs to it, as one piece.
_PHRASE_AND_SLOP = re.compile(f"({_PHRASE}(?:~\\d+)?)")
_PHRASE_ALONE = re.compile(f"({_PHRASE})")
_NEGATION = re.compile(r"\b(?:AND\s+)?NOT\s+(?=\S)")
_WORD = re.compile(r"[^\W_]")
# Outside phrases: what is neither a word character, a space, a parenthesis, "-" nor a quote.
_NOT_OURS = re.compile(r"[^\w\s()\-\"]")


def normalise_operators(text: str) -> str:
    """One spelling for negation: "AND NOT x" and "NOT x" become "-x" for every backend."""
    return _NEGATION.sub("-", text)


def names_no_word(text: str) -> bool:
    """Whether a query was typed but holds no word to look for ("💩", "??", a lone backslash
    or NUL): it matches nothing, where an empty query matches everything."""
    return bool(text.strip()) and _WORD.search(text) is None


def unbalanced(text: str) -> str | None:
    """Why the quotes or parentheses of `text` do not pair up (outside phrases, a parenthesis
    is syntax), or None when they do."""
    if text.count('"') % 2:
        return "unbalanced quote"
    depth = 0
    for character in _PHRASE_ALONE.sub("", text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            break
    return "unbalanced parenthesis" if depth != 0 else None


def split_phrases(text: str) -> list[str]:
    """The text cut at its phrases: what lies outside them at even places, the phrases (their
    quotes included, a slop not) at odd places; operators mean nothing inside a phrase."""
    return _PHRASE_ALONE.split(text)


def plain_syntax(text: str) -> str:
    """The text with every character outside phrases that is no syntax of ours and no part of
    a word made a space: words, parentheses, "-" and phrases with their slop stay as typed."""
    parts = _PHRASE_AND_SLOP.split(text)
    return "".join(
        part if index % 2 else _NOT_OURS.sub(" ", part) for index, part in enumerate(parts)
    )
