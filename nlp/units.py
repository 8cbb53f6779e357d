"""The words around a number that say what it measures: units, percent, durations, rates."""

from __future__ import annotations

import re

from nlp.numbers import parse_digits

PHYSICAL_UNITS: dict[str, tuple[str, float]] = {
    "kg": ("kg", 1), "kilo": ("kg", 1), "kilos": ("kg", 1), "kilogrammes": ("kg", 1),
    "kilogramme": ("kg", 1), "kilogrammi": ("kg", 1), "kilogramma": ("kg", 1),
    "chilogrammi": ("kg", 1), "chili": ("kg", 1), "chilo": ("kg", 1), "kilograms": ("kg", 1),
    "kilogram": ("kg", 1), "kgs": ("kg", 1),
    "g": ("g", 1), "grammes": ("g", 1), "gramme": ("g", 1), "grammi": ("g", 1),
    "grams": ("g", 1), "gram": ("g", 1),
    "t": ("t", 1), "tonnes": ("t", 1), "tonne": ("t", 1), "tonnellate": ("t", 1),
    "tonnellata": ("t", 1), "tons": ("t", 1), "ton": ("t", 1), "tn": ("t", 1),
    "ha": ("ha", 1), "hectares": ("ha", 1), "hectare": ("ha", 1), "ettari": ("ha", 1),
    "ettaro": ("ha", 1),
    "km": ("km", 1), "kilomètres": ("km", 1), "kilometri": ("km", 1), "kilometres": ("km", 1),
    "kilometers": ("km", 1), "km2": ("km2", 1), "km²": ("km2", 1),
    "l": ("L", 1), "litres": ("L", 1), "litre": ("L", 1), "litri": ("L", 1), "litro": ("L", 1),
    "liters": ("L", 1), "liter": ("L", 1), "ml": ("mL", 1),
    "m²": ("m2", 1), "m2": ("m2", 1), "mq": ("m2", 1), "mètres carrés": ("m2", 1),
    "mètre carré": ("m2", 1), "metri quadrati": ("m2", 1), "metri quadri": ("m2", 1),
    "square metres": ("m2", 1), "square meters": ("m2", 1), "sq m": ("m2", 1),
    "dl": ("dl", 1), "décilitres": ("dl", 1), "decilitri": ("dl", 1), "decilitro": ("dl", 1),
    "decilitres": ("dl", 1), "cl": ("cl", 1), "centilitres": ("cl", 1), "centilitri": ("cl", 1),
    "lb": ("lb", 1), "lbs": ("lb", 1), "libbre": ("lb", 1), "libbra": ("lb", 1),
    "comprimés": ("count", 1), "pills": ("count", 1),
}  # fmt: skip
# Tonnes and kilograms combine: "13 tonnes et 750 kilogrammes" is one figure in kg.
TO_KG = {"t": 1000.0, "kg": 1.0, "g": 0.001}

PERCENT = r"(?:%|pour\s?cent|pourcent|per\s?cent|percent|per\s+cento|percento)"
PERCENT_POINTS = r"(?:points?\s+de\s+pourcentage|percentage\s+points?|punti\s+percentuali)"
TIMES_WORDS = r"(?:fois|volte|times|-fold|fold)"
DURATION_UNITS: dict[str, str] = {
    "ans": "year", "an": "year", "années": "year", "année": "year", "anni": "year",
    "anno": "year", "years": "year", "year": "year", "mois": "month", "mesi": "month",
    "mese": "month", "months": "month", "month": "month", "semaines": "week",
    "semaine": "week", "settimane": "week", "settimana": "week", "weeks": "week",
    "week": "week", "jours": "day", "jour": "day", "giorni": "day", "giorno": "day",
    "days": "day", "day": "day", "heures": "hour", "ore": "hour", "hours": "hour",
    "heure": "hour", "hour": "hour", "minutes": "minute", "minuti": "minute",
    "décennies": "decade", "décennie": "decade", "decades": "decade", "decade": "decade",
    "decenni": "decade", "decennio": "decade",
}  # fmt: skip
# Words before a duration or an age that make it a measured result or a policy parameter.
DURATION_CUES = re.compile(
    r"\b(?:moyen(?:ne)?|médian(?:e)?|media|medio|mediana|average|mean|median|durée|durata|"
    r"duration|maximum|maximale?|massim[ao]|minimum|minimale?|minim[ao]|peines?|pena|"
    r"sentences?|condann[ae]|délai|attente|waiting|wait|espérance|aspettativa|expectancy|"
    r"jusqu'à|fino\s+a|up\s+to|limited\s+to|limitée?\s+à|prolong\w*|extended|esteso)\b",
    re.IGNORECASE,
)

_PER_RATES: list[tuple[re.Pattern[str], str | int]] = [
    (re.compile(r"^\s*(?:par|per|al|a|all'|every|each|ogni)\s*(?:jour|giorno|day)\b", re.I), "day"),
    (re.compile(r"^\s*(?:par|per|a|al|all'|every|each|ogni)\s*(?:semaine|settimana|week)\b", re.I),
     "week"),
    (re.compile(r"^\s*(?:par|per|a|al|every|each|ogni)\s*(?:mois|mese|month)\b", re.I), "month"),
    (re.compile(r"^\s*(?:par|per|a|all'|every|each|ogni)\s*(?:an|année|anno|year)\b", re.I),
     "year"),
]  # fmt: skip
_POPULATION_BASE = (
    r"(\d{1,3}(?:[ .,]\d{3})*|\d+|mille|million|millions|milione|thousand|hundred|cent)"
)
_POPULATION_NOUN = (
    r"(?:d'|de\s+|di\s+|of\s+)?(?:habitants?|abitanti|residenti|residents|inhabitants|people|"
    r"population|persons?|persone|personnes|naissances|births|nascite)"
)
_RATE_WORD = r"(?:pour|per|par|ogni|every|for\s+every|pour\s+chaque|su|sur|out\s+of)"
_PER_POPULATION = re.compile(
    rf"^\s*{_RATE_WORD}\s+(?:(?:un|one|a|uno|cent|hundred)\s+)?{_POPULATION_BASE}"
    rf"(?:\s+{_POPULATION_NOUN})?",
    re.IGNORECASE,
)
# Past a few words of the clause (no number, no stop): the base must name a population there,
# and "su", "sur", "out of" are left out, since there they give a ratio's whole.
_PER_POPULATION_AHEAD = re.compile(
    r"^[^\d.;:()\n]{1,40}?\s(?:pour|per|par|ogni|every|for\s+every|pour\s+chaque)\s+"
    rf"{_POPULATION_BASE}\s+{_POPULATION_NOUN}\b",
    re.IGNORECASE,
)


def rate_after(text: str, end: int) -> tuple[str | int | None, int]:
    """The rate after a figure ("par jour", "pour 100 000 habitants") and where it ends; a
    population base may come a few words on, past what the figure counts ("5,9 décès par
    surdose pour 100 000 habitants")."""
    after = text[end : end + 60]
    for pattern, period in _PER_RATES:
        if match := pattern.match(after):
            return period, end + match.end()
    for pattern in (_PER_POPULATION, _PER_POPULATION_AHEAD):
        if (match := pattern.match(after)) and (per := _population_base(match)) is not None:
            return per, end + match.end()
    return None, end


def _population_base(match: re.Match[str]) -> int | None:
    base = match.group(1).lower()
    words = {"mille": 1000, "thousand": 1000, "cent": 100, "hundred": 100}
    if base in ("million", "millions", "milione"):
        return 1_000_000
    if base in words:
        return words[base]
    parsed = parse_digits(base, None)
    if parsed and parsed >= 10 and not re.match(r"\W*su\b", match.group(0), re.IGNORECASE):
        return int(parsed)
    return None
