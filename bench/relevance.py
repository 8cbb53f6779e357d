"""Cross-lingual retrieval: recall@10 and nDCG@10, monolingual and cross-lingual, side by side.

Targets (issue 6): cross-lingual recall@10 >= 0.8; cross-lingual recall@10 on documents in the
other two languages >= 2 x the monolingual one; nDCG@10 on same-language documents no lower
than monolingual. The relevance set (bench/relevance/) is ingested into a fresh embedded index
with the real pipeline, then every query runs with `cross_lingual` false and true.

    .venv/bin/python bench/relevance.py [--json] [--details]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure import print_targets  # noqa: E402

from api.services import Services, build_services  # noqa: E402
from api.settings import Settings  # noqa: E402
from search.backend import SearchQuery  # noqa: E402
from search.relevance import mean, ndcg_at, recall_at  # noqa: E402

SET = ROOT / "bench" / "relevance"
K = 10
MODES = {"monolingual": False, "cross_lingual": True}


@contextmanager
def indexed_corpus(corpus: Path = SET / "corpus") -> Iterator[Services]:
    """Services over a temporary embedded index holding the relevance corpus."""
    with tempfile.TemporaryDirectory(prefix="policylens-relevance-") as data_dir:
        services = build_services(Settings(data_dir=Path(data_dir), search_url=""))
        report = services.pipeline.ingest([corpus])
        if report.failures:
            raise SystemExit(f"relevance corpus failed to ingest: {report.failures}")
        yield services


def _relative(source: str, corpus: Path) -> str:
    return Path(source).resolve().relative_to(corpus.resolve()).as_posix()


def evaluate(services: Services, queries: list[dict[str, Any]], corpus: Path) -> dict[str, Any]:
    """Per query and mode: the ranking and its scores; then means per language and overall."""
    per_query = []
    for entry in queries:
        language = entry["language"]
        relevant: dict[str, int] = entry["relevant"]
        same = {d: g for d, g in relevant.items() if d.split("/", 1)[0] == language}
        other = {d: g for d, g in relevant.items() if d.split("/", 1)[0] != language}
        row: dict[str, Any] = {"id": entry["id"], "language": language, "query": entry["query"]}
        for mode, cross in MODES.items():
            result = services.search(SearchQuery(q=entry["query"], limit=K, cross_lingual=cross))
            ranking = [_relative(hit.source, corpus) for hit in result.hits]
            row[mode] = {
                "ranking": ranking,
                "recall": recall_at(ranking, relevant, K),
                "recall_other": recall_at(ranking, other, K),
                "ndcg": ndcg_at(ranking, relevant, K),
                "ndcg_same": ndcg_at(ranking, same, K),
                "concepts": [concept.id for concept in result.concepts],
            }
        per_query.append(row)
    summary: dict[str, Any] = {}
    for group in ("fr", "it", "en", "overall"):
        rows = [r for r in per_query if group in ("overall", r["language"])]
        summary[group] = {
            mode: {
                metric: mean([r[mode][metric] for r in rows])
                for metric in ("recall", "recall_other", "ndcg", "ndcg_same")
            }
            for mode in MODES
        }
        summary[group]["queries"] = len(rows)
    return {"summary": summary, "queries": per_query, "targets": targets(summary["overall"])}


def targets(overall: dict[str, Any]) -> dict[str, bool]:
    mono, cross = overall["monolingual"], overall["cross_lingual"]
    return {
        "cross_lingual recall@10 >= 0.8": cross["recall"] >= 0.8,
        "other-language recall@10 >= 2 x monolingual": cross["recall_other"]
        >= 2 * mono["recall_other"],
        "same-language nDCG@10 >= monolingual": cross["ndcg_same"] >= mono["ndcg_same"] - 1e-9,
    }


def _print(report: dict[str, Any], details: bool) -> None:
    header = f"{'':8} {'queries':>7}   {'recall@10':>19}   {'other-lang recall':>19}   "
    header += f"{'nDCG@10':>19}   {'same-lang nDCG':>19}"
    print(header)
    print(f"{'':8} {'':>7}   " + "   ".join(f"{'mono':>9} {'cross':>9}" for _ in range(4)))
    for group, scores in report["summary"].items():
        cells = [
            f"{scores['monolingual'][m]:9.3f} {scores['cross_lingual'][m]:9.3f}"
            for m in ("recall", "recall_other", "ndcg", "ndcg_same")
        ]
        print(f"{group:8} {scores['queries']:>7}   " + "   ".join(cells))
    print()
    print_targets(report["targets"])
    if details:
        for row in report["queries"]:
            mono, cross = row["monolingual"], row["cross_lingual"]
            print(
                f"\n{row['id']} {row['query']!r}: recall {mono['recall']:.2f} -> "
                f"{cross['recall']:.2f}, concepts {cross['concepts']}"
            )
            for rank, doc in enumerate(cross["ranking"], 1):
                print(f"   {rank:2}. {doc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument("--details", action="store_true", help="print every ranking")
    args = parser.parse_args()
    queries = json.loads((SET / "queries.json").read_text(encoding="utf-8"))["queries"]
    with indexed_corpus() as services:
        report = evaluate(services, queries, SET / "corpus")
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print(report, args.details)


if __name__ == "__main__":
    main()
