"""A bounded load test: 32 concurrent clients for 30 s of mixed requests on a real server.

Loopback only, fixed duration, stops by itself. The server is `policylens serve` over an
index of bench/corpus.py's pre-analysed documents; the clients mix searches (with and without
facets and filters), figure pages and document reads. Targets: zero errors (issue 8); with 32
clients >= 300 requests/s and p99 <= 300 ms (issue 21).

    .venv/bin/python bench/load_test.py [--clients 32] [--seconds 30] [--documents 5000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from measure import free_port, percentile, print_targets, serve  # noqa: E402
from search_latency import WORDS, build_index, cold_start  # noqa: E402


def _request(chooser: random.Random, ids: list[str]) -> tuple[str, dict[str, Any]]:
    """One request of the mix: 60 % searches, 25 % figure pages, 15 % document reads."""
    roll = chooser.random()
    language = chooser.choice(("fr", "it", "en"))
    if roll < 0.6:
        words = " ".join(chooser.sample(WORDS[language], chooser.randint(1, 3)))
        params: dict[str, Any] = {"q": words, "facets": chooser.random() < 0.5}
        if chooser.random() < 0.3:
            params["lang"] = language
        return "/api/search", params
    if roll < 0.85:
        params = {"q": chooser.choice(WORDS[language]), "limit": 50}
        if chooser.random() < 0.5:
            params["unit"] = chooser.choice(("count", "percent", "EUR"))
        return "/api/figures", params
    return f"/api/documents/{chooser.choice(ids)}", {}


class _Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams. The load generator shares the
    server's two cores: httpx's AsyncClient spent about 4 ms of Python per request here, as
    much as the server's own work, so the clients' CPU, not the server, set the rate."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, params: dict[str, Any]) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        target = f"{path}?{urlencode(params, doseq=True)}" if params else path
        writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        length, chunked = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        if chunked:
            while size := int((await reader.readline()).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readline()
        else:
            await reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


async def _client(
    port: int, seed: int, ids: list[str], until: float, log: dict[str, list[Any]]
) -> None:
    chooser = random.Random(seed)
    connection = _Connection(port)
    try:
        while time.perf_counter() < until:
            path, params = _request(chooser, ids)
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(path, params), timeout=30)
                if status != 200:
                    log["errors"].append(f"{path} {params}: HTTP {status}")
                else:
                    log["latencies"].append((time.perf_counter() - started) * 1000)
            except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as error:
                log["errors"].append(f"{path} {params}: {type(error).__name__}: {error}")
                connection.close()
                connection = _Connection(port)
    finally:
        connection.close()


async def _load(port: int, clients: int, seconds: float, ids: list[str]) -> dict[str, list[Any]]:
    log: dict[str, list[Any]] = {"errors": [], "latencies": []}
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, seed, ids, until, log) for seed in range(clients)))
    return log


def run(clients: int, seconds: float, documents: int, workers: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="policylens-bench-load-") as directory:
        data_dir = Path(directory)
        build_index(data_dir, documents)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as probe:
            started = time.perf_counter()
            with serve(data_dir, port, workers):
                cold_start(probe, started)
                found = probe.get("/api/search", params={"q": "methadone", "limit": 100})
                ids = [hit["id"] for hit in found.json()["hits"]] or ["missing"]
                asyncio.run(_load(port, clients, 3, ids))  # every process warm
                log = asyncio.run(_load(port, clients, seconds, ids))
    latencies = log["latencies"]
    result: dict[str, Any] = {
        "clients": clients,
        "seconds": seconds,
        "documents": documents,
        "server_workers": workers,
        "requests": len(latencies) + len(log["errors"]),
        "errors": len(log["errors"]),
        "first_errors": log["errors"][:5],
        "requests_per_second": (len(latencies) + len(log["errors"])) / seconds,
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p99_ms": percentile(latencies, 0.99) if latencies else 0.0,
    }
    result["targets"] = {
        "load test: zero errors": result["errors"] == 0 and bool(latencies),
        f"load test: {clients} clients >= 300 requests/s": result["requests_per_second"] >= 300,
        "load test: p99 <= 300 ms": bool(latencies) and result["p99_ms"] <= 300,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument(
        "--server-workers", type=int, default=2, help="serve's processes (one per core here)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.clients, args.seconds, args.documents, args.server_workers)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['clients']} clients, {result['seconds']:.0f} s, {result['documents']} "
        f"documents, {result['server_workers']} server processes: {result['requests']} "
        f"requests ({result['requests_per_second']:.0f}/s), "
        f"{result['errors']} errors; p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )
    for error in result["first_errors"]:
        print(f"  {error}")
    print_targets(result["targets"])


if __name__ == "__main__":
    main()
