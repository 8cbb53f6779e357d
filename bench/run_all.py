"""`make bench`: every benchmark in one run, written to bench/results.md with its targets.

Each script runs as its own process (a fresh interpreter, so one's memory and caches do not
flatter the next) and reports JSON; this script turns the reports into one Markdown page.

    .venv/bin/python bench/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from measure import machine  # noqa: E402
from ocr_report import page_table, rendering_lines, table  # noqa: E402

FULL = {
    "ingest": ["ingest_throughput.py", "--documents", "2000"],
    "search": ["search_latency.py", "--documents", "100000", "--queries", "300"],
    "relevance": ["relevance.py"],
    "load": ["load_test.py", "--clients", "32", "--seconds", "30", "--documents", "5000"],
    "ocr": ["ocr_throughput.py", "--pages", "8"],
    "ocr_quality": ["ocr_quality.py", "--per-language", "2"],
    "memory": ["analysis_memory.py", "--lengths", "100000", "1000000", "5000000"],
}
QUICK = {
    "ingest": ["ingest_throughput.py", "--documents", "120", "--chunks", "2"],
    "search": ["search_latency.py", "--documents", "3000", "--queries", "60"],
    "relevance": ["relevance.py"],
    "load": ["load_test.py", "--clients", "8", "--seconds", "5", "--documents", "1000"],
    "ocr": ["ocr_throughput.py", "--pages", "3"],
    "ocr_quality": ["ocr_quality.py", "--per-language", "1", "--render-pages", "1"],
    "memory": ["analysis_memory.py", "--lengths", "100000", "500000"],
}


def _run(arguments: list[str]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(BENCH / arguments[0]), *arguments[1:], "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout), time.perf_counter() - started


def _targets(targets: dict[str, bool]) -> list[str]:
    return [f"| {name} | {'met' if met else '**not met**'} |" for name, met in targets.items()]


def _ocr_quality(report: dict[str, Any]) -> list[str]:
    return [
        "## OCR of worn pages (bench/ocr_quality.py: clean, office scan, photocopy or fax)",
        "",
        "Our own report texts printed as A4 pages at 300 dpi (tests/support/page_states.py), "
        "read as image-only PDFs the product's way; figures are matched to those the analyzer "
        "finds in the same text read as .txt.",
        "",
        *table(report),
        "",
        *page_table(report),
        "",
        *rendering_lines(report["rendering"]),
        *(f"\nNote: {note}." for note in report["notes"]),
    ]


def render(reports: dict[str, dict[str, Any]], seconds: dict[str, float], quick: bool) -> str:
    about = machine()
    ingest, search, relevance = reports["ingest"], reports["search"], reports["relevance"]
    load, ocr, memory = reports["load"], reports["ocr"], reports["memory"]
    quality = reports["ocr_quality"]
    overall = relevance["summary"]["overall"]
    lines = [
        "# PolicyLens benchmarks",
        "",
        "Written by `make bench` (`bench/run_all.py`); every ratio is measured side by side in "
        "one run." + (" **Quick run: small sizes, not the targets' sizes.**" if quick else ""),
        "",
        *(f"- {key}: {value}" for key, value in about.items()),
        "",
        "## Targets",
        "",
        "| target | result |",
        "| --- | --- |",
        *_targets(ingest["targets"]),
        *_targets(search["targets"]),
        *_targets(relevance["targets"]),
        *_targets(load["targets"]),
        *_targets(ocr["targets"]),
        *_targets(quality["targets"]),
        *_targets(memory["targets"]),
        "",
        f"## Ingest ({ingest['documents']} generated documents, {ingest['words']} words)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| bare spaCy `nlp.pipe`, same texts and models | {ingest['spacy_seconds']:.1f} s |",
        f"| end to end, one process | {ingest['one_process_seconds']:.1f} s |",
        f"| throughput, one process | {ingest['documents_per_second']:.1f} documents/s, "
        f"{ingest['words_per_second']:.0f} words/s |",
        f"| end to end / bare spaCy (median of chunks) | {ingest['ratio_to_spacy']:.3f} |",
        f"| `policylens ingest`, first {ingest['cli_documents']} documents, cold: one process | "
        f"{ingest['cli_one_process_seconds']:.1f} s |",
        f"| the same, `--workers 2` | {ingest['cli_two_workers_seconds']:.1f} s "
        f"({ingest['two_workers_documents_per_second']:.1f} documents/s) |",
        f"| speed-up with two workers | {ingest['speedup_two_workers']:.2f} x |",
        f"| peak RSS of `policylens ingest` (one process) | {ingest['peak_rss_mb']:.0f} MB |",
        "",
        f"## Search ({search['index']['documents']} documents, "
        f"{search['index']['figures']} figures)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| index built from pre-analysed documents | {search['index']['seconds']:.0f} s |",
        f"| cold start (`policylens serve` to first search) | "
        f"{search['cold_start_seconds']:.2f} s |",
    ]
    s = search["search"]
    lines += [
        f"| API p50 / p95 / p99 ({s['queries']} mixed queries) | {s['api_p50_ms']:.2f} / "
        f"{s['api_p95_ms']:.2f} / {s['api_p99_ms']:.2f} ms |",
        f"| direct p50 / p95 | {s['direct_p50_ms']:.2f} / {s['direct_p95_ms']:.2f} ms |",
        f"| API overhead (p50 difference) | {s['overhead_p50_ms']:.2f} ms |",
        f"| the API through httpx, p50 (the client library's own cost added) | "
        f"{s['httpx_p50_ms']:.2f} ms |",
    ]
    m = search["summary"]
    lines += [
        f"| figures summary API p50 / p95 / p99 ({m['queries']} queries: one measure by country "
        f"and year, median {m['figures_p50']:.0f} figures, at most {m['figures_max']}) | "
        f"{m['api_p50_ms']:.2f} / {m['api_p95_ms']:.2f} / {m['api_p99_ms']:.2f} ms |",
        f"| figures summary direct p50 / p95 | {m['direct_p50_ms']:.2f} / "
        f"{m['direct_p95_ms']:.2f} ms |",
    ]
    e, x = search["export"], search["export_xlsx"]
    lines += [
        f"| CSV export | {e['rows']} rows at {e['rows_per_second']:.0f} rows/s |",
        f"| server memory growth during the export | {e['memory_growth_mb']:.1f} MB |",
        f"| XLSX export (written whole, then sent) | {x['rows']} rows at "
        f"{x['rows_per_second']:.0f} rows/s, {x['size_mb']:.1f} MB, first byte after "
        f"{x['first_byte_seconds']:.1f} s |",
        f"| server memory growth during the XLSX export | {x['memory_growth_mb']:.1f} MB |",
        "",
        "## Cross-lingual relevance (bench/relevance/, 36 queries)",
        "",
        "| measure | monolingual | cross-lingual |",
        "| --- | --- | --- |",
        *(
            f"| {label} | {overall['monolingual'][key]:.3f} | {overall['cross_lingual'][key]:.3f} |"
            for key, label in (
                ("recall", "recall@10"),
                ("recall_other", "recall@10, other-language documents"),
                ("ndcg", "nDCG@10"),
                ("ndcg_same", "nDCG@10, same-language documents"),
            )
        ),
        "",
        f"## Load ({load['clients']} concurrent clients, {load['seconds']:.0f} s, "
        f"{load['documents']} documents, `serve --workers {load['server_workers']}`)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| requests (60 % search, 25 % figures, 15 % documents) | {load['requests']} "
        f"({load['requests_per_second']:.0f}/s) |",
        f"| errors | {load['errors']} |",
        f"| latency p50 / p99 | {load['p50_ms']:.1f} / {load['p99_ms']:.1f} ms |",
        "",
        f"## OCR (a generated scan of {ocr['pages']} A4 pages in French, Italian and English)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| one worker | {ocr['one_worker_seconds']:.1f} s |",
        f"| two workers | {ocr['two_workers_seconds']:.1f} s "
        f"({ocr['pages_per_second_two_workers']:.2f} pages/s) |",
        f"| speed-up with two workers | {ocr['speedup_two_workers']:.2f} x |",
        f"| read again, from the cache | {ocr['cached_seconds'] * 1000:.0f} ms "
        f"({ocr['cache_hits']} cache hits) |",
        f"| characters OCR'd right | {ocr['accuracy']:.1%} |",
        "",
        *_ocr_quality(quality),
        "",
        "## Memory of one long document (`policylens analyze`, bench/analysis_memory.py)",
        "",
        "| characters | peak RSS | time |",
        "| --- | --- | --- |",
        *(
            f"| {row['chars']:,} | {row['peak_rss_mb']:.0f} MB | {row['seconds']:.0f} s |"
            for row in memory["rows"]
        ),
        "",
        f"Models alone (first row): {memory['floor_mb']:.0f} MB; growth with length: "
        f"{memory['slope_mb_per_million_chars']:.0f} MB per million characters.",
        "",
        "Run time: " + ", ".join(f"{name} {value:.0f} s" for name, value in seconds.items()) + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the scripts")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    reports, seconds = {}, {}
    for name, arguments in plan.items():
        print(f"running {name}: {' '.join(arguments)}", file=sys.stderr, flush=True)
        reports[name], seconds[name] = _run(arguments)
        print(f"  done in {seconds[name]:.0f} s", file=sys.stderr, flush=True)
    args.output.write_text(render(reports, seconds, args.quick), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
