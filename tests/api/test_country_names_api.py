"""Countries by name: `country=` takes names in three languages on every route and the CLI, an
unknown one is a 422 naming it, facets name countries, /api/countries lists them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli
from api.services import Services, build_services
from api.settings import Settings
from ingest.model import Document, Entity, Figure


def _document(id: str, language: str, countries: list[str], place: str, key: str) -> Document:
    text = f"{place}: 1 200 patients in treatment."
    return Document(
        id=id,
        source=f"{id}.txt",
        text=text,
        language=language,
        published=dt.date(2023, 5, 1),
        countries=countries,
        entities=[Entity(text=place, label="LOC", start=0, end=len(place), key=key)],
        figures=[
            Figure(text="1 200", start=len(place) + 2, end=len(place) + 7, value=1200,
                   measure="people-in-treatment")
        ],
    )  # fmt: skip


# Pre-analysed documents: no models to load, the countries are known.
DOCUMENTS = [
    _document("vn", "fr", ["VN"], "Viêt Nam", "viet nam"),
    _document("gb", "it", ["GB"], "Regno Unito", "regno unito"),
    _document("ci", "fr", ["CI", "VN"], "Côte d'Ivoire", "cote d ivoire"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("countries")


@pytest.fixture(scope="module")
def services(data_dir: Path) -> Services:
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    assert services.pipeline.index(DOCUMENTS) == []
    return services


def _ids(client: TestClient, path: str = "/api/search", **params: object) -> set[str]:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    body = response.json()
    return {hit["id"] for hit in body["hits"]} if "hits" in body else {
        row["document_id"] for row in body["rows"]
    }  # fmt: skip


@pytest.mark.parametrize(
    "value", ["VN", "vn", "Vietnam", "Viêt Nam", "viet nam", "VIETNAM", "Viêt-nam"]
)
def test_search_and_figures_take_a_country_by_code_or_name(client: TestClient, value: str) -> None:
    assert _ids(client, country=value) == {"vn", "ci"}
    assert _ids(client, "/api/figures", country=value) == {"vn", "ci"}


@pytest.mark.parametrize("value", ["Royaume-Uni", "Regno Unito", "United Kingdom", "uk"])
def test_names_in_french_italian_and_english(client: TestClient, value: str) -> None:
    assert _ids(client, country=value) == {"gb"}
    # Two filters: documents about both (a name and a code mixed).
    assert _ids(client, country=["Côte d'Ivoire", "vn"]) == {"ci"}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/search", {}),
        ("/api/figures", {}),
        ("/api/figures", {"format": "csv"}),
        ("/api/figures/summary", {}),
        ("/api/entities", {}),
    ],
)
def test_an_unknown_country_is_a_422_naming_it(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params={**params, "country": "Atlantide"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_query"
    assert "country='Atlantide'" in response.json()["detail"]


def test_the_summary_takes_a_country_by_name(client: TestClient) -> None:
    response = client.get("/api/figures/summary", params={"country": "Costa d'Avorio"})
    [series] = response.json()["series"]
    assert [(cell["country"], cell["count"]) for cell in series["cells"]] == [("CI", 1)]
    assert series["cells"][0]["figures_query"]["country"] == ["CI"]


def test_country_facets_carry_a_name_in_the_query_language(client: TestClient) -> None:
    facets = client.get("/api/search", params={"lang": "fr"}).json()["facets"]
    assert {(f["value"], f["count"], f["name"]) for f in facets["countries"]} == {
        ("VN", 2, "Viêt Nam"),
        ("CI", 1, "Côte d’Ivoire"),
    }
    english = client.get("/api/search").json()["facets"]["countries"]
    assert {f["value"]: f["name"] for f in english}["GB"] == "United Kingdom"


def test_places_that_are_countries_are_named_not_keyed(client: TestClient) -> None:
    places = client.get("/api/entities", params={"label": "LOC", "name_lang": "it"}).json()
    names = {entity["key"]: entity["name"] for entity in places["entities"]}
    assert names == {
        "viet nam": "Vietnam",
        "regno unito": "Regno Unito",
        "cote d ivoire": "Costa d’Avorio",
    }
    facets = client.get("/api/search", params={"lang": "fr"}).json()["facets"]["entities"]
    assert {f["value"]: f["name"] for f in facets}["cote d ivoire"] == "Côte d’Ivoire"


def test_countries_are_listed_with_their_names_for_a_picker(client: TestClient) -> None:
    french = client.get("/api/countries", params={"lang": "fr"}).json()
    assert french["total"] == len(french["countries"]) >= 249
    entry = next(c for c in french["countries"] if c["code"] == "CI")
    assert entry == {
        "code": "CI",
        "name": "Côte d’Ivoire",
        "names": {"fr": "Côte d’Ivoire", "it": "Costa d’Avorio", "en": "Côte d’Ivoire"},
    }
    names = [c["name"] for c in french["countries"]]
    assert names.index("Égypte") < names.index("Espagne")  # accents do not sort last
    found = client.get("/api/countries", params={"q": "royaume", "lang": "it"}).json()
    assert [(c["code"], c["name"]) for c in found["countries"]] == [("GB", "Regno Unito")]
    # A name readers use finds its country too, beside the names containing it (Ukraine).
    uk = client.get("/api/countries", params={"q": "uk"}).json()["countries"]
    assert [c["code"] for c in uk] == ["UA", "GB"]
    assert client.get("/api/countries", params={"lang": "de"}).status_code == 422


def test_the_cli_takes_a_country_by_name(
    services: Services, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYLENS_DATA_DIR", str(data_dir))
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "", "--country", "Regno Unito", "--json"])
    assert found.exit_code == 0, found.output
    assert [hit["id"] for hit in json.loads(found.output)["hits"]] == ["gb"]
    unknown = runner.invoke(cli, ["search", "", "--country", "Atlantide"])
    assert unknown.exit_code == 2 and "country='Atlantide'" in unknown.output
