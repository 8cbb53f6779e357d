"""RTF documents: a tokenizer of control words, symbols and groups, down to the visible text."""

from __future__ import annotations

import codecs
import re

from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext

# Where a group's text goes. The first three keep it; the others drop it.
_BODY, _NOTES, _TITLE, _SKIP, _INFO, _FONTS = range(6)

# Destinations whose text is not the document's: tables of fonts, colours and styles, pictures
# and embedded objects (hex or binary data), field instructions, index and TOC entries,
# bookmark names, list labels (the "1." or bullet the list prints), and page headers and
# footers, which repeat on every page. Groups starting \* are skipped as well.
_SKIPPED = frozenset(
    b"""colortbl stylesheet listtable listoverridetable revtbl rsidtbl filetbl pgdsctbl
    generator themedata colorschememapping latentstyles datastore xmlnstbl private mmathPr
    pict nonshppict object objdata shpinst sp sn sv do fldinst datafield xe tc txe bkmkstart
    bkmkend listtext pntext pn annotation atnid atnauthor atrfstart atrfend template docvar
    userprops header headerl headerr headerf footer footerl footerr footerf ftnsep ftnsepc
    aftnsep aftnsepc""".split()
)
_CHARACTERS = {
    b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"cell": "\n", b"nestcell": "\n",
    b"tab": " ", b"emdash": "\u2014", b"endash": "\u2013", b"bullet": "\u2022",
    b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
    b"emspace": "\u2003", b"enspace": "\u2002", b"qmspace": "\u2005",
}  # fmt: skip
# \- is an optional hyphen (invisible unless a line breaks there); \_ a non-breaking hyphen,
# kept as a plain one so that "Provence-Alpes" is searched as typed.
_SYMBOLS = {b"~": "\u00a0", b"-": "", b"_": "-", b"{": "{", b"}": "}", b"\\": "\\"}
_CHARSET_CODECS = {
    77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "cp936", 136: "cp950",
    161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
    204: "cp1251", 222: "cp874", 238: "cp1250", 254: "cp437",
}  # fmt: skip
_CODEPAGE_NAMES = {10000: "mac_roman", 65001: "utf-8", 20127: "ascii"}
# A \ucN this large is damage: skipping that many bytes after every \u would eat the text.
_MAX_FALLBACK = 16


def _codepage(number: int) -> str | None:
    name = _CODEPAGE_NAMES.get(number, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# (sink, \ucN fallback byte count, font number): what a group inherits from the one around
# it and may change for itself. A tuple, so that opening a group copies nothing.
_Group = tuple[int, int, int | None]
# Deeper groups than this share the innermost one's state: a file of nothing but "{" must not
# keep millions of them.
_MAX_DEPTH = 1000
# The control words that are acted on; most of a file's (formatting) are not looked at further.
_ACTED_ON = frozenset(
    {b"u", b"bin", b"uc", b"f", b"fcharset", b"cpg", b"plain", b"deff", b"ansicpg", b"mac"}
    | {b"pc", b"pca", b"fonttbl", b"info", b"title", b"footnote"}
    | _SKIPPED
    | set(_CHARACTERS)
)


def _trie(words: frozenset[bytes]) -> bytes:
    """A pattern matching these words, choosing one letter at a time: sre tries the branches
    of "par|pict|..." one after another, and this is matched against every control word."""
    branches = []
    for first in sorted({word[0] for word in words if word}):
        rest = frozenset(word[1:] for word in words if word and word[0] == first)
        branches.append(bytes([first]) + (_trie(rest) if rest != {b""} else b""))
    pattern = b"(?:" + b"|".join(branches) + b")"
    return pattern + b"?" if b"" in words else pattern


_NAMES = _trie(_ACTED_ON)
_OTHER_WORD = rb"\\(?!" + _NAMES + rb"(?![a-zA-Z]))[a-zA-Z]{1,32}(?:-?[0-9]{1,10})? ?"
# One token per match: a control word acted on, with its parameter and the space that may end
# it; a \'hh byte; a control symbol; a group of nothing but text and other control words (as
# Word writes each run of text: "{\rtlch\fcs1 \af0 \insrsid42 text}"), its text in the state
# around it; a run of "{"; a "}"; a run of text. Runs of other control words (formatting,
# most of a file) and line ends (not text in RTF) match without a group: nothing to do.
# The possessive quantifiers keep a group that turns out not to be flat from backtracking.
_TOKEN = re.compile(
    rb"\\(" + _NAMES + rb")(?![a-zA-Z])(-?[0-9]{1,10})? ?"
    rb"|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])"
    rb"|(\{(?:" + _OTHER_WORD + rb"|[^\\{}]++)*+\})"
    rb"|(\{+)|(\})|([^\\{}\r\n]+)"
    rb"|(?:" + _OTHER_WORD + rb")+|[\r\n]+",
    re.S,
)
_WORD, _PARAMETER, _HEX, _SYMBOL, _FLAT, _OPEN, _CLOSE, _TEXT = range(1, 9)
_FORMATTING = re.compile(rb"\\[a-zA-Z]{1,32}(?:-?[0-9]{1,10})? ?|[\r\n]+")


class _Reader:
    def __init__(self) -> None:
        self.parts: tuple[list[str], list[str], list[str]] = ([], [], [])
        self.ansi = "cp1252"
        self.default_font = 0
        self.fonts: dict[int, str] = {}  # font number to code page, for non-ANSI charsets
        self.defining: int | None = None  # the font the font table is describing

    def read(self, data: bytes) -> None:
        """Read the document token by token: one loop with its state in locals, as a large
        file is millions of tokens."""
        parts = self.parts
        pending = bytearray()  # text bytes not yet decoded: the two \'hh of a DBCS character
        group: _Group = (_BODY, 1, None)
        # Inside the document's group from the start: it must not be taken for a flat one.
        outer: list[_Group] = [group]
        too_deep = 0  # groups opened beyond _MAX_DEPTH and not yet closed
        to_skip = 0  # fallback bytes still to drop after a \uN
        position = data.find(b"{") + 1
        while position < len(data):
            for match in _TOKEN.finditer(data, position):
                kind = match.lastindex
                if kind is None:
                    continue
                sink = group[0]
                if kind == _TEXT:
                    if sink <= _TITLE:
                        chunk = match[_TEXT]
                        if to_skip:
                            dropped = min(to_skip, len(chunk))
                            chunk, to_skip = chunk[dropped:], to_skip - dropped
                        pending += chunk
                    continue
                if kind == _HEX:
                    if to_skip:
                        to_skip -= 1
                    elif sink <= _TITLE:
                        pending.append(int(match[_HEX], 16))
                    continue
                if kind == _FLAT:
                    to_skip = 0
                    if sink <= _TITLE:
                        pending += _FORMATTING.sub(b"", match[_FLAT][1:-1])
                    continue
                if pending:  # the font, and so the code page, may change next
                    font = self.default_font if group[2] is None else group[2]
                    codec = self.fonts.get(font, self.ansi)
                    parts[sink].append(pending.decode(codec, errors="replace"))
                    pending.clear()
                if kind in (_OPEN, _CLOSE):
                    to_skip = 0  # a \uN's fallback does not run past its group
                if kind == _OPEN:
                    count = match.end() - match.start()
                    if count == 1 and len(outer) < _MAX_DEPTH:
                        outer.append(group)
                    else:
                        room = max(0, min(count, _MAX_DEPTH - len(outer)))
                        outer.extend([group] * room)
                        too_deep += count - room
                elif kind == _CLOSE:
                    if too_deep:
                        too_deep -= 1
                        continue
                    closed, group = group, outer.pop()
                    if not outer:
                        return  # the document's outermost group is closed
                    if closed[0] == _NOTES and group[0] != _NOTES:
                        parts[_NOTES].append("\n")
                elif kind == _SYMBOL:
                    symbol = match[_SYMBOL]
                    if symbol == b"*":
                        group = (_SKIP, *group[1:])
                    elif symbol in (b"\r", b"\n"):  # a backslash before a line end is \par
                        if sink <= _TITLE:
                            parts[sink].append("\n")
                    elif (text := _SYMBOLS.get(symbol)) is not None:
                        if to_skip:
                            to_skip -= 1
                        elif sink <= _TITLE:
                            parts[sink].append(text)
                else:
                    word = match[_WORD]
                    parameter = None if match[_PARAMETER] is None else int(match[_PARAMETER])
                    if (text := _CHARACTERS.get(word)) is not None:
                        if sink <= _TITLE:
                            parts[sink].append(text)
                    elif word == b"u" and parameter is not None:
                        # A signed 16-bit number: characters above U+7FFF are written negative.
                        code = parameter + 65536 if parameter < 0 else parameter
                        if sink <= _TITLE:
                            parts[sink].append(chr(code) if code <= 0x10FFFF else "\ufffd")
                        to_skip = group[1]
                    elif word == b"bin" and parameter is not None:
                        # Raw bytes, which may hold braces and backslashes: jump over them.
                        position = match.end() + max(0, parameter)
                        break
                    else:
                        group = self.word(group, word, parameter)
            else:
                break
        if pending:
            font = self.default_font if group[2] is None else group[2]
            parts[group[0]].append(pending.decode(self.fonts.get(font, self.ansi), "replace"))

    def word(self, group: _Group, word: bytes, parameter: int | None) -> _Group:
        """The group's state after a control word that changes it, or the document's."""
        sink, fallback, font = group
        if word == b"uc" and parameter is not None:
            return (sink, max(0, min(parameter, _MAX_FALLBACK)), font)
        if word == b"f" and parameter is not None:
            if sink != _FONTS:
                return (sink, fallback, parameter)
            self.defining = parameter
        elif word in (b"fcharset", b"cpg") and parameter is not None:
            if sink == _FONTS and self.defining is not None:
                if word == b"fcharset":
                    codec = _CHARSET_CODECS.get(parameter)
                else:
                    codec = _codepage(parameter)
                if codec:
                    self.fonts[self.defining] = codec
        elif word == b"plain":
            return (sink, fallback, None)
        elif word == b"deff" and parameter is not None:
            self.default_font = parameter
        elif word == b"ansicpg" and parameter is not None:
            self.ansi = _codepage(parameter) or self.ansi
        elif word in (b"mac", b"pc", b"pca"):
            self.ansi = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}[word]
        elif word in _SKIPPED:
            return (_SKIP, fallback, font)
        elif word == b"fonttbl":
            return (_FONTS, fallback, font)
        elif word == b"info":
            return (_INFO if sink == _BODY else _SKIP, fallback, font)
        elif word == b"title" and sink in (_INFO, _BODY):
            return (_TITLE, fallback, font)
        elif word == b"footnote" and sink == _BODY:  # endnotes too: \footnote\ftnalt
            return (_NOTES, fallback, font)
        return group


def _joined(parts: list[str]) -> str:
    text = "".join(parts)
    # \uN writes characters beyond the BMP as two surrogates; pair them, replace lone ones.
    if re.search("[\ud800-\udfff]", text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def read_rtf(data: bytes, context: ReadContext) -> Extracted:
    """An RTF document's text, a paragraph a line, footnotes after it; the title from \\info.

    A truncated file (groups left open) gives the text read up to where it stops.
    """
    if not data[:1024].lstrip().startswith(b"{\\rtf"):
        raise ReaderError("not a valid RTF: no {\\rtf header")
    reader = _Reader()
    reader.read(data)
    body, notes, title = (_joined(part) for part in reader.parts)
    lines = [line.rstrip() for line in body.strip("\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    notes = "\n".join(line.strip() for line in notes.split("\n") if line.strip())
    if notes:
        text = f"{text}\n\n{notes}" if text else notes
    return Extracted(text=text, title=" ".join(title.split()) or None)
