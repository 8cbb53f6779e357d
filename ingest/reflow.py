"""Lines put back into paragraphs: printed pages and hard-wrapped text break every line, and
line breaks end sentences here, so a sentence cut at the margin would read as two."""

from __future__ import annotations

import re

# A line that opens a list item, which stays on a line of its own.
_ITEM = re.compile(r"\s*(?:[-–—•·*▪●]|\(?\d{1,2}[.)]|[a-z][.)])\s")
_HYPHENATED = re.compile(r"(\w)-$")
_BLOCKS = re.compile(r"\n[ \t]*\n")
# Blocks whose longest lines are shorter than this are lists, tables or verse, not wrapped prose.
_MIN_WRAP_WIDTH = 40
# A line this much shorter than the block's usual width ends its paragraph.
_FULL_LINE_SHARE = 0.7
_AT_MARGIN_SHARE = 0.9


def _join(previous: str, line: str) -> str:
    if _HYPHENATED.search(previous):
        # "toxico-" then "manes" is a word cut at the margin; "Saint-" then "Étienne" a
        # compound that keeps its hyphen.
        return (previous[:-1] if line[:1].islower() else previous) + line
    return f"{previous} {line}"


def reflow_paragraphs(text: str) -> str:
    """OCR output (blank lines between paragraphs, a line break per printed line) with each
    paragraph on one line; list items keep their own lines."""
    paragraphs = []
    for block in _BLOCKS.split(text.replace("\f", "\n")):
        joined: list[str] = []
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if not joined or _ITEM.match(line):
                joined.append(line)
            else:
                joined[-1] = _join(joined[-1], line)
        if joined:
            paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


def unwrap_lines(text: str) -> str:
    """Text wrapped at a width (a PDF's text layer, a plain-text e-mail) with each paragraph on
    one line: a line that reaches across the block goes on into the next. Short lines
    (headings, a paragraph's last line), list items, and a line of figures followed by another
    keep their breaks."""
    blocks = []
    for block in _BLOCKS.split(text):
        lines = [line.rstrip() for line in block.split("\n")]
        lengths = sorted(len(line) for line in lines if line.strip())
        if not lengths or lengths[-1] < _MIN_WRAP_WIDTH:
            blocks.append("\n".join(lines))
            continue
        # The usual width, not the longest line: one overlong line must not make all short.
        width = lengths[int(0.9 * (len(lengths) - 1) + 0.5)]
        joined: list[str] = []
        last = ""
        for line in lines:
            if joined and _goes_on(last, line, width, len(lengths)):
                joined[-1] = _join(joined[-1], line.strip())
            else:
                joined.append(line)
            last = line
        blocks.append("\n".join(joined))
    return "\n\n".join(blocks)


def _goes_on(last: str, line: str, width: int, lines: int) -> bool:
    """Whether `line` continues the paragraph whose last printed line was `last`."""
    if not line.strip() or not last.strip() or len(last) < _FULL_LINE_SHARE * width:
        return False
    if _ITEM.match(line) or last.rstrip().endswith(":"):
        return False
    if last.rstrip()[-1] in ".!?…":
        # A sentence that ends a line goes on only where the wrapping is plain: a block of
        # several lines, this one reaching the margin. Two lines cannot tell a margin.
        return lines >= 3 and len(last) >= _AT_MARGIN_SHARE * width
    # "... 4 120" then "530 ...": joined, two cells of a table would read as one number.
    return not (last.rstrip()[-1:].isdigit() and line.lstrip()[:1].isdigit())
