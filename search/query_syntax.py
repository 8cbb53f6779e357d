"""The query language as the backends read it: what is syntax in a user's (or the expansion's)
query text, and what is only text.

Words (all required), OR, AND, NOT or a leading "-" (exclusion), "phrases" with an optional
slop ("traitement toxicomanie"~3), parentheses. Every other character is text: the engines'
own grammars give meaning to more (tantivy's ":" names a field and its "'" opens a quote,
Elasticsearch's "|" and "+" are operators), which the backends keep from reaching them.
search/query_expansion.py writes the cross-lingual expansion in this language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHRASE = r'"[^"]*"'
# A phrase with the slop that belongs to it, as one piece.
_PHRASE_AND_SLOP = re.compile(f"({_PHRASE}(?:~\\d+)?)")
_PHRASE_ALONE = re.compile(f"({_PHRASE})")
# A negation, or a phrase to step over whole: inside one, "NOT" is a word like any other.
_NEGATION_OR_PHRASE = re.compile(f"({_PHRASE})" + r"|\b(?:AND\s+)?NOT\s+(?=\S)")
_WORD = re.compile(r"[^\W_]")
# Outside phrases: what is neither a word character, a space, a parenthesis, "-" nor a quote.
_NOT_OURS = re.compile(r"[^\w\s()\-\"]")
# A query's pieces: a phrase (perhaps excluded), a parenthesis, or a run of anything else.
_TOKEN = re.compile(r'-?"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class LabelScope:
    """A stretch of a query that a concept's label may match within: a run of plain words, or
    one phrase or exclusion, which only a label covering all of it may match (`whole`)."""

    start: int  # past an exclusion's "-" and a phrase's opening quote
    end: int
    whole: bool
    tokens: tuple[tuple[int, int], ...]  # where its tokens lie: matches widen to whole ones


def normalise_operators(text: str) -> str:
    """One spelling for negation: "AND NOT x" and "NOT x" become "-x" for every backend;
    inside phrases nothing changes."""
    return _NEGATION_OR_PHRASE.sub(lambda match: match.group(1) or "-", text)


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


def query_tokens(text: str) -> list[re.Match[str]]:
    """The query's tokens: phrases (with a leading "-" when excluded), parentheses, and the
    runs of other characters between spaces, which are words, operators and exclusions."""
    return list(_TOKEN.finditer(text))


def is_positive(token: str) -> bool:
    """Whether a token asks for something: neither an operator, a parenthesis nor excluded."""
    return token not in _OPERATORS and token not in "()" and not token.startswith("-")


def label_scopes(text: str) -> list[LabelScope]:
    """Where concept labels may match in a query, in order; none when its quotes do not pair
    up (the backend reports it as it stands) or when it only excludes (nothing to widen)."""
    if text.count('"') % 2:
        return []
    tokens = query_tokens(text)
    if not any(is_positive(token.group()) for token in tokens):
        return []
    scopes = []
    for first, last in _units(tokens):
        lead = tokens[first].group()
        scopes.append(
            LabelScope(
                start=tokens[first].start() + len(lead) - len(lead.lstrip('-"')),
                end=tokens[last - 1].end(),
                whole=last - first == 1 and lead.startswith(("-", '"')),
                tokens=tuple((token.start(), token.end()) for token in tokens[first:last]),
            )
        )
    return scopes


def _units(tokens: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Token ranges a label may match within: runs of plain words, or one phrase or exclusion.

    The word after NOT stands alone, since NOT applies to that word only.
    """
    units: list[tuple[int, int]] = []
    run_start: int | None = None
    for index, token in enumerate(tokens):
        text = token.group()
        plain = is_positive(text) and not text.startswith('"')
        after_not = index > 0 and tokens[index - 1].group() == "NOT"
        if run_start is not None and (not plain or after_not):
            units.append((run_start, index))
            run_start = None
        if plain and not after_not:
            run_start = index if run_start is None else run_start
        elif text not in _OPERATORS and text not in "()":
            units.append((index, index + 1))
    if run_start is not None:
        units.append((run_start, len(tokens)))
    return units
