"""Ingest while eight clients search: no errors, and no reader ever sees half a document.

`policylens ingest` writes the index in small commits while a real `policylens serve` answers
eight threads; every search must succeed, totals never go down, and every hit's document
comes with all of its figures (a torn read would show a document before its figures).
"""

from __future__ import annotations

import random
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_processes import CLI, environment, free_port, policy_text, serve, write_corpus

pytestmark = pytest.mark.slow

CLIENTS = 8
DOCUMENTS = 300
WORDS = ["méthadone", "metadone", "methadone", "patients", "pazienti", "budget", "clinic"]


def _client_loop(port: int, seed: int, done: threading.Event, log: dict[str, list[Any]]) -> None:
    chooser, last_total, name = random.Random(seed), 0, f"client {seed}"
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        while not done.is_set():
            try:
                word = chooser.choice(WORDS)
                found = client.get("/api/search", params={"q": word, "cross_lingual": "false"})
                found.raise_for_status()
                result = found.json()
                if word == "methadone":
                    if result["total"] < last_total:
                        log["errors"].append(f"{name}: total went down to {result['total']}")
                    last_total = result["total"]
                    log["totals"].append(last_total)
                for hit in result["hits"][:2]:
                    document = client.get(f"/api/documents/{hit['id']}")
                    document.raise_for_status()
                    rows = client.get("/api/figures", params={"document": hit["id"], "limit": 1})
                    rows.raise_for_status()
                    if rows.json()["total"] != len(document.json()["figures"]):
                        log["errors"].append(f"{name}: {hit['id']} read without all its figures")
                log["searches"].append(word)
            except (httpx.HTTPError, ValueError) as error:
                log["errors"].append(f"{name}: {type(error).__name__}: {error}")


def test_searches_during_an_ingest_never_fail_or_tear(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", DOCUMENTS)
    data, port = tmp_path / "data", free_port()
    server = serve(data, port)
    done = threading.Event()
    log: dict[str, list[Any]] = {"errors": [], "searches": [], "totals": []}
    clients = [
        threading.Thread(target=_client_loop, args=(port, seed, done, log))
        for seed in range(CLIENTS)
    ]
    try:
        for client in clients:
            client.start()
        ingest = subprocess.run(
            [str(CLI), "ingest", str(corpus)],
            env=environment(data, index_batch_size=20),
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.set()
        for client in clients:
            client.join(timeout=60)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        total = httpx.get(
            f"http://127.0.0.1:{port}/api/search",
            params={"q": "methadone", "cross_lingual": "false", "limit": 0},
        ).json()["total"]
    finally:
        done.set()
        server.terminate()
        server.wait(timeout=30)
    assert log["errors"] == []
    assert len(log["searches"]) >= 5 * CLIENTS  # they searched all along, not once
    assert len(set(log["totals"])) >= 3  # and saw the index grow commit by commit
    # "methadone" is the English texts' word and, accents folded, the French ones'.
    assert total == 2 * DOCUMENTS // 3


def test_several_server_processes_answer_and_see_each_others_writes(tmp_path: Path) -> None:
    data, port = tmp_path / "data", free_port()
    server = serve(data, port, {"POLICYLENS_SERVER_WORKERS": "2"})
    base = f"http://127.0.0.1:{port}"
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        workers = [c for c in children if "spawn_main" in _command_line(c)]
        assert len(workers) == 2, [_command_line(c) for c in children]
        language, text = policy_text(7)
        posted = httpx.post(
            f"{base}/api/documents",
            json={"id": "clinic7", "source": "clinic7.txt", "text": text, "language": language},
            timeout=120,
        )
        assert posted.status_code in (200, 201), posted.text
        # Each request may land on either process: every one finds the document, once the
        # other process has seen the commit (it reloads within a second).
        deadline = time.monotonic() + 10
        found: list[int] = []
        while time.monotonic() < deadline and found[-20:] != [1] * 20:
            with httpx.Client(base_url=base) as fresh:  # a new connection, maybe a new process
                found.append(int(fresh.get("/api/documents/clinic7").status_code == 200))
        assert found[-20:] == [1] * 20, found
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode is not None


def _command_line(pid: str) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
