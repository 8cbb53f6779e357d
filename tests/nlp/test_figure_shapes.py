"""Shapes of numbers (issue 17) in the three languages: one row per shape and language."""

from __future__ import annotations

from typing import Any

import pytest
from tests_support import figures_overlapping

from nlp.figures import find_figures

# (language, sentence, quote the figure must overlap, expected fields); no country is given, so
# "$" is the US dollar.
SHAPES: list[tuple[str, str, str, dict[str, Any]]] = [
    # Ranges: the unit on both ends, an article before each end, a hyphen, a shared scale, a sign
    ("fr", "Le taux de rechute varie de 18 % à 22 % selon l'âge.", "18 %",
     {"value": None, "value_min": 18, "value_max": 22, "unit": "percent"}),
    ("fr", "Les loyers vont de 400 € à 650 € par mois.", "400 €",
     {"value_min": 400, "value_max": 650, "unit": "EUR", "per": "month"}),
    ("fr", "Les relevés se situaient entre -8 et 4 degrés.", "-8",
     {"value_min": -8, "value_max": 4}),
    ("fr", "Entre 2,5 et 3 millions d'euros seront investis.", "2,5",
     {"value_min": 2.5e6, "value_max": 3e6, "unit": "EUR"}),
    ("it", "La quota di recidive è tra il 12 e il 15% nelle carceri.", "12",
     {"value_min": 12, "value_max": 15, "unit": "percent"}),
    ("it", "Gli affitti vanno da 400 a 650 euro al mese.", "400",
     {"value_min": 400, "value_max": 650, "unit": "EUR", "per": "month"}),
    ("it", "Il saldo oscilla tra -3 e 5 punti.", "-3", {"value_min": -3, "value_max": 5}),
    ("it", "Si stimano 1.200-1.400 utenti nel distretto.", "1.200",
     {"value_min": 1200, "value_max": 1400, "unit": "count"}),
    ("en", "Relapse falls by between 5 and 10 per cent after treatment.", "5",
     {"value_min": 5, "value_max": 10, "unit": "percent"}),
    ("en", "The programme will cost $2-3 million a year.", "$2",
     {"value_min": 2e6, "value_max": 3e6, "unit": "USD", "per": "year"}),
    ("en", "Scores ranged between -10 and 15 on the scale.", "-10",
     {"value_min": -10, "value_max": 15}),
    ("en", "Each region runs 5 - 10 outreach teams.", "5", {"value_min": 5, "value_max": 10}),
    # Ratios: a proportion ("sur", "su", "in", "out of") is a fraction (gold-format: "uno su
    # cinque"); a part of a whole named with its article stays in the whole's unit
    ("fr", "Quatre patients sur dix abandonnent le traitement.", "Quatre",
     {"value": 4, "of": 10, "unit": "fraction", "about": "patients"}),
    ("fr", "Un détenu sur cinq attend son jugement.", "Un détenu", {"value": 1, "of": 5}),
    ("fr", "Sur les 120 places ouvertes, 95 sont occupées.", "95", {"value": 95, "of": 120}),
    ("it", "Uno su cinque ha meno di 25 anni.", "Uno", {"value": 1, "of": 5, "unit": "fraction"}),
    ("it", "Tre utenti su quattro completano il percorso.", "Tre", {"value": 3, "of": 4}),
    ("it", "Dei 60 comuni coinvolti, 42 hanno aderito.", "42", {"value": 42, "of": 60}),
    ("en", "One in five adults reported using cannabis.", "One", {"value": 1, "of": 5}),
    ("en", "4 out of 10 clinics lack a pharmacist.", "4 out", {"value": 4, "of": 10}),
    ("en", "Of the 40 shelters inspected, 31 met the standard.", "31",
     {"value": 31, "of": 40, "unit": "count"}),
    # A count beside a percentage: two figures
    ("fr", "Les femmes forment 38 % (142) des admissions.", "38", {"value": 38, "unit": "percent"}),
    ("fr", "Les femmes forment 38 % (142) des admissions.", "142", {"value": 142, "unit": "count"}),
    ("it", "Sono 87 (41%) le donne in carico.", "87", {"value": 87, "unit": "count"}),
    ("it", "Sono 87 (41%) le donne in carico.", "41", {"value": 41, "unit": "percent"}),
    ("en", "Men accounted for 64% (311) of the arrests.", "311", {"value": 311, "unit": "count"}),
    ("en", "A total of 62 (27.5%) were referred.", "27.5", {"value": 27.5, "unit": "percent"}),
    ("it", "I nuclei sono aumentati (nel 2019 erano 512).", "512", {"value": 512, "unit": "count"}),
    # Printed signs: a minus is negative, a plus positive
    ("fr", "Le solde recule à -3,2 % cette année.", "3,2", {"value": -3.2, "unit": "percent"}),
    ("fr", "Le déficit atteint -2,4 millions d'euros.", "2,4", {"value": -2.4e6, "unit": "EUR"}),
    ("fr", "Les saisies progressent (+8,5 %) sur un an.", "8,5", {"value": 8.5, "unit": "percent"}),
    ("it", "Le denunce calano (-6,2%) rispetto all'anno scorso.", "6,2", {"value": -6.2}),
    ("it", "Il bilancio segna -1,8 milioni di euro.", "1,8", {"value": -1.8e6, "unit": "EUR"}),
    ("en", "Net migration fell to -1.2% last year.", "1.2", {"value": -1.2, "unit": "percent"}),
    ("en", "The deficit reached -£2.4 million.", "2.4", {"value": -2.4e6, "unit": "GBP"}),
    ("en", "Overdoses rose (+12.4%) over the year.", "12.4", {"value": 12.4}),
    # Fractions in words: a ratio, value of denominator, with its qualifier
    ("fr", "Trois cinquièmes des détenus sont prévenus.", "Trois",
     {"value": 3, "of": 5, "unit": "fraction"}),
    ("fr", "Près de la moitié des patients sont des femmes.", "moitié",
     {"value": 1, "of": 2, "unit": "fraction", "qualifier": "approx"}),
    ("fr", "Plus d'un tiers des lits sont vides.", "tiers",
     {"value": 1, "of": 3, "qualifier": "more_than"}),
    ("fr", "Sept dixièmes du budget vont au personnel.", "Sept", {"value": 7, "of": 10}),
    ("fr", "Entre le quart et le tiers des places sont vacantes.", "quart",
     {"value": None, "value_min": 0.25, "value_max": 0.3333, "unit": "fraction"}),
    ("it", "Tre quinti dei fondi restano inutilizzati.", "quinti", {"value": 3, "of": 5}),
    ("it", "Quasi un terzo dei posti letto è vuoto.", "terzo",
     {"value": 1, "of": 3, "qualifier": "approx"}),
    ("it", "Oltre la metà delle strutture è piena.", "metà",
     {"value": 1, "of": 2, "qualifier": "more_than"}),
    ("en", "Three fifths of inmates are on remand.", "fifths",
     {"value": 3, "of": 5, "unit": "fraction"}),
    ("en", "Nearly a third of beds were empty.", "third",
     {"value": 1, "of": 3, "qualifier": "approx"}),
    ("en", "Two-thirds of the budget went to treatment.", "Two-thirds", {"value": 2, "of": 3}),
    ("en", "Referrals have risen by a fifth since May.", "fifth", {"value": 1, "of": 5}),
    ("it", "Poco meno di un terzo soffre di un disturbo.", "terzo",
     {"value": 1, "of": 3, "qualifier": "approx"}),
    ("en", "A third said they had relapsed.", "third", {"value": 1, "of": 3}),
    # Halves joined to a number or a scale
    ("fr", "Le chantier a duré trois ans et demi.", "trois", {"value": 3.5, "unit": "year"}),
    ("fr", "Le fonds atteint 2 milliards et demi d'euros.", "2", {"value": 2.5e9, "unit": "EUR"}),
    ("fr", "Un demi-million de seringues ont été distribuées.", "demi", {"value": 5e5}),
    ("it", "Il progetto è durato due anni e mezzo.", "due", {"value": 2.5, "unit": "year"}),
    ("it", "Un milione e mezzo di euro è stato stanziato.", "milione",
     {"value": 1.5e6, "unit": "EUR"}),
    ("it", "Mezzo milione di siringhe sono state distribuite.", "Mezzo", {"value": 5e5}),
    ("en", "The programme took three and a half years.", "three", {"value": 3.5, "unit": "year"}),
    ("en", "Half a billion dollars was pledged.", "Half", {"value": 5e8, "unit": "USD"}),
    ("en", "One and a half million people were screened.", "One", {"value": 1.5e6}),
    # Scale words and their abbreviations on money
    ("en", "The grant is worth 3 hundred thousand dollars.", "3", {"value": 3e5, "unit": "USD"}),
    ("fr", "L'État verse deux cents mille euros.", "deux", {"value": 2e5, "unit": "EUR"}),
    ("en", "The new prison cost $2.5bn to build.", "2.5", {"value": 2.5e9, "unit": "USD"}),
    ("en", "A further £40m was set aside.", "40", {"value": 4e7, "unit": "GBP"}),
    ("en", "Donors pledged $4k each.", "4", {"value": 4000, "unit": "USD"}),
    ("it", "Lo stanziamento è di 3 mln di euro.", "3", {"value": 3e6, "unit": "EUR"}),
    ("it", "Servono 4,5 mld di euro per il piano.", "4,5", {"value": 4.5e9, "unit": "EUR"}),
    ("en", "The fund holds US$2.5 MM in reserves.", "2.5", {"value": 2.5e6, "unit": "USD"}),
    ("fr", "Le plan coûte 1,5 Md€ sur cinq ans.", "1,5", {"value": 1.5e9, "unit": "EUR"}),
    # Long and short scales: a French billion and an Italian bilione are a million millions
    ("fr", "La dette mondiale dépasse 1,2 billion d'euros.", "1,2",
     {"value": 1.2e12, "unit": "EUR"}),
    ("fr", "Le marché pèse 3 milliards d'euros.", "3", {"value": 3e9, "unit": "EUR"}),
    ("it", "Il debito pubblico supera i 2 bilioni di euro.", "2", {"value": 2e12, "unit": "EUR"}),
    ("it", "Una spesa di 2 miliardi di euro.", "2", {"value": 2e9, "unit": "EUR"}),
    ("en", "The market is worth 1.2 billion dollars.", "1.2", {"value": 1.2e9, "unit": "USD"}),
    # Currency after the number, read like one before it
    ("it", "La donazione è di 94.000 $.", "94.000", {"value": 94000, "unit": "USD"}),
    ("fr", "Le contrat vaut 450 000 yens par an.", "450", {"value": 450000, "unit": "JPY"}),
    ("en", "Fees reach 450,000 yen a year.", "450,000", {"value": 450000, "unit": "JPY"}),
    ("en", "The budget line is 75,000 EUR.", "75,000", {"value": 75000, "unit": "EUR"}),
    # Negated comparisons cap the figure
    ("fr", "Le règlement n'autorise pas plus de 30 participants.", "30",
     {"value": 30, "qualifier": "up_to"}),
    ("fr", "Chaque centre accueille au plus 12 résidents.", "12", {"qualifier": "up_to"}),
    ("fr", "Il n'y a pas moins de 40 inscrits.", "40", {"qualifier": "at_least"}),
    ("it", "La norma consente non più di 50 partecipanti.", "50", {"qualifier": "up_to"}),
    ("it", "Ogni struttura ospita al più 12 persone.", "12", {"qualifier": "up_to"}),
    ("it", "Si raccomanda di non bere più di due bicchieri al giorno.", "due",
     {"value": 2, "qualifier": "up_to"}),
    ("en", "The facility holds no more than 50 people.", "50", {"qualifier": "up_to"}),
    ("en", "Each centre may house at most 12 residents.", "12", {"qualifier": "up_to"}),
    ("en", "Patients should not take more than 3 doses.", "3", {"qualifier": "up_to"}),
    ("en", "No fewer than 20 staff were redeployed.", "20", {"qualifier": "at_least"}),
    # Other qualifiers the languages put around a number
    ("it", "Le richieste sono cresciute di oltre il 18%.", "18", {"qualifier": "more_than"}),
    ("it", "I casi sono attorno alle 12.000 unità.", "12.000", {"qualifier": "approx"}),
    ("en", "Seizures fell by 30 per cent or more.", "30", {"qualifier": "at_least"}),
    ("fr", "Une centaine d'agents ont été mobilisés.", "centaine",
     {"value": 100, "qualifier": "approx"}),
    ("it", "Circa un migliaio di persone ha partecipato.", "migliaio",
     {"value": 1000, "qualifier": "approx"}),
    # Number formats: the Swiss apostrophe, a comma that cannot be a decimal
    ("fr", "La Suisse compte 11'000 décès par an.", "11'000", {"value": 11000}),
    ("it", "I senza dimora erano 96'197 in tutto.", "96'197", {"value": 96197}),
    ("fr", "La douane a saisi 4,100 kg de résine.", "4,100", {"value": 4100, "unit": "kg"}),
    ("fr", "Chaque cellule mesure 9 m² au sol.", "9", {"value": 9, "unit": "m2"}),
    ("en", "Officers seized 1,048 pounds of cannabis.", "1,048", {"value": 1048, "unit": "lb"}),
    # A change's two ends are two figures, not a range; so are two figures "respectively"
    ("en", "The rate increased 14%, from 28.3 to 32.4 per 100,000.", "28.3", {"value": 28.3}),
    ("en", "The rate increased 14%, from 28.3 to 32.4 per 100,000.", "32.4", {"value": 32.4}),
    ("fr", "Le taux d'occupation bondit de 150 % à 210 % en un an.", "150",
     {"value": 150, "unit": "percent"}),
    ("it", "Gli utenti sono balzati da 320 a 410 in due anni.", "410", {"value": 410}),
    ("fr", "Les deux maisons d'arrêt affichent 180 % et 240 % respectivement.", "180",
     {"value": 180, "unit": "percent"}),
    ("en", "Prices ranged from 40 to 60 dollars a gram.", "40",
     {"value_min": 40, "value_max": 60}),
    # A minus set apart from its digits inside a bracket is still the sign
    ("fr", "Les saisies reculent (- 8,5 %) sur un an.", "8,5", {"value": -8.5, "unit": "percent"}),
    ("it", "Il dato scende (- 3,2%) rispetto all'anno prima.", "3,2", {"value": -3.2}),
]  # fmt: skip

# (language, sentence, a quote no figure may overlap)
NOT_FIGURES: list[tuple[str, str, str]] = [
    ("en", "See https://www.example.org/report-2021/table4 for details.", "table4"),
    ("fr", "Consultez www.exemple.fr/rapport-2022/annexe3 pour le détail.", "annexe3"),
    ("it", "Scrivete a ufficio2024@esempio.it per informazioni.", "2024"),
    ("en", "Minutes of the council, decisions nrs. 22,24,26 of the session.", "22"),
    ("fr", "Voir les décisions nos 14, 15 et 16 du conseil.", "15"),
    ("en", "The 1990s saw a rise among people in their 30s.", "30s"),
    # A note's mark glued to its word, a chain of numbers that names something, a chart's number
    ("fr", "Les données publiées au 1er janvier 2024(4) sont provisoires.", "(4)"),
    ("en", "The 90-90-90 targets guided the national plan.", "90-90-90"),
    ("fr", "Les entrées augmentent (cf. graphique 2) depuis dix ans.", "2)"),
    ("it", "L'andamento è nel grafico 3 del rapporto.", "3"),
    # A time window in decades
    ("en", "Deaths have tripled over the past two decades.", "two decades"),
    ("en", "As the institute noted (AIHW, 2017b), rates fell.", "2017b"),
    ("it", "Si celebra il 250esimo anniversario del corpo.", "250"),
    ("en", "Deaths fell in the second half of the year.", "half"),
    ("fr", "Les chiffres de la seconde moitié de l'année.", "moitié"),
    ("it", "I dati saranno pubblicati a metà anno.", "metà"),
    ("en", "The mayor began a fifth term in office.", "fifth"),
    ("it", "Il sindaco ha ottenuto un terzo mandato.", "terzo"),
    ("en", "Deaths rose for a third consecutive year.", "third"),
    ("fr", "La réunion a duré un quart d'heure.", "quart"),
    ("fr", "Le tiers-monde reste peu couvert.", "tiers"),
    ("en", "A third-party payer covers the costs.", "third"),
    ("fr", "Le service répond 24 heures sur 24.", "24"),
    ("it", "Il numero verde è attivo 24 ore su 24.", "24"),
    ("en", "The hotline is open 24/7 for callers.", "24"),
    ("fr", "Dépêche publiée le lundi à 18:34 par l'agence.", "34"),
    ("fr", "Au cours des 12 derniers mois, la consommation a baissé.", "12"),
    ("en", "Young people below the age of 20 were interviewed.", "20"),
    ("en", "Rates were highest in the 25-34 age group.", "25"),
    ("fr", "Les 6 à 12 ans sont les plus exposés.", "6"),
    ("it", "La fascia più colpita è quella dai 46 ai 60 anni.", "46"),
    ("fr", "Le taux est de 3,5 décès pour 100 000 habitants.", "100 000"),
    ("fr", "La moitié des usagers consomme plus d'une drogue.", "une drogue"),
    ("it", "Beve almeno una volta al giorno.", "una volta"),
    ("en", "Comment (0)", "0"),
    ("fr", "Un jour, le centre a fermé ses portes.", "Un jour"),
    ("it", "Tra una settimana il servizio riapre.", "una settimana"),
    ("fr", "Les mesures retenues :\n1) un dépistage systématique", "1"),
    ("it", "In un anno e mezzo il servizio è cambiato.", "un anno"),
]


@pytest.mark.parametrize(("language", "sentence", "quote", "expected"), SHAPES)
def test_shapes(language: str, sentence: str, quote: str, expected: dict[str, Any]) -> None:
    found = figures_overlapping(sentence, quote, language)
    assert len(found) == 1, [f.text for f in find_figures(sentence, language)]
    for name, value in expected.items():
        actual = getattr(found[0], name)
        if isinstance(value, float | int) and not isinstance(value, bool):
            assert actual == pytest.approx(value, rel=1e-3), name
        else:
            assert actual == value, name


@pytest.mark.parametrize(("language", "sentence", "quote"), NOT_FIGURES)
def test_not_figures(language: str, sentence: str, quote: str) -> None:
    assert figures_overlapping(sentence, quote, language) == []


def test_reference_entries_are_not_figures() -> None:
    text = (
        "Bibliographie\n"
        "1. Martin C, Durand P. Usage de drogues en prison. Rev Epidemiol 2019; 67(3): 145-152.\n"
        "Dupont, A. (2021). Les salles de consommation. Paris: INSERM.\n"
        "En 2022, le centre a accueilli 1 250 usagers."
    )
    assert [f.value for f in find_figures(text, "fr")] == [2022, 1250]


@pytest.mark.parametrize(
    ("language", "sentence", "countries", "unit"),
    [
        ("fr", "Le don s'élève à 94 000 $.", ["CA"], "CAD"),
        ("en", "A grant of $1.5 million was made.", ["AU"], "AUD"),
        ("fr", "Une amende de 15 000 francs CFA.", ["SN"], "XOF"),
        ("fr", "Une amende de 15 000 francs CFA.", ["CM"], "XAF"),
        ("fr", "Le budget atteint 3 millions de francs.", ["CH"], "CHF"),
        ("en", "Rs550 million was allotted to the force.", ["PK"], "PKR"),
        ("en", "Rs550 million was allotted to the force.", [], "INR"),
        ("en", "The plan costs Tk 1,200 crore.", ["BD"], "BDT"),
        ("it", "Un progetto da 40 milioni di dollari.", ["JM"], "JMD"),
        ("en", "The scheme cost 5 million pounds.", ["GB"], "GBP"),
        ("en", "Police found 927 pounds in the container.", ["JM"], "lb"),
        ("fr", "La police a saisi 600 livres de marijuana.", ["HT"], "lb"),
        ("en", "Officers seized ¥30 million in cash.", ["CN"], "CNY"),
    ],
)
def test_money_follows_the_document_country(
    language: str, sentence: str, countries: list[str], unit: str
) -> None:
    [figure] = [f for f in find_figures(sentence, language, countries=countries) if f.value]
    assert figure.unit == unit


@pytest.mark.parametrize(
    ("language", "sentence", "quote"),
    [
        ("fr", "Ils étaient 300 trois mois plus tard.", "300"),
        ("it", "Erano 300 tre mesi dopo.", "300"),
        ("en", "They were 300 three months later.", "300"),
    ],
)
def test_a_span_stops_at_its_own_number(language: str, sentence: str, quote: str) -> None:
    [figure] = figures_overlapping(sentence, quote, language)
    assert figure.text == quote
