"""Measures: the thesaurus facet of what figures count, and resolving each figure's measure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.model import Figure, LanguageSpan
from nlp.as_of import tie_dates
from nlp.dates import find_dates
from nlp.figures import find_figures
from nlp.measures import resolve_measures
from nlp.thesaurus import Thesaurus, ThesaurusError, default_thesaurus, load_thesaurus
from nlp.topics import find_mentions, tag_figures


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    return default_thesaurus()


def measures_in(text: str, language: str, thesaurus: Thesaurus) -> dict[str, str | None]:
    """Figure text -> measure, the figures found, tagged and resolved as the analyzer does."""
    dates = find_dates(text, language)
    figures = tie_dates(text, find_figures(text, language, dates), dates)
    figures = tag_figures(text, figures, find_mentions(text, [], language, thesaurus))
    resolved = resolve_measures(text, figures, [], language, thesaurus, dates)
    return {f.text: f.measure for f in resolved}


def measure_of(text: str, quote: str, language: str, thesaurus: Thesaurus) -> str | None:
    found = measures_in(text, language, thesaurus)
    [measure] = [measure for figure, measure in found.items() if quote in figure]
    return measure


# (language, sentence, part of the figure's text, measure)
CASES = [
    # The same measure in three languages, in each one's own wording.
    ("it", "Nel 2023 i SerD della provincia avevano 14.300 pazienti in trattamento.", "14.300",
     "people-in-treatment"),
    ("it", "Sono 2.100 le persone seguite dai SerD per dipendenza da cocaina.", "2.100",
     "people-in-treatment"),
    ("fr", "En 2022, 1 240 personnes ont été prises en charge par les CSAPA du département.",
     "1 240", "people-in-treatment"),
    ("fr", "Le service d'addictologie suit 610 patients dans trois antennes.", "610",
     "people-in-treatment"),
    ("en", "In 2022, 4,200 people were receiving treatment for opioid use in the county.",
     "4,200", "people-in-treatment"),
    ("en", "Clinics reported 1,150 clients in treatment at the end of March.", "1,150",
     "people-in-treatment"),
    # Narrower measures win when the words say more.
    ("fr", "Le centre de soins suit 830 patients sous méthadone.", "830",
     "people-in-opioid-agonist-therapy"),
    ("en", "There were 1,320 overdose deaths in the region in 2021.", "1,320", "overdose-deaths"),
    ("it", "Le morti per overdose sono state 298 nel 2022.", "298", "overdose-deaths"),
    ("fr", "La maladie a causé 45 décès l'hiver dernier.", "45", "deaths"),
    # The unit picks among measures a word names: seizures by weight, seizure value.
    ("fr", "Les douaniers ont saisi 1,2 tonne de cocaïne au port.", "1,2 tonne",
     "drug-seizures-by-weight"),
    ("it", "La polizia ha sequestrato 350 chili di hashish nel porto.", "350 chili",
     "drug-seizures-by-weight"),
    ("en", "Police seized heroin with a street value of £3 million.", "£3 million",
     "seized-drug-value"),
    # Money: the words say budget or spending.
    ("fr", "Le budget du plan national s'élève à 45 millions d'euros.", "45 millions", "budget"),
    ("en", "The government allocated £12 million to the new strategy.", "£12 million", "budget"),
    ("it", "La spesa per i servizi sociali ammonta a 3,2 miliardi di euro.", "3,2 miliardi",
     "spending"),
    # Shares: prevalence, rates.
    ("fr", "Près de 12 % des lycéens ont consommé du cannabis au cours du mois.", "12 %",
     "drug-use-prevalence"),
    ("en", "About 8% of adults used cannabis in the past year.", "8%", "drug-use-prevalence"),
    ("fr", "La prévalence du VIH chez les usagers de drogues injectables atteint 8,5 %.",
     "8,5 %", "hiv-prevalence"),
    ("it", "Il tasso di disoccupazione giovanile è salito al 22% in un anno.", "22%",
     "unemployment-rate"),
    # Prisons, homelessness.
    ("fr", "La maison d'arrêt compte 910 détenus pour 600 places.", "910", "prisoners"),
    ("it", "Il carcere ospita 1.200 detenuti a fronte di 900 posti regolamentari.", "900",
     "beds"),
    ("en", "Some 1,200 HIV-positive prisoners received antiretroviral therapy.", "1,200",
     "prisoners"),
    ("en", "The prison population stood at 87,000 in June.", "87,000", "prisoners"),
    ("fr", "On dénombrait 3 400 personnes sans domicile dans la capitale.", "3 400",
     "homeless-people"),
    ("it", "Il comune ospita 400 persone senza dimora nei dormitori.", "400", "homeless-people"),
    ("en", "Police arrested 85 people during the operation.", "85", "arrests"),
    # A label read whole wins over one read across a skipped word ("people ... reached").
    ("en", "By the end of 2023 the number of people in treatment had reached 9,400.", "9,400",
     "people-in-treatment"),
    # OAT spelled out.
    ("en", "About 7,800 people were in opioid agonist treatment in Wales.", "7,800 people",
     "people-in-opioid-agonist-therapy"),
    # No measure rather than a wrong one.
    ("fr", "Le nombre de décès par surdose a augmenté de 12 % en un an.", "12 %", None),
    ("it", "Il tasso di disoccupazione è aumentato del 2% rispetto al 2022.", "2%", None),
    ("en", "The prison population rose by 3% in a year.", "3%", None),
    ("fr", "12 % des détenus sont des femmes.", "12 %", None),
    ("it", "Il 40% dei detenuti è in attesa di giudizio.", "40%", None),
    ("fr", "Le centre d'accueil de la ville héberge 300 personnes.", "300", None),
    ("en", "Customs seized 28 tonnes of cigarettes at the border.", "28 tonnes", None),
    ("en", "The survey covered 1,500 households in 12 districts.", "1,500", None),
    ("fr", "Le programme couvre 4 patients sur 10 dans la région.", "4 patients", None),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "quote", "measure"), CASES)
def test_measures_of_real_looking_sentences(
    language: str, text: str, quote: str, measure: str | None, thesaurus: Thesaurus
) -> None:
    assert measure_of(text, quote, language, thesaurus) == measure


def test_the_same_measure_in_three_languages(thesaurus: Thesaurus) -> None:
    found = {
        measure_of("Nel 2021 erano 3.050 i pazienti in trattamento.", "3.050", "it", thesaurus),
        measure_of("Fin 2021, 3 050 personnes prises en charge.", "3 050", "fr", thesaurus),
        measure_of(
            "At the end of 2021, 3,050 people receiving treatment.", "3,050", "en", thesaurus
        ),
    }
    assert found == {"people-in-treatment"}


def test_never_from_another_sentence(thesaurus: Thesaurus) -> None:
    text = "Les détenus sont nombreux. On en compte 910 cette année."
    assert measure_of(text, "910", "fr", thesaurus) is None


def test_each_paragraph_is_read_in_its_own_language(thesaurus: Thesaurus) -> None:
    text = "Les détenus étaient 910.\nI detenuti erano 1.200."
    spans = [
        LanguageSpan(start=0, end=24, language="fr"),
        LanguageSpan(start=25, end=len(text), language="it"),
    ]
    figures = [
        Figure(text="910", start=20, end=23, value=910),
        Figure(text="1.200", start=42, end=47, value=1200),
    ]
    resolved = resolve_measures(text, figures, spans, "fr", thesaurus)
    assert [f.measure for f in resolved] == ["prisoners", "prisoners"]
    # A language without matching rules gets no measure.
    assert resolve_measures(text, figures, [], "de", thesaurus)[0].measure is None


def test_the_shipped_measures(thesaurus: Thesaurus) -> None:
    measures = thesaurus.measures
    assert len(measures) >= 40
    for wanted in (
        "people-in-treatment", "overdose-deaths", "drug-seizures", "drug-seizures-by-weight",
        "prisoners", "homeless-people", "budget", "spending", "hiv-cases", "deaths", "beds",
        "facilities", "staff", "drug-use-prevalence",
    ):  # fmt: skip
        assert wanted in measures, wanted
    for measure in measures.concepts.values():
        assert set(measure.labels) == {"fr", "it", "en"}, measure.id
    # Measures are a facet of their own: they never become document topics.
    assert "people-in-treatment" not in thesaurus
    assert measures.descendants("drug-seizures") == [
        "drug-seizures-by-weight",
        "drug-seizure-cases",
        "seized-drug-value",
    ]


def _write(directory: Path, name: str, facet: str, concepts: list[dict]) -> None:  # type: ignore[type-arg]
    body = {"domain": "test", "facet": facet, "concepts": concepts}
    (directory / name).write_text(json.dumps(body), encoding="utf-8")


def _measure(id: str, quantities: list[str], **fields: object) -> dict:  # type: ignore[type-arg]
    labels = {code: {"pref": f"{id} {code}", "alt": []} for code in ("en", "fr", "it")}
    return {"id": id, "labels": labels, "quantities": quantities, **fields}


def test_measure_files_are_checked(tmp_path: Path) -> None:
    _write(tmp_path, "topics.json", "topics", [_measure("prisons", [])])
    _write(tmp_path, "measures.json", "measures", [_measure("prisoners", ["people"])])
    loaded = load_thesaurus(tmp_path)
    assert list(loaded.concepts) == ["prisons"] and list(loaded.measures.concepts) == ["prisoners"]
    # The same id may name a topic and a measure: they are facets apart.
    _write(tmp_path, "measures.json", "measures", [_measure("prisons", ["people"])])
    assert "prisons" in load_thesaurus(tmp_path).measures

    _write(tmp_path, "topics.json", "topics", [_measure("prisons", ["people"])])
    with pytest.raises(ThesaurusError, match="are for measures"):
        load_thesaurus(tmp_path)
    _write(tmp_path, "topics.json", "topics", [_measure("prisons", [])])

    _write(tmp_path, "measures.json", "measures", [_measure("nothing", [])])
    with pytest.raises(ThesaurusError, match="no quantities"):
        load_thesaurus(tmp_path)
    group = _measure("group", [])
    twins = [_measure(id, ["count"], broader=["group"]) for id in ("a", "b")]
    _write(tmp_path, "measures.json", "measures", [group, *twins])
    with pytest.raises(ThesaurusError, match="same kind of figure"):
        load_thesaurus(tmp_path)
    _write(tmp_path, "measures.json", "measures", [_measure("x", ["count"], requires=["nope"])])
    with pytest.raises(ThesaurusError, match="unknown topic 'nope'"):
        load_thesaurus(tmp_path)
