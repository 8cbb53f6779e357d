"""How long one entity page and the organisations-by-country table take, on both backends.

Indexes bench/corpus.py's pre-analysed documents (no NLP) into tantivy and, with --osmem, an
osmem-server, then times `entity_page` for entities from the most to the least named and the
table, each several times (the backend calls the API makes; naming adds microseconds), beside
an empty search with its facets on the same index, as a yardstick on a shared machine.

    .venv/bin/python bench/entity_pages.py [--documents 5000] [--rounds 20] [--osmem]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from corpus import generate  # noqa: E402

from search.backend import SearchBackend, SearchQuery  # noqa: E402
from search.entity_pages import EntityPageQuery  # noqa: E402
from search.open import open_backend  # noqa: E402


def _fill(backend: SearchBackend, documents: int) -> tuple[float, Counter[tuple[str, str]]]:
    """Index the corpus; (seconds, documents per (label, key))."""
    named: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    stream = iter(generate(documents))
    while batch := list(islice(stream, 500)):
        for document in batch:
            named.update({(e.label, e.key) for e in document.entities if e.label != "MISC"})
        backend.upsert(batch)
    return time.perf_counter() - started, named


def _timed(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(median, max) milliseconds of `rounds` calls after one warm-up call."""
    call()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def run(backend: SearchBackend, name: str, documents: int, rounds: int) -> None:
    seconds, named = _fill(backend, documents)
    print(f"{name}: {documents} documents indexed in {seconds:.1f} s")
    ranked = named.most_common()
    picks = [ranked[0], ranked[len(ranked) // 100], ranked[len(ranked) // 10], ranked[-1]]
    for (label, key), count in picks:
        query = EntityPageQuery(key=key, label=label)  # type: ignore[arg-type]
        page = backend.entity_page(query)
        assert page is not None and page.documents.total == count, (key, count)
        median, worst = _timed(lambda q=query: backend.entity_page(q), rounds)
        print(
            f"  page {label}:{key!r:32} {count:6} docs {page.figures.total:6} figures: "
            f"median {median:6.1f} ms, max {worst:6.1f} ms"
        )
    table = SearchQuery(limit=0, facet_label="ORG", facet_size=20)
    median, worst = _timed(lambda: backend.entities_by_country(table), rounds)
    print(f"  organisations x countries, top 20: median {median:6.1f} ms, max {worst:6.1f} ms")
    # The same machine's yardstick: an empty search with its facets, as the home page asks.
    median, worst = _timed(lambda: backend.search(SearchQuery(limit=20)), rounds)
    print(
        f"  reference: search, every document, facets: median {median:6.1f} ms, max {worst:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--osmem", action="store_true", help="also on an osmem-server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        embedded = open_backend(f"tantivy://{Path(folder) / 'index'}")
        run(embedded, "tantivy", args.documents, args.rounds)
    if args.osmem:
        from osmem_server import OsmemServer
        from tests_support import osmem_backend

        server = OsmemServer.start(japanese=False)
        try:
            run(osmem_backend(server.url), "osmem-server", args.documents, args.rounds)
        finally:
            server.close()


if __name__ == "__main__":
    main()
