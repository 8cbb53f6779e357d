"""Figures written as words alone: fractions ("deux tiers", "three fifths") and multipliers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import Figure
from nlp.about import counted_after
from nlp.figure_joins import RANGE_CUE, RANGE_JOIN, RANGE_JOIN_WITH_CUE
from nlp.number_spans import Coverage
from nlp.qualifiers import qualifier_before

_NUMERATORS = {
    "un": 1, "une": 1, "uno": 1, "una": 1, "a": 1, "one": 1, "deux": 2, "due": 2, "two": 2,
    "trois": 3, "tre": 3, "three": 3, "quatre": 4, "quattro": 4, "four": 4, "cinq": 5,
    "cinque": 5, "five": 5, "six": 6, "sei": 6, "sept": 7, "sette": 7, "seven": 7, "huit": 8,
    "otto": 8, "eight": 8, "neuf": 9, "nove": 9, "nine": 9, "dix": 10, "dieci": 10, "ten": 10,
}  # fmt: skip
# Fraction nouns. Those that are also ordinals ("a fifth term", "un terzo mandato") count as a
# fraction after "one" only where no noun follows them.
_DENOMINATORS = {
    "tiers": 3, "quart": 4, "quarts": 4, "terzi": 3, "quarti": 4, "thirds": 3, "quarters": 4,
    "fourths": 4, "quinti": 5, "sesti": 6, "settimi": 7, "ottavi": 8, "noni": 9, "decimi": 10,
    "centesimi": 100, "fifths": 5, "sixths": 6, "sevenths": 7, "eighths": 8, "ninths": 9,
    "tenths": 10, "hundredths": 100, "cinquièmes": 5, "sixièmes": 6, "septièmes": 7,
    "huitièmes": 8, "neuvièmes": 9, "dixièmes": 10, "centièmes": 100,
}  # fmt: skip
_ORDINAL_DENOMINATORS = {
    "terzo": 3, "quarto": 4, "quinto": 5, "sesto": 6, "settimo": 7, "ottavo": 8, "nono": 9,
    "decimo": 10, "centesimo": 100, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "hundredth": 100,
    "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10,
    "centième": 100,
}  # fmt: skip
# Multipliers: the verb or noun that doubles, triples, quadruples.
_MULTIPLIERS: list[tuple[str, float]] = [
    (r"doubl(?:é|ée|és|ées|er|era|eront|ait|aient|ent)|redoublé|doubled|doubling|doubles|"
     r"double\s+the|raddopp\w+|il\s+doppio", 2),
    (r"tripl(?:é|ée|és|ées|er|era|eront|ait|ent)|tripled|tripling|triplicat\w*|triplicher\w+|"
     r"il\s+triplo", 3),
    (r"quadrupl(?:é|ée|és|ées|er|ed)|quadruplicat\w*|il\s+quadruplo", 4),
]  # fmt: skip


def _words(table: dict[str, int]) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


# The letters that open an alternative: a look-ahead on them skips most words fast.
_OPENERS = "".join(
    sorted(
        {word[0] for word in _NUMERATORS}
        | set("lomh")  # le tiers, la moitié, one half, metà, half
        | {
            branch[0]
            for pattern, _ in _MULTIPLIERS
            for branch in re.split(r"\|(?![^(]*\))", pattern)
        }
    )
)
_PHRASE = re.compile(
    rf"\b(?=[{_OPENERS}])(?:"
    # "two-thirds", "tre quinti", "un cinquième"
    rf"(?P<num>{_words(_NUMERATORS)})[\s-]+"
    rf"(?:(?P<den>{_words(_DENOMINATORS)})|(?P<ord>{_words(_ORDINAL_DENOMINATORS)}))"
    # "le tiers des détenus", "le quart des places"
    r"|(?P<article>le\s+(?:tiers|quart))"
    # "la moitié", "metà", "half", but not "and a half", "half a million", "half-yearly"
    r"|(?P<half>(?:la\s+|one[\s-])?(?:moitié|metà)|(?<!and\sa\s)(?:one[\s-])?half"
    r"(?!\s+an?\s+(?:million|billion|thousand)\b)(?![-‐]\w))"
    + "".join(f"|(?P<times{i}>{pattern})" for i, (pattern, _) in enumerate(_MULTIPLIERS))
    # a compound ("le tiers-monde", "third-party", "half-time") or a time of day is none
    + r")\b(?![-‐]\w|\s+d'(?:heure|ora)|\s+of\s+an\s+hour|\s+past\b)",
    re.IGNORECASE,
)
# "the second half of 2017", "la prima metà dell'anno", "a metà anno" are periods.
_PERIOD_BEFORE = re.compile(
    r"\b(?:first|second|latter|former|premi[eè]re?|seconde?|deuxième|dernière|prima|seconda|"
    r"primo|secondo|ultima|a)\s+$",
    re.IGNORECASE,
)
# After "a", "un", "one", an ordinal names the next of a series ("a fifth term", "un terzo
# mandato", "a third consecutive year"): the nouns that count occurrences, terms and ranks.
_SERIES_AFTER = re.compile(
    r"[\s-]+(?:consecutive|consécuti\w*|consecutiv\w*|successive|successiv\w*|"
    r"terms?|mandat\w*|rounds?|tours?|turn[oi]|times?|fois|volt[ae]|editions?|éditions?|"
    r"edizion[ei]|years?|années?|ann[oi]|places?|post[oi]|positions?|posizion[ei]|waves?|"
    r"vagues?|ondat[ae]|phases?|fas[ei]|stages?|étapes?|levels?|niveaux?|livell[oi]|days?|"
    r"jours?|giorn[oi]|weeks?|semaines?|settiman[ae]|months?|mois|mes[ei]|centur\w+|"
    r"siècles?|secol[oi]|country|countries|pays|paes[ei]|party|parties|parti|person|personne|"
    r"persona|grade|classe?|class|floor|étage|piano|child|enfant|figlio|figlia|generation|"
    r"génération|generazione|attempt|tentative|tentativo|session|sessione|report|rapport|"
    r"rapporto|case|cas|caso|dose|wing|pillar|pilier|pilastro)\b",
    re.IGNORECASE,
)


def phrase_figures(text: str, blocked: Sequence[tuple[int, int]]) -> list[Figure]:
    """Fractions and multipliers written as words: "la moitié", "three fifths", "a doublé"."""
    found: list[Figure] = []
    out_of_bounds = Coverage.of(text, blocked)
    for match in _PHRASE.finditer(text):
        if out_of_bounds.overlaps(match.start(), match.end()):
            continue
        shape = _shape(text, match)
        if shape is None:
            continue
        value, of, unit = shape
        about, _ = counted_after(text, match.end())
        found.append(
            Figure(
                text=match.group(),
                start=match.start(),
                end=match.end(),
                value=value,
                of=of,
                unit=unit,
                qualifier=qualifier_before(text[max(0, match.start() - 40) : match.start()]),
                about=about,
            )
        )
    return _fraction_ranges(text, found)


def _shape(text: str, match: re.Match[str]) -> tuple[float, float | None, str] | None:
    """(value, of, unit) of a phrase, or None where it is no figure (a period, an ordinal)."""
    groups = match.groupdict()
    for index, (_, times) in enumerate(_MULTIPLIERS):
        if groups[f"times{index}"]:
            return times, None, "times"
    if groups["article"]:
        return 1, 3 if "tiers" in groups["article"].lower() else 4, "fraction"
    if groups["half"]:
        before = text[max(0, match.start() - 12) : match.start()]
        return None if _PERIOD_BEFORE.search(before) else (1, 2, "fraction")
    numerator = _NUMERATORS[groups["num"].lower()]
    if groups["den"]:
        return numerator, _DENOMINATORS[groups["den"].lower()], "fraction"
    # A singular ordinal ("a fifth", "un terzo") is a fraction ("a fifth of the budget", "un
    # terzo soffre") unless a noun of a series follows it ("a fifth term").
    if _SERIES_AFTER.match(text, match.end()):
        return None
    return numerator, _ORDINAL_DENOMINATORS[groups["ord"].lower()], "fraction"


def _fraction_ranges(text: str, found: list[Figure]) -> list[Figure]:
    """ "entre le tiers et la moitié", "between a third and a half": one range of fractions."""
    merged: list[Figure] = []
    for figure in found:
        previous = merged[-1] if merged else None
        if previous is not None and previous.unit == figure.unit == "fraction" and previous.of:
            gap = text[previous.end : figure.start]
            before = text[max(0, previous.start - 20) : previous.start]
            if RANGE_JOIN.match(gap) or (
                RANGE_JOIN_WITH_CUE.match(gap) and RANGE_CUE.search(before)
            ):
                low = (previous.value or 0) / previous.of
                high = (figure.value or 0) / (figure.of or 1)
                merged[-1] = previous.model_copy(
                    update={
                        "text": text[previous.start : figure.end],
                        "end": figure.end,
                        "value": None,
                        "of": None,
                        "value_min": round(min(low, high), 4),
                        "value_max": round(max(low, high), 4),
                        "about": figure.about,
                    }
                )
                continue
        merged.append(figure)
    return merged
