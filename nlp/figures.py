"""The figure extractor: every statistical quantity a text states, with value, unit and context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import DateMention, Figure, Qualifier
from nlp import units
from nlp.numbers import DIGITS, SCALE_WORDS, SCALES, parse_digits, parse_words, word_number_pattern

_DIGITS = re.compile(DIGITS)
_SCALE_AFTER = re.compile(rf"^(\s?)({SCALE_WORDS})(?![\w])(\s+(?:de|d'|di|of)\s?)?", re.IGNORECASE)
_ATTACHED_ONLY_SCALES = {"m", "k", "md"}  # "£3.2m" is millions, "3 m" is metres
_ORDINAL_SUFFIX = re.compile(r"^(?:er|ère|re|e|ème|eme|è|nd|rd|th|st|°|º|ª|bis)\b", re.IGNORECASE)
_CODE_BEFORE = re.compile(
    r"(?:\b(?:art|article|articles|articolo|articoli|section|sezione|n|no|nº|n°|num|numéro|"
    r"numero|number|loi|law|décret|decreto|decree|legge|page|pages|p|pp|pagina|chapitre|"
    r"capitolo|chapter|paragraphe|paragrafo|comma|alinéa|tél|tel|phone|fax|code|codice|"
    r"version|niveau|level|phase|fase|étape|step|point|punto|annexe|allegato|annex|figure|"
    r"tableau|tabella|table|goal|objectif|obiettivo|target|cible|sdg|odd|cap|covid|sars|"
    r"h|g|room|salle|stanza|route|rue|via|street|avenue|lot|ligne|linea|line|grade|classe|"
    r"class|tier|catégorie|categoria|category|type|tipo|semestre|trimestre|quarter|t|q|"
    r"semaine|week|settimana|saison|season|stagione|édition|edition|edizione|session|"
    r"sessione|round|tour|volume|vol|tome|issue|numéro|act|acts|bill|ordinance|resolution|"
    r"résolution|risoluzione|décision|decisione|directive|direttiva|regulation|règlement|"
    r"regolamento|circulaire|circolare|arrêté|ordonnance)\.?\s*[°º]?\s*$)|[#§№]\s*$|[A-Za-z][-_]$",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:les|ces|des|the|these|those|both|i|gli|le|questi|queste|quei|quelle|entrambi|"
    r"ses|leurs|their|its|nos|our|i\s+suoi|le\s+sue|loro)\s+$",
    re.IGNORECASE,
)
_SINGLE_CUES = re.compile(
    r"\b(?:seul(?:e|s|es)?|only|solo|soltanto|solamente|just|single|unique|uniquement|"
    r"appena|a\s+single|un\s+seul|une\s+seule|un\s+solo|una\s+sola)\s+$",
    re.IGNORECASE,
)
_SINGLE_AFTER = re.compile(r"\s+(?:seul|seule|solo|sola|single|unique|unico|unica)\b", re.I)
_QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\b(?:au\s+moins|at\s+least|almeno|pas\s+moins\s+de|non\s+meno\s+di|"
                r"no\s+(?:fewer|less)\s+than|minimum(?:\s+de)?|a\s+minimum\s+of)\s+$", re.I),
     "at_least"),
    (re.compile(r"\b(?:plus\s+d[e']|more\s+than|over|oltre|più\s+di|above|upwards\s+of|"
                r"in\s+excess\s+of|exceeding|au-delà\s+de|supérieure?s?\s+à|superiore\s+a|"
                r"più\s+del(?:la|le|l')?|plus\s+des?)\s*$", re.I), "more_than"),
    (re.compile(r"\b(?:moins\s+d[e']|less\s+than|fewer\s+than|under|below|meno\s+di|"
                r"inférieure?s?\s+à|inferiore\s+a|meno\s+del(?:la|le|l')?)\s*$", re.I),
     "less_than"),
    (re.compile(r"\b(?:jusqu'à|jusqu'au|up\s+to|fino\s+a|as\s+many\s+as|au\s+maximum|"
                r"al\s+massimo|at\s+most|a\s+maximum\s+of|maximum\s+of)\s+$", re.I), "up_to"),
    (re.compile(r"(?:\b(?:environ|près\s+d[e']|quelque|approximativement|presque|quasi|"
                r"quasiment|circa|about|around|nearly|almost|some|approximately|roughly|"
                r"an\s+estimated|estimated|estimé\s+à|estimée?s?\s+à|stimat[io]\s+in|"
                r"stimate\s+in|intorno\s+a|attorno\s+a|poco\s+più\s+di|poco\s+meno\s+di|"
                r"à\s+peu\s+près|grosso\s+modo|autour\s+de|une\s+(?:trentaine|centaine|"
                r"vingtaine|dizaine))\s+|~\s*)$", re.I), "approx"),
]  # fmt: skip
_RANGE_CUE = re.compile(
    r"\b(?:entre|between|tra|fra|from|de|da|dal|dai|dalle|dagli)\s+(?:les?\s+|i\s+|the\s+)?$",
    re.IGNORECASE,
)
_CURRENCY_MARK = r"(?:US\$|[$€£₦₹₱]|Rs\.?\s?|R(?=\d)|KSh\s?)?"
_RANGE_JOIN = re.compile(
    rf"^\s*(?:à|a|-|–|—|to|al|alle|ai|au|aux)\s*{_CURRENCY_MARK}$|^(?:-|–)$", re.IGNORECASE
)
_RANGE_JOIN_WITH_CUE = re.compile(
    rf"^\s*(?:et|and|e|y)\s+(?:les?\s+|i\s+|the\s+)?{_CURRENCY_MARK}$", re.IGNORECASE
)
# "passer de 227.000 à 350.000" is a change between two figures, not a range.
_CHANGE_BEFORE = re.compile(
    r"\b(?:pass\w*|augment\w*|port\w*|grimp\w*|baiss\w*|chut\w*|recul\w*|diminu\w*|"
    r"rose|risen|rise|rising|increas\w*|fell|fall\w*|declin\w*|decreas\w*|dropp\w*|went|"
    r"grew|grow\w*|climb\w*|aumentat\w*|passat\w*|salit\w*|sces\w*|calat\w*|cresciut\w*)"
    r"\s+(?:de|d'|from|da|dal|dai|dalle)\s*$",
    re.IGNORECASE,
)
# "4 patients sur 10": the denominator after the counted noun.
_OF_AFTER_NOUN = re.compile(r"^\s+[^\W\d]+\s+(?:sur|su|out\s+of|in)\s+$", re.IGNORECASE)
# Ages that only define a population: "aged 35-44", "âgés de 15 à 24 ans", "di età 18-25".
_AGE_BAND_BEFORE = re.compile(
    r"\b(?:aged|ages|age\s+group|âgée?s?\s+de|tranche\s+d'âge|di\s+età|età|fascia\s+d'età|"
    r"tra\s+i|fra\s+i|between\s+the\s+ages\s+of|les)\s*(?:de\s+|di\s+|of\s+)?$",
    re.IGNORECASE,
)
_OF_JOIN = re.compile(
    r"^\s*(?:/|sur|su|out\s+of|in|des|delle|dei|degli|of\s+the|of|parmi\s+les|tra\s+le|"
    r"of\s+every|out\s+of\s+every|sur\s+chaque|su\s+ogni|in\s+every)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ABOUT_SKIP = re.compile(
    r"^(?:\s*(?:de|d'|des|du|di|del|della|dei|degli|delle|of|the|les|la|le|i|gli|nouveaux|"
    r"nouvelles|new|nuovi|nuove|en|in|à)\b\s*)+",
    re.IGNORECASE,
)
_ABOUT_STOP = frozenset(
    "et ou qui que dont sont ont a été est sera seront ont avaient avait en dans à au aux pour "
    "par sur avec sans selon contre chez e o che sono hanno ha è nel nella nei negli per con "
    "su tra fra secondo dal dalla and or who which that are were was is have has had been in "
    "on at for by with from to into than as per since while".split()
)
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-ZÀ-Ý«\"“(])|\n")
_AS_OF_CUE = re.compile(
    r"(?:\b(?:au|à\s+la\s+date\s+du|à\s+fin|fin|as\s+of|as\s+at|at\s+the\s+end\s+of|"
    r"by\s+the\s+end\s+of|al|alla\s+data\s+del|alla\s+fine\s+di|a\s+fine|a\s+fine\s+del|"
    r"entro\s+il|until|jusqu'au|up\s+to|fino\s+al|dès)\s+(?:le\s+|il\s+|the\s+)?)$",
    re.IGNORECASE,
)
_WORD_FRACTIONS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:la\s+moitié|la\s+metà|half|metà|moitié)\b", re.I), 0.5),
    (re.compile(r"\b(?:deux\s+tiers|due\s+terzi|two[- ]thirds)\b", re.I), 2 / 3),
    (re.compile(r"\b(?:trois\s+quarts|tre\s+quarti|three[- ]quarters)\b", re.I), 0.75),
    (re.compile(r"\b(?:un\s+tiers|un\s+terzo|one[- ]third|a\s+third)\b", re.I), 1 / 3),
    (re.compile(r"\b(?:un\s+quart|un\s+quarto|one[- ]quarter|a\s+quarter)\b", re.I), 0.25),
    (re.compile(r"\b(?:un\s+cinquième|un\s+quinto|one[- ]fifth|a\s+fifth)\b", re.I), 0.2),
    (re.compile(r"\b(?:un\s+dixième|un\s+decimo|one[- ]tenth|a\s+tenth)\b", re.I), 0.1),
]
_MULTIPLIERS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:doubl(?:é|ée|és|ées|er|era|eront|ait|aient|ent)|redoublé|doubled|"
                r"doubling|doubles|double\s+the|raddopp\w+|il\s+doppio)\b", re.I), 2),
    (re.compile(r"\b(?:tripl(?:é|ée|és|ées|er|era|eront|ait|ent)|tripled|tripling|"
                r"triplicat\w*|triplicher\w+|il\s+triplo)\b", re.I), 3),
    (re.compile(r"\b(?:quadrupl(?:é|ée|és|ées|er|ed)|quadruplicat\w*|il\s+quadruplo)\b",
                re.I), 4),
]  # fmt: skip


@dataclass
class _Number:
    start: int
    end: int
    value: float
    word: bool
    scale: float = 1.0


def find_figures(
    text: str,
    language: str | None,
    dates: Sequence[DateMention] = (),
    countries: Sequence[str] = (),
) -> list[Figure]:
    """Every figure in `text`; `dates` keep dates out and give `as_of`, `countries` resolve "$"."""
    blocked = [(d.start, d.end) for d in dates]
    # Word fractions and multipliers first: "deux tiers" is two thirds, not two of something.
    phrases = _phrase_figures(text, blocked)
    numbers = _numbers(text, language, blocked + [(f.start, f.end) for f in phrases])
    figures: list[Figure] = list(phrases)
    covered = 0  # numbers before this offset belong to a figure already made
    for i, number in enumerate(numbers):
        if number.start < covered:
            continue
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        figure, covered = _figure_at(text, number, following, countries)
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return _with_as_of(text, figures, dates)


def _numbers(text: str, language: str | None, blocked: list[tuple[int, int]]) -> list[_Number]:
    found: list[_Number] = []
    for match in _DIGITS.finditer(text):
        value = parse_digits(match.group(), language)
        if value is not None:
            found.append(_Number(match.start(), match.end(), value, word=False))
    for code in [language] if language in ("fr", "it", "en") else ["fr", "it", "en"]:
        for match in word_number_pattern(code).finditer(text):
            value = parse_words(match.group(), code)
            if value is not None and not any(
                n.start < match.end() and match.start() < n.end for n in found
            ):
                found.append(_Number(match.start(), match.end(), value, word=True))
    kept = []
    for number in sorted(found, key=lambda n: n.start):
        if any(s < number.end and number.start < e for s, e in blocked):
            continue
        after = text[number.end : number.end + 4]
        if not number.word and _ORDINAL_SUFFIX.match(after):
            continue
        digits = text[number.start : number.end]
        if not number.word and len(digits) > 1 and digits[0] == "0" and digits[1] in "0123456789 ":
            continue  # "07", phone numbers and codes
        _absorb_scale(text, number)
        kept.append(number)
    return kept


def _absorb_scale(text: str, number: _Number) -> None:
    match = _SCALE_AFTER.match(text[number.end : number.end + 20])
    if not match:
        return
    word = match.group(2).lower()
    if word in _ATTACHED_ONLY_SCALES and (match.group(1) or number.word):
        return
    number.scale = SCALES[word]
    number.value *= number.scale
    number.end += match.end(2)


def _figure_at(
    text: str, number: _Number, following: _Number | None, countries: Sequence[str]
) -> tuple[Figure | None, int]:
    """The figure that starts with `number` (maybe joined with the next), and where it ends."""
    before = text[max(0, number.start - 40) : number.start]
    value: float | None = number.value
    value_min = value_max = of = None
    end = number.end
    if slash := _SLASH_OF.match(text, end):
        of, end = float(slash.group(1)), slash.end()
    elif (hyphen := _HYPHEN_RANGE.match(text, end)) and float(hyphen.group(1)) > number.value:
        value, value_min, value_max = None, number.value, float(hyphen.group(1))
        end = hyphen.end()
    elif following is not None:
        gap = text[number.end : following.start]
        is_range = _RANGE_JOIN.match(gap) or (
            _RANGE_JOIN_WITH_CUE.match(gap)
            and _RANGE_CUE.search(re.sub(_CURRENCY_MARK + "$", "", before))
        )
        if is_range and following.value > number.value and not _CHANGE_BEFORE.search(before):
            low = number.value
            if low * 1000 < following.value and following.scale > 1:
                low *= following.scale  # "entre 1,5 et 2 millions": the scale covers both
            value, value_min, value_max = None, low, following.value
            end = following.end
        elif (
            (_OF_JOIN.match(gap) or _OF_AFTER_NOUN.match(gap))
            and following.value > number.value
            and (not gap.strip().endswith("in") or number.value < 10)
        ):
            of, end = following.value, following.end
    if value_min is not None and _AGE_BAND_BEFORE.search(before):
        return None, end
    measure = _measure(text, number.start, end, countries, value_min is not None)
    if measure is None:
        return None, end
    start, end, unit = measure
    joined = of is not None or value_min is not None
    if unit == "count" and not _is_count(text, number, joined):
        return None, end
    if (
        number.word
        and number.value == 1
        and not joined
        and not _SINGLE_CUES.search(before)
        and not _SINGLE_AFTER.match(text, number.end)
    ):
        return None, end  # "un", "one", "una" before a unit are articles: "un de l'autre"
    if unit in units.TO_KG and (compound := _COMPOUND_MASS.match(text, end)):
        # "13 tonnes et 750 kilogrammes": one figure, in the smaller unit.
        smaller = units.PHYSICAL_UNITS[compound.group(2).lower()][0]
        if smaller in units.TO_KG and units.TO_KG[smaller] < units.TO_KG[unit]:
            extra = parse_digits(compound.group(1), None) or 0.0
            value = (value or 0.0) * units.TO_KG[unit] / units.TO_KG[smaller] + extra
            unit, end = smaller, compound.end()
    about, about_end = _about(text, end)
    per, covered = _per(text, end)
    if per is None and about_end:
        per, covered = _per(text, about_end)
    span_end = about_end if unit == "count" and about_end else end
    return (
        Figure(
            text=text[start:span_end],
            start=start,
            end=span_end,
            value=value,
            value_min=value_min,
            value_max=value_max,
            of=of,
            unit=unit,
            per=per,
            qualifier=_qualifier(text[max(0, start - 40) : start]),
            about=about,
        ),
        max(covered, span_end),
    )


_SLASH_OF = re.compile(r"\s?/\s?(\d+)(?![\d/])")
_HYPHEN_RANGE = re.compile(r"[-–](\d+)(?![\d/.,-])")
_COMPOUND_MASS = re.compile(
    r"\s+(?:et|e|and)\s+(\d+(?:[.,]\d+)?)\s?("
    + "|".join(sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_CURRENCY_PREFIX = re.compile(
    r"(?<![\w$€£])("
    + "|".join(
        # One-letter symbols ("R530", "P21.9 billion") only when glued to the number.
        rf"{p}(?!\s)" if len(p) == 1 and p.isalpha() else re.escape(p)
        for p in sorted(units.CURRENCY_PREFIXES, key=len, reverse=True)
    )
    + r")\s?$"
)
_CURRENCY_AFTER = re.compile(
    r"^\s?(?:(?:de|d'|di|of|en)\s?)?("
    + "|".join(re.escape(w) for w in sorted(units.CURRENCY_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_PHYSICAL_AFTER = re.compile(
    r"^\s?(?:(?:de|d'|di|of)\s?)?("
    + "|".join(re.escape(w) for w in sorted(units.PHYSICAL_UNITS, key=len, reverse=True))
    + r")(?![\w²'’])",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(rf"^\s?(?:{units.PERCENT_POINTS}|{units.PERCENT}(?!\w))", re.I)
_TIMES_AFTER = re.compile(rf"^\s?{units.TIMES_WORDS}\b", re.I)
_DURATION_AFTER = re.compile(
    r"^\s(" + "|".join(sorted(units.DURATION_UNITS, key=len, reverse=True)) + r")\b", re.I
)


def _measure(
    text: str, start: int, end: int, countries: Sequence[str], is_range: bool = False
) -> tuple[int, int, str] | None:
    """(span start, span end, unit) of the quantity around a number, or None if not a figure."""
    after = text[end : end + 60]
    if prefix := _CURRENCY_PREFIX.search(text, max(0, start - 6), start):
        currency = _resolve_currency(units.CURRENCY_PREFIXES[prefix.group(1)], countries)
        tail = _CURRENCY_AFTER.match(after)
        return prefix.start(1), end + (tail.end() if tail else 0), currency
    if match := _PERCENT_AFTER.match(after):
        return start, end + match.end(), "percent"
    if match := _CURRENCY_AFTER.match(after):
        word = match.group(1).lower()
        return start, end + match.end(), _resolve_currency(units.CURRENCY_WORDS[word], countries)
    if match := _TIMES_AFTER.match(after):
        return start, end + match.end(), "times"
    if match := _PHYSICAL_AFTER.match(after):
        return start, end + match.end(), units.PHYSICAL_UNITS[match.group(1).lower()][0]
    if match := _DURATION_AFTER.match(after):
        unit = units.DURATION_UNITS[match.group(1).lower()]
        clause = re.split(r"[,;:.()\n]", text[max(0, start - 40) : start])[-1]
        if _TIME_WINDOW.search(clause) or _TIME_WINDOW_AFTER.match(text, end + match.end()):
            return None  # "au cours des dix dernières années", "three years ago"
        # Short durations are policy parameters ("14 jours", "72 ore"); years and months only
        # with a cue, since alone they are mostly ages and periods ("moins de 35 ans").
        if unit in ("year", "month") and not (is_range or units.DURATION_CUES.search(clause)):
            return None
        return start, end + match.end(), unit
    return start, end, "count"


_TIME_WINDOW = re.compile(
    r"\b(?:depuis|pendant|durant|il\s+y\s+a|dans|au\s+cours\s+des|ces|les|derniers|dernières|"
    r"prochains|prochaines|past|last|next|over\s+the|in\s+the|within\s+the|for\s+the|"
    r"these|those|ultimi|ultime|prossimi|prossime|negli|nei|nelle|da|fa|per|aged|âgée?s?\s+de|"
    r"di\s+età|età|sous|under)\s*$",
    re.IGNORECASE,
)
_TIME_WINDOW_AFTER = re.compile(
    r"\s+(?:ago|fa|derniers|dernières|précédents|précédentes|passés|passées|old|d'âge|"
    r"ultimi|ultime|scorsi|scorse|precedenti|earlier|before)\b",
    re.IGNORECASE,
)


def _resolve_currency(code: str, countries: Sequence[str]) -> str:
    """ISO 4217 for "$", "francs" and "pesos", from the countries the document is about."""
    table = {"$": units.DOLLAR_COUNTRIES, "franc": units.FRANC_COUNTRIES}.get(code)
    if code == "$peso":
        table = units.PESO_COUNTRIES
    if table is None:
        return code
    for country in countries:
        if country in table:
            return table[country]
    return {"$": "USD", "franc": "CHF", "$peso": "MXN"}[code]


def _per(text: str, end: int) -> tuple[str | int | None, int]:
    """The rate after a figure ("par jour", "pour 100 000 habitants") and where it ends."""
    after = text[end : end + 60]
    for pattern, period in units.PER_RATES:
        if match := pattern.match(after):
            return period, end + match.end()
    if match := units.PER_POPULATION.match(after):
        base = match.group(1).lower()
        words = {"mille": 1000, "thousand": 1000, "cent": 100, "hundred": 100}
        if base in ("million", "millions", "milione"):
            return 1_000_000, end + match.end()
        if base in words:
            return words[base], end + match.end()
        parsed = parse_digits(base, None)
        if parsed and parsed >= 10 and match.group(0).strip().split()[0].lower() != "su":
            return int(parsed), end + match.end()
    return None, end


def _is_count(text: str, number: _Number, joined: bool) -> bool:
    """Whether a bare number counts something rather than naming, ranking or referring."""
    before = text[max(0, number.start - 30) : number.start]
    if _CODE_BEFORE.search(before):
        return False
    after = text[number.end : number.end + 3]
    if re.match(r"^(?:[:h]\d|\)|\.\d)", after):
        return False  # times of day "14h30", list markers "1)"
    if number.word:
        if _REFERS_BACK.search(before) and not joined:
            return False  # "les deux provinces" points back at something already counted
        if number.value == 1 and not (
            joined or _SINGLE_CUES.search(before) or _SINGLE_AFTER.match(text, number.end)
        ):
            return False  # "un", "one", "una" are mostly articles
    line_start = text.rfind("\n", 0, number.start) + 1
    # Numbered list items ("1. ", "2) ") open a line and count nothing.
    return bool(text[line_start : number.start].strip()) or not re.match(r"^[.)]\s", after)


def _qualifier(before: str) -> Qualifier | None:
    for pattern, qualifier in _QUALIFIERS:
        if pattern.search(before):
            return qualifier
    return None


def _about(text: str, end: int) -> tuple[str | None, int]:
    """The counted thing after a figure ("toxicomanes avec des dossiers"), and where it ends."""
    rest = text[end : end + 120]
    skipped = _ABOUT_SKIP.match(rest)
    offset = skipped.end() if skipped else 0
    words: list[re.Match[str]] = []
    for match in _WORD.finditer(rest, offset):
        gap = rest[(words[-1].end() if words else offset) : match.start()]
        if (words and gap.strip()) or (not words and gap.strip()):
            break
        if match.group().lower() in _ABOUT_STOP or len(words) >= 4:
            break
        words.append(match)
    if not words:
        return None, 0
    if not words[0].group()[:1].isalpha():
        return None, 0
    return rest[words[0].start() : words[-1].end()], end + words[0].end()


def _phrase_figures(text: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Fractions and multipliers written as words: "la moitié", "two-thirds", "a doublé"."""
    taken = list(blocked)
    found: list[Figure] = []
    for table, unit in ((_WORD_FRACTIONS, "fraction"), (_MULTIPLIERS, "times")):
        for pattern, value in table:
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                about, _ = _about(text, match.end())
                taken.append((match.start(), match.end()))
                found.append(
                    Figure(
                        text=match.group(),
                        start=match.start(),
                        end=match.end(),
                        value=round(value, 4),
                        unit=unit,
                        qualifier=_qualifier(text[max(0, match.start() - 40) : match.start()]),
                        about=about,
                    )
                )
    return found


def _with_as_of(text: str, figures: list[Figure], dates: Sequence[DateMention]) -> list[Figure]:
    """Give each figure the date its sentence ties to it ("Au 30 septembre 2023, ...")."""
    anchored = [d for d in dates if _AS_OF_CUE.search(text[max(0, d.start - 30) : d.start])]
    if not anchored:
        return figures
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    result = []
    for figure in figures:
        sentence = max(b for b in bounds if b <= figure.start)
        following = min((b for b in bounds if b > figure.start), default=len(text))
        tied = [d for d in anchored if sentence <= d.start < following]
        as_of = tied[0].value if tied else None
        result.append(figure.model_copy(update={"as_of": as_of}) if as_of else figure)
    return result
