"""The HTTP API over a real index and real models, through FastAPI's TestClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Services:
    data = tmp_path_factory.mktemp("api") / "data"
    services = build_services(Settings(data_dir=data, _env_file=None))  # type: ignore[call-arg]
    report = services.pipeline.ingest([seeds_dir])
    assert report.documents == 5 and not report.failures
    return services


def test_health_reports_the_index(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["documents"] == 5


def test_search_finds_inflected_forms_with_snippets_and_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "toxicomane", "cross_lingual": False}).json()
    sources = {Path(hit["source"]).name for hit in body["hits"]}
    assert "000_5eed3bc5516a0f99.txt" in sources
    assert body["total"] == len(body["hits"]) >= 1
    assert all("<b>" in hit["snippet"] for hit in body["hits"])
    assert {f["value"] for f in body["facets"]["language"]} == {"fr"}


def test_search_filters_by_language_and_entity(client: TestClient) -> None:
    italian = client.get("/api/search", params={"lang": "it"}).json()
    assert [Path(hit["source"]).name for hit in italian["hits"]] == ["001_64f6080c218b57bf.txt"]
    by_entity = client.get("/api/search", params={"entity": "tran anh tuan"}).json()
    assert [Path(hit["source"]).name for hit in by_entity["hits"]] == ["000_5eed3bc5516a0f99.txt"]


def test_document_record_satisfies_offsets(client: TestClient) -> None:
    hit = client.get("/api/search", params={"entity": "tran anh tuan"}).json()["hits"][0]
    record = client.get(f"/api/documents/{hit['id']}").json()
    assert record["language"] == "fr"
    for entity in record["entities"]:
        assert record["text"][entity["start"] : entity["end"]] == entity["text"]
    assert {"figures", "dates", "countries", "countries_mentioned"} <= set(record)


def test_unknown_document_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/documents/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "no document with id 'does-not-exist'",
    }


def test_invalid_parameters_name_the_field(client: TestClient) -> None:
    response = client.get("/api/search", params={"limit": 1000})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"][0]["field"] == "query.limit"


def test_unparsable_query_is_422(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": '"open phrase AND ('})
    assert response.status_code == 422 and response.json()["error"] == "invalid_query"


def test_post_document_analyses_and_indexes(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_key=SecretStr("s3cret"), _env_file=None)  # type: ignore[call-arg]
    client = TestClient(create_app(build_services(settings)))
    payload = {
        "text": "Le docteur Nguyen Van Minh dirige le centre de méthadone de Hai Phong.",
        "source": "test/post-1",
        "published": "2024-03-12",
    }
    assert client.post("/api/documents", json=payload).status_code == 401
    wrong = client.post("/api/documents", json=payload, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
    created = client.post("/api/documents", json=payload, headers={"X-API-Key": "s3cret"})
    assert created.status_code == 201
    record = created.json()
    assert record["language"] == "fr" and record["published"] == "2024-03-12"
    assert ("Nguyen Van Minh", "PER") in {(e["text"], e["label"]) for e in record["entities"]}
    again = client.post("/api/documents", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert again.json()["id"] == record["id"]
    assert client.get("/api/health").json()["documents"] == 1
    assert client.get(f"/api/documents/{record['id']}").json() == record


def test_a_dateline_dates_the_document_and_its_year_less_dates(tmp_path: Path) -> None:
    client = TestClient(create_app(build_services(Settings(data_dir=tmp_path, _env_file=None))))  # type: ignore[call-arg]
    texts = {
        "fr": "Accueil de jour\n\nClermont-Ferrand, 12 mars 2024 – Le 6 février, le "
        "département a ouvert un centre d'accueil de jour pour les personnes sans abri.",
        "it": "Nuovo servizio\n\nPerugia, 9 aprile 2024 – Il 2 marzo la Regione ha inaugurato "
        "un servizio per le dipendenze nel centro storico della città.",
        "en": "Recovery centre\nPublished: 20 May 2024\n\nOn 14 April the health trust opened a "
        "recovery centre for people leaving residential treatment.",
    }
    expected = {"fr": ("2024-03-12", "2024-02-06"), "it": ("2024-04-09", "2024-03-02"),
                "en": ("2024-05-20", "2024-04-14")}  # fmt: skip
    for language, text in texts.items():
        record = client.post("/api/documents", json={"text": text}).json()
        assert record["language"] == language
        published, day = expected[language]
        assert record["published"] == published
        assert day in {date["value"] for date in record["dates"]}
    hits = client.get("/api/search", params={"sort": "date"}).json()["hits"]
    assert [hit["published"] for hit in hits] == ["2024-05-20", "2024-04-09", "2024-03-12"]


def test_post_rejects_empty_and_ill_typed_documents(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    client = TestClient(create_app(build_services(settings)))
    blank = client.post("/api/documents", json={"text": "   \n  "})
    assert blank.status_code == 422 and "no text" in blank.json()["detail"]
    wrong = client.post("/api/documents", json={"text": 5})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "body.text"


def test_openapi_is_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/search", "/api/documents", "/api/documents/{document_id}", "/api/health"} <= set(
        schema["paths"]
    )
    assert client.get("/docs").status_code == 200
