"""The date a figure is true at (`as_of`): the date its clause or its sentence ties to it.

A reader ties a date to a figure in four ways (gold-format.md), tried in this order:

1. a figure in brackets right after a date restates it: "2022 (292 utenti, +9 %)";
2. a date that follows the figure in its own clause: "191 in 2019", "9216 signalements ont été
   enregistrés au cours de l'exercice 2021-2022"; the date is then that figure's own;
3. the last date before the figure in its sentence, unless another figure has taken it: a
   sentence-opening date governs its sentence ("Au 30 septembre 2023, ...", "In 2013, ...");
4. a sentence that points back ("au cours de la même période", "nello stesso anno", "of the 218
   deaths") takes the date of what it points to.

Dates that only serve as a comparison base or a starting point ("than in 2012", "depuis 2015",
"rispetto al 2022") tie nothing but the figure in brackets after them; dates of the reporting
("publié le 27 mars") tie nothing. A figure in brackets after another figure shares its date
("70,2 % (153)"), and a date never comes from another sentence unless it is pointed to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ingest.model import DateMention, Figure
from ingest.sentences import sentence_spans
from nlp import time_cues as cues
from nlp.time_anchors import Anchor, sentence_anchors


def tie_dates(text: str, figures: list[Figure], dates: Sequence[DateMention]) -> list[Figure]:
    """Each figure with the date its text ties to it (`as_of`), or as it was when none does."""
    if not figures:
        return figures
    as_of: list[str | None] = [None] * len(figures)
    order = sorted(range(len(figures)), key=lambda i: figures[i].start)
    ordered = sorted(dates, key=lambda d: d.start)
    date_starts = [date.start for date in ordered]
    earlier: list[tuple[float, str]] = []  # (value, as_of) of dated figures in earlier sentences
    last_period: str | None = None  # the last date a figure took, for "la même période"
    previous: str | None = None  # the date the sentence before ended on, for "Cela", "of them"
    undated: list[int] = []  # figures in sentences that hold no date at all
    last_undated: list[int] = []  # the sentence before's, when it held no date
    position = 0
    for start, end in sentence_spans(text):
        members = []
        while position < len(order) and figures[order[position]].start < end:
            members.append(order[position])
            position += 1
        in_sentence = ordered[bisect_left(date_starts, start) : bisect_left(date_starts, end)]
        anchors = sentence_anchors(text, start, end, in_sentence, last_period)
        first_end = figures[members[0]].end if members else None
        if previous is not None and _points_back(text, start, end, first_end):
            anchors.insert(0, Anchor(start, start, previous, base=False))
        usable = [a.value for a in anchors if a.ties]
        if usable and last_undated and cues.SUMS_UP_BEFORE.match(text, start, end):
            for index in last_undated:  # "... 632 denunciati. Sono i risultati del 2023."
                as_of[index] = usable[0]
        last_undated = [] if anchors else members
        if not anchors:
            undated += members
        _tie_sentence(text, (start, end), figures, members, anchors, as_of)
        _restated(text, figures, members, earlier, as_of)
        given = [as_of[i] for i in members if as_of[i] is not None]
        # What the sentence states first is its main statement: the date the next points back to.
        previous = given[0] if given else usable[-1] if usable else None
        # A period pointer ("at that time") points to the last date named, not the main one.
        last_period = (usable[-1] if usable else given[-1] if given else None) or last_period
        earlier += [(figures[i].value, as_of[i]) for i in members if as_of[i] and figures[i].value]  # type: ignore[misc]
    if data := _data_date(text, dates):
        value, start, end = data
        for index in undated:
            if start <= figures[index].start < end:
                as_of[index] = as_of[index] or value
    return [
        figure.model_copy(update={"as_of": date}) if date and date != figure.as_of else figure
        for figure, date in zip(figures, as_of, strict=True)
    ]


def _points_back(text: str, start: int, end: int, first_figure_end: int | None) -> bool:
    """Whether a sentence opens on what the one before said ("Cela correspond à") or its first
    figure counts among it ("30,000 of them were ...", "La moitié d'entre eux")."""
    if cues.OPENS_ON_BEFORE.match(text, start, end):
        return True
    among = cues.COUNTS_AMONG_BEFORE.search(text, start, end)
    if among is None or first_figure_end is None:
        return False
    return among.start() - first_figure_end <= 40 and not re.search(
        r"[;:]", text[start : among.start()]
    )


def _relative_time(text: str) -> bool:
    """Whether a time relative to the writer frames the text ("l'an dernier", "now"); one that is
    only a comparison's base ("up 12 % on the previous year") frames nothing."""
    return any(
        not cues.BASE_WORD_BEFORE.search(text, 0, match.start())
        for match in cues.RELATIVE_TIME.finditer(text)
    )


def _year_before(value: str) -> str | None:
    """The same day, month or quarter a year earlier: "2023-12-31" -> "2022-12-31"."""
    if match := re.fullmatch(r"(\d{4})((?:-\d{2}){0,2}|-Q[1-4])", value):
        return f"{int(match[1]) - 1:04d}{match[2]}"
    return None


def _data_date(text: str, dates: Sequence[DateMention]) -> tuple[str, int, int] | None:
    """The date the text says the data just given are from ("I dati, relativi al 2017"): its
    value and the stretch it covers, the statement's paragraph and the one before."""
    stated = [
        date
        for date in dates
        if cues.DATA_DATE_BEFORE.search(text, max(0, date.start - 80), date.start)
    ]
    if len({date.value for date in stated}) != 1:
        return None
    paragraph_end = text.rfind("\n", 0, stated[0].start)  # where the paragraph before ends
    while paragraph_end > 0 and text[paragraph_end - 1] in "\n ":
        paragraph_end -= 1
    previous_start = text.rfind("\n", 0, paragraph_end) + 1 if paragraph_end > 0 else 0
    return stated[0].value, previous_start, stated[0].start


def _tie_sentence(
    text: str,
    sentence: tuple[int, int],
    figures: list[Figure],
    members: list[int],
    anchors: list[Anchor],
    as_of: list[str | None],
) -> None:
    """Rules 1-3 within one sentence."""
    groups = _groups(text, figures, members)
    for group in groups:  # 1: "2022 (292 utenti, +9 %)"
        first = figures[group[0]]
        opening = text.rfind("(", 0, first.start)
        if opening < 0 or ")" in text[opening : first.start]:
            continue
        closing = text.find(")", first.start)
        if any(opening < a.start < (closing if closing > 0 else len(text)) for a in anchors):
            continue  # the brackets hold their own date: "(36 in 2020)"
        for anchor in anchors:
            if anchor.end <= opening and not text[anchor.end : opening].strip():
                if anchor.base and first.text[:1] in "+-−":
                    continue  # "par rapport à 2021 (- 11,5 %)": the change, not the base's value
                _give(group, anchor.value, as_of)
    starts = [figures[g[0]].start for g in groups]
    for number, group in enumerate(groups):  # 2: "191 in 2019"
        if as_of[group[0]] is not None:
            continue
        group_end = max(figures[i].end for i in group)
        following = starts[number + 1] if number + 1 < len(groups) else len(text)
        for anchor in anchors:
            if anchor.start < group_end or anchor.start >= following:
                continue
            gap = text[group_end : anchor.start].lstrip(") ")
            if cues.COMPARED_AFTER.match(gap):
                break  # "42 percent lower than the peak seen in 2004": the base's date
            if cues.OWN_DATE_GAP.match(gap) or (
                anchor.ties
                and len(gap) <= cues.AFTER_REACH
                and not cues.CLAUSE_MARK.search(gap)
                and not cues.CONJUNCTION.search(gap)
            ):
                _give(group, anchor.value, as_of)
                anchor.owner = group[0]
            break
    for group in groups:  # 3: the last date before, unless another figure took it
        first = figures[group[0]]
        if as_of[group[0]] is not None:
            continue
        before = [a for a in anchors if a.end <= first.start and a.ties]
        if not before:
            continue
        date, between = before[-1], text[before[-1].end : first.start]
        clause_end = cues.CLAUSE_MARK.search(text, first.end, sentence[1])
        after = text[first.start : clause_end.start() if clause_end else sentence[1]]
        if (earlier_year := cues.YEAR_EARLIER.search(after)) and not cues.BASE_WORD_BEFORE.search(
            after, 0, earlier_year.start()
        ):
            if (earlier := _year_before(date.value)) is not None:
                _give(group, earlier, as_of)  # "contre 1 845 un an plus tôt"
            continue
        if date.owner not in (None, group[0]):
            continue
        opening = not any(figures[i].start < date.start for i in members)
        if (date.embedded and cues.CLAUSE_MARK.search(between)) or (
            not opening and cues.NEW_CLAUSE.search(between)
        ):
            continue  # "which opened in 2025, ... 5,100", "as of March, and one in three"
        if _relative_time(between) or _relative_time(after):
            continue
        _give(group, date.value, as_of)
    for number, group in enumerate(groups[1:], start=1):  # "..., soit une moyenne de 363"
        first = figures[group[0]]
        clause = text[max(0, first.start - 60) : first.start]
        said = as_of[groups[number - 1][0]]
        restates = said and cues.RESTATING_CLAUSE.search(clause) and not _compared(text, first)
        if as_of[group[0]] is None and restates:
            _give(group, str(said), as_of)
    for number, group in enumerate(groups[:-1]):  # "è sceso del 3% a 107.543 nel 2023"
        first, level = figures[group[0]], figures[groups[number + 1][0]]
        if (
            as_of[group[0]] is None
            and as_of[groups[number + 1][0]] is not None
            and cues.TO_LEVEL.fullmatch(text, first.end, level.start)
            and cues.CHANGE_BEFORE.search(text, max(0, first.start - 40), first.start)
        ):
            _give(group, str(as_of[groups[number + 1][0]]), as_of)
    _only_date(text, sentence, figures, groups, anchors, as_of)
    _from_to(text, figures, members, as_of)


def _compared(text: str, figure: Figure) -> bool:
    """Whether a figure is a gap or a change against another ("12 % higher than", "an increase
    of 2 % from the 3,507 in 2012"), whose date the text leaves open."""
    if cues.COMPARED_AFTER.match(text, figure.end):
        return True
    before = text[max(0, figure.start - 40) : figure.start]
    return bool(cues.CHANGE_BEFORE.search(before) and cues.BASE_AFTER.match(text, figure.end))


def _only_date(
    text: str,
    sentence: tuple[int, int],
    figures: list[Figure],
    groups: list[list[int]],
    anchors: list[Anchor],
    as_of: list[str | None],
) -> None:
    """5: a sentence's one time adverbial, which no figure took as its own, dates the figures
    nothing else dated, wherever it stands ("17 i nuovi utenti seguiti, nel 2024, dal ...")."""
    usable = [a for a in anchors if a.ties and not _inside_brackets(text, a.start)]
    if not groups or len(usable) != 1 or usable[0].owner is not None or usable[0].embedded:
        return
    if any(a.base for a in anchors):
        return
    date = usable[0]
    if cues.RELATIVE_TIME.search(text, sentence[0], sentence[1]):
        return
    for number, group in enumerate(groups):
        # A date after a later figure is that figure's: "959 ... compared with 539 in January".
        later = [g for g in groups[number + 1 :] if figures[g[0]].start < date.start]
        first = figures[group[0]]
        between = text[min(first.end, date.end) : max(first.start, date.start)]
        if cues.NEW_CLAUSE.search(between):
            continue  # "recorded 27,914 reports in 2023-24, and social workers carry 120 cases"
        if as_of[group[0]] is None and not later and not _compared(text, first):
            _give(group, date.value, as_of)


def _from_to(text: str, figures: list[Figure], members: list[int], as_of: list[str | None]) -> None:
    """ "From 14.5 to 16.7" under "between 2019 and 2020": each end of the change its own year."""
    ends: dict[str, list[int]] = {"from": [], "to": []}
    for index in members:
        date, figure = as_of[index], figures[index]
        if date is None or date.count("/") != 1:
            continue
        before = text[max(0, figure.start - 16) : figure.start]
        if cues.FROM_BEFORE.search(before):
            ends["from"].append(index)
        elif ends["from"] and cues.TO_BEFORE.search(before):
            ends["to"].append(index)
    if ends["from"] and ends["to"]:
        for side, indices in ends.items():
            for index in indices:
                low, high = str(as_of[index]).split("/")
                as_of[index] = low if side == "from" else high


def _groups(text: str, figures: list[Figure], members: list[int]) -> list[list[int]]:
    """Figures with those in brackets right after them, which restate them: "70,2 % (153)"."""
    groups: list[list[int]] = []
    for index in members:
        figure = figures[index]
        if groups:
            previous = figures[groups[-1][-1]]
            between = text[previous.end : figure.start]
            if (
                re.fullmatch(r"\s*\(\s*(?:or\s+|soit\s+|ossia\s+|cioè\s+)?[+−-]?", between)
                or (re.fullmatch(r"\s*[,;]\s*", between) and _inside_brackets(text, figure.start))
                or (cues.RESTATES.match(between) and not _compared(text, figure))
            ):
                groups[-1].append(index)
                continue
        groups.append([index])
    return groups


def _inside_brackets(text: str, offset: int) -> bool:
    opening = text.rfind("(", 0, offset)
    return opening >= 0 and ")" not in text[opening:offset]


def _restated(
    text: str,
    figures: list[Figure],
    members: list[int],
    earlier: list[tuple[float, str]],
    as_of: list[str | None],
) -> None:
    """Rule 4 for numbers: a sentence built on an earlier figure ("of the 218 deaths") takes
    its date for the figures no date of its own ties."""
    if not earlier or all(as_of[i] is not None for i in members):
        return
    for index in members:
        figure = figures[index]
        before = text[max(0, figure.start - 16) : figure.start]
        if not cues.RESTATING_BEFORE.search(before):
            continue
        dated = [date for value, date in earlier if value == figure.value]
        if dated:
            for other in members:
                if as_of[other] is None:
                    as_of[other] = dated[-1]
            return


def _give(group: list[int], value: str, as_of: list[str | None]) -> None:
    for index in group:
        as_of[index] = value
