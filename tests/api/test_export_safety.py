"""Exports (CSV, XLSX) open safely in a spreadsheet: text that would run as a formula stays text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from tests_support import is_number

from api.exports import csv_cell
from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
KEY = {"X-API-Key": "k3y"}
# Titles, sources and sentences opening on what a spreadsheet reads as a formula.
HOSTILE = [
    ('=HYPERLINK("http://example.com","x") 1 240 patients were treated in 2023.', "=cmd.txt"),
    ("+1 240 people received methadone in 2023 in the county.", "+plus.txt"),
    ("-12 % fewer overdoses were recorded in 2023 than before.", "-minus.txt"),
    ("@SUM(A1) 3 050 patients were followed in 2023.", "@at.txt"),
    ("\tTab: 870 prisoners were held in June 2023.", "\ttab.txt"),
]


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("exports"),
        api_key=SecretStr("k3y"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return build_services(settings)


@pytest.fixture(scope="module")
def client(client: TestClient) -> TestClient:
    for text, source in HOSTILE:
        body = {"text": text, "language": "en", "source": source, "title": source}
        response = client.post("/api/documents", json=body, headers=KEY)
        assert response.status_code in (200, 201), response.text
    return client


def test_no_cell_of_the_csv_export_runs_as_a_formula(client: TestClient) -> None:
    response = client.get("/api/figures", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) >= len(HOSTILE)
    cells = [cell for row in rows for cell in row.values() if cell and not is_number(cell)]
    # Text that opened on a formula character is shown as text: an apostrophe before it.
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"]
    assert {row["source"] for row in rows} >= {"'=cmd.txt", "'+plus.txt", "'@at.txt"}
    sentences = {row["sentence"] for row in rows}
    assert any(s.startswith("'=HYPERLINK(") for s in sentences)
    # Numbers stay numbers, negative ones too.
    assert all(is_number(row["value"]) for row in rows if row["value"])
    assert any(float(row["value"]) < 0 for row in rows if row["value"])


@pytest.mark.parametrize("path", ["/api/figures", "/api/search"])
def test_no_cell_of_an_xlsx_export_is_a_formula(client: TestClient, path: str) -> None:
    response = client.get(path, params={"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]  # type: ignore[union-attr]
    assert len(cells) >= len(HOSTILE)
    # openpyxl would have stored a text opening with "=" as a formula; none is.
    assert not [cell for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text[0] in "=+-@\t\r"]
    assert {"'=cmd.txt", "'+plus.txt", "'-minus.txt", "'@at.txt"} <= set(texts)


def test_no_cell_of_the_search_csv_export_runs_as_a_formula(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/search?format=csv").text)))
    assert len(rows) == len(HOSTILE)
    cells = [cell for row in rows for cell in row.values() if cell and not is_number(cell)]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"]
    assert any(row["snippet"].startswith("'=HYPERLINK(") for row in rows)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2 % en un an", "'-2 % en un an"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Roma, 12 gennaio", "Roma, 12 gennaio"),
        (-12.5, "-12.5"),
        (None, ""),
        (["IT", "FR"], "IT|FR"),
        (["=X"], "'=X"),
    ],
)
def test_each_cell_is_text_or_a_number_never_a_formula(value: object, cell: object) -> None:
    assert csv_cell(value) == cell
