"""The publication date a text states at its top: a dateline, a byline or a "published" line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from email.utils import parsedate_to_datetime

from ingest.normalize import parse_iso_date

# Month names and their abbreviations in French, Italian and English, without accents: lines
# are matched with accents dropped, so "février", "fevrier" and "FÉVRIER" are one month.
_MONTH_NAMES = (
    "janvier janv gennaio genn gen january jan",
    "fevrier fevr fev febbraio febb feb february",
    "mars marzo mar march",
    "avril avr aprile apr april",
    "mai maggio magg mag may",
    "juin giugno giu june jun",
    "juillet juil luglio lug july jul",
    "aout agosto ago august aug",
    "septembre sept settembre sett set september sep",
    "octobre oct ottobre ott october",
    "novembre nov november",
    "decembre dec dicembre dic december",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_WEEKDAYS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunedi martedi mercoledi giovedi venerdi sabato domenica "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thurs fri sat sun"
).split()


def _alternatives(words: list[str]) -> str:
    # Longest first, so "sept" is not read as "sep" followed by a stray "t".
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?i:(?:{_alternatives(list(_MONTHS))})\.?(?![a-z]))"
_WEEKDAY = rf"(?:(?i:(?:{_alternatives(_WEEKDAYS)})\.?(?![a-z])),?\s+)?"
_DAY = r"(?<![0-9])(?:3[01]|[12][0-9]|0?[1-9])"
_NUMERIC_MONTH = r"(?:1[0-2]|0?[1-9])"
_YEAR = r"(?:1[89]|2[0-9])[0-9]{2}(?![0-9])"
# "1er", "1°" (folded "1o" when written "1º"), "3rd".
_ORDINAL = r"(?i:er|e|°|o|st|nd|rd|th)?"
# Day-month-year with the month named (French, Italian and English), month-day-year with the
# month named (English: "March 3, 2024"), numbers day first ("12/01/2024" is 12 January, as in
# all three countries' usage), and ISO's year first.
_DATE = (
    rf"(?:(?P<d1>{_DAY}){_ORDINAL}\s+(?:(?i:of)\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?i:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<d3>{_DAY})(?P<s3>[./-])(?P<n3>{_NUMERIC_MONTH})(?P=s3)(?P<y3>{_YEAR})"
    rf"|(?P<y4>{_YEAR})(?P<s4>[./-])(?P<n4>{_NUMERIC_MONTH})(?P=s4)(?P<d4>{_DAY})(?![0-9]))"
)
# A clock time after the date: "à 10h30", "alle 10:30", "at 9.15 am", "14:05 CET".
_TIME = (
    r"(?:\s*,?\s*(?:(?i:a|alle|ore|at)\s+)?(?:[01]?[0-9]|2[0-3])\s*(?:[:.hH]\s*[0-5][0-9]|h)"
    r"(?:\s*(?i:am|pm))?(?:\s*\(?(?i:utc|gmt|cet|cest|bst)(?:\s*[+-]\s*[0-9]{1,2})?\)?)?)?"
)
# What may stand between a cue and its date: "Publié le", "Pubblicato il", "Published on", ":".
_LINK = r"\s*(?:[:,]\s*)?(?:(?i:le|il|on|the|del|du|of|dated)\s+)?"
# Words that say the date below is the publication's, and not a later revision's: "mis à jour",
# "aggiornato", "updated" are not among them.
_CUE = (
    r"(?i:publie(?:e|s|es)?|mis\s+en\s+ligne|paru(?:e)?|date\s+de\s+publication"
    r"|pubblicat[oaie]|data\s+di\s+pubblicazione|messo\s+online"
    r"|(?:first\s+)?published|posted|released|issued|publication\s+date|date\s+published"
    r"|communique(?:\s+de\s+presse)?|comunicato(?:\s+stampa)?|(?:press|news|media)\s+release"
    r"|date\s*:|data\s*:)"
)
# Dashes and bars that divide the parts of a header line ("Santé | Publié le ...").
_DIVIDER = r"[|·•–—]"

# "Vinh, 14 novembre 2023 –", "Roma, lì 12 gennaio 2024", "PARIS (AFP), 5 mars 2024 -": a
# place, a comma, the date, and then a dash, a colon or the end of the line (in a sentence the
# date would go on: "Ieri, 12 gennaio 2024, il ministro ...").
_PLACE_WORD = r"[^\W\d_][\w'.-]*"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,4}})\s*(?:\([^()]{{1,40}}\)\s*)?,\s*"
    rf"(?:(?i:le|li|il)\s+)?{_WEEKDAY}{_DATE}{_TIME}\s*(?:\([^()]{{1,40}}\)\s*)?(?:[-–—:.]|$)"
)
# "By Jane Doe | 12 January 2024", "Par Jean Dupont, publié le 5 mars 2024", "di Mario Rossi –
# 12 gennaio 2024": an author's name, a divider, perhaps a cue, the date.
_BYLINE = re.compile(
    rf"(?i:by|par|di|da|texte\s+de|a\s+cura\s+di)\s+(?P<name>[^|·•–—,/\d]{{2,80}}?)\s*"
    rf"(?:[|·•–—,/-]\s*)+(?:{_CUE}{_LINK})?(?:(?i:le|il|on)\s+)?{_WEEKDAY}{_DATE}"
)
# "Publié le 5 mars 2024 à 10h", "Santé | Pubblicato il 3 marzo 2024": a cue opening the line
# or one of its parts, then the date; or a cue and a date that end the line ("Question de M.
# Durand (Marne) publiée le 17/04/2003"). In a sentence, the date is followed by more words:
# "Le rapport publié le 5 mars 2024 indique ..." is the report's date, not the text's.
_CUED = re.compile(rf"(?:^|{_DIVIDER}\s*)(?:{_CUE}){_LINK}{_WEEKDAY}{_DATE}")
_CUED_LAST = re.compile(rf"(?<!\w)(?:{_CUE}){_LINK}{_WEEKDAY}{_DATE}{_TIME}\s*(?:$|{_DIVIDER})")
# A date on a line of its own: "12/01/2024", "Lundi 14 novembre 2023", "March 3, 2024 10:30".
_ALONE = re.compile(rf"(?:(?i:le|il|on)\s+)?{_WEEKDAY}{_DATE}{_TIME}\s*\.?$")

# Lowercase words a place or a person's name may hold: "Castel di Sangro", "Jean de La Fontaine".
_PARTICLES = frozenset(
    "de du des di da del della dei degli la le les sur sous en upon on am an van von der den "
    "y dos das ben bin al el et e and & st".split()
)
# A byline may name the newsroom instead of a person.
_NEWSROOMS = frozenset({"redaction", "redazione", "staff", "newsroom", "editorial"})
# A text's top: its first non-empty lines, when they start this near the beginning. Lower down,
# a date is the body's, however it is written.
_HEADER_LINES = 3
_HEADER_CHARS = 300
# Longer than this, a line is a paragraph: only a dateline or cue at its start counts.
_LINE_CHARS = 200
# What clocks and libraries write when they have no date (the Unix, DOS/ZIP, Mac and Excel
# epochs): never a day anything was published.
_EPOCHS = frozenset(
    dt.date(*day)
    for day in ((1970, 1, 1), (1980, 1, 1), (1904, 1, 1), (1900, 1, 1), (1899, 12, 30))
)
# Policy reports and news are modern: an earlier "publication" is a misread or a clock default.
EARLIEST = dt.date(1900, 1, 1)


def _fold(text: str) -> str:
    """`text` without accents, case kept: "Publié le 5 février" reads "Publie le 5 fevrier"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plausible(day: dt.date, today: dt.date | None = None, earliest: dt.date = EARLIEST) -> bool:
    """Whether `day` can be a publication date: not before `earliest`, not a clock's epoch,
    and not after tomorrow (nothing is published in the future; a day of slack for time zones)."""
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    return earliest <= day <= latest and day not in _EPOCHS


# The groups of each way _DATE writes a date: (day, month, year).
_GROUPS = (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "n3", "y3"), ("d4", "n4", "y4"))


def _day(match: re.Match[str]) -> dt.date | None:
    """The date a match of _DATE names, or None when it names none (31 February)."""
    day, month, year = next(groups for groups in _GROUPS if match[groups[0]])
    named = match[month].lower().rstrip(".")
    number = int(named) if named.isdigit() else _MONTHS.get(named, 0)
    try:
        return dt.date(int(match[year]), number, int(match[day]))
    except ValueError:
        return None


def _capitalised(words: list[str], allowed: frozenset[str]) -> bool:
    return bool(words) and all(word[0].isupper() or word.lower() in allowed for word in words)


def _line_date(line: str, whole: bool) -> dt.date | None:
    """The publication date one header line states (folded, emphasis marks removed), if any;
    `whole` says the line is all there, not the opening of a long paragraph."""
    if match := _CUED.search(line) or (_CUED_LAST.search(line) if whole else None):
        return _day(match)
    if (match := _BYLINE.match(line)) and _capitalised(
        match["name"].split(), _PARTICLES | _NEWSROOMS
    ):
        return _day(match)
    if (match := _DATELINE.match(line)) and _capitalised(match["place"].split(), _PARTICLES):
        words = match["place"].split()
        if words[0][0].isupper() and words[-1][0].isupper():
            return _day(match)
    if whole and (match := _ALONE.match(line)):
        return _day(match)
    return None


def header_date(line: str) -> dt.date | None:
    """The publication date a line from a document's header states: a dateline, a byline, a
    "published" line or a date on its own ("Publié le 5 mars 2024", "By Jane Doe | 12 January
    2024"); None for anything else, a sentence that holds a date included."""
    # A dateline opens the first paragraph, which may run on for pages: only its start is read.
    whole = len(line) <= _LINE_CHARS
    cleaned = " ".join(_fold(line[:_LINE_CHARS]).replace("*", " ").replace("_", " ").split())
    return _line_date(cleaned.lstrip("#> "), whole) if cleaned else None


def stated_published(text: str, today: dt.date | None = None) -> dt.date | None:
    """The publication date the top of `text` states (see `header_date`), or None.

    Only the first few non-empty lines are read: a date further down belongs to the body.
    """
    position = 0
    seen = 0
    # A line that starts in the window is read up to _LINE_CHARS, and one more character tells
    # whether it goes on: the rest of a long text is never split.
    for line in text[: _HEADER_CHARS + _LINE_CHARS + 1].split("\n"):
        start, position = position, position + len(line) + 1
        if not line.strip():
            continue
        if seen == _HEADER_LINES or start > _HEADER_CHARS:
            break
        seen += 1
        day = header_date(line)
        if day is not None and plausible(day, today):
            return day
    return None


_COMPACT = re.compile(r"([12][0-9]{3})(0[1-9]|1[0-2])([0-3][0-9])(?:T?[0-9]{4,6}.*)?")
_ISO_PREFIX = re.compile(r"([12][0-9]{3})-([01][0-9])-([0-3][0-9])(?![0-9])")
_WRITTEN = re.compile(rf"(?:(?i:le|il|on)\s+)?{_WEEKDAY}{_DATE}")


def stated_date(value: str) -> dt.date | None:
    """The day a metadata value names, or None: ISO 8601 (a date or a date and time, the day
    as written, not moved to UTC), YYYYMMDD, RFC 2822 (HTTP and mail) or a date written out in
    French, Italian or English ("14 novembre 2023", "12/01/2024")."""
    value = " ".join(value.split())
    if not value or len(value) > 100:
        return None
    if (day := parse_iso_date(value)) is not None:
        return day
    # Nanoseconds (OpenDocument writes nine digits) and odd zones defeat fromisoformat.
    if match := _ISO_PREFIX.match(value) or _COMPACT.fullmatch(value):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _WRITTEN.match(_fold(value)):
        return _day(match)
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
