"""Search, figures summary and figure export through the HTTP API at 100,000 documents, against
direct calls.

Targets (issue 21, tightened from issue 7's 25 ms and 3 ms): API p95 <= 10 ms and API
overhead (p50 API minus p50 direct) <= 2 ms over 300 mixed queries, facets and snippets on;
memory growth of the server while it streams 100,000 figures as CSV <= 50 MB, and the same
while it builds and sends them as an XLSX workbook (issue 20); cold start (`policylens serve`
to the first answered search) <= 5 s. Issue 20: the figures summary (one measure by country
and year, a third also filtered by language, a third by country) answers p95 <= 50 ms through
the API.

The index is built from bench/corpus.py's pre-analysed documents (their names and figures are
known to the generator), so 100,000 documents need no NLP run; the figures kept get their
measure from nlp.measures, as ingest gives it, so that summaries count what they would. The
server is a real uvicorn process on loopback, queried by one keep-alive client; each query
runs through the API and then through the same code in this process, alternately, so noise
hits both alike.

    .venv/bin/python bench/search_latency.py [--documents 100000] [--queries 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from corpus import generate  # noqa: E402
from measure import (  # noqa: E402
    PeakMemory,
    PlainClient,
    free_port,
    percentile,
    print_targets,
    serve,
)

from api.services import build_services  # noqa: E402
from api.settings import Settings  # noqa: E402
from ingest.model import Document, Figure, Topic  # noqa: E402
from nlp.measures import resolve_measures  # noqa: E402
from nlp.thesaurus import default_thesaurus  # noqa: E402
from nlp.topics import count_topics, find_mentions  # noqa: E402
from search.backend import SearchQuery  # noqa: E402
from search.figure_summary import SummaryQuery  # noqa: E402
from search.tantivy_backend import TantivyBackend  # noqa: E402

WORDS = {
    "fr": "toxicomanie méthadone traitement prison logement enfants santé drogues réduction "
    "risques VIH budget centre province services patients sevrage saisies héroïne aide sociale "
    "personnes âgées handicap hépatite prévention".split(),
    "it": "tossicodipendenza metadone trattamento carcere detenuti minori salute droghe "
    "riduzione danno HIV bilancio comunità servizi pazienti sequestri eroina anziani "
    "disabilità epatite prevenzione assistenza".split(),
    "en": "addiction methadone treatment prison housing children health drugs harm "
    "reduction HIV budget centre services patients detox seizures heroin elderly disability "
    "hepatitis prevention homelessness".split(),
}
COUNTRIES = ["VN", "IT", "KZ", "GB", "FR", "CA", "IN", "KE", "SN"]
EXPORT_ROWS = 100_000
# What summaries are asked about: measures the generated figures get, broad and narrow.
SUMMARY_MEASURES = [
    "people-in-treatment", "drug-users", "prisoners", "budget", "spending", "deaths",
    "hiv-cases", "arrests", "staff", "homeless-people", "drug-seizures", "beds",
]  # fmt: skip

Analysed = tuple[list[Topic], list[Figure] | None]


def _analysed(items: list[tuple[Document, bool]]) -> list[Analysed]:
    """The topics of each document, and the measures of the figures kept, as ingest would
    tag them (in a worker process)."""
    thesaurus = default_thesaurus()
    results: list[Analysed] = []
    for document, keep in items:
        text, language = document.text, document.language or "en"
        topics = count_topics(find_mentions(text, [], language, thesaurus))
        figures = None
        if keep:
            figures = resolve_measures(
                text, document.figures, document.paragraph_languages, language, thesaurus,
                document.dates,
            )  # fmt: skip
        results.append((topics, figures))
    return results


def build_index(data_dir: Path, documents: int) -> dict[str, float]:
    """Generated documents, tagged with topics by two processes, indexed by this one.

    Figures are kept on the first documents only, enough for the export: 100,000 documents
    with all their figures would be millions of figure entries, which the search does not need.
    """
    backend = TantivyBackend(data_dir / "index")
    started = time.perf_counter()
    figures = 0
    pending: deque[Future[list[Analysed]]] = deque()
    batches: deque[list[Document]] = deque()
    context = multiprocessing.get_context("spawn")

    tagged: list[Document] = []

    def index_oldest() -> None:
        nonlocal tagged
        batch, analysed = batches.popleft(), pending.popleft().result()
        for document, (topics, kept) in zip(batch, analysed, strict=True):
            tagged.append(document.model_copy(update={"topics": topics, "figures": kept or []}))
        if len(tagged) >= 10_000:  # few commits: each one flushes a segment and merges
            backend.upsert(tagged)
            tagged = []

    def submit(batch: list[Document]) -> None:
        nonlocal figures
        items = []
        for document in batch:
            keep = figures < EXPORT_ROWS * 1.1
            figures += len(document.figures) if keep else 0
            # Only what the workers read goes to them: the text, and figures kept.
            light = document.model_copy(
                update={"entities": [], "figures": document.figures if keep else []}
            )
            items.append((light, keep))
        batches.append(batch)
        pending.append(pool.submit(_analysed, items))

    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        batch: list[Document] = []
        for document in generate(documents, seed=7):
            batch.append(document)
            if len(batch) == 1000:  # one tagging task
                submit(batch)
                batch = []
                if len(pending) >= 4:
                    index_oldest()
        if batch:
            submit(batch)
        while pending:
            index_oldest()
    backend.upsert(tagged)
    seconds = time.perf_counter() - started
    return {"documents": backend.count(), "figures": figures, "seconds": seconds}


def mixed_queries(count: int, seed: int = 3) -> list[dict[str, Any]]:
    """1-3 words in one language; a third filtered by language, a third by country; half
    of them with facets (a results page), half without (a search box's suggestions)."""
    chooser = random.Random(seed)
    queries = []
    for index in range(count):
        language = ("fr", "it", "en")[index % 3]
        query: dict[str, Any] = {
            "q": " ".join(chooser.sample(WORDS[language], chooser.randint(1, 3))),
            "limit": 10,
        }
        if index % 2:
            query["facets"] = False
        if index % 3 == 1:
            query["lang"] = language
        elif index % 3 == 2:
            query["country"] = [chooser.choice(COUNTRIES)]
        queries.append(query)
    return queries


def cold_start(client: httpx.Client, started: float, timeout: float = 60) -> float:
    """Seconds from the server's launch until a search is answered."""
    while time.perf_counter() - started < timeout:
        try:
            if client.get("/api/search", params={"q": "methadone"}).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise SystemExit("the server did not answer a search in time")


def summary_queries(count: int, seed: int = 5) -> list[dict[str, Any]]:
    """One measure by country and year; a third also filtered by language, a third by country."""
    chooser = random.Random(seed)
    queries = []
    for index in range(count):
        query: dict[str, Any] = {
            "measure": [chooser.choice(SUMMARY_MEASURES)],
            "by": "country,year",
        }
        if index % 3 == 1:
            query["lang"] = chooser.choice(("fr", "it", "en"))
        elif index % 3 == 2:
            query["country"] = [chooser.choice(COUNTRIES)]
        queries.append(query)
    return queries


def latencies(client: httpx.Client, data_dir: Path, queries: list[dict[str, Any]]) -> dict:  # type: ignore[type-arg]
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    return timed(
        client, "/api/search", queries, lambda q: services.search(SearchQuery.model_validate(q))
    )


def summary_latencies(
    client: httpx.Client, data_dir: Path, queries: list[dict[str, Any]]
) -> dict[str, Any]:
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]

    def summarise(query: dict[str, Any]) -> int:
        return services.summarise_figures(SummaryQuery.model_validate(query)).total

    timings = timed(client, "/api/figures/summary", queries, summarise)
    counted = [summarise(query) for query in queries]
    return {**timings, "figures_p50": statistics.median(counted), "figures_max": max(counted)}


def timed(
    client: httpx.Client,
    path: str,
    queries: list[dict[str, Any]],
    direct_call: Callable[[dict[str, Any]], object],
) -> dict[str, Any]:
    """Each query through the API and directly, in turn; their percentiles. The API is timed
    with the standard library's client (measure.PlainClient); `httpx_p50_ms` is the same
    requests through httpx, for what a heavier client adds. The first run of a query pays for
    caches the second finds warm (about 2 ms here), so API and direct take turns going first."""
    plain = PlainClient(client.base_url.port or 80)
    for query in queries[:30]:  # warm both sides: caches, lazy loading, connections
        plain.get(path, query)
        client.get(path, params=query).raise_for_status()
        direct_call(query)
    api, direct, through_httpx = [], [], []

    def through_api(query: dict[str, Any]) -> None:
        started = time.perf_counter()
        plain.get(path, query)
        api.append((time.perf_counter() - started) * 1000)

    def in_process(query: dict[str, Any]) -> None:
        started = time.perf_counter()
        direct_call(query)
        direct.append((time.perf_counter() - started) * 1000)

    for number, query in enumerate(queries):
        for run in (through_api, in_process) if number % 2 == 0 else (in_process, through_api):
            run(query)
        started = time.perf_counter()
        client.get(path, params=query).raise_for_status()
        through_httpx.append((time.perf_counter() - started) * 1000)
    plain.close()
    return {
        "queries": len(queries),
        "api_p50_ms": statistics.median(api),
        "api_p95_ms": percentile(api, 0.95),
        "api_p99_ms": percentile(api, 0.99),
        "direct_p50_ms": statistics.median(direct),
        "direct_p95_ms": percentile(direct, 0.95),
        "overhead_p50_ms": statistics.median(api) - statistics.median(direct),
        "httpx_p50_ms": statistics.median(through_httpx),
    }


def export_csv(client: httpx.Client, server_pid: int) -> dict[str, float]:
    """Stream figures as CSV and stop after EXPORT_ROWS rows; memory of the server meanwhile."""
    rows = 0
    with PeakMemory(server_pid) as memory:
        started = time.perf_counter()
        with client.stream("GET", "/api/figures", params={"format": "csv"}) as response:
            response.raise_for_status()
            for _line in response.iter_lines():
                rows += 1
                if rows > EXPORT_ROWS:  # the header line plus EXPORT_ROWS rows
                    break
        seconds = time.perf_counter() - started
    return {
        "rows": min(rows - 1, EXPORT_ROWS),
        "rows_per_second": (rows - 1) / seconds,
        "memory_growth_mb": (memory.peak - memory.start) / 1e6,
        "server_rss_mb": memory.peak / 1e6,
    }


def export_xlsx(client: httpx.Client, server_pid: int) -> dict[str, float]:
    """Download every figure (some 10 % over EXPORT_ROWS at full size) as an XLSX workbook;
    memory of the server meanwhile. A workbook cannot stop part way like the CSV: the server
    writes it whole to a temporary file before its first byte, which `first_byte_seconds`
    shows."""
    rows = client.get("/api/figures", params={"limit": 1, "facets": False}).json()["total"]
    size, first_byte = 0, 0.0
    with PeakMemory(server_pid) as memory:
        started = time.perf_counter()
        with client.stream("GET", "/api/figures", params={"format": "xlsx"}) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                first_byte = first_byte or time.perf_counter() - started
                size += len(chunk)
        seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "rows_per_second": rows / seconds,
        "seconds": seconds,
        "first_byte_seconds": first_byte,
        "size_mb": size / 1e6,
        "memory_growth_mb": (memory.peak - memory.start) / 1e6,
        "server_rss_mb": memory.peak / 1e6,
    }


def run(documents: int, queries: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="policylens-bench-search-") as directory:
        data_dir = Path(directory)
        index = build_index(data_dir, documents)
        port = free_port()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            started = time.perf_counter()
            with serve(data_dir, port) as server:
                cold = cold_start(client, started)
                search = latencies(client, data_dir, mixed_queries(queries))
                summary = summary_latencies(client, data_dir, summary_queries(queries))
                exported = export_csv(client, server.pid)
                workbook = export_xlsx(client, server.pid)
    result = {
        "index": index,
        "cold_start_seconds": cold,
        "search": search,
        "summary": summary,
        "export": exported,
        "export_xlsx": workbook,
    }
    result["targets"] = {
        "API p95 <= 10 ms": search["api_p95_ms"] <= 10,
        "API overhead (p50) <= 2 ms": search["overhead_p50_ms"] <= 2,
        "figures summary API p95 <= 50 ms": summary["api_p95_ms"] <= 50,
        "export memory growth <= 50 MB": exported["memory_growth_mb"] <= 50,
        "xlsx export memory growth <= 50 MB": workbook["memory_growth_mb"] <= 50,
        "cold start <= 5 s": cold <= 5,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.documents, args.queries)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    index, search, exported = result["index"], result["search"], result["export"]
    print(f"index: {index['documents']} documents, {index['figures']} figures, "
          f"built in {index['seconds']:.0f} s")  # fmt: skip
    print(f"cold start: {result['cold_start_seconds']:.2f} s")
    print(f"search, {search['queries']} queries: API p50 {search['api_p50_ms']:.2f} ms, "
          f"p95 {search['api_p95_ms']:.2f} ms, p99 {search['api_p99_ms']:.2f} ms; direct p50 "
          f"{search['direct_p50_ms']:.2f} ms, p95 {search['direct_p95_ms']:.2f} ms; "
          f"overhead p50 {search['overhead_p50_ms']:.2f} ms; through httpx p50 "
          f"{search['httpx_p50_ms']:.2f} ms")  # fmt: skip
    s = result["summary"]
    print(f"figures summary, {s['queries']} queries (median {s['figures_p50']:.0f} figures, "
          f"at most {s['figures_max']}): API p50 {s['api_p50_ms']:.2f} ms, p95 "
          f"{s['api_p95_ms']:.2f} ms, p99 {s['api_p99_ms']:.2f} ms; direct p50 "
          f"{s['direct_p50_ms']:.2f} ms, p95 {s['direct_p95_ms']:.2f} ms")  # fmt: skip
    print(f"export: {exported['rows']} rows at {exported['rows_per_second']:.0f} rows/s; "
          f"server memory growth {exported['memory_growth_mb']:.1f} MB")  # fmt: skip
    workbook = result["export_xlsx"]
    print(f"xlsx export: {workbook['rows']} rows at {workbook['rows_per_second']:.0f} rows/s "
          f"({workbook['size_mb']:.1f} MB, first byte after {workbook['first_byte_seconds']:.1f} "
          f"s); server memory growth {workbook['memory_growth_mb']:.1f} MB")  # fmt: skip
    print_targets(result["targets"])


if __name__ == "__main__":
    main()
