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


async def _client(
    base: str, seed: int, ids: list[str], until: float, log: dict[str, list[Any]]
) -> None:
    chooser = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < until:
            path, params = _request(chooser, ids)
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                if response.status_code != 200:
                    log["errors"].append(f"{path} {params}: HTTP {response.status_code}")
                else:
                    log["latencies"].append((time.perf_counter() - started) * 1000)
            except httpx.HTTPError as error:
                log["errors"].append(f"{path} {params}: {type(error).__name__}: {error}")


async def _load(base: str, clients: int, seconds: float, ids: list[str]) -> dict[str, list[Any]]:
    log: dict[str, list[Any]] = {"errors": [], "latencies": []}
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(base, seed, ids, until, log) for seed in range(clients)))
    return log


def run(clients: int, seconds: float, documents: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="policylens-bench-load-") as directory:
        data_dir = Path(directory)
        build_index(data_dir, documents)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as probe:
            started = time.perf_counter()
            with serve(data_dir, port):
                cold_start(probe, started)
                found = probe.get("/api/search", params={"q": "methadone", "limit": 100})
                ids = [hit["id"] for hit in found.json()["hits"]] or ["missing"]
                log = asyncio.run(_load(base, clients, seconds, ids))
    latencies = log["latencies"]
    result: dict[str, Any] = {
        "clients": clients,
        "seconds": seconds,
        "documents": documents,
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
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.clients, args.seconds, args.documents)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['clients']} clients, {result['seconds']:.0f} s, {result['documents']} "
        f"documents: {result['requests']} requests ({result['requests_per_second']:.0f}/s), "
        f"{result['errors']} errors; p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )
    for error in result["first_errors"]:
        print(f"  {error}")
    print_targets(result["targets"])


if __name__ == "__main__":
    main()
