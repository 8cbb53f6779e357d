"""When the cluster is down, refuses credentials, forbids index creation or is red: 503, clearly.

A small HTTP server on loopback plays the cluster's answers (a real one cannot run here);
the down case uses a port nothing listens on.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import build_services
from api.settings import Settings
from search.elasticsearch_backend import ElasticsearchBackend
from search.es_schema import index_name

Answers = dict[tuple[str, str], tuple[int, dict[str, object]]]


def _server(answers: Answers) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            status, body = next(
                (answer for (method, prefix), answer in answers.items()
                 if method == self.command and path.startswith(prefix)),
                (404, {"error": {"type": "not_found"}, "status": 404}),
            )  # fmt: skip
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def fake_cluster() -> Iterator[tuple[Answers, str]]:
    answers: Answers = {}
    server = _server(answers)
    yield answers, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _client(tmp_path: Path, backend: ElasticsearchBackend) -> TestClient:
    services = build_services(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    services.backend = backend
    return TestClient(create_app(services))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cluster_down_is_503_with_the_reason(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    client = _client(tmp_path, ElasticsearchBackend(url, max_retries=0, request_timeout=2))
    for path in ("/api/search?q=methadone", "/api/health", "/api/documents/abc"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.json()["error"] == "search_unavailable"
        assert f"cannot reach Elasticsearch at {url}" in response.json()["detail"]
        assert "Traceback" not in response.text


def test_refused_credentials_are_503_naming_them(
    tmp_path: Path, fake_cluster: tuple[Answers, str]
) -> None:
    answers, url = fake_cluster
    answers[("HEAD", "/")] = (401, {})
    answers[("GET", "/")] = (401, {"error": {"type": "security_exception"}, "status": 401})
    client = _client(tmp_path, ElasticsearchBackend(url, max_retries=0))
    response = client.get("/api/search", params={"q": "methadone"})
    assert response.status_code == 503
    assert "refused the credentials" in response.json()["detail"]


def test_forbidden_index_creation_is_503(tmp_path: Path, fake_cluster: tuple[Answers, str]) -> None:
    answers, url = fake_cluster
    answers[("PUT", f"/{index_name('policylens')}")] = (
        403,
        {"error": {"type": "security_exception", "reason": "no create_index"}, "status": 403},
    )
    client = _client(tmp_path, ElasticsearchBackend(url, max_retries=0))
    response = client.get("/api/search")
    assert response.status_code == 503
    assert "not allowed to create the index" in response.json()["detail"]


def test_red_cluster_is_503(tmp_path: Path, fake_cluster: tuple[Answers, str]) -> None:
    answers, url = fake_cluster
    answers[("HEAD", "/_alias/policylens")] = (200, {})
    answers[("GET", "/_cluster/health")] = (200, {"status": "red", "cluster_name": "x"})
    client = _client(tmp_path, ElasticsearchBackend(url, max_retries=0))
    response = client.get("/api/search")
    assert response.status_code == 503
    assert response.json()["detail"] == f"Elasticsearch cluster at {url} is red"


def test_a_document_the_cluster_rejects_is_a_failure_naming_it(
    fake_cluster: tuple[Answers, str],
) -> None:
    from ingest.model import Document

    answers, url = fake_cluster
    answers[("HEAD", "/_alias/policylens")] = (200, {})
    answers[("GET", "/_cluster/health")] = (200, {"status": "green"})
    answers[("POST", "/policylens/_delete_by_query")] = (200, {"deleted": 0, "failures": []})
    answers[("PUT", "/_bulk")] = answers[("POST", "/_bulk")] = (
        200,
        {
            "errors": True,
            "took": 1,
            "items": [
                {"index": {"_id": "a", "status": 201, "result": "created"}},
                {
                    "index": {
                        "_id": "b",
                        "status": 400,
                        "error": {"type": "mapper_parsing_exception", "reason": "bad field"},
                    }
                },
            ],
        },
    )
    backend = ElasticsearchBackend(url, max_retries=0, refresh=False)
    documents = [
        Document(id="a", source="a.txt", text="fine"),
        Document(id="b", source="b.txt", text="broken"),
    ]
    [failure] = backend.upsert(documents)
    assert failure.source == "b.txt"
    assert "mapper_parsing_exception" in failure.reason and "bad field" in failure.reason
