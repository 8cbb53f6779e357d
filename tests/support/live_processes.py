"""Real PolicyLens processes for tests: short policy texts, a served app, its environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CLI = Path(sys.executable).parent / "policylens"
TEMPLATES = {
    "fr": "Le centre {n} de la province a suivi {a} patients sous méthadone en 2023, "
    "soit {p} % de plus qu'en 2022, pour un budget de {b} euros.",
    "it": "Il servizio {n} della regione ha seguito {a} pazienti in metadone nel 2023, "
    "il {p} % in più rispetto al 2022, con un bilancio di {b} euro.",
    "en": "Clinic {n} in the province treated {a} patients with methadone in 2023, "
    "{p}% more than in 2022, on a budget of {b} pounds.",
}


def policy_text(index: int) -> tuple[str, str]:
    """(language, text) of the index-th short report: a count, a share and a budget each."""
    language = ("fr", "it", "en")[index % 3]
    values = {"n": index, "a": 100 + index, "p": 5 + index % 40, "b": 1000 * (index + 1)}
    return language, TEMPLATES[language].format(**values)


def write_corpus(folder: Path, count: int) -> Path:
    for index in range(count):
        language, text = policy_text(index)
        (folder / language).mkdir(parents=True, exist_ok=True)
        (folder / language / f"{index:04d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def environment(data_dir: Path, index_batch_size: int = 25) -> dict[str, str]:
    """The caller's environment without its POLICYLENS_* settings, on `data_dir`, with small
    index commits so that a kill or a reader lands between batches."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("POLICYLENS_")}
    env.update(POLICYLENS_DATA_DIR=str(data_dir), POLICYLENS_INDEX_BATCH_SIZE=str(index_batch_size))
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def long_text(length: int) -> str:
    """A report of about `length` characters: the short reports above, paragraph after
    paragraph, the three languages taking turns."""
    paragraphs: list[str] = []
    size, index = 0, 0
    while size < length:
        paragraph = " ".join(policy_text(index + step)[1] for step in range(0, 12, 3))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        index += 1
    return "\n\n".join(paragraphs)[:length]


def serve(
    data_dir: Path, port: int, settings: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`policylens serve` on loopback, once it answers /api/health; `settings` are more
    POLICYLENS_* variables."""
    command = [str(CLI), "serve", "--port", str(port)]
    process = subprocess.Popen(
        command,
        env=environment(data_dir) | (settings or {}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("policylens serve did not answer /api/health in time")
