"""as_of, the date a figure is true at, tied the way a reader ties it (gold-format.md): one
table of sentences per rule, in the three languages, written for these tests."""

from __future__ import annotations

import pytest

from nlp.as_of import tie_dates
from nlp.dates import find_dates
from nlp.figures import find_figures

# (language, text, the figure's number as written, the date it is true at or None)
TIED = [
    # A date in the figure's own clause.
    ("fr", "Le centre a accueilli 1 240 patients en 2012.", "1 240", "2012"),
    ("it", "Nel 2022 sono stati sequestrati 3 kg di eroina al porto.", "3", "2022"),
    ("en", "In 2021, 1,200 people started methadone treatment.", "1,200", "2021"),
    ("en", "The register counted 4,310 clients as of 31 March 2023.", "4,310", "2023-03-31"),
    ("fr", "Le dispositif suivait 615 usagers au 31 décembre 2022.", "615", "2022-12-31"),
    ("it", "Gli utenti in carico erano 2.145 al 30 giugno 2023.", "2.145", "2023-06-30"),
    # A sentence-opening date governs its sentence, through its commas.
    ("fr", "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.", "3 810", "2023-09-30"),
    ("it", "Nel 2021, dopo la pandemia, i servizi hanno seguito 815 persone.", "815", "2021"),
    ("en", "In 2019, the agency ran 46 operations, including 12 at the border.", "12", "2019"),
    # Each figure its own date when the sentence gives several.
    ("en", "Deaths rose to 218 in 2020, up from 191 in 2019.", "191", "2019"),
    ("fr", "Les saisies sont passées de 12 tonnes en 2016 à 20 tonnes en 2017.", "12", "2016"),
    ("it", "Gli accessi erano 186 nel 2021 e 260 nel 2022.", "260", "2022"),
    ("it", "Nel 2021 erano 512 utenti (+3,1%), nel 2022 con 540 utenti (+5,5%).", "540", "2022"),
    # A figure in brackets shares the date of what it restates.
    ("en", "In 2020, men accounted for 70.2% (153 deaths) of the total.", "153", "2020"),
    ("it", "Gli ingressi sono stati 2022 (292 utenti, +9%) e 2023 (309 utenti).", "309", "2023"),
    # Periods give intervals.
    ("fr", "Entre 2019 et 2021, 450 personnes ont été accompagnées.", "450", "2019/2021"),
    ("en", "In the first quarter of 2023, 96 overdoses were recorded.", "96", "2023-Q1"),
    ("en", "The service saw 7,400 clients in 2021-22.", "7,400", "2021/2022"),
    ("it", "Tra il 2018 e il 2020 sono stati aperti 14 nuovi servizi.", "14", "2018/2020"),
    # A year to date is that year.
    ("it", "Dall'inizio del 2018 i decessi per overdose sono stati 173.", "173", "2018"),
    # The sentence points back to the date of the one before.
    ("fr", "En 2016, 791 personnes ont été soignées. La même année, 302 rechutes.", "302", "2016"),
    ("en", "In 2018, 250 people were tested. Of them, 30 were positive.", "30", "2018"),
    ("fr", "En 2017, 9,6 milliards de cigarettes ont été vendues. Cela fait 1400 par habitant.",
     "1400", "2017"),
    ("en", "In 2020, 218 deaths were registered. Men made up 70% of the 218 deaths.", "70", "2020"),
    ("fr", "En 2017, la douane a saisi 5 tonnes. Dans le détail, 25 kg de cocaïne et 4 tonnes de "
     "cannabis.", "25", "2017"),
    ("it", "Nel 2023 sono stati seguiti 640 utenti. Di cui 120 donne.", "120", "2023"),
    # A conjunction before a time adverbial embeds no clause.
    ("en", "Figures show that in 2021, 4,210 people were treated.", "4,210", "2021"),
    # A change is true at the date of the sentence that states it, not at its base's.
    ("en", "In 2013, arrests rose to 3,581, an increase of 2% from the 3,507 in 2012.", "2%",
     "2013"),
    ("it", "Nel 2023 gli utenti sono stati 4.120, il 6% in più rispetto al 2022.", "6%", "2023"),
    ("fr", "En 2022, 812 saisies ont été réalisées, soit une hausse de 9 % par rapport à 2021.",
     "9 %", "2022"),
    ("en", "In 2023, some 1,172 people died, up 12 per cent on the previous year.", "12", "2023"),
    ("it", "Nel 2022 i ricoveri sono calati del 5% rispetto all'anno precedente.", "5%", "2022"),
    ("fr", "En 2021, les saisies ont reculé de 8 % par rapport à l'année précédente.", "8 %",
     "2021"),
    # A change takes the date of the level it reached.
    ("it", "I ricoveri sono scesi del 4% a 2.310 nel 2023.", "4%", "2023"),
    ("en", "Arrests rose 7% to 5,120 in 2022.", "7%", "2022"),
    ("fr", "Les saisies ont augmenté de 11 % à 4 300 en 2021.", "11", "2021"),
    # A date that narrows the one before it is the date: the months of that year.
    ("fr", "Plus de 3 tonnes ont été saisies en 2016, entre janvier et novembre.", "3",
     "2016-01/2016-11"),
    ("en", "Police seized 40 kg of heroin in 2022, between March and June.", "40",
     "2022-03/2022-06"),
    ("it", "Sono stati sequestrati 12 chili nel 2021, tra gennaio e aprile.", "12",
     "2021-01/2021-04"),
    # Two dates that open and close one period are one interval.
    ("it", "Tra il 2022 e i primi sei mesi del 2023 la polizia ha fermato 85 corrieri.", "85",
     "2022/2023-H1"),
    ("fr", "Entre 2020 et le premier semestre 2022, 47 laboratoires ont été démantelés.", "47",
     "2020/2022-H1"),
    ("en", "Between 2019 and the first half of 2021, 930 patients were enrolled.", "930",
     "2019/2021-H1"),
    # "The period under review" points to the period named before.
    ("it", "Tra il 2019 e il 2021 è stato aperto un servizio. Nel periodo in esame sono stati "
     "seguiti 310 giovani.", "310", "2019/2021"),
    ("en", "In 2022, the service was reorganised. During the period under review, 58 clinics "
     "opened.", "58", "2022"),
    ("fr", "En 2021, le service a été réorganisé. Sur la période considérée, 64 saisies ont eu "
     "lieu.", "64", "2021"),
    # "At that time" points to the last date named before it.
    ("en", "Clinics served 900 people in 2019 and 1,400 by March 2022. At that time, 64 clinics "
     "were open.", "64", "2022-03"),
    ("fr", "Le centre a reçu 80 patients en 2018 et 120 en 2021. À l'époque, 9 médecins y "
     "travaillaient.", "9", "2021"),
    ("it", "Il servizio seguiva 70 utenti nel 2016 e 95 nel 2020. All'epoca lavoravano 6 "
     "operatori.", "6 operatori", "2020"),
    # A data collection named before its year dates what it found.
    ("it", "Secondo l'indagine ESPAD 2019, circa uno studente su quattro ha usato cannabis.",
     "uno", "2019"),
    ("fr", "D'après l'enquête ESCAPAD 2022, 30 % des jeunes ont déjà fumé.", "30", "2022"),
    ("en", "According to the Census 2021, 4,200 people were sleeping rough.", "4,200", "2021"),
    # A sentence that sums up the one before dates it.
    ("it", "Oltre 900 chili di hashish sequestrati e 41 arresti. Sono i dati del 2022 diffusi "
     "dalla questura.", "41", "2022"),
    ("fr", "Plus de 300 saisies et 12 démantèlements. Ce sont les chiffres de 2021, selon la "
     "gendarmerie.", "300", "2021"),
    ("en", "Some 2,300 arrests and 14 tonnes seized. These are the results of 2020, said the "
     "police.", "2,300", "2020"),
    # "Cette année-là" points to the year its sentence named, starting point or not.
    ("fr", "Les décès baissent depuis 2012, avec 640 morts cette année-là.", "640", "2012"),
]  # fmt: skip

UNTIED = [
    # A date in another sentence does not tie.
    ("en", "The survey ended in 2019. The clinic treats 300 people.", "300"),
    ("fr", "La loi date de 2016. Le centre compte 40 lits.", "40"),
    # A sentence that sums up with no date of its own leaves the one before undated.
    ("it", "Sequestrati 900 chili di hashish. Sono i dati diffusi dalla questura.", "900"),
    # Comparison bases and starting points are not the figure's date.
    ("en", "Seizures were 12% higher than in 2012.", "12"),
    ("fr", "Le nombre de places a augmenté de 18 % par rapport à 2020.", "18"),
    ("it", "Le donne sole erano in aumento: +46% sul 2021.", "46"),
    ("fr", "Depuis 2015, le service a reçu 4 000 appels.", "4 000"),
    ("it", "Dal 2015 il servizio ha accolto 1.200 persone.", "1.200"),
    # A date that qualifies a noun, a reporting date, a plan, a relative time.
    ("fr", "Selon les règles datant de 1988, une cellule de 11 m² compte deux places.", "11"),
    ("en", "The report, published on 5 March 2024, lists 82 shelters.", "82"),
    ("en", "The 500 million project will be implemented between 2025 and 2028.", "500"),
    ("it", "Nel 2027 il servizio offrirà 40 posti letto.", "40"),
    ("fr", "En 2021, le taux était de 29 %, contre 35 % l'an dernier.", "35"),
    ("it", "Nel 2022 erano 260, contro i 186 dell'anno scorso.", "186"),
    ("en", "The rate is 42 percent lower than the peak seen in 2004.", "42"),
]


def _figure(language: str, text: str, number: str):  # type: ignore[no-untyped-def]
    dates = find_dates(text, language)
    figures = tie_dates(text, find_figures(text, language, dates), dates)
    start = text.index(number)
    found = [f for f in figures if f.start <= start < f.end]
    assert found, (number, [f.text for f in figures])
    return found[0]


@pytest.mark.parametrize(("language", "text", "number", "as_of"), TIED)
def test_a_date_the_text_ties(language: str, text: str, number: str, as_of: str) -> None:
    assert _figure(language, text, number).as_of == as_of


@pytest.mark.parametrize(("language", "text", "number"), UNTIED)
def test_no_date_where_the_text_ties_none(language: str, text: str, number: str) -> None:
    assert _figure(language, text, number).as_of is None
