"""Scans in French, Italian and English, made here, ingested by the CLI and found again: their
language, entities and figures with values and pages, hits on the page that matched, and a
second ingest that takes every page from the OCR cache."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from scans import write_scan
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.services import Services, build_services
from api.settings import Settings
from ingest.model import Document
from search.backend import SearchQuery
from search.figures import FigureQuery

pytestmark = pytest.mark.slow

FRENCH = [
    [
        "Rapport sur la toxicomanie dans la province de Nghe An",
        "Au 30 septembre 2023, la province de Nghe An comptait 3 810 toxicomanes avec des "
        "dossiers de gestion, selon le Département du travail.",
    ],
    [
        "Le programme de méthadone couvre désormais 20/21 districts et suit de 1 500 à "
        "1 700 personnes chaque mois. Le budget atteint 1,2 million d'euros, en hausse de "
        "12,5 % selon le docteur Nguyen Van Minh."
    ],
]
ITALIAN = [
    [
        "Nel 2022 la Regione Lombardia ha impiegato 68 professionisti nei servizi per le "
        "dipendenze di Milano. Il costo medio è di 400 euro al giorno per ogni ospite delle "
        "comunità terapeutiche."
    ]
]
ENGLISH = [
    [
        "Harm reduction in Scotland",
        "The Scottish Government funded naloxone kits for 4,200 people in Glasgow during 2022.",
    ],
    ["Drug deaths fell by 21% between 2021 and 2023, according to Public Health Scotland."],
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The corpus ingested twice by `policylens ingest`; the two runs' outputs."""
    root = tmp_path_factory.mktemp("scans")
    corpus = root / "corpus"
    corpus.mkdir()
    write_scan(corpus / "nghe-an.pdf", FRENCH)
    write_scan(corpus / "lombardia.png", ITALIAN)
    write_scan(corpus / "scotland.tif", ENGLISH)
    environment = {"POLICYLENS_DATA_DIR": str(root / "data")}
    runner = CliRunner()
    outputs = []
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(corpus)], env=environment)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    return root, outputs


@pytest.fixture(scope="module")
def services(ingested: tuple[Path, list[str]]) -> Services:
    settings = Settings(data_dir=ingested[0] / "data", _env_file=None)  # type: ignore[call-arg]
    return build_services(settings)


def _document(services: Services, name: str) -> Document:
    [document] = [d for d in services.backend.iter_documents() if d.source.endswith(name)]
    return document


def _figures(document: Document) -> dict[str, tuple[Any, ...]]:
    return {
        f.text: (f.value, f.value_min, f.value_max, f.of, f.unit, f.page) for f in document.figures
    }


def test_the_cli_says_what_was_ocrd_and_a_second_run_takes_it_from_the_cache(
    ingested: tuple[Path, list[str]],
) -> None:
    first, second = ingested[1]
    assert "3 document(s) indexed" in first and "0 failure(s)" in first
    assert "OCR: 5 page(s) recognised, 0 taken from the cache" in first
    assert "OCR: 0 page(s) recognised, 5 taken from the cache" in second
    cached = list((ingested[0] / "data" / "ocr-cache").rglob("*.json"))
    assert len(cached) >= 5


def test_french_scan_language_entities_and_figures_with_pages(services: Services) -> None:
    document = _document(services, "nghe-an.pdf")
    assert document.language == "fr" and document.countries == ["VN"]
    assert [(page.number, page.ocr) for page in document.pages] == [(1, True), (2, True)]
    assert document.title == "Rapport sur la toxicomanie dans la province de Nghe An"
    entities = {(e.text, e.label, e.page) for e in document.entities}
    assert {("Nghe An", "LOC", 1), ("Nguyen Van Minh", "PER", 2)} <= entities
    figures = _figures(document)
    assert figures["3 810 toxicomanes"] == (3810, None, None, None, "count", 1)
    assert figures["20/21 districts"] == (20, None, None, 21, "count", 2)
    assert figures["1 500 à 1 700 personnes"] == (None, 1500, 1700, None, "count", 2)
    assert figures["1,2 million d'euros"] == (1_200_000, None, None, None, "EUR", 2)
    assert figures["12,5 %"] == (12.5, None, None, None, "percent", 2)
    [date] = [d for d in document.dates if d.text == "30 septembre 2023"]
    assert (date.value, date.page) == ("2023-09-30", 1)


def test_italian_and_english_scans(services: Services) -> None:
    italian = _document(services, "lombardia.png")
    assert italian.language == "it" and italian.countries == ["IT"]
    assert ("Milano", "LOC", 1) in {(e.text, e.label, e.page) for e in italian.entities}
    figures = _figures(italian)
    assert figures["68 professionisti"] == (68, None, None, None, "count", 1)
    [per_day] = [f for f in italian.figures if f.text.startswith("400 euro")]
    assert (per_day.value, per_day.unit, per_day.per) == (400, "EUR", "day")
    english = _document(services, "scotland.tif")
    assert english.language == "en" and english.countries == ["GB"]
    entities = {(e.text, e.label, e.page) for e in english.entities}
    assert {("Glasgow", "LOC", 1), ("Public Health Scotland", "ORG", 2)} <= entities
    figures = _figures(english)
    assert figures["4,200 people"] == (4200, None, None, None, "count", 1)
    assert figures["21%"] == (21, None, None, None, "percent", 2)


def test_hits_and_figure_rows_name_their_page(services: Services) -> None:
    [hit] = services.search(SearchQuery(q="Nguyen Van Minh", limit=5)).hits
    assert hit.source.endswith("nghe-an.pdf") and hit.page == 2
    [hit] = services.search(SearchQuery(q="Département du travail", limit=5)).hits
    assert hit.page == 1
    rows = services.search_figures(FigureQuery(q="toxicomanes")).rows
    assert [(row.text, row.page) for row in rows] == [("3 810 toxicomanes", 1)]
    pages = {row.text: row.page for row in services.search_figures(FigureQuery(q="districts")).rows}
    assert pages["20/21 districts"] == 2


def test_an_uploaded_scan_is_ocrd_and_marked(services: Services, tmp_path: Path) -> None:
    scan = write_scan(tmp_path / "verbale.png", ITALIAN, seed=7)
    client = TestClient(create_app(services))
    with scan.open("rb") as handle:
        response = client.post(
            "/api/documents/upload", files=[("files", ("verbale.png", handle, "image/png"))]
        )
    assert response.status_code == 200, response.text
    [document] = response.json()["documents"]
    assert document["source"] == "upload/verbale.png" and document["language"] == "it"
    [page] = document["pages"]
    assert (page["number"], page["start"], page["end"]) == (1, 0, len(document["text"]))
    assert page["ocr"] is True and 0.85 < page["ocr_confidence"] <= 1
    assert os.path.exists(services.settings.data_dir / "ocr-cache")


def test_analyze_prints_the_pages_and_says_how_far_ocr_is(
    ingested: tuple[Path, list[str]],
) -> None:
    root = ingested[0]
    result = CliRunner().invoke(
        app,
        ["analyze", str(root / "corpus" / "scotland.tif")],
        env={"POLICYLENS_DATA_DIR": str(root / "data")},
    )
    assert result.exit_code == 0, result.output
    assert "OCR scotland.tif: page 1/2" in result.output
    assert "OCR scotland.tif: page 2/2" in result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert [(page["number"], page["ocr"]) for page in record["pages"]] == [(1, True), (2, True)]
    assert {figure["page"] for figure in record["figures"]} == {1, 2}
