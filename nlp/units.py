"""The words around a number that say what it measures: currencies, units, percent, rates."""

from __future__ import annotations

import re

# Currency written before the number; "$" alone is resolved against the document's countries.
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD", "USD": "USD", "CA$": "CAD", "C$": "CAD", "CAD": "CAD", "A$": "AUD",
    "AU$": "AUD", "AUD": "AUD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "$": "$",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "₹": "INR", "Rs.": "INR", "Rs": "INR",
    "INR": "INR", "CHF": "CHF", "Fr.": "CHF", "KSh": "KES", "Ksh": "KES", "KES": "KES",
    "¥": "JPY", "₦": "NGN", "R$": "BRL", "₫": "VND", "VND": "VND", "₸": "KZT", "KZT": "KZT",
    "XOF": "XOF", "FCFA": "XOF", "CFA": "XOF", "MAD": "MAD", "ZAR": "ZAR", "USh": "UGX",
    "₱": "PHP", "PHP": "PHP", "NGN": "NGN", "R": "ZAR", "P": "PHP",
}  # fmt: skip
# Currency written after the number (lower-cased; "d'euros", "di euro" handled by the pattern).
CURRENCY_WORDS: dict[str, str] = {
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "dollars": "$", "dollar": "$", "dollari": "$", "dollaro": "$", "usd": "USD",
    "dollars américains": "USD", "dollari statunitensi": "USD", "dollari americani": "USD",
    "us dollars": "USD", "dollars us": "USD", "dollars canadiens": "CAD",
    "canadian dollars": "CAD", "dollari canadesi": "CAD", "australian dollars": "AUD",
    "francs cfa": "XOF", "franchi cfa": "XOF", "fcfa": "XOF", "f cfa": "XOF", "cfa": "XOF",
    "xof": "XOF", "xaf": "XAF",
    "francs suisses": "CHF", "franchi svizzeri": "CHF", "swiss francs": "CHF", "chf": "CHF",
    "francs": "franc", "franchi": "franc",
    "livres sterling": "GBP", "livres": "GBP", "sterline": "GBP", "sterlina": "GBP",
    "pounds": "GBP", "pound": "GBP", "pounds sterling": "GBP", "gbp": "GBP", "£": "GBP",
    "tenge": "KZT", "kzt": "KZT", "dong": "VND", "vnd": "VND", "đồng": "VND",
    "rupees": "INR", "rupee": "INR", "roupies": "INR", "rupie": "INR", "inr": "INR",
    "shillings": "KES", "scellini": "KES", "kes": "KES", "naira": "NGN", "rand": "ZAR",
    "dirhams": "MAD", "dirham": "MAD", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
    "reais": "BRL", "real": "BRL", "pesos": "$peso", "kip": "LAK", "riels": "KHR", "riel": "KHR",
    "baht": "THB", "som": "KGS", "soms": "KGS", "hryvnias": "UAH", "grivne": "UAH",
    "rials": "IRR", "rial": "IRR", "pesetas": "ESP", "lei": "RON", "zlotys": "PLN",
}  # fmt: skip
# Countries whose "$", "dollars" or "francs" are their own currency.
DOLLAR_COUNTRIES = {
    "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "US": "USD",
    "LR": "LRD", "JM": "JMD", "TT": "TTD", "NA": "NAD", "ZW": "USD", "TW": "TWD",
}  # fmt: skip
FRANC_COUNTRIES = {
    "CH": "CHF", "LI": "CHF", "SN": "XOF", "CI": "XOF", "ML": "XOF", "BF": "XOF", "NE": "XOF",
    "TG": "XOF", "BJ": "XOF", "GW": "XOF", "CM": "XAF", "GA": "XAF", "CG": "XAF", "TD": "XAF",
    "CF": "XAF", "GQ": "XAF", "CD": "CDF", "GN": "GNF", "RW": "RWF", "BI": "BIF", "DJ": "DJF",
    "KM": "KMF", "MG": "MGA",
}  # fmt: skip
PESO_COUNTRIES = {"MX": "MXN", "CO": "COP", "AR": "ARS", "CL": "CLP", "PH": "PHP", "UY": "UYU"}

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
}  # fmt: skip
# Words before a duration or an age that make it a measured result or a policy parameter.
DURATION_CUES = re.compile(
    r"\b(?:moyen(?:ne)?|médian(?:e)?|media|medio|mediana|average|mean|median|durée|durata|"
    r"duration|maximum|maximale?|massim[ao]|minimum|minimale?|minim[ao]|peines?|pena|"
    r"sentences?|condann[ae]|délai|attente|waiting|wait|espérance|aspettativa|expectancy|"
    r"jusqu'à|fino\s+a|up\s+to|limited\s+to|limitée?\s+à|prolong\w*|extended|esteso)\b",
    re.IGNORECASE,
)

PER_RATES: list[tuple[re.Pattern[str], str | int]] = [
    (re.compile(r"^\s*(?:par|per|al|a|all'|every|each|ogni)\s*(?:jour|giorno|day)\b", re.I), "day"),
    (re.compile(r"^\s*(?:par|per|a|al|all'|every|each|ogni)\s*(?:semaine|settimana|week)\b", re.I),
     "week"),
    (re.compile(r"^\s*(?:par|per|a|al|every|each|ogni)\s*(?:mois|mese|month)\b", re.I), "month"),
    (re.compile(r"^\s*(?:par|per|a|all'|every|each|ogni)\s*(?:an|année|anno|year)\b", re.I),
     "year"),
]  # fmt: skip
PER_POPULATION = re.compile(
    r"^\s*(?:pour|per|par|ogni|every|su|sur|out\s+of)\s+(?:(?:un|one|a|uno|cent|hundred)\s+)?"
    r"(\d{1,3}(?:[ .,]\d{3})*|\d+|mille|million|millions|milione|thousand|hundred|cent)"
    r"(?:\s+(?:d'|de\s+|di\s+|of\s+)?(?:habitants?|abitanti|residents|inhabitants|people|"
    r"population|persons?|persone|personnes|naissances|births|nascite))?",
    re.IGNORECASE,
)
