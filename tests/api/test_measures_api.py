"""The measure filter and facet of /api/figures and the /api/measures list, over a real index."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
KEY = {"X-API-Key": "k3y"}
# One short report per language, each naming people in treatment in its own words.
REPORTS = {
    "fr": "Bilan annuel des CSAPA. En 2023, 1 240 personnes ont été prises en charge par les "
    "CSAPA du département. Le budget du dispositif s'élève à 4,5 millions d'euros.",
    "it": "Relazione annuale dei servizi. Nel 2023 i SerD della provincia avevano 3.050 pazienti "
    "in trattamento. Le morti per overdose sono state 41 nello stesso anno.",
    "en": "Annual treatment report. In 2023, 4,200 people were receiving treatment for opioid "
    "use in the county. The local prison population stood at 870 in June.",
}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("measures"),
        api_key=SecretStr("k3y"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return build_services(settings)


@pytest.fixture(scope="module")
def client(client: TestClient) -> TestClient:
    for language, text in REPORTS.items():
        body = {"text": text, "language": language, "source": f"report-{language}.txt"}
        response = client.post("/api/documents", json=body, headers=KEY)
        assert response.status_code in (200, 201), response.text
    return client


def _figures(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/figures", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_one_measure_finds_its_figures_in_every_language(client: TestClient) -> None:
    body = _figures(client, measure="people-in-treatment")
    found = {row["language"]: (row["value"], row["measure"]) for row in body["rows"]}
    assert found == {
        "fr": (1240, "people-in-treatment"),
        "it": (3050, "people-in-treatment"),
        "en": (4200, "people-in-treatment"),
    }
    # Repeated, the filter takes any of the measures given.
    either = _figures(client, measure=["overdose-deaths", "prisoners"])
    assert {(row["language"], row["value"]) for row in either["rows"]} == {("it", 41), ("en", 870)}
    # A measure covers its narrower ones.
    deaths = _figures(client, measure="deaths")
    assert [(row["value"], row["measure"]) for row in deaths["rows"]] == [(41, "overdose-deaths")]


def test_the_page_counts_figures_per_measure_with_names(client: TestClient) -> None:
    facets = _figures(client, lang="fr")["facets"]["measures"]
    assert {(f["value"], f["count"], f["name"]) for f in facets} == {
        ("people-in-treatment", 1, "personnes prises en charge"),
        ("budget", 1, "budget"),
    }
    everything = {f["value"]: f["count"] for f in _figures(client)["facets"]["measures"]}
    assert everything["people-in-treatment"] == 3
    assert _figures(client, facets=False)["facets"] == {}


def test_exports_carry_the_measure(client: TestClient) -> None:
    text = client.get("/api/figures", params={"format": "csv", "measure": "budget"}).text
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["measure"], row["unit"], row["language"]) == ("budget", "EUR", "fr")
    lines = client.get("/api/figures", params={"format": "ndjson", "lang": "it"}).text
    assert '"measure":"overdose-deaths"' in lines


def test_unknown_measures_are_named_in_a_422(client: TestClient) -> None:
    response = client.get("/api/figures", params={"measure": "no-such-measure"})
    assert response.status_code == 422 and "no-such-measure" in response.json()["detail"]


def test_the_measures_are_listed_with_their_labels(client: TestClient) -> None:
    body = client.get("/api/measures", params={"q": "prises en charge"}).json()
    ids = [measure["id"] for measure in body["measures"]]
    assert "people-in-treatment" in ids and body["total"] == len(ids)
    treatment = next(m for m in body["measures"] if m["id"] == "people-in-treatment")
    assert treatment["quantities"] == ["people"]
    assert "people-in-opioid-agonist-therapy" in treatment["narrower"]
    seizures = next(
        m for m in client.get("/api/measures").json()["measures"] if m["id"] == "drug-seizures"
    )
    assert seizures["quantities"] == [] and "drugs" in seizures["requires"]
    # Measures are not topics.
    topics = client.get("/api/topics", params={"q": "prises en charge"}).json()["concepts"]
    assert "people-in-treatment" not in {topic["id"] for topic in topics}


def test_the_openapi_documents_the_measure_filter(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/figures"]["get"]["parameters"]}
    assert "people-in-treatment" in str(parameters["measure"])
    assert Path("/api/measures").as_posix() in schema["paths"]
