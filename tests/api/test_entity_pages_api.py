"""GET /api/entities/{key} and /api/entities/by-country through the app, over a real index."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from entity_documents import A, B, C, D, E
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from search.backend import encode_cursor

UNODC_NAMES = {
    "en": "United Nations Office on Drugs and Crime",
    "fr": "Office des Nations unies contre la drogue et le crime",
    "it": "Ufficio delle Nazioni Unite contro la droga e il crimine",
}


@pytest.fixture
def client(services: Services) -> TestClient:
    assert services.backend.upsert([A, B, C, D, E]) == []
    return TestClient(create_app(services))


def _get(client: TestClient, path: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_an_entity_page_in_one_answer(client: TestClient) -> None:
    page = _get(client, "/api/entities/nghe%20an", limit=2)
    assert (page["key"], page["label"], page["name"]) == ("nghe an", "LOC", "Nghe An")
    assert page["labels"] == [{"label": "LOC", "documents": 3}, {"label": "ORG", "documents": 1}]
    assert page["forms"][0] == {"form": "Nghe An", "documents": 2}
    assert [(d["id"], d["mentions"]) for d in page["documents"]["items"]] == [("b", 1), ("a", 1)]
    rest = _get(client, "/api/entities/nghe%20an", cursor=page["documents"]["next_cursor"])
    assert [d["id"] for d in rest["documents"]["items"]] == ["c"]
    assert page["countries"][0] == {"country": "VN", "documents": 3}
    [first, _] = page["figures"]["items"]
    assert (first["document_id"], first["value"], first["unit"], first["as_of"]) == (
        "a", 3810, "count", "2023-09-30",
    )  # fmt: skip
    assert first["sentence"].endswith("selon Tran Anh Tuan.") and first["about"] == "toxicomanes"
    assert [(r["key"], r["documents"]) for r in page["related"]][:1] == [("unodc", 3)]


def test_names_follow_lang_else_the_language_of_q_else_english(client: TestClient) -> None:
    for language in ("fr", "it", "en"):
        page = _get(client, "/api/entities/unodc", lang=language)
        assert page["name"] == UNODC_NAMES[language]
        related = _get(client, "/api/entities/nghe%20an", lang=language)["related"]
        assert related[0]["name"] == UNODC_NAMES[language]
    assert _get(client, "/api/entities/unodc")["name"] == UNODC_NAMES["en"]
    searched = _get(client, "/api/entities/unodc", q="ufficio delle nazioni unite contro la droga")
    assert searched["name"] == UNODC_NAMES["it"]
    # An entity outside the table of bodies is named as most documents write it.
    assert _get(client, "/api/entities/tran%20anh%20tuan", lang="it")["name"] == "Tran Anh Tuan"


def test_keys_with_accents_and_spaces_url_encoded(client: TestClient) -> None:
    path = "/api/entities/" + quote("são tomé")
    assert path == "/api/entities/s%C3%A3o%20tom%C3%A9"
    page = _get(client, path)
    assert page["key"] == "são tomé" and page["name"] == "São Tomé"
    assert [d["id"] for d in page["documents"]["items"]] == ["e"]


def test_a_name_that_folds_to_a_key_finds_its_page(client: TestClient) -> None:
    assert _get(client, "/api/entities/" + quote("Nghệ An"))["key"] == "nghe an"
    assert _get(client, "/api/entities/ONUDC", lang="fr")["name"] == UNODC_NAMES["fr"]


def test_an_unknown_key_is_a_404_that_says_so(client: TestClient) -> None:
    response = client.get("/api/entities/atlantis")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "no document names the entity 'atlantis': /api/entities lists the keys",
    }
    as_person = client.get("/api/entities/nghe%20an", params={"label": "PER"})
    assert as_person.status_code == 404 and "'nghe an' as PER" in as_person.json()["detail"]
    assert _get(client, "/api/entities/nghe%20an", label="ORG")["documents"]["total"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not a cursor"},
        {"cursor": encode_cursor({"offset": -1})},
        {"cursor": encode_cursor({"offset": "2"})},
        {"limit": 101},
        {"label": "MISC"},
        {"lang": "de"},
        {"x": 1},
    ],
)
def test_invalid_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/entities/nghe%20an", params=params)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text


def test_organisations_by_country(client: TestClient) -> None:
    table = _get(client, "/api/entities/by-country", name_lang="it")
    assert table["documents"] == 5
    assert [c["country"] for c in table["countries"]] == ["VN", "FR", "GB", "IT"]
    [unodc, company] = table["entities"]
    assert (unodc["key"], unodc["label"], unodc["name"], unodc["documents"]) == (
        "unodc", "ORG", UNODC_NAMES["it"], 3,
    )  # fmt: skip
    assert unodc["countries"] == [
        {"country": "VN", "documents": 3},
        {"country": "GB", "documents": 1},
        {"country": "IT", "documents": 1},
    ]
    assert (company["key"], company["countries"]) == (
        "nghe an",
        [{"country": "FR", "documents": 1}],
    )


def test_the_table_takes_the_entities_list_filters(client: TestClient) -> None:
    french = _get(client, "/api/entities/by-country", lang="fr")
    assert french["documents"] == 3 and french["entities"][1]["name"] == UNODC_NAMES["fr"]
    named = _get(client, "/api/entities/by-country", q="nazioni")
    assert [row["key"] for row in named["entities"]] == ["unodc"]
    assert named["entities"][0]["name"] == UNODC_NAMES["it"]  # q is Italian
    assert [r["key"] for r in _get(client, "/api/entities/by-country", top=1)["entities"]] == [
        "unodc"
    ]
    places = _get(client, "/api/entities/by-country", label="LOC", country="VN")
    assert [row["key"] for row in places["entities"]] == ["nghe an", "hanoi"]
    assert client.get("/api/entities/by-country", params={"top": 0}).status_code == 422


def test_the_new_routes_are_documented_with_examples(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    page = paths["/api/entities/{key}"]["get"]
    assert page["responses"]["200"]["content"]["application/json"]["example"]["key"] == "nghe an"
    assert "404" in page["responses"]
    table = paths["/api/entities/by-country"]["get"]
    example = table["responses"]["200"]["content"]["application/json"]["example"]
    assert example["entities"][0]["countries"]
