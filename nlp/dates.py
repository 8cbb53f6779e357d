"""Date expressions in French, Italian and English text, normalised to ISO-like values."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from ingest.model import DateMention
from nlp.date_periods import find_periods
from nlp.months import MONTH, month_number
from nlp.text import fold
from nlp.yearless_dates import bare_months, month_pairs, resolve_missing_years

_LANGUAGES = frozenset({"fr", "it", "en"})

_D = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORD = r"(?:er|ᵉʳ|°|º|st|nd|rd|th)?(?!\w)"
_Y = r"(?:19|20)[0-9]{2}"
# A year must not run on into a longer number, a decimal or a code such as "2021-1109".
_YEND = r"(?![\w]|[.,/-][0-9])"
# At most one line break: a date may wrap, but must not straddle paragraphs.
_S = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"

_SINGLE = "|".join(
    [
        rf"(?P<iy>{_Y})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}})(?![0-9])",
        rf"(?P<n1>[0-9]{{1,2}})(?P<ns>[./-])(?P<n2>[0-9]{{1,2}})(?P=ns)(?P<ny>{_Y}){_YEND}",
        # "14 septembre 2023", "primo gennaio del 2023", "the 3rd of May".
        rf"(?P<dd>{_D}|primo|premier){_ORD}(?:{_S}(?:of{_S})?(?P<dm>{MONTH})"
        rf"(?:,?{_S}(?:del{_S})?(?P<dy>{_Y}){_YEND})?)?",
        rf"(?P<mm>{MONTH}){_S}(?P<md>{_D}){_ORD}(?:,?{_S}(?P<my>{_Y}){_YEND})?",
        rf"(?P<ym>{MONTH})(?:{_S}(?:of{_S})?(?P<yy>{_Y}){_YEND})?",
        rf"(?P<y>{_Y}){_YEND}",
    ]
)


def _anonymous(pattern: str) -> str:
    """The same pattern without named groups, so that it can appear twice in one regex."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace("(?P=ns)", "[./-]")


# Which connector closes which opener: "entre … et", "dal … al", "from … to".
_PAIRS = frozenset(
    "entre:et du:au du:jusqu_au de:a dal:al dall:al dall:all da:a tra:e tra_il:e tra_il:e_il fra:e "
    "fra_il:e fra_il:e_il between:and from:to from:until from:till from:through".split()
)
_OPEN = r"(?:entre|du|de|dall['’]|dal|da|(?:tra|fra)(?:[^\S\n]+il)?|between|from)"
_CONN = (
    rf"[^\S\n]*[-–—/][^\S\n]*|{_S}(?:all['’]|(?:et|au|à|jusqu['’]au|al|a|e{_S}il|e|and|to"
    rf"|until|till|through){_S})"
)
_ANY = _anonymous(_SINGLE)
# On the left of "2016-2017" the year is followed by the dash that the connector takes.
_ANY_LEFT = _ANY.replace(_YEND, r"(?!\w)")

_FLAGS = re.IGNORECASE
_SINGLE_RE = re.compile(rf"(?<!\w)(?:{_SINGLE})", _FLAGS)
_SINGLE_FULL = re.compile(_SINGLE, _FLAGS)
_INTERVAL_RE = re.compile(
    rf"(?<!\w)(?:(?P<open>{_OPEN})(?:{_S}|(?<=['’])))?(?P<left>{_ANY_LEFT})(?P<conn>{_CONN})"
    rf"(?P<right>{_ANY}|[0-9]{{2}}{_YEND})",
    _FLAGS,
)
_QUARTER_WORDS = {
    **dict.fromkeys(["premier", "1er", "first", "1st", "primo", "1", "i"], 1),
    **dict.fromkeys(["deuxieme", "2e", "2eme", "second", "2nd", "secondo", "2", "ii"], 2),
    **dict.fromkeys(["troisieme", "3e", "3eme", "third", "3rd", "terzo", "3", "iii"], 3),
    **dict.fromkeys(["quatrieme", "4e", "4eme", "fourth", "4th", "quarto", "4", "iv"], 4),
}
_QUARTER_RE = re.compile(
    r"(?<!\w)(?:(?P<qw>premier|1er|(?:deuxi|troisi|quatri)[eè]me|[234]e|[234]ème|second|first"
    r"|third|fourth|1st|2nd|3rd|4th|primo|secondo|terzo|quarto|[1-4][°º]|I|II|III|IV)"
    rf"{_S}(?:trimestre|quarter){_S}(?:(?:of(?:{_S}the{_S}year)?|de(?:{_S}l['’]ann[ée]e)?"
    rf"|del(?:l['’]anno)?|dell['’]anno){_S})?(?P<qy>{_Y})"
    rf"|[QT](?P<qn>[1-4])[^\S\n]?[-/]?[^\S\n]?(?P<qy2>{_Y})|(?P<qy3>{_Y})[^\S\n]?-?Q(?P<qn3>[1-4])"
    rf"){_YEND}",
    _FLAGS,
)

# Reasons a four-digit number is not a year: an identifier, a page, a grouped or paid amount.
_CODE_WORDS = tuple(
    "n° nº n. no. nr. num num. number numero numéro art. artt. article articles articolo articoli "
    "§ p. pp. page pages pagina tel tel. tél tél. fax isbn issn covid code codes codice ref ref. "
    "réf réf. section sezione chapter chapitre capitolo € $ £ eur usd chf gbp xof fcfa".split()
)
_GROUPED_BEFORE = re.compile(r"[0-9][^\S\n]?$")
_AMOUNT_AFTER = re.compile(r"[^\S\n]?(?:[%‰€$£¥]|[0-9]{3}(?![0-9]))")
# "2000 to 2050 patients": the first number of a counted range is a count too.
_RANGE_AFTER = re.compile(r"[^\S\n]*(?:[-–]|to|and|or|à|a|al|et|ou|e|o)[^\S\n]*[0-9][0-9.,]*")
_NEXT_WORD = re.compile(r"[^\S\n]+([^\W\d_]+)")
_HYPHEN_PREFIXES = ("mi", "mid", "pre", "pré", "post", "fin")
# Before these, a year stays a year even when a lowercase word follows it.
_TEMPORAL_BEFORE = re.compile(
    r"(?:\b(?:en|dès|depuis|jusqu['’]en|avant|après|apres|pour|fin|début|debut|courant|vers|an"
    r"|année|annee|nel|dal|al|del|il|entro|anno|in|since|by|until|till|before|after|during"
    r"|year)|\bd['’]ici|\bl['’]an|\bl['’]ann[ée]e|\b(?:nell|dall|dell|l)['’]anno)[^\S\n]+$",
    re.IGNORECASE,
)
_UNIT_WORDS = frozenset(
    "euro euros eur dollars dollar usd chf km kg ha t mw kw mila mille milioni million millions "
    "milliards miliardi billion lakh crore tonnes tonnellate tons fcfa xof cfa".split()
)
_FUNCTION_WORDS = frozenset(
    "was has is as its this thus plus us always across towards whereas besides perhaps dans sous "
    "puis mais pas les des vers chez lors alors sans depuis nous vous ils elles aux très dès après "
    "che come dove anche oltre sempre mentre fine dei dai nei sui ai agli degli negli alle delle "
    "nelle sulle dalle le e se ne si ci vi mi tre poi quindi invece inoltre gli una uno per con "
    "tra fra sul sui".split()
)
# The most text a date puts before its first digit ("quatrième trimestre de l'année 2023",
# "between September") and after its last ("14 septembre"), with room for spacing.
_REACH_BEFORE, _REACH_AFTER = 64, 40
# Digits no further apart than a date can reach share one window.
_DIGITS = re.compile(rf"[0-9](?:[^0-9]{{0,{_REACH_BEFORE + _REACH_AFTER}}}[0-9])*")


class _Parts(NamedTuple):
    year: int | None
    month: int | None
    day: int | None


def _days_in(year: int | None, month: int) -> int:
    return calendar.monthrange(2000 if year is None else year, month)[1]


def _parts(m: re.Match[str], language: str | None) -> _Parts | None:
    """The year, month and day a single-date match names, or None when they are no date."""
    if m["y"]:
        return _Parts(int(m["y"]), None, None)
    year: int | None
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    elif m["ny"]:
        first, second, year = int(m["n1"]), int(m["n2"]), int(m["ny"])
        # Day first everywhere; month first only when the second number cannot be a month.
        day, month = (second, first) if first <= 12 < second else (first, second)
    else:
        # A written month: day-month-year, month-day-year (English only) or month-year.
        written_year, digits = m["dy"] or m["my"] or m["yy"], m["dd"] or m["md"]
        if digits and not digits.isdigit():
            digits = "1"  # "primo", "premier": the first of the month
        year = int(written_year) if written_year else None
        if m["dd"] and not m["dm"]:
            return _Parts(None, None, int(digits))
        found = month_number(
            m["dm"] or m["mm"] or m["ym"], language, bool(digits), bool(year), bool(m["mm"])
        )
        if found is None or not digits:
            return None if found is None else _Parts(year, found, None)
        month, day = found, int(digits)
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(year, month):
        return None
    return _Parts(year, month, day)


def _value(parts: _Parts) -> str:
    year = "XXXX" if parts.year is None else f"{parts.year:04d}"
    return "-".join([year, *(f"{x:02d}" for x in parts[1:] if x is not None)])


def _last_word(text: str, start: int, separators: str) -> str:
    words = text[max(0, start - 16) : start].split()
    return words[-1].lower().rstrip(separators) if words else ""


def _code_before(text: str, start: int) -> bool:
    """Whether a number starting at `start` is labelled as an identifier, a page or an amount."""
    previous = text[start - 1 : start]
    if previous and previous in "-/.,+#°º":
        # "mi-2020", "mid-2020" are years; "COVID-2019", "2021-1109" are not.
        return previous != "-" or _last_word(text, start, "-").lstrip("(") not in _HYPHEN_PREFIXES
    word = _last_word(text, start, ":")
    if not word.endswith(_CODE_WORDS):
        return False
    # A whole word only: "Jan." ends like "n." and "part." like "art.".
    return any(word.endswith(c) and not word[: -len(c)][-1:].isalpha() for c in _CODE_WORDS)


def _counted_after(text: str, end: int, language: str | None) -> bool:
    """Whether the next word makes a four-digit number a count ("2023 patients", "2019 euro")."""
    word = _NEXT_WORD.match(text, end, end + 40)
    if word is None or not word[1][0].islower():
        return False
    noun = word[1]
    if noun in _UNIT_WORDS:
        return True
    if noun in _FUNCTION_WORDS or len(noun) < 3:
        return False
    plural_s = language in (None, "fr", "en") and noun[-1] in "sx" and noun[-2:] not in ("ss", "is")
    plural_i = language in (None, "it") and noun[-1] in "ie"
    return plural_s or plural_i


def _is_year(text: str, start: int, end: int, language: str | None) -> bool:
    """Whether a bare four-digit number reads as a year rather than a count, amount or code."""
    before = text[max(0, start - 24) : start]
    if _code_before(text, start) or _GROUPED_BEFORE.search(before):
        return False
    if _AMOUNT_AFTER.match(text, end, end + 8):
        return False
    if _TEMPORAL_BEFORE.search(before):
        return True
    in_range = _RANGE_AFTER.match(text, end, end + 24)
    return not _counted_after(text, in_range.end() if in_range else end, language)


def _single(m: re.Match[str], text: str, language: str | None) -> tuple[int, int, str] | None:
    parts = _parts(m, language)
    if parts is None:
        # A rejected month word ("5 mai 2020" in Italian) may still leave a good year behind.
        for group in ("dy", "my", "yy"):
            if m[group] and _is_year(text, m.start(group), m.end(group), language):
                return m.start(group), m.end(group), m[group]
        return None
    if parts.month is None:
        if parts.year is None or not _is_year(text, m.start(), m.end(), language):
            return None
    elif (parts.year is None and parts.day is None) or (
        m[0][0].isdigit() and _code_before(text, m.start())
    ):
        return None
    return m.start(), m.end(), _value(parts)


def _interval(m: re.Match[str], text: str, language: str | None) -> tuple[int, int, str] | None:
    conn = m["conn"].strip()
    dash = conn in ("-", "–", "—", "/")
    if dash:
        # An opener before "2016-2017" belongs to the sentence, not to the interval.
        start = m.start("left")
    elif f"{fold(m['open'] or '')}:{fold(conn)}".replace(" ", "_") in _PAIRS:
        start = m.start()
    else:
        return None
    left_match = _SINGLE_FULL.fullmatch(m["left"])
    left = _parts(left_match, language) if left_match else None
    if left is None:
        return None
    if m["right"].isdigit() and len(m["right"]) == 2:
        if not dash or left.month is not None or left.year is None:
            return None
        right: _Parts | None = _Parts(left.year // 100 * 100 + int(m["right"]), None, None)
    else:
        right_match = _SINGLE_FULL.fullmatch(m["right"])
        right = _parts(right_match, language) if right_match else None
    if right is None or (right.year is None and (right.day is None or right.month is None)):
        return None
    if conn == "/" and (left.month is not None or left.day is not None):
        return None
    if right.month is None and (
        _AMOUNT_AFTER.match(text, m.end(), m.end() + 8) or _counted_after(text, m.end(), language)
    ):
        return None
    if left.day is not None and left.month is None:
        left = left._replace(month=right.month)
    if left.year is None and left.month is not None and right.year is not None:
        left = left._replace(year=right.year)
        if (left.month, left.day or 0) > (right.month or 0, right.day or 0):
            left = left._replace(year=right.year - 1)
    same_shape = [x is None for x in left] == [x is None for x in right]
    if not same_shape or tuple(x or 0 for x in left) >= tuple(x or 0 for x in right):
        return None
    if left.month and left.day and left.day > _days_in(left.year, left.month):
        return None  # "29 février" only got its year from the right-hand side
    if text[start].isdigit() and _code_before(text, start):
        return None
    return start, m.end(), f"{_value(left)}/{_value(right)}"


def _quarter(m: re.Match[str], text: str) -> tuple[int, int, str] | None:
    if m["qw"]:
        number, year = _QUARTER_WORDS.get(fold(m["qw"])), m["qy"]
    else:
        number, year = int(m["qn"] or m["qn3"]), m["qy2"] or m["qy3"]
    if number is None or (m[0][0].isdigit() and _code_before(text, m.start())):
        return None
    return m.start(), m.end(), f"{year}-Q{number}"


def _non_overlapping(
    found: list[tuple[int, int, str] | None], size: int
) -> list[tuple[int, int, str]]:
    """Longest expressions first, then leftmost; anything overlapping a kept span is dropped."""
    taken = bytearray(size)
    kept: list[tuple[int, int, str]] = []
    candidates = [item for item in found if item is not None]
    for start, end, value in sorted(candidates, key=lambda f: (f[0] - f[1], f[0])):
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, value))
    return sorted(kept)


def find_dates(
    text: str, language: str | None, published: dt.date | None = None
) -> list[DateMention]:
    """Every date expression in `text` with its normalised value, in text order, never overlapping.

    `language` (fr, it, en; None or another accepts all three) limits month abbreviations and
    ambiguous names. `published` dates a day and month with no year: its year, or the year
    before when that falls over two months after publication; without it the year is XXXX.
    """
    lang = language.lower()[:2] if language else None
    lang = lang if lang in _LANGUAGES else None
    found: list[tuple[int, int, str] | None] = []
    # Every date holds a digit and most of a long text holds none: scan only around digits.
    for digits in _DIGITS.finditer(text):
        start, end = max(0, digits.start() - _REACH_BEFORE), digits.end() + _REACH_AFTER
        found += (_interval(m, text, lang) for m in _INTERVAL_RE.finditer(text, start, end))
        found += (_quarter(m, text) for m in _QUARTER_RE.finditer(text, start, end))
        found += (_single(m, text, lang) for m in _SINGLE_RE.finditer(text, start, end))
    found += bare_months(text, lang) + month_pairs(text, lang)
    found += find_periods(text, 0, len(text))
    mentions = [
        DateMention(text=text[start:end], start=start, end=end, value=value)
        for start, end, value in _non_overlapping(found, len(text))
    ]
    return resolve_missing_years(text, mentions, published)
