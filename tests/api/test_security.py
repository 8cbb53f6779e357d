"""Access control and request bounds: the key stays secret, oversized asks get a clear 422."""

from __future__ import annotations

import hmac
import logging
from dataclasses import asdict, fields
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api import security
from api.app import create_app
from api.services import Services, build_services
from api.settings import Settings
from ingest.extracted import ReadLimits
from ingest.model import Failure

KEY = "k3y-that-must-not-leak"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("security"),
        api_key=SecretStr(KEY),
        _env_file=None,  # type: ignore[call-arg]
    )
    return build_services(settings)


def test_the_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    constant_time = hmac.compare_digest

    def recording(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return constant_time(given, expected)

    monkeypatch.setattr(security.hmac, "compare_digest", recording)
    settings = Settings(data_dir=Path("unused"), api_key=SecretStr(KEY), _env_file=None)  # type: ignore[call-arg]
    client = TestClient(create_app(build_services(settings)))
    assert client.delete("/api/documents/x", headers={"X-API-Key": "wrong"}).status_code == 401
    assert compared == [(b"wrong", KEY.encode())]


def test_the_key_never_reaches_logs_errors_or_settings_output(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = client.post("/api/documents", json={"text": "Un texte."}, headers={"X-API-Key": "x"})
    assert wrong.status_code == 401 and KEY not in wrong.text
    right = client.delete("/api/documents/missing", headers={"Authorization": f"Bearer {KEY}"})
    assert right.status_code == 404 and KEY not in right.text
    assert KEY not in caplog.text
    settings = Settings(api_key=SecretStr(KEY), _env_file=None)  # type: ignore[call-arg]
    assert KEY not in repr(settings) and KEY not in settings.model_dump_json()


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/search", {"q": "x" * 1001}, "q"),
        ("/api/search", {"limit": 101}, "limit"),
        ("/api/search", {"offset": 10_001}, "offset"),
        ("/api/search", {"facet_size": 501}, "facet_size"),
        ("/api/figures", {"limit": 1001}, "limit"),
        ("/api/entities", {"q": "x" * 1001}, "q"),
        ("/api/topics", {"q": "x" * 201}, "q"),
    ],
)
def test_oversized_queries_pages_and_facets_are_refused_by_name(
    client: TestClient, path: str, params: dict[str, object], field: str
) -> None:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text
    assert field in response.text


def test_an_upload_cannot_write_or_read_outside_its_folder(
    client: TestClient, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    files = [
        ("files", ("../../../outside.txt", b"Le centre a suivi 40 patients.", "text/plain")),
        ("files", (str(outside), b"Il centro ha seguito 40 pazienti.", "text/plain")),
    ]
    response = client.post("/api/documents/upload", files=files, headers={"X-API-Key": KEY})
    assert response.status_code == 200, response.text
    assert not outside.exists()
    sources = sorted(d["source"] for d in response.json()["documents"])
    assert all(source.startswith("upload/") and ".." not in source for source in sources)


def test_uploads_are_bounded_in_files_and_bytes(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        api_key=SecretStr(KEY),
        max_upload_files=2,
        max_request_bytes=10_000,
        _env_file=None,  # type: ignore[call-arg]
    )
    client = TestClient(create_app(build_services(settings)))
    headers = {"X-API-Key": KEY}
    three = [
        ("files", (f"n{i}.txt", b"Le centre a suivi 40 patients.", "text/plain")) for i in range(3)
    ]
    too_many = client.post("/api/documents/upload", files=three, headers=headers)
    assert too_many.status_code == 422 and "at most 2 files" in too_many.text
    big = [("files", ("big.txt", b"x" * 20_000, "text/plain"))]
    too_big = client.post("/api/documents/upload", files=big, headers=headers)
    assert too_big.status_code == 413 and too_big.json()["error"] == "request_too_large"
    assert not any((tmp_path / "uploads").rglob("*.txt"))  # nothing left behind


def test_every_read_limit_is_the_setting_of_its_name(tmp_path: Path) -> None:
    # A limit the readers have and the settings do not pass on could never be raised.
    values = {field.name: number for number, field in enumerate(fields(ReadLimits), 7)}
    settings = Settings(data_dir=tmp_path, **values, _env_file=None)  # type: ignore[call-arg]
    assert asdict(settings.read_limits()) == values


def test_office_file_limits_set_in_the_environment_reach_the_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYLENS_MAX_PARAGRAPHS", "2")
    monkeypatch.setenv("POLICYLENS_MAX_TABLE_ROWS", "2")
    document = docx.Document()
    for number in range(3):
        document.add_paragraph(f"Le centre a suivi {number} patients.")
    document.save(str(tmp_path / "note.docx"))
    (tmp_path / "table.csv").write_text("Commune;Cas\nNice;1\nNice;2\n", encoding="utf-8")
    services = build_services(Settings(data_dir=tmp_path / "data", _env_file=None))  # type: ignore[call-arg]
    items = list(services.pipeline.read([tmp_path], base=tmp_path))
    reasons = {item.source: item.reason for item in items if isinstance(item, Failure)}
    assert reasons["note.docx"].endswith("2 paragraphs allowed (setting max_paragraphs)")
    assert reasons["table.csv"].endswith("2 rows allowed (setting max_table_rows)")
