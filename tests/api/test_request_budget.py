"""The API's time budget per request: past max_request_seconds work stops and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
TEXT = "Nel 2023 la regione ha seguito 1 240 pazienti in metadone, il 12 % in più del 2022."


def _client(data: Path, seconds: float) -> TestClient:
    settings = Settings(
        data_dir=data,
        max_request_seconds=seconds,
        _env_file=None,  # type: ignore[call-arg]
    )
    return TestClient(create_app(build_services(settings)))


def test_a_document_past_the_request_time_fails_by_the_setting(tmp_path: Path) -> None:
    client = _client(tmp_path, 1e-6)
    response = client.post("/api/documents", json={"text": TEXT, "source": "late.txt"})
    assert response.status_code == 422
    assert "setting max_request_seconds" in response.json()["detail"]
    assert client.get("/api/documents/late.txt").status_code == 404


def test_uploaded_files_past_the_request_time_fail_one_by_one(tmp_path: Path) -> None:
    client = _client(tmp_path, 1e-6)
    files = [("files", (f"{name}.txt", TEXT.encode(), "text/plain")) for name in "ab"]
    answer = client.post("/api/documents/upload", files=files).json()
    assert answer["documents"] == []
    reasons = {failure["source"]: failure["reason"] for failure in answer["failures"]}
    assert set(reasons) == {"upload/a.txt", "upload/b.txt"}
    assert all("setting max_request_seconds" in reason for reason in reasons.values())


def test_within_the_request_time_everything_is_done(tmp_path: Path) -> None:
    client = _client(tmp_path, 50)
    response = client.post("/api/documents", json={"text": TEXT, "source": "soon.txt"})
    assert response.status_code == 201 and response.json()["figures"]
