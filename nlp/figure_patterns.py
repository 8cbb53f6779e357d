"""The words around a number that make it a figure or not: cues, joins, exclusions, phrases."""

from __future__ import annotations

import re

from ingest.model import Qualifier

ORDINAL_SUFFIX = re.compile(
    r"^(?:er|ère|re|e|ème|èmes|eme|è|ième|ièmes|esim[oaie]|nd|rd|th|st|°|º|ª|bis)\b", re.IGNORECASE
)
# Glued to digits, a plural "s" makes a decade or an age ("the 1990s", "in their 30s"), and a
# lone letter other than a unit or a scale makes an identifier ("2017b", "12a").
NOT_A_QUANTITY_SUFFIX = re.compile(r"^(?:'?s\b|(?![kKmMgtlhBx])[A-Za-z](?![\w'’]))")
CODE_BEFORE = re.compile(
    r"(?:\b(?:art|article|articles|articolo|articoli|section|sezione|n|no|nº|n°|num|numéro|nrs?|nos|"
    r"numero|number|loi|law|décret|decreto|decree|legge|page|pages|p|pp|pagina|chapitre|"
    r"capitolo|chapter|paragraphe|paragrafo|comma|alinéa|tél|tel|phone|fax|code|codice|"
    r"version|niveau|level|phase|fase|étape|step|point|punto|annexe|allegato|annex|figure|"
    r"tableau|tabella|table|graphique|graphe|grafico|chart|graph|cf|goal|objectif|obiettivo|target|cible|sdg|odd|cap|covid|sars|"
    r"h|g|room|salle|stanza|route|rue|via|street|avenue|lot|ligne|linea|line|grade|classe|"
    r"class|tier|catégorie|categoria|category|type|tipo|semestre|trimestre|quarter|t|q|"
    r"semaine|week|settimana|saison|season|stagione|édition|edition|edizione|session|"
    r"sessione|round|tour|volume|vol|tome|issue|numéro|act|acts|bill|ordinance|resolution|"
    r"résolution|risoluzione|décision|decisione|directive|direttiva|regulation|règlement|"
    r"regolamento|circulaire|circolare|arrêté|ordonnance|ref|réf|rif|fig|id|vol|isbn|issn)\.?\s*[°º]?\s*$)|[#§№]\s*$|[A-Za-z][-_]$",
    re.IGNORECASE,
)
REFERS_BACK = re.compile(
    r"\b(?:les|ces|des|the|these|those|both|i|gli|le|questi|queste|quei|quelle|entrambi|"
    r"ses|leurs|their|its|nos|our|i\s+suoi|le\s+sue|loro)\s+$",
    re.IGNORECASE,
)
SINGLE_CUES = re.compile(
    r"\b(?:seul(?:e|s|es)?|only|solo|soltanto|solamente|just|single|unique|uniquement|"
    r"appena|a\s+single|un\s+seul|une\s+seule|un\s+solo|una\s+sola)\s+$",
    re.IGNORECASE,
)
SINGLE_AFTER = re.compile(r"\s+(?:seul|seule|solo|sola|single|unique|unico|unica)\b", re.I)


# A negation a few words before "plus de" / "più di" / "more than" caps the figure: "pas plus
# de 50", "non consumare più di due" are at most; "pas moins de", "not less than" at least.
NEGATION_BEFORE = re.compile(
    r"\b(?:pas|ne|n'|non|not|no|never|jamais|mai)(?:\s+[^\W\d]+){0,2}\s*$", re.IGNORECASE
)
_QUALIFIER_WORDS: list[tuple[str, Qualifier]] = [
    (r"(?:pas|non|no|not)\s+(?:plus\s+d[e']|più\s+d(?:i|el(?:la|le|l')?)|more\s+than)|"
     r"tout\s+au\s+plus|au\s+plus|al\s+più|at\s+(?:the\s+)?most", "up_to"),
    (r"au\s+moins|at\s+least|almeno|(?:pas|non|no|not)\s+(?:moins\s+d[e']|meno\s+di|"
     r"(?:fewer|less)\s+than)|minimum(?:\s+de)?|a\s+minimum\s+of", "at_least"),
    (r"plus\s+d[e']|more\s+than|over|oltre|più\s+di|above|upwards\s+of|in\s+excess\s+of|"
     r"exceeding|au-delà\s+de|au[- ]dessus\s+d[e']|supérieure?s?\s+à|superiore\s+a|"
     r"al\s+di\s+sopra\s+d(?:i|el(?:la|le|l')?)|più\s+del(?:la|le|l')?|plus\s+des?", "more_than"),
    (r"moins\s+d[e']|less\s+than|fewer\s+than|under|below|meno\s+di|inférieure?s?\s+à|"
     r"inferiore\s+a|en[- ]dessous\s+d[e']|au-dessous\s+d[e']|"
     r"al\s+di\s+sotto\s+d(?:i|el(?:la|le|l')?)|meno\s+del(?:la|le|l')?", "less_than"),
    (r"jusqu'à|jusqu'au|up\s+to|fino\s+a(?:l|lla|lle|i|gli|ll')?|as\s+many\s+as|"
     r"au\s+maximum|al\s+massimo|a\s+maximum\s+of|maximum\s+of", "up_to"),
    # "An estimated" is no hedge (gold-format): the estimate is the figure.
    (r"environ|près\s+d[e']|quelque|approximativement|presque|quasi|quasiment|circa|about|"
     r"around|nearly|almost|some|approximately|roughly|approx\.?|ca\.|"
     r"(?:in|at)torno\s+a(?:l|lla|lle|i|gli|ll')?|poco\s+più\s+di|poco\s+meno\s+di|"
     r"à\s+peu\s+près|grosso\s+modo|autour\s+d(?:e|es|u|')|de\s+l'ordre\s+d[e']|"
     r"(?:dell|nell)'ordine\s+di|(?:in|on)\s+the\s+order\s+of|~", "approx"),
]  # fmt: skip
# One scan for every qualifier, the leftmost winning ("pas plus de" over "plus de", "poco più
# di" over "più di"). Italian, and English before "the", put an article between the word and
# the number ("oltre il 18%", "circa l'80%"), which leaves the qualifier its figure.
QUALIFIER = re.compile(
    r"(?:^|(?<=\W))(?:"
    + "|".join(f"(?P<q{index}>{words})" for index, (words, _) in enumerate(_QUALIFIER_WORDS))
    + r")(?:\s+(?:il|lo|la|i|gli|le|les|the))?(?:\s+l'|\s*)$",
    re.IGNORECASE,
)
QUALIFIER_KINDS: dict[str, Qualifier] = {
    f"q{index}": kind for index, (_, kind) in enumerate(_QUALIFIER_WORDS)
}
# "15 % ou plus", "five or more", "10 o meno": the bound after the figure.
QUALIFIER_AFTER: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\s+(?:ou|o|or|et|e|and)\s+(?:plus|più|more|over|above|oltre)\b", re.I),
     "at_least"),
    (re.compile(r"\s+(?:ou|o|or)\s+(?:moins|meno|less|fewer|under)\b", re.I), "up_to"),
]  # fmt: skip
_ARTICLE = r"(?:(?:les?|la|the|il|lo|i|gli|le)\s+|l')"
RANGE_CUE = re.compile(
    rf"\b(?:entre|between|tra|fra|from|de|da|dal|dai|dalle|dagli)\s+{_ARTICLE}?$", re.IGNORECASE
)
CURRENCY_MARK = r"(?:US\$|[$€£₦₹₱]|Rs\.?\s?|R(?=\d)|KSh\s?)?"
RANGE_JOIN = re.compile(
    rf"^\s*(?:à|a|-|–|—|to|al|alle|ai|au|aux)\s*{CURRENCY_MARK}$|^(?:-|–)$", re.IGNORECASE
)
RANGE_JOIN_WITH_CUE = re.compile(
    rf"^\s*(?:et|and|e|ed|y)\s+{_ARTICLE}?{CURRENCY_MARK}$", re.IGNORECASE
)
# "passer de 227.000 à 350.000" is a change between two figures, not a range.
CHANGE_BEFORE = re.compile(
    r"\b(?:pass\w*|augment\w*|port\w*|grimp\w*|baiss\w*|chut\w*|recul\w*|diminu\w*|"
    r"bondi\w*|flamb\w*|explos\w*|envol\w*|tomb\w*|progress\w*|évolu\w*|dégringol\w*|"
    r"hausse|augmentation|diminution|"
    r"rose|risen|rise|rising|increas\w*|fell|fall\w*|declin\w*|decreas\w*|dropp\w*|went|"
    r"grew|grow\w*|climb\w*|jump\w*|soar\w*|surg\w*|plung\w*|"
    r"aumentat\w*|passat\w*|salit\w*|sces\w*|calat\w*|cresciut\w*|balzat\w*|schizzat\w*|"
    r"crollat\w*|aumento|calo|crescita)"
    r"\s+(?:de|d'|from|da|dal|dai|dalle)\s*$",
    re.IGNORECASE,
)
# English "from X to Y" is the two ends of a change ("the rate increased 14 %, from 28.3 to
# 32.4") unless something says it spans a range ("ranging from 5 to 10", "aged from 18 to 25").
FROM_TO_RANGE_CUE = re.compile(
    r"\b(?:rang\w*|vary\w*|varies|varied|anywhere|aged|ages|between)\b[^,;.]{0,20}from\s*$",
    re.IGNORECASE,
)
FROM_BEFORE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
# "208 % et 259 % respectivement": two figures of two things, not a range.
RESPECTIVELY_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:respectivement|respectively|rispettivamente)\b", re.IGNORECASE
)
# "4 patients sur 10": the denominator after the counted noun.
OF_AFTER_NOUN = re.compile(r"^\s+[^\W\d]+\s+(?:sur|su|out\s+of|in)\s+$", re.IGNORECASE)
# Ages that only define a population: "aged 35-44", "âgés entre 15 et 64 ans", "di età 18-25";
# with an article before a range of years the band names a group: "les 6 à 12 ans", "dai 46 ai
# 60 anni", "tra i 31 e i 45 anni"; after it: "the 25-34 age group", "15-24 year-olds".
AGE_BAND_BEFORE = re.compile(
    r"\b(?:aged|ages|age\s+group|âgée?s?|tranche\s+d'âge|classe\s+d'âge|di\s+età|età|"
    r"fascia\s+d'età|between\s+the\s+ages\s+of)\s*"
    r"(?:(?:de|di|of|entre|between|tra|fra|from|da|dai|dagli)\s+)?(?:i\s+|the\s+)?$",
    re.IGNORECASE,
)
AGE_BAND_ARTICLE = re.compile(
    r"\b(?:les|des|aux|the|i|dai|dagli|nei|negli|agli|tra\s+i|fra\s+i|tra\s+gli|fra\s+gli)\s*$",
    re.IGNORECASE,
)
AGE_BAND_AFTER = re.compile(
    r"\s*(?:-?\s?years?[- ]olds?|years?\s+old|(?:age|year)[- ](?:group|bracket|band|range|class)|"
    r"ans\s+et\s+plus|anni\s+e\s+più|years\s+and\s+(?:over|older|above))",
    re.IGNORECASE,
)
# One age that only defines a population: "below the age of 20", "dès l'âge de 15 ans".
AGE_OF_BEFORE = re.compile(r"\b(?:age\s+of|l'âge\s+de|l'età\s+di|età\s+di)\s*$", re.I)
OF_JOIN = re.compile(
    r"^\s*(?:/|sur|su|out\s+of|in|des|delle|dei|degli|of\s+the|of|parmi\s+les|tra\s+le|"
    r"of\s+every|out\s+of\s+every|sur\s+chaque|su\s+ogni|in\s+every)\s*$",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
ABOUT_SKIP = re.compile(
    r"^(?:\s*(?:de|d'|des|du|di|del|della|dei|degli|delle|of|the|les|la|le|i|gli|nouveaux|"
    r"nouvelles|new|nuovi|nuove|en|in|à)\b\s*)+",
    re.IGNORECASE,
)
ABOUT_STOP = frozenset(
    "et ou qui que dont sont ont a été est sera seront ont avaient avait en dans à au aux pour "
    "par sur avec sans selon contre chez e o che sono hanno ha è nel nella nei negli per con "
    "su tra fra secondo dal dalla and or who which that are were was is have has had been in "
    "on at for by with from to into than as per since while "
    # Comparatives: "18 % de plus qu'en 2022", "il 9 % in più", "21% more than" compare the
    # figure with another, they do not say what it counts.
    "plus moins più meno more less fewer".split()
)

TIME_WINDOW = re.compile(
    r"\b(?:depuis|pendant|durant|il\s+y\s+a|dans|au\s+cours\s+des|ces|les|derniers|dernières|"
    r"prochains|prochaines|past|last|next|over\s+the|in\s+the|within\s+the|for\s+the|"
    r"these|those|ultimi|ultime|prossimi|prossime|negli|nei|nelle|da|fa|per|aged|âgée?s?\s+de|"
    r"di\s+età|età|sous|under|in|en)\s*$",
    re.IGNORECASE,
)
# "au cours des 12 derniers mois", "nei primi sei mesi": the period word before the unit.
TIME_WINDOW_FOLLOWS = re.compile(
    r"\s+(?:derniers|dernières|premiers|premières|prochains|prochaines|ultimi|ultime|primi|prime|"
    r"prossimi|prossime|passati|passate|scorsi|scorse)\s+(?:années|ans|mois|semaines|jours|anni|"
    r"mesi|settimane|giorni)\b",
    re.IGNORECASE,
)
TIME_WINDOW_AFTER = re.compile(
    r"\s+(?:ago|fa|derniers|dernières|précédents|précédentes|passés|passées|old|d'âge|"
    r"ultimi|ultime|scorsi|scorse|precedenti|earlier|before)\b",
    re.IGNORECASE,
)
# "Of the 33 stations, 28 are active", "out of the 965 kg seized, 650 kg", "Sur les 120 places,
# 90 ...", "Dei 33 posti, 28 ...": the whole first, at the head of its clause, then the part.
FRONTED_OF_BEFORE = re.compile(
    r"(?:(?P<out>\bout\s+of)|(?:^|[.;:!?(,\n]\s*|\b(?:that|and|but|que|qu'|et|mais|che|e|ma)\s+)"
    r"(?P<of>of|sur|parmi|su|tra|fra|dei|degli|delle|dai|dagli|dalle))\s+"
    r"(?:(?:the|les|ces|these|those|i|gli|le)\s+)?(?:[^\W\d]+\s+)?$",
    re.IGNORECASE | re.MULTILINE,
)
FRONTED_PART_GAP = re.compile(r"^[^.;:!?\n]*,\s*(?:[^\W\d]+\s+){0,2}$")
# "pour 100 000 habitants": the base of a rate, never a figure of its own.
RATE_BASE_BEFORE = re.compile(
    r"\b(?:pour|per|par|ogni|every|su|sur|out\s+of)\s+(?:(?:un|one|a|uno)\s+)?$", re.IGNORECASE
)
POPULATION_AFTER = re.compile(
    r"\s+(?:d'|de\s+|di\s+|of\s+)?(?:habitants?|abitanti|residenti|residents|inhabitants|"
    r"population|people|persons?|persone|personnes|naissances|births|nascite)\b",
    re.IGNORECASE,
)
# Where a number is a time of day ("18:34", "14h30") or a list marker ("1)", "2.").
CLOCK_BEFORE = re.compile(r"\d\s?[:h]$")
