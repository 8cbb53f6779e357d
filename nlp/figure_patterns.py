"""The words around a number that make it a figure or not: cues, joins, exclusions, phrases."""

from __future__ import annotations

import re

from ingest.model import Qualifier

ORDINAL_SUFFIX = re.compile(r"^(?:er|ère|re|e|ème|eme|è|nd|rd|th|st|°|º|ª|bis)\b", re.IGNORECASE)
CODE_BEFORE = re.compile(
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
QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
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
RANGE_CUE = re.compile(
    r"\b(?:entre|between|tra|fra|from|de|da|dal|dai|dalle|dagli)\s+(?:les?\s+|i\s+|the\s+)?$",
    re.IGNORECASE,
)
CURRENCY_MARK = r"(?:US\$|[$€£₦₹₱]|Rs\.?\s?|R(?=\d)|KSh\s?)?"
RANGE_JOIN = re.compile(
    rf"^\s*(?:à|a|-|–|—|to|al|alle|ai|au|aux)\s*{CURRENCY_MARK}$|^(?:-|–)$", re.IGNORECASE
)
RANGE_JOIN_WITH_CUE = re.compile(
    rf"^\s*(?:et|and|e|y)\s+(?:les?\s+|i\s+|the\s+)?{CURRENCY_MARK}$", re.IGNORECASE
)
# "passer de 227.000 à 350.000" is a change between two figures, not a range.
CHANGE_BEFORE = re.compile(
    r"\b(?:pass\w*|augment\w*|port\w*|grimp\w*|baiss\w*|chut\w*|recul\w*|diminu\w*|"
    r"rose|risen|rise|rising|increas\w*|fell|fall\w*|declin\w*|decreas\w*|dropp\w*|went|"
    r"grew|grow\w*|climb\w*|aumentat\w*|passat\w*|salit\w*|sces\w*|calat\w*|cresciut\w*)"
    r"\s+(?:de|d'|from|da|dal|dai|dalle)\s*$",
    re.IGNORECASE,
)
# "4 patients sur 10": the denominator after the counted noun.
OF_AFTER_NOUN = re.compile(r"^\s+[^\W\d]+\s+(?:sur|su|out\s+of|in)\s+$", re.IGNORECASE)
# Ages that only define a population: "aged 35-44", "âgés de 15 à 24 ans", "di età 18-25".
AGE_BAND_BEFORE = re.compile(
    r"\b(?:aged|ages|age\s+group|âgée?s?\s+de|tranche\s+d'âge|di\s+età|età|fascia\s+d'età|"
    r"tra\s+i|fra\s+i|between\s+the\s+ages\s+of|les)\s*(?:de\s+|di\s+|of\s+)?$",
    re.IGNORECASE,
)
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
WORD_FRACTIONS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:la\s+moitié|la\s+metà|half|metà|moitié)\b", re.I), 0.5),
    (re.compile(r"\b(?:deux\s+tiers|due\s+terzi|two[- ]thirds)\b", re.I), 2 / 3),
    (re.compile(r"\b(?:trois\s+quarts|tre\s+quarti|three[- ]quarters)\b", re.I), 0.75),
    (re.compile(r"\b(?:un\s+tiers|un\s+terzo|one[- ]third|a\s+third)\b", re.I), 1 / 3),
    (re.compile(r"\b(?:un\s+quart|un\s+quarto|one[- ]quarter|a\s+quarter)\b", re.I), 0.25),
    (re.compile(r"\b(?:un\s+cinquième|un\s+quinto|one[- ]fifth|a\s+fifth)\b", re.I), 0.2),
    (re.compile(r"\b(?:un\s+dixième|un\s+decimo|one[- ]tenth|a\s+tenth)\b", re.I), 0.1),
]
MULTIPLIERS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:doubl(?:é|ée|és|ées|er|era|eront|ait|aient|ent)|redoublé|doubled|"
                r"doubling|doubles|double\s+the|raddopp\w+|il\s+doppio)\b", re.I), 2),
    (re.compile(r"\b(?:tripl(?:é|ée|és|ées|er|era|eront|ait|ent)|tripled|tripling|"
                r"triplicat\w*|triplicher\w+|il\s+triplo)\b", re.I), 3),
    (re.compile(r"\b(?:quadrupl(?:é|ée|és|ées|er|ed)|quadruplicat\w*|il\s+quadruplo)\b",
                re.I), 4),
]  # fmt: skip


TIME_WINDOW = re.compile(
    r"\b(?:depuis|pendant|durant|il\s+y\s+a|dans|au\s+cours\s+des|ces|les|derniers|dernières|"
    r"prochains|prochaines|past|last|next|over\s+the|in\s+the|within\s+the|for\s+the|"
    r"these|those|ultimi|ultime|prossimi|prossime|negli|nei|nelle|da|fa|per|aged|âgée?s?\s+de|"
    r"di\s+età|età|sous|under)\s*$",
    re.IGNORECASE,
)
TIME_WINDOW_AFTER = re.compile(
    r"\s+(?:ago|fa|derniers|dernières|précédents|précédentes|passés|passées|old|d'âge|"
    r"ultimi|ultime|scorsi|scorse|precedenti|earlier|before)\b",
    re.IGNORECASE,
)
