"""Ingest while eight clients search: no errors, and no reader ever sees half a document.

`policylens ingest` writes the index in small commits while a real `policylens serve` answers
eight threads; every search must succeed, totals never go down, and every hit's document
comes with all of its figures (a torn read would show a document before its figures).
"""

from __future__ import annotations

import random
import subprocess
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_processes import CLI, environment, free_port, serve, write_corpus

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
