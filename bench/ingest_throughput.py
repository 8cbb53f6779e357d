"""Ingest throughput end to end against bare spaCy, with one and two processes, and memory.

Targets (issue 7): end-to-end ingest (read, detect, NER, figures, dates, countries, topics,
index) <= 1.25 x bare spaCy `nlp.pipe` over the same texts with the same models, on one
process; `--workers 2` >= 1.7 x the one-process throughput; peak RSS of `policylens ingest`
with the three languages loaded <= 1.5 GB.

The corpus is bench/corpus.py's, written as .txt files. The two one-process measures alternate
chunk by chunk (spaCy first on even chunks, the pipeline first on odd ones) so machine noise
hits both alike; the ratio is the median of the chunks' ratios. The worker speed-up compares
two cold `policylens ingest` processes on the same files, one with `--workers 2`: each pays
its start-up and model loading as a user's run does. The one-process run also gives the peak
RSS.

    .venv/bin/python bench/ingest_throughput.py [--documents 2000] [--chunks 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_texts  # noqa: E402
from measure import print_targets  # noqa: E402

from api.services import Services, build_services  # noqa: E402
from api.settings import Settings  # noqa: E402
from nlp.pipelines import PERSON_NAME_DONORS  # noqa: E402


def _services(data_dir: Path) -> Services:
    return build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]


def _language(path: Path) -> str:
    return path.parent.name  # write_texts puts each language in its own folder


def bare_spacy(services: Services, files: list[Path]) -> float:
    """The same models over the same texts, one nlp.pipe per language, nothing else."""
    texts = [(path, path.read_text(encoding="utf-8")) for path in files]
    started = time.perf_counter()
    for language in ("fr", "it", "en"):
        batch = [text for path, text in texts if _language(path) == language]
        nlp = services.pipelines.get(language)
        assert nlp is not None
        for _ in nlp.pipe(batch, batch_size=services.settings.batch_size):
            pass
        donor = services.pipelines.get(PERSON_NAME_DONORS.get(language))
        if donor is not None and "ner" not in nlp.pipe_names:
            for _ in donor.pipe(batch, batch_size=services.settings.batch_size):
                pass
    return time.perf_counter() - started


def end_to_end(services: Services, files: list[Path], workers: int = 1) -> float:
    started = time.perf_counter()
    report = services.pipeline.ingest(files, workers=workers)
    if report.failures:
        raise SystemExit(f"ingest failed: {report.failures[:3]}")
    return time.perf_counter() - started


def cli_ingest(files: list[Path], data_dir: Path, workers: int = 1) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one cold `policylens ingest` over `files`.

    The memory is the largest of any child so far (getrusage), so measure one process first.
    """
    environment = {**os.environ, "POLICYLENS_DATA_DIR": str(data_dir), "POLICYLENS_SEARCH_URL": ""}
    command = [str(Path(sys.executable).parent / "policylens"), "ingest", f"--workers={workers}"]
    started = time.perf_counter()
    subprocess.run([*command, *map(str, files)], env=environment, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB


def run(documents: int, chunks: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="policylens-bench-ingest-") as directory:
        root = Path(directory)
        files = write_texts(root / "corpus", documents, seed=11)
        words = sum(len(path.read_text(encoding="utf-8").split()) for path in files)
        half = files[: len(files) // 2]  # keeps the run under its time budget
        one_cli, memory_mb = cli_ingest(half, root / "cli-one")
        two_cli, _ = cli_ingest(half, root / "cli-two", workers=2)
        services = _services(root / "one")
        end_to_end(services, files[:30])  # load every model and the thesaurus before timing
        bare_spacy(services, files[:30])
        size = -(-len(files) // chunks)
        spacy_times, pipeline_times = [], []
        for index, start in enumerate(range(0, len(files), size)):
            chunk = files[start : start + size]
            if index % 2 == 0:
                spacy_times.append(bare_spacy(services, chunk))
                pipeline_times.append(end_to_end(services, chunk))
            else:
                pipeline_times.append(end_to_end(services, chunk))
                spacy_times.append(bare_spacy(services, chunk))
    one_process = sum(pipeline_times)
    ratios = [p / s for p, s in zip(pipeline_times, spacy_times, strict=True)]
    result: dict[str, Any] = {
        "documents": len(files),
        "words": words,
        "spacy_seconds": sum(spacy_times),
        "one_process_seconds": one_process,
        "documents_per_second": len(files) / one_process,
        "words_per_second": words / one_process,
        "cli_documents": len(half),
        "cli_one_process_seconds": one_cli,
        "cli_two_workers_seconds": two_cli,
        "two_workers_documents_per_second": len(half) / two_cli,
        "ratio_to_spacy": statistics.median(ratios),
        "chunk_ratios": ratios,
        "speedup_two_workers": one_cli / two_cli,
        "peak_rss_mb": memory_mb,
    }
    result["targets"] = {
        "end to end <= 1.25 x bare spaCy": result["ratio_to_spacy"] <= 1.25,
        "two workers >= 1.7 x one process": result["speedup_two_workers"] >= 1.7,
        "peak RSS of policylens ingest <= 1.5 GB": memory_mb <= 1536,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.documents, args.chunks)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['documents']} documents, {result['words']} words")
    print(f"bare spaCy      : {result['spacy_seconds']:8.1f} s")
    print(f"end to end      : {result['one_process_seconds']:8.1f} s  "
          f"({result['documents_per_second']:.1f} documents/s, "
          f"{result['words_per_second']:.0f} words/s)")  # fmt: skip
    print(f"ratio to spaCy  : {result['ratio_to_spacy']:8.3f}  (chunks: "
          + ", ".join(f"{r:.3f}" for r in result["chunk_ratios"]) + ")")  # fmt: skip
    print(f"policylens ingest, {result['cli_documents']} documents: one process "
          f"{result['cli_one_process_seconds']:.1f} s, --workers 2 "
          f"{result['cli_two_workers_seconds']:.1f} s "
          f"(x{result['speedup_two_workers']:.2f})")  # fmt: skip
    print(f"peak RSS ingest : {result['peak_rss_mb']:8.0f} MB")
    print_targets(result["targets"])


if __name__ == "__main__":
    main()
