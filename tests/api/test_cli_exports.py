"""`policylens figures` and `policylens entities`: the API's filters and writers at a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.routes_figures import COLUMNS
from api.services import build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
TEXTS = {
    "echange.txt": "Échange de seringues à Milan\n\nEn 2023, le programme a servi 1 572 personnes "
    "à Milan, avec l'aide de Médecins du Monde. Le budget atteignait 450 millions d'euros. Le "
    "taux de couverture était de 12,5 %.",
    "napoli.txt": "Napoli: metadone\n\nA Napoli, nel 2023, 830 pazienti erano in trattamento "
    "con metadone presso il SerD, secondo il Ministero della Salute.",
    "formula.txt": "Nairobi\n\n=SUM(A1) In Nairobi, 1 240 patients were treated with "
    "methadone in 2023.",
}
HOME = "http://lens.example.org/"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    services = build_services(Settings(data_dir=data, _env_file=None))  # type: ignore[call-arg]
    assert services.pipeline.ingest([corpus]).documents == len(TEXTS)
    return data


@pytest.fixture
def runner(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("POLICYLENS_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture(scope="module")
def client(data_dir: Path) -> TestClient:
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    return TestClient(create_app(services), base_url=HOME.rstrip("/"))


def _run(runner: CliRunner, *arguments: str) -> str:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_figures_table_shows_values_as_written_in_plain_numbers(runner: CliRunner) -> None:
    lines = _run(runner, "figures", "--sort", "value", "--order", "desc").splitlines()
    assert lines[0] == "5 figure(s)"
    assert lines[1].split() == ["value", "unit", "measure", "as_of", "about", "document"]
    assert lines[2].startswith("450000000  EUR")
    assert any(line.startswith("1572 ") for line in lines)
    assert any(line.startswith("12.5 ") for line in lines)
    first = _run(runner, "figures", "--limit", "2").splitlines()
    assert first[0] == "5 figure(s), the first 2" and len(first) == 4


def test_figures_csv_is_the_apis_export_with_the_same_filters(
    runner: CliRunner, client: TestClient
) -> None:
    for options, params in [
        ([], {}),
        (["--lang", "it"], {"lang": "it"}),
        (["--measure", "people-in-treatment"], {"measure": "people-in-treatment"}),
        (["metadone", "--sort", "value"], {"q": "metadone", "sort": "value"}),
        (["--value-min", "1000", "--country", "IT"], {"value_min": 1000, "country": "IT"}),
    ]:
        printed = _run(runner, "figures", *options, "--format", "csv", "--base-url", HOME)
        answer = client.get("/api/figures", params={"format": "csv", **params})
        # The same rows, cells and links (the test runner reads \r\n line ends as \n).
        assert printed == answer.text.replace("\r\n", "\n"), options
    rows = list(csv.DictReader(io.StringIO(printed)))
    assert {row["value"] for row in rows} == {"1572", "450000000"}
    assert all(row["url"].startswith(f"{HOME}#/doc/") for row in rows)


def test_figures_to_a_file_as_csv_with_a_bom_ndjson_and_xlsx(
    runner: CliRunner, client: TestClient, tmp_path: Path
) -> None:
    options = ["--format", "csv", "--bom", "--base-url", HOME, "--output", "figures.csv"]
    _run(runner, "figures", *options)
    written = (tmp_path / "figures.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfdocument_id,")
    assert "Échange de seringues à Milan" in written.decode("utf-8-sig")
    assert written == client.get("/api/figures", params={"format": "csv", "bom": True}).content

    printed = _run(runner, "figures", "--format", "ndjson", "--country", "IT")
    rows = [json.loads(line) for line in printed.splitlines()]
    assert len(rows) == 4 and all("IT" in row["countries"] for row in rows)
    assert all(row["url"].startswith("http://127.0.0.1:8000/#/doc/") for row in rows)

    result = runner.invoke(app, ["figures", "--format", "xlsx", "-o", "figures.xlsx"])
    assert result.exit_code == 0 and "5 row(s) written to figures.xlsx" in result.output
    sheet = openpyxl.load_workbook(tmp_path / "figures.xlsx").active
    cells = list(sheet.iter_rows())  # type: ignore[union-attr]
    assert [cell.value for cell in cells[0]] == COLUMNS and len(cells) == 6
    values = [row[COLUMNS.index("value")] for row in cells[1:]]
    assert {cell.value for cell in values} == {1572, 450_000_000, 12.5, 830, 1240}
    assert all(cell.data_type == "n" for cell in values)
    titles = {row[COLUMNS.index("title")].value for row in cells[1:]}
    assert "Échange de seringues à Milan" in titles
    sentences = {row[COLUMNS.index("sentence")].value for row in cells[1:]}
    assert "'=SUM(A1) In Nairobi, 1 240 patients were treated with methadone in 2023." in sentences
    assert not [cell for row in cells for cell in row if cell.data_type == "f"]


def test_figures_refuse_what_the_api_refuses(runner: CliRunner, tmp_path: Path) -> None:
    for arguments, message in [
        (["--format", "xlsx"], "--output"),
        (["--limit", "5000"], "--limit"),
        (["--sort", "size"], "--sort"),
        (["--as-of-from", "soon"], "--as-of-from"),
        (["--topic", "no-such-topic"], "unknown topic"),
    ]:
        result = runner.invoke(app, ["figures", *arguments])
        assert result.exit_code == 2 and message in result.output, arguments
    assert not (tmp_path / "figures.xlsx").exists()


def test_entities_in_each_format_with_the_apis_filters(
    runner: CliRunner, client: TestClient, tmp_path: Path
) -> None:
    table = _run(runner, "entities", "--label", "LOC").splitlines()
    assert table[0] == "3 entities, counted over 3 document(s)"
    assert table[1].split() == ["documents", "label", "name", "forms"]
    assert [line.split()[1:3] for line in table[2:]] == [
        ["LOC", "Milan"],
        ["LOC", "Nairobi"],
        ["LOC", "Napoli"],
    ]

    for options, params in [
        ([], {}),
        (["--label", "ORG"], {"label": "ORG"}),
        (["--lang", "it", "--name-lang", "en"], {"lang": "it", "name_lang": "en"}),
        (["salute"], {"q": "salute"}),
    ]:
        printed = _run(runner, "entities", *options, "--format", "ndjson")
        answer = client.get("/api/entities", params=params).json()["entities"]
        assert [json.loads(line) for line in printed.splitlines()] == answer, options

    rows = list(csv.DictReader(io.StringIO(_run(runner, "entities", "--format", "csv"))))
    assert list(rows[0]) == ["key", "label", "documents", "name", "forms"]
    assert all(row["documents"].isdigit() for row in rows)

    _run(runner, "entities", "--format", "xlsx", "--output", "entities.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "entities.xlsx").active
    counted = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert len(counted) == len(rows) and all(isinstance(count, int) for count in counted)

    refused = runner.invoke(app, ["entities", "--label", "THING"])
    assert refused.exit_code == 2
