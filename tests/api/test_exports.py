"""Exports that open cleanly: plain numbers, accents, a link per row, XLSX beside CSV and NDJSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from openpyxl.worksheet.worksheet import Worksheet

from api import services as services_module
from api.exports import XLSX_MEDIA_TYPE, csv_cell, plain_number, xlsx_cell
from api.routes_figures import COLUMNS
from api.routes_search import HIT_COLUMNS
from api.services import Services, build_services
from api.settings import Settings
from search.backend import SearchQuery

pytestmark = pytest.mark.slow
APP_JS = Path(__file__).resolve().parents[2] / "api" / "static" / "js" / "app.js"
EXCHANGE = {
    "text": "Échange de seringues à Milan. En 2023, le programme a servi 1 572 personnes. "
    "Le budget atteignait 450 millions d'euros. Le taux de couverture était de 12,5 %.",
    "language": "fr",
    "source": "échange.txt",
    "title": "Échange de seringues à Milan",
    "published": "2024-03-05",
}
HOSTILE = {
    "text": '=HYPERLINK("http://example.com","x") 1 240 patients were treated in 2023.',
    "language": "en",
    "source": "=cmd.txt",
    "title": "=cmd.txt",
}
NAPOLI = {
    "text": "A Napoli, nel 2023, 830 pazienti erano in trattamento con metadone.",
    "language": "it",
    "source": "napoli.txt",
    "title": "Napoli: metadone",
}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(data_dir=tmp_path_factory.mktemp("exports"), _env_file=None)  # type: ignore[call-arg]
    return build_services(settings)


@pytest.fixture(scope="module")
def client(client: TestClient) -> TestClient:
    for body in (EXCHANGE, HOSTILE, NAPOLI):
        response = client.post("/api/documents", json=body)
        assert response.status_code == 201, response.text
    return client


def _csv(client: TestClient, path: str, **params: object) -> list[dict[str, str]]:
    response = client.get(path, params={"format": "csv", **params})  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def _sheet(client: TestClient, path: str, **params: object) -> Worksheet:
    response = client.get(path, params={"format": "xlsx", **params})  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"].endswith('.xlsx"')
    assert int(response.headers["content-length"]) == len(response.content)
    return openpyxl.load_workbook(io.BytesIO(response.content)).active  # type: ignore[return-value]


def _by_text(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["text"]: row for row in rows}


def test_csv_writes_whole_numbers_without_a_decimal_point(client: TestClient) -> None:
    rows = _by_text(_csv(client, "/api/figures"))
    assert rows["1 572 personnes"]["value"] == "1572"
    assert rows["450 millions d'euros"]["value"] == "450000000"
    assert rows["12,5 %"]["value"] == "12.5"
    for row in rows.values():
        for column in ("value", "value_min", "value_max", "of", "start", "end"):
            assert not row[column].endswith(".0") and "e" not in row[column].lower()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1572.0, "1572"),
        (450_000_000.0, "450000000"),
        (12.5, "12.5"),
        (-12.5, "-12.5"),
        (1e-7, "0.0000001"),
        (1.5e-10, "0.00000000015"),
        (1e23, "100000000000000000000000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-0.0, "0"),
        (3, "3"),
    ],
)
def test_numbers_are_plain_decimals(value: float, text: str) -> None:
    assert plain_number(value) == text
    assert csv_cell(value) == text
    assert float(text) == value


def test_xlsx_cells_are_numbers_dates_or_text(client: TestClient) -> None:
    sheet = _sheet(client, "/api/figures")
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == COLUMNS
    total = client.get("/api/figures", params={"limit": 1}).json()["total"]
    assert len(rows) - 1 == total
    records = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    by_text = {record["text"].value: record for record in records}
    value = by_text["1 572 personnes"]["value"]
    assert value.data_type == "n" and value.value == 1572 and isinstance(value.value, int)
    assert by_text["450 millions d'euros"]["value"].value == 450_000_000
    assert by_text["12,5 %"]["value"].value == 12.5
    assert by_text["1 572 personnes"]["start"].data_type == "n"
    exchange = by_text["1 572 personnes"]
    assert exchange["title"].value == "Échange de seringues à Milan"
    assert exchange["source"].value == "échange.txt"
    assert exchange["published"].is_date
    assert exchange["published"].value == dt.datetime(2024, 3, 5)
    # No formula anywhere: a quoted "=HYPERLINK(...)" is a text cell opened with an apostrophe.
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    hostile = by_text["1 240 patients"]
    assert hostile["sentence"].value.startswith("'=HYPERLINK(")
    assert hostile["source"].value == "'=cmd.txt"


def test_xlsx_cell_neutralises_text_and_keeps_numbers() -> None:
    assert xlsx_cell("=1+1") == "'=1+1"
    assert xlsx_cell("@SUM(A1)") == "'@SUM(A1)"
    assert xlsx_cell(["=X", "IT"]) == "'=X|IT"
    assert xlsx_cell([]) is None
    assert xlsx_cell(1572.0) == 1572 and isinstance(xlsx_cell(1572.0), int)
    assert xlsx_cell(-12.5) == -12.5
    assert xlsx_cell(dt.date(2024, 3, 5)) == dt.date(2024, 3, 5)


def test_bom_only_when_asked(client: TestClient) -> None:
    marked = client.get("/api/figures", params={"format": "csv", "bom": True}).content
    assert marked.startswith(b"\xef\xbb\xbfdocument_id,")
    assert "Échange de seringues" in marked.decode("utf-8-sig")
    plain = client.get("/api/figures", params={"format": "csv"}).content
    assert plain.startswith(b"document_id,")
    searched = client.get("/api/search", params={"format": "csv", "bom": "true"}).content
    assert searched.startswith(b"\xef\xbb\xbfid,")


def test_downloads_are_named_for_what_they_hold_and_the_day(client: TestClient) -> None:
    # A fixed "figures.csv" made every download of a folder look alike.
    days = [dt.date.today()]
    dispositions = {
        (path, format): client.get(path, params={"format": format}).headers["content-disposition"]
        for path in ("/api/figures", "/api/search")
        for format in ("csv", "xlsx")
    }
    days.append(dt.date.today())  # midnight may have passed meanwhile
    for (path, format), disposition in dispositions.items():
        what = path.rsplit("/", 1)[-1]
        names = {f"policylens-{what}-{day:%Y-%m-%d}.{format}" for day in days}
        assert disposition in {f'attachment; filename="{name}"' for name in names}


def test_every_export_links_each_row_to_the_document_in_the_ui(client: TestClient) -> None:
    # The UI's document route, which the links must match (api/static/js/app.js).
    assert r"path.match(/^\/doc\/(.+)$/)" in APP_JS.read_text(encoding="utf-8")
    rows = _csv(client, "/api/figures")
    assert rows and list(rows[0])[-1] == "url"
    for row in rows:
        assert row["url"] == f"http://testserver/#/doc/{row['document_id']}?figure={row['start']}"
    lines = client.get("/api/figures", params={"format": "ndjson"}).text.splitlines()
    assert {json.loads(line)["url"] for line in lines} == {row["url"] for row in rows}
    sheet = _sheet(client, "/api/figures")
    column = COLUMNS.index("url")
    urls = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert urls == {row["url"] for row in rows}


def test_search_exports_hits_as_csv_and_xlsx(client: TestClient) -> None:
    response = client.get("/api/search", params={"format": "csv", "q": "patients OR personnes"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-total-count"] == "2"
    hits = list(csv.DictReader(io.StringIO(response.text)))
    assert list(hits[0]) == HIT_COLUMNS
    assert {hit["source"] for hit in hits} == {"échange.txt", "'=cmd.txt"}
    for hit in hits:
        assert hit["url"] == f"http://testserver/#/doc/{hit['id']}"
        assert "<b>" not in hit["snippet"] and hit["snippet"]
        assert float(hit["score"]) > 0
    exchange = next(hit for hit in hits if hit["source"] == "échange.txt")
    assert exchange["published"] == "2024-03-05" and exchange["countries"] == "IT"
    assert "d'euros" in exchange["snippet"]  # the API's &#x27; read back as an apostrophe
    hostile = next(hit for hit in hits if hit["source"] == "'=cmd.txt")
    assert hostile["snippet"].startswith("'=HYPERLINK(")

    sheet = _sheet(client, "/api/search", lang="it")
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HIT_COLUMNS and len(rows) == 2
    napoli = dict(zip(HIT_COLUMNS, rows[1], strict=True))
    assert napoli["title"] == "Napoli: metadone" and isinstance(napoli["score"], float)
    assert napoli["published"] is None and napoli["page"] is None
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_search_export_pages_along_the_cursor_up_to_its_cap(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = [hit["id"] for hit in client.get("/api/search", params={"sort": "date"}).json()["hits"]]
    assert len(order) == 3
    monkeypatch.setattr(services_module, "MAX_LIMIT", 1)  # a page per hit
    total, hits = services.iter_hits(SearchQuery(sort="date"), most=10)
    assert total == 3 and [hit.id for hit in hits] == order
    total, hits = services.iter_hits(SearchQuery(sort="date"), most=2)
    assert total == 3 and [hit.id for hit in hits] == order[:2]


def test_bad_queries_fail_before_an_export_starts(client: TestClient) -> None:
    for path in ("/api/search", "/api/figures"):
        for format in ("csv", "xlsx"):
            response = client.get(path, params={"format": format, "topic": "no-such-topic"})
            assert response.status_code == 422 and "unknown topic" in response.text
    response = client.get("/api/search", params={"format": "ndjson"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "query.format"


def test_openapi_documents_the_formats(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/figures", "/api/search"):
        operation = schema["paths"][path]["get"]
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert "xlsx" in parameters["format"]["schema"]["enum"]
        assert parameters["bom"]["schema"]["type"] == "boolean"
        content = operation["responses"]["200"]["content"]
        assert content[XLSX_MEDIA_TYPE]["schema"] == {"type": "string", "format": "binary"}
        assert "text/csv" in content
