"""The words that tie a date to a figure, or untie it, in French, Italian and English."""

from __future__ import annotations

import re

# A date right after these words is a comparison base, a starting point or a time relative to
# another ("than in 2012", "depuis 2015", "rispetto al 2022", "avant 2010"): no figure is true
# at it, save one in brackets just after it ("plus qu'en 2012 (66 kg)").
BASE_BEFORE = re.compile(
    r"(?:\b(?:since|than(?:\s+(?:in|at|on))?|compared\s+(?:with|to)(?:\s+(?:in|at))?|"
    r"relative\s+to|versus|vs\.?|against|before|after|prior\s+to|from|"
    r"depuis|par\s+rapport\s+(?:à|au|aux)|"
    r"comparativement\s+(?:à|au|aux)|contre|avant|après|dès|à\s+partir\s+(?:de|du|d['’])|"
    r"à\s+compter\s+(?:de|du|d['’])|rispetto\s+(?:al|all['’]|allo|a|ai|agli)|"
    r"in\s+confronto\s+(?:al|a|all['’])|dal|dall['’]|da|sin\s+dal|fin\s+dal|"
    r"a\s+partire\s+(?:dal|da|dall['’])|prima\s+del|dopo\s+il|dopo\s+l['’]|contro|"
    r"sul|sull['’]|sui|(?:times|than|with|to|as|versus)\s+(?:that|those)\s+(?:in|of|at)|(?:celui|celle|ceux|celles)\s+(?:de|d['’]|en)|"
    r"(?:quello|quella|quelli|quelle)\s+(?:del|di|dell['’]|nel))"
    r"(?:\s+(?:the\s+)?(?:l['’])?(?:year|année|annee|anno|fiscal\s+year|exercice|"
    r"esercizio|end\s+of|fin|fine)(?:\s+(?:of|de|du|del|dell['’]))?)?\s*$)",
    re.IGNORECASE,
)
# "since its first appearance in 2013", "depuis la première édition en 2008": a starting point
# a few words after "since".
SINCE_BEFORE = re.compile(
    r"\b(?:since|depuis|dall['’]inizio|dalla\s+prima|sin\s+dal|a\s+partire\s+da|da\s+quando|"
    r"datant\s+d[eu']|dating\s+(?:back\s+)?(?:from|to)|risalent[ei]\s+al)"
    r"(?:\s+[^\s,;:.()]+){0,6}?\s+(?:in|en|nel|nell['’]|del|dell['’]|de|du|of|au|al)?\s*$",
    re.IGNORECASE,
)
# Dates that may tie a figure stand in a time adverbial ("in 2019", "au 31 décembre", "nel corso
# del 2022", "pour l'année 2011") or open their sentence; others qualify a noun ("les règles de
# 1988", "the 2019 report") and tie nothing, save a figure in brackets after them.
ADVERBIAL_BEFORE = re.compile(
    r"(?:^|\b(?:in|as\s+(?:of|at)|at|by|(?:at|by)\s+the\s+(?:end|start|beginning)\s+of|"
    r"(?:the\s+)?end\s+of|during|throughout|for|over|on|until|through|en|au|aux|à|a|fin|"
    r"début|mi|courant|durant|pendant|au\s+cours\s+d['’]|au\s+cours\s+d[eu]|pour|dans|sur|"
    r"le|jusqu['’](?:au|en|à)|à\s+la\s+date\s+du|à\s+la\s+fin\s+d[eu']|nel|nell['’]|nello|"
    r"nei|negli|al|alla|alle|il|l['’]|a\s+fine|alla\s+fine\s+del(?:l['’])?|nel\s+corso\s+del(?:l['’])?|"
    r"durante(?:\s+il)?|per|entro(?:\s+il)?|fino\s+al|alla\s+data\s+del|"
    r"(?:données|chiffres|statistiques|data|dati|figures|statistics|statistiche)\s+(?:de|of|del|for|"
    r"pour|per|dell['’]|du))"
    r"(?:\s+(?:the|l['’]|la|le|il|lo))?(?:\s*(?:[^\W\d]+\s+)?(?:(?:fiscal\s+)?year|année|"
    r"annee|anno|exercice|esercizio|period|période|periodo|trimestre|quarter|mois|month|mese|"
    r"semestre|semester)\s*(?:of|de|d['’]|del|di|dell['’])?)?\s*)$",
    re.IGNORECASE,
)
# A time relative to the reader's ("l'an dernier", "nel quinquennio successivo", "last year"):
# between a date and a figure, or after the figure in its clause, it unties them.
RELATIVE_TIME = re.compile(
    r"\b(?:l['’](?:an|année)\s+(?:dernière?|passée?|précédente?|suivante?|prochaine?)|"
    r"cette\s+année(?!\s+\d)|l['’]an\s+dernier|"
    r"(?:last|this|next|previous|following|the\s+(?:previous|following|next))\s+"
    r"(?:year|month|quarter|decade|five\s+years)|a\s+year\s+(?:earlier|later|before)|"
    r"(?:(?:dell|nell|dall|l)['’]anno|(?:il|del|nel)\s+mese|(?:il|del|nel)\s+trimestre)\s+"
    r"(?:scorso|precedente|successivo|prossimo)|"
    r"quest['’]anno|(?:lo|l['’])\s*scorso\s+anno|(?:la|l['’])\s*scorsa\s+\w+|"
    r"(?:le\s+mois|la\s+semaine)\s+(?:derni\w+|pass\w+)|the\s+past\s+(?:year|month)|"
    r"aujourd['’]hui|désormais|actuellement|today|currently|now|nowadays|oggi|attualmente|"
    r"ormai|tuttora|ancora\s+oggi|"
    r"nel\s+\w+\s+successivo|nel\s+\w+\s+precedente|anni\s+scorsi|"
    r"(?:les|des)\s+années\s+(?:précédentes|suivantes)|the\s+years?\s+(?:before|after))\b",
    re.IGNORECASE,
)
# Words after a figure that compare it with another: a change or a gap, whose date the text
# leaves open ("12 % higher than", "in più rispetto al", "de plus qu'en").
COMPARED_AFTER = re.compile(
    r"[^,;:()]{0,30}?\b(?:higher|lower|more|less|fewer|greater|smaller|than|compared|"
    r"in\s+più|in\s+meno|rispetto|de\s+plus|de\s+moins|en\s+plus|en\s+moins|par\s+rapport|"
    r"qu['’]en|que\s+l['’]|sul\s+\d|sur\s+\d)\b",
    re.IGNORECASE,
)
# A figure after these is the start or the end of a change: "from 14.5 to 16.7" between 2019
# and 2020 is 14.5 in 2019 and 16.7 in 2020.
FROM_BEFORE = re.compile(r"\b(?:from|passée?s?\s+de|passant\s+de|da|dal|dai|dalle|dagli)\s+$", re.I)
TO_BEFORE = re.compile(r"\b(?:to|à|a|al|ai|alle|agli)\s+$", re.I)

# The date of an act of reporting, not of the figures reported: "publié le 27 mars".
REPORTING_BEFORE = re.compile(
    r"\b(?:publi\w*|pubblicat\w*|released?|announced|annonc\w*|annunciat\w*|presented|"
    r"présent\w*|presentat\w*|said|declared|dichiarat\w*|déclar\w*|diffus\w*|issued|"
    r"dated|daté\w*|datat\w*|reported|signalé|comunicat\w*)\s+(?:on\s+|le\s+|il\s+|l['’])?"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
# A phrase pointing back to the period of an earlier sentence.
SAME_PERIOD = re.compile(
    r"\b(?:(?:la|cette)\s+même\s+(?:période|année)|cette\s+(?:année|période)-là|"
    r"à\s+cette\s+date|(?:lo\s+)?stesso\s+(?:periodo|anno)|(?:nella\s+)?stessa\s+data|"
    r"quell['’]anno|quel\s+periodo|(?:the\s+)?same\s+(?:period|year|date)|"
    r"that\s+(?:year|period|date)|at\s+(?:that|the)\s+time|à\s+(?:l|cette)['’\s]\s*époque|"
    r"all['’]epoca|a\s+quel\s+tempo|"
    # The period a report covers: "nel periodo preso in esame", "the period under review".
    r"(?:the\s+)?period\s+(?:under\s+review|in\s+question|covered|considered)|"
    r"la\s+période\s+(?:considérée|étudiée|en\s+question|sous\s+revue|couverte|concernée)|"
    r"(?:il\s+|nel\s+)?periodo\s+(?:preso\s+in\s+esame|in\s+esame|considerato|in\s+questione|"
    r"di\s+riferimento))\b",
    re.IGNORECASE,
)
# A number restating an earlier figure, as the base of this sentence's: "of the 218 deaths",
# "De ces 9216 signalements", "dei 173 decessi".
RESTATING_BEFORE = re.compile(
    r"\b(?:of\s+the|of\s+these|of\s+those|among\s+the|these|those|de\s+ces|sur\s+ces|"
    r"parmi\s+(?:ces|les)|ces|des|dei|degli|delle|di\s+questi|di\s+queste|su|sui|sugli|"
    r"sulle|tra\s+i|tra\s+le|fra\s+i|fra\s+le|questi|queste)\s+$",
    re.IGNORECASE,
)
# What may stand between a figure and the date after it in one clause: no clause mark.
CLAUSE_MARK = re.compile(r"[,;:()\[\]–—]|\s-\s")
AFTER_REACH = 60

# "plus qu'en 2012": "qu'en" is a comparison only after a comparative ("A noter qu'en 2016" is not).
COMPARED_QUE_BEFORE = re.compile(
    r"\b(?:plus|moins|autant|davantage|mieux|pire|supérieure?s?|inférieure?s?)\b[^,;.]{0,40}?"
    r"\bqu(?:['’]|e\s+)(?:en|au|à|dans)\s*$",
    re.IGNORECASE,
)
# A sentence that opens on what the one before said, or counts among it: its figures are true
# when those were ("Cela correspond à", "Questi dati", "30,000 of them", "la moitié d'entre eux").
OPENS_ON_BEFORE = re.compile(
    r"\W*(?:cela|ceci|ça|ciò|questo|questa|questi|queste|this|that|these|those|"
    # Connectives that go into the detail of what was just said.
    r"dans\s+(?:le|les)\s+détails?|en\s+détail|in\s+detail|(?:più\s+)?nel\s+dettaglio|"
    r"in\s+particolare|en\s+particulier|in\s+particular|of\s+(?:these|which|this\s+total|"
    r"the\s+total)|sur\s+ce\s+total|su\s+questo\s+totale|di\s+cui|dont|"
    r"(?:ce|ces|cet|cette)\s+(?:chiffres?|nombres?|données|montants?|totaux|total|taux|cas)|"
    r"(?:tali|questi)\s+(?:dati|numeri)|(?:this|that|these|those)\s+(?:figures?|numbers?|data))\b",
    re.IGNORECASE,
)
# A sentence that sums up the one before and says when: "Sono i principali risultati ottenuti
# tra il 2023 e ...", "Ce sont les chiffres de 2022", "These are the figures for 2021".
SUMS_UP_BEFORE = re.compile(
    r"\W*(?:(?:sono|ecco|questi\s+sono|queste\s+sono)\s+(?:i|gli|le)|(?:ce|tels)\s+sont\s+(?:là\s+)?les|"
    r"voici\s+les|(?:these|those)\s+are\s+the|such\s+are\s+the)\s+(?:\w+\s+){0,2}?"
    r"(?:risultati|dati|numeri|cifre|bilanci?|chiffres|résultats|données|bilans?|results|figures|"
    r"numbers|data|statistics|statistiques|statistiche)\b",
    re.IGNORECASE,
)
# Two dates joined as the ends of one period: "tra il 2023 e i primi sei mesi del 2024".
PERIOD_OPENER_BEFORE = re.compile(
    r"\b(?:tra|fra|entre|between|from|dal|dall['’]|du|de)(?:\s+(?:il|l['’]|le|la|the))?\s*$",
    re.IGNORECASE,
)
PERIOD_JOIN = re.compile(
    r"^\s*(?:e|et|and|to|al|au|à|a|fino\s+a|jusqu['’]à|until)(?:\s+(?:il|i|la|le|les|l['’]|the))?\s*$",
    re.IGNORECASE,
)
COUNTS_AMONG_BEFORE = re.compile(
    r"\b(?:of\s+(?:them|those|these|the\s+total)|du\s+total|del\s+totale|de\s+ces|"
    r"di\s+(?:quest[ie]|quell[ie])\b|among\s+them|d['’]entre\s+(?:eux|elles)|parmi\s+(?:eux|elles)|"
    r"di\s+(?:loro|questi|queste)|tra\s+(?:loro|questi|queste)|fra\s+(?:loro|questi|queste))\b",
    re.IGNORECASE,
)
# After a date, a relative clause set in that time: "from 2012, where there were 2,415 arrests".
TIME_RELATIVE_AFTER = re.compile(
    r"\s*,?\s*(?:where|when|during\s+which|in\s+which|où|quand|lorsque|dove|quando|in\s+cui|"
    r"nel\s+quale|durante\s+il\s+quale)\b",
    re.IGNORECASE,
)
# "Les données, relatives à 2017", "I dati, relativi al 2017", "the figures are for 2019": the
# text says when its data are from, which holds for every figure no date of its own ties.
DATA_DATE_BEFORE = re.compile(
    r"\b(?:(?:les|ces|nos|des)\s+(?:données|chiffres|statistiques)|(?:i|questi|tali)\s+"
    r"(?:dati|numeri)|le\s+(?:cifre|statistiche)|(?:the|these|our)\s+(?:data|figures|statistics))"
    r"\b[^.;:]{0,40}?\b(?:relati(?:ve?s?|vi|ve)\s+(?:à|a|al|all['’]|ai|agli)|"
    r"riferit[ie]\s+(?:al|all['’]|a)|si\s+riferiscono\s+(?:al|all['’]|a)|portent\s+sur|"
    r"concernent|datent\s+de|(?:are|were)\s+(?:from|for)|relate\s+to|refer\s+to|cover(?:ing)?|"
    r"(?:de|du|of|for|del|dell['’]))\s*(?:l['’]année|the\s+year|l['’]anno)?\s*$",
    re.IGNORECASE,
)
# Between a figure and a later date, a conjunction opens a new clause that the date belongs to:
# "1.540 utenti (+1,5 %) e nel 2023 con 1.636 utenti".
CONJUNCTION = re.compile(
    r"\b(?:e|ed|et|and|o|ou|or|ma|mais|but|while|whereas|alors|mentre)\b", re.I
)
# Year to date is a period, not a starting point ("dall'inizio del 2018": the count for 2018).
YEAR_TO_DATE_BEFORE = re.compile(
    r"\b(?:dall['’]inizio\s+del(?:l['’])?|depuis\s+le\s+début\s+(?:de\s+l['’]année\s+|d['’]|de\s+)|"
    r"(?:since|from)\s+the\s+(?:start|beginning)\s+of)\s*$",
    re.IGNORECASE,
)
# A plan, a budget or a target, not a count: "will be implemented between July 2025 and June
# 2028", "Pour 2025, le canton prévoit CHF 4,8 millions", "raddoppierà entro il 2047".
PLAN = re.compile(
    r"\b(?:will|shall|is\s+set\s+to|are\s+set\s+to|is\s+expected\s+to|plans?\s+to|aims?\s+to|"
    r"budget\w*|allocat\w+|earmark\w+|pledg\w+|target\w*|goal|"
    r"sera|seront|serait|seraient|aura|auront|pourra|pourront|devra|devront|prévoi\w*|prévu\w*|"
    r"allou\w+|octroi\w*|enveloppe|objectif|d['’]ici|"
    r"prevede\w*|previst\w+|stanzia\w*|"
    r"destinat[io]|obiettivo|entro)\b",
    re.IGNORECASE,
)
# Italian futures by their ending: "raddoppierà", "saranno".
_ITALIAN_FUTURE = re.compile(r"(?:erà|eranno|irà|iranno|arà|aranno)\b", re.IGNORECASE)


def is_plan(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] states a plan, a budget or a target (PLAN, or an Italian
    future, looked for only where its "rà"/"ranno" stands: a scan at every letter is slow)."""
    if PLAN.search(text, start, end):
        return True
    sentence = text[start:end]
    return ("rà" in sentence or "ranno" in sentence) and bool(_ITALIAN_FUTURE.search(sentence))


# Words every phrase of SAME_PERIOD holds, lowercased: a sentence without one points nowhere.
_PERIOD_POINTER_WORDS = (
    "même", "-là", "cette", "stess", "quell", "quel ", "same", "that ", "period", "période",
    "time", "époque", "epoca",
)  # fmt: skip


def may_point_to_a_period(text: str, start: int, end: int) -> bool:
    """A cheap test before SAME_PERIOD's scan."""
    sentence = text[start:end].lower()
    return any(word in sentence for word in _PERIOD_POINTER_WORDS)


# A date that names the figure's own time: "i 186 del 2021", "les 300 de 2019".
OWN_DATE_GAP = re.compile(r"^\s*(?:del|dell['’]|de|du|of|di)\s*$", re.IGNORECASE)
# "X, soit Y": the second restates the first, at the same date.
RESTATES = re.compile(
    r"^\s*,?\s*(?:soit|ossia|cioè|ovvero|vale\s+a\s+dire|c['’]est-à-dire|i\.\s?e\.|that\s+is|or)"
    r"\b[^,;:()\d]{0,40}$"
    # What the amount is worth, after the words naming it: "3 tonnes de drogue d'une valeur de".
    r"|^[^,;:()\d]{0,40}?\b(?:worth|valued\s+at|(?:d['’]une|pour\s+une)\s+valeur\s+de|"
    r"(?:del|per\s+un)\s+valore\s+di)\b[^,;:()\d]{0,40}$",
    re.IGNORECASE,
)
# A change before the figure ("an increase of", "en hausse de", "è sceso del") measured from a
# base its clause names ("from the 3,507 in 2012", "par rapport à 2020").
CHANGE_BEFORE = re.compile(
    r"\b(?:increase|decrease|rise|drop|fall|decline|growth|jump|up|down|hausse|baisse|augmentation|"
    r"diminution|recul|progression|aumento|calo|crescita|riduzione|incremento|diminuzione|"
    r"rose|fell|dropped|increased|decreased|declined|grew|augmenté|baissé|diminué|reculé|"
    r"aumentat[oaie]|calat[oaie]|sces[oaie]|salit[oaie]|cresciut[oaie]|diminuit[oaie])"
    r"\s+(?:of|by|de|d['’]|du|des|del|dello|della|dell['’]|di)?\s*(?:près\s+de\s+|about\s+|circa\s+|"
    r"environ\s+|some\s+|almost\s+|nearly\s+|quasi\s+|oltre\s+|plus\s+de\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
BASE_AFTER = re.compile(
    r"[^;:()]{0,60}?\b(?:from|since|than|compared|against|versus|depuis|par\s+rapport|"
    r"comparé|contre|qu['’]en|rispetto|in\s+confronto|contro|sul|sull['’]|sur\s+l['’]ann)",
    re.IGNORECASE,
)
# "Un an plus tôt", "the previous year": the governing date, a year back.
# "12 % more than the previous year": the year before is the base, not the figure's date.
BASE_WORD_BEFORE = re.compile(
    r"\b(?:than|on|over|from|compared\s+(?:with|to)|rispetto\s+(?:a|al|all['’])|"
    r"par\s+rapport\s+à|sur|à|contre|sul|sull['’])\s*$",
    re.IGNORECASE,
)
# A change, then the level it reached: "sceso del 3% a 107.543", "up 12 % to 1,172".
TO_LEVEL = re.compile(
    r"\s*(?:to|à|a|al|fino\s+a|pour\s+atteindre|reaching|raggiungendo)\s*", re.IGNORECASE
)
YEAR_EARLIER = re.compile(
    r"\b(?:a\s+year\s+(?:earlier|before)|the\s+(?:previous|preceding)\s+year|the\s+year\s+before|"
    r"un\s+an\s+(?:plus\s+tôt|auparavant)|l['’]année\s+(?:précédente|d['’]avant)|"
    r"un\s+anno\s+prima|(?:l|dell|nell)['’]anno\s+precedente)\b",
    re.IGNORECASE,
)
# A clause that opens with a relative pronoun or a past participle describes a noun: its date
# is that noun's ("Lancé en juin 2010, le programme ...", ", which opened on 13 January 2025,").
EMBEDDED_CLAUSE = re.compile(
    # "show that in 2021, 106,699 deaths": a conjunction before a time adverbial embeds nothing.
    r"\s*(?:(?:which|who|whose|that|qui|que|dont|où|che|cui|il\s+quale|la\s+quale)\b"
    r"(?!\s+(?:in|en|nel|nell['’]|au|al|as\s+of|during|durant|pendant|durante)\b)|"
    r"[^\W\d_]+(?:ée?s?|at[oaie]|ut[oaie]|it[oaie]|ed)\s+(?:en|le|la|dans|par|à|au|nel|nell['’]|"
    r"il|in|on|by|da|dal|a|al)\b)",
    re.IGNORECASE,
)
# The date of the collection of data, which the figures collected are true at: "ces données de
# 2017", "the 2018 National Drug Use Survey", "le dénombrement réalisé le 11 avril 2023",
# "il bilancio delle operazioni antidroga del 2024".
DATA_NOUN_BEFORE = re.compile(
    r"\b(?:données|chiffres|statistiques|bilan|enquête|dénombrement|recensement|sondage|"
    r"évaluation|résultats|data|figures|statistics|survey|census|count|assessment|evaluation|"
    r"results|dati|cifre|risultati|statistiche|bilancio|indagine|censimento|rilevazione|rilevamento|valutazione)"
    r"(?:\s+[^\s,;:.()]+){0,5}?\s+(?:de|du|des|of|for|from|in|en|le|dans\s+la\s+nuit\s+du|del|"
    r"dell['’]|nel|per\s+il|pour|relatifs?\s+à|relativ[io]\s+al)\s*$"
    # A data collection named before its year: "l’indagine IPSAD 2017", "Census 2021".
    r"|\b(?:enquête|recensement|sondage|survey|census|indagine|censimento|rilevazione)"
    r"(?:\s+(?-i:[A-Z])[\w-]*){0,2}\s+$",
    re.IGNORECASE,
)
DATA_NOUN_AFTER = re.compile(
    r"\s+(?:[^\s,;:.()]+\s+){0,4}?(?:survey|census|count|assessment|evaluation|data|figures|"
    r"statistics)\b",
    re.IGNORECASE,
)
# A new clause with its own subject: a date before it governs its own clause only.
NEW_CLAUSE = re.compile(
    r"(?:[,;]\s*(?:and|but|while|whereas|et|mais|alors\s+que|tandis\s+que|e|ma|mentre)\b|"
    r";|\b(?:while|whereas|alors\s+que|tandis\s+que|mentre)\b)",
    re.IGNORECASE,
)
# A clause restating the one before in other terms: "..., soit une moyenne de 363 par jour".
RESTATING_CLAUSE = re.compile(
    r",\s*(?:soit|ossia|cioè|ovvero|vale\s+a\s+dire|c['’]est-à-dire|i\.\s?e\.|that\s+is|or)"
    r"(?:\s+[^\s,;:()\d]+){0,4}\s*$",
    re.IGNORECASE,
)
