"""Every search parameter, the document writes and the access rules, over a real index."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
KEY = {"X-API-Key": "k3y"}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("endpoints"),
        api_key=SecretStr("k3y"),
        max_request_bytes=200_000,
        cors_origins=["https://lens.example.org"],
        _env_file=None,  # type: ignore[call-arg]
    )
    services = build_services(settings)
    report = services.pipeline.ingest([SAMPLE / "fr", SAMPLE / "it", SAMPLE / "en"])
    assert report.documents == 12
    return services


def _search(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _sources(body: dict) -> set[str]:  # type: ignore[type-arg]
    return {Path(hit["source"]).name for hit in body["hits"]}


def test_filters_combine(client: TestClient) -> None:
    italian = _search(client, lang="it", limit=50)
    assert italian["total"] == 4 and {h["language"] for h in italian["hits"]} == {"it"}
    vietnam = _search(client, country="VN", limit=50)
    assert "nghe-an-methadone.txt" in _sources(vietnam)
    assert all("VN" in hit["countries"] for hit in vietnam["hits"])
    both = _search(client, country=["VN"], lang="it", limit=50)
    assert _sources(both) == {"vietnam-haiphong-quangninh-comunita.txt"}
    one = _search(client, source="corpora/sample/en/kenya-methadone-hiv.txt")
    assert _sources(one) == {"kenya-methadone-hiv.txt"}


def test_entity_and_label_filters_follow_the_facets(client: TestClient) -> None:
    facets = _search(client, limit=0)["facets"]
    top = facets["entities"][0]
    with_label = _search(client, entity=top["value"], label=top["label"], limit=50)
    assert with_label["total"] == top["count"]
    assert {f["value"] for f in facets["year"]} <= {str(y) for y in range(1990, 2030)}


def test_operators_phrases_and_exact_forms(client: TestClient) -> None:
    # The words alone: what the operators and stemming do (expansion is tested on its own).
    alone = {"cross_lingual": False}
    methadone = _search(client, q="methadone", limit=50, **alone)["total"]
    harm = _search(client, q='methadone "harm reduction"', limit=50, **alone)["total"]
    excluded = _search(client, q="methadone -overdose", limit=50, **alone)["total"]
    assert 0 < harm <= methadone and excluded < methadone
    either = _search(client, q="toxicomanes OR tossicodipendenti", limit=50, **alone)
    assert {h["language"] for h in either["hits"]} == {"fr", "it"}
    assert _search(client, q="toxicomane", stem="false", **alone)["total"] == 0
    assert _search(client, q="toxicomane", **alone)["total"] >= 2


def test_sort_by_date_and_cursor_paging(client: TestClient) -> None:
    everything = _search(client, limit=100)
    seen: list[str] = []
    params: dict[str, object] = {"limit": 5, "sort": "date"}
    while True:
        page = _search(client, **params)
        seen += [hit["id"] for hit in page["hits"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert sorted(seen) == sorted(hit["id"] for hit in everything["hits"])
    assert len(seen) == everything["total"] == 12


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 1000}, "query.limit"),
        ({"offset": 10_001}, "query.offset"),
        ({"sort": "random"}, "query.sort"),
        ({"label": "CITY"}, "query.label"),
        ({"published_from": "yesterday"}, "query.published_from"),
        ({"unknown": 1}, "query.unknown"),
        ({"q": "x" * 1001}, "query.q"),
    ],
)
def test_invalid_parameters_name_the_field(
    client: TestClient, params: dict[str, object], field: str
) -> None:
    response = client.get("/api/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"][0]["field"] == field


def test_bad_cursor_is_422(client: TestClient) -> None:
    response = client.get("/api/search", params={"cursor": "%%%"})
    assert response.status_code == 422 and "invalid cursor" in response.json()["detail"]


def test_delete_needs_the_key_and_removes(client: TestClient) -> None:
    created = client.post(
        "/api/documents", json={"text": "Le centre de Vinh ferme.", "source": "t/1"}, headers=KEY
    )
    document_id = created.json()["id"]
    assert client.delete(f"/api/documents/{document_id}").status_code == 401
    assert client.delete(f"/api/documents/{document_id}", headers=KEY).status_code == 204
    assert client.get(f"/api/documents/{document_id}").status_code == 404
    assert client.delete(f"/api/documents/{document_id}", headers=KEY).status_code == 404


def test_upload_analyses_files_and_reports_failures(client: TestClient) -> None:
    files = [
        (
            "files",
            (
                "note.txt",
                b"Il Ministero della Salute segue 1.572 pazienti a Milano.",
                "text/plain",
            ),
        ),
        (
            "files",
            ("../../etc/evil.md", b"# Titre\n\nLe centre de Hai Phong a 30 lits.", "text/markdown"),
        ),
        ("files", ("broken.pdf", b"%PDF-1.4 truncated", "application/pdf")),
        ("files", ("image.exe", b"MZ\x00\x00", "application/octet-stream")),
    ]
    assert client.post("/api/documents/upload", files=files).status_code == 401
    response = client.post("/api/documents/upload", files=files, headers=KEY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {d["source"] for d in body["documents"]} == {"upload/note.txt", "upload/etc/evil.md"}
    note = next(d for d in body["documents"] if d["source"] == "upload/note.txt")
    assert note["language"] == "it" and note["figures"][0]["value"] == 1572
    assert {f["source"] for f in body["failures"]} == {"upload/broken.pdf", "upload/image.exe"}
    assert client.get(f"/api/documents/{note['id']}").json()["source"] == "upload/note.txt"


def test_the_upload_formats_say_what_an_upload_takes(client: TestClient) -> None:
    """The web UI's upload page checks files against these before sending any."""
    response = client.get("/api/documents/upload/formats")
    assert response.status_code == 200, response.text
    formats = response.json()
    assert {".txt", ".md", ".pdf", ".docx", ".eml", ".jsonl"} <= set(formats["suffixes"])
    assert formats["suffixes"] == sorted(formats["suffixes"])
    assert formats["max_request_bytes"] == 200_000 and formats["max_files"] >= 1
    assert formats["key_required"] is True


def test_the_month_facet_counts_documents_per_month_of_publication(client: TestClient) -> None:
    dated = _search(client, limit=50)
    published = [hit["published"] for hit in dated["hits"] if hit["published"]]
    assert published and "published_month" not in dated["facets"]
    body = _search(client, facet_months="true", limit=0)
    months = [(facet["value"], facet["count"]) for facet in body["facets"]["published_month"]]
    assert [month for month, _ in months] == sorted({day[:7] for day in published})
    assert sum(count for _, count in months) == len(published)


def test_the_web_ui_is_served_compressed(client: TestClient) -> None:
    response = client.get("/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")


def test_two_uploaded_files_with_one_base_name_stay_two_documents(client: TestClient) -> None:
    files = [
        ("files", ("a/same.txt", b"Le centre de Lyon a suivi 40 patients.", "text/plain")),
        ("files", ("b/same.txt", b"Il centro di Bari ha seguito 75 pazienti.", "text/plain")),
        ("files", ("b/same.txt", b"The Leeds clinic saw 120 patients.", "text/plain")),
    ]
    response = client.post("/api/documents/upload", files=files, headers=KEY)
    assert response.status_code == 200, response.text
    documents = response.json()["documents"]
    assert len({d["id"] for d in documents}) == 3
    values = {d["source"]: d["figures"][0]["value"] for d in documents}
    assert values["upload/a/same.txt"] == 40 and values["upload/b/same.txt"] == 75
    assert sorted(values.values()) == [40, 75, 120]


def test_oversized_bodies_are_refused(client: TestClient) -> None:
    response = client.post("/api/documents", json={"text": "x" * 300_000}, headers=KEY)
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


def test_an_oversized_chunked_body_is_refused_with_413_not_a_parse_error(
    client: TestClient,
) -> None:
    # No Content-Length: the limit is only seen while the body streams in.
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(40):
            yield b"x" * 10_000
        yield b'"}'

    headers = {**KEY, "Content-Type": "application/json"}
    response = client.post("/api/documents", content=chunks(), headers=headers)
    assert response.status_code == 413, response.text
    assert response.json()["error"] == "request_too_large"


def test_cors_allows_only_configured_origins(client: TestClient) -> None:
    allowed = client.get("/api/health", headers={"Origin": "https://lens.example.org"})
    assert allowed.headers.get("access-control-allow-origin") == "https://lens.example.org"
    other = client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_reads_can_be_closed(tmp_path: Path, services: Services) -> None:
    settings = services.settings.model_copy(update={"read_requires_key": True})
    closed = Services(settings)
    closed.backend = services.backend
    client = TestClient(create_app(closed))
    assert client.get("/api/search").status_code == 401
    assert client.get("/api/search", headers={"Authorization": "Bearer k3y"}).status_code == 200


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/search",
        "/api/documents",
        "/api/documents/upload",
        "/api/documents/{document_id}",
        "/api/figures",
        "/api/entities",
        "/api/health",
    } <= set(paths)
    components = schema["components"]["schemas"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (path, method)
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                for media, body in response.get("content", {}).items():
                    name = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                    model = components.get(name, {})
                    properties = list(model.get("properties", {}).values())
                    documented = (
                        "example" in body
                        or "examples" in model
                        or (properties and all("examples" in p for p in properties))
                    )
                    assert documented, (path, method, status, media)


def test_figures_page_filters_and_provenance(client: TestClient) -> None:
    page = client.get("/api/figures", params={"unit": "percent", "limit": 100}).json()
    assert page["total"] == len(page["rows"]) > 0
    for row in page["rows"]:
        assert row["unit"] == "percent"
        record = client.get(f"/api/documents/{row['document_id']}").json()
        assert record["text"][row["start"] : row["end"]] == row["text"]
        assert row["text"] in row["sentence"]
        assert row["language"] == record["language"] and row["countries"] == record["countries"]
    big = client.get(
        "/api/figures", params={"value_min": 1_000_000, "sort": "value", "order": "desc"}
    )
    values = [row["value"] for row in big.json()["rows"]]
    assert values == sorted(values, reverse=True) and all(v >= 1_000_000 for v in values)
    words = client.get("/api/figures", params={"q": "pazienti", "lang": "it"}).json()
    assert words["total"] > 0 and all(row["language"] == "it" for row in words["rows"])


def test_figures_export_csv_and_ndjson_stream_every_row(client: TestClient) -> None:
    import csv
    import io
    import json

    total = client.get("/api/figures", params={"limit": 1}).json()["total"]
    assert total > 50
    with client.stream("GET", "/api/figures", params={"format": "csv"}) as response:
        assert response.headers["content-type"].startswith("text/csv")
        text = "".join(response.iter_text())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total
    assert {"document_id", "value", "unit", "about", "as_of", "sentence", "start", "end"} <= set(
        rows[0]
    )
    lines = client.get(
        "/api/figures", params={"format": "ndjson", "country": "VN"}
    ).text.splitlines()
    vietnam = client.get("/api/figures", params={"country": "VN", "limit": 1}).json()["total"]
    assert len(lines) == vietnam and all("VN" in json.loads(line)["countries"] for line in lines)


def test_figures_reject_bad_parameters(client: TestClient) -> None:
    response = client.get("/api/figures", params={"format": "xml"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "query.format"
    response = client.get("/api/figures", params={"value_min": "lots"})
    assert response.json()["detail"][0]["field"] == "query.value_min"


def test_entities_by_label_and_country(client: TestClient) -> None:
    everything = client.get("/api/entities", params={"limit": 10}).json()
    assert everything["documents"] >= 12 and len(everything["entities"]) == 10
    counts = [entity["documents"] for entity in everything["entities"]]
    assert counts == sorted(counts, reverse=True)
    places = client.get("/api/entities", params={"label": "LOC", "country": "VN"}).json()
    assert places["entities"] and {e["label"] for e in places["entities"]} == {"LOC"}
    keys = {e["key"] for e in places["entities"]}
    assert keys & {"nghe an", "hai phong", "quang ninh", "viet nam", "vietnam"}
    assert client.get("/api/entities", params={"label": "CITY"}).status_code == 422
