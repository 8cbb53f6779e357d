"""OCR of a scanned report: pages per second on one and two workers, the cache, and accuracy.

The scan is made here (tests/support/scans.py draws our own French, Italian and English
paragraphs onto slightly skewed, speckled A4 pages and saves them as an image-only PDF), read
three times side by side: one worker, two workers, then again from the cache. Its language is
not given: it is told from the first page, as for any scan. Accuracy is the share of
characters the OCR'd text has in common with what was drawn.

    .venv/bin/python bench/ocr_throughput.py [--pages 8] [--json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
# The page renderer is the tests' own, so the bench reads the same kind of scan they do.
sys.path.insert(0, str(ROOT / "tests" / "support"))

from measure import print_targets  # noqa: E402
from scans import write_scan  # noqa: E402

from ingest.language import best_language, make_detector  # noqa: E402
from ingest.model import Document  # noqa: E402
from ingest.ocr import Ocr, OcrOptions  # noqa: E402
from ingest.sources import read_documents  # noqa: E402

PARAGRAPHS = {
    "fr": [
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes avec des dossiers de "
        "gestion, dont 1 500 à 1 700 personnes suivies chaque mois par les centres de soins.",
        "Le programme de méthadone couvre désormais 20/21 districts ; son budget atteint "
        "1,2 million d'euros, en hausse de 12,5 % par rapport à l'année précédente.",
        "Les équipes mobiles ont distribué 4 200 trousses de naloxone dans les quartiers où "
        "les surdoses ont été les plus nombreuses, selon le rapport de l'agence régionale.",
    ],
    "it": [
        "Nel 2022 i servizi per le dipendenze della regione hanno impiegato 68 professionisti "
        "e seguito 1.572 pazienti in terapia con metadone, il 9 % in più rispetto al 2021.",
        "Il costo medio di una giornata in comunità terapeutica è di 400 euro al giorno per "
        "ospite, secondo la relazione annuale presentata al consiglio regionale.",
    ],
    "en": [
        "Drug deaths fell by 21% between 2021 and 2023 after the health board funded naloxone "
        "kits for 4,200 people and opened two supervised consumption rooms.",
        "About 45 per cent of the 1,200 patients who started opioid agonist treatment were "
        "still in care after twelve months, the annual report says.",
    ],
}
# A French report with an English abstract and an Italian annex: the two pages in other
# languages are read twice (in French first, then in their own), as in real reports.
LANGUAGE_OF_PAGE = ["fr", "en", "fr", "fr", "fr", "fr", "it", "fr"]
TARGET_SPEEDUP = 1.6
TARGET_ACCURACY = 0.97


def _pages(count: int) -> list[list[str]]:
    return [PARAGRAPHS[LANGUAGE_OF_PAGE[index % len(LANGUAGE_OF_PAGE)]] for index in range(count)]


def _read(path: Path, workers: int, cache: Path | None) -> tuple[Document, float, Ocr]:
    detector = make_detector("lingua")

    def identify(text: str) -> str | None:
        return best_language(detector, text, 0.5)[0]

    identify("warm the detector up before the clock starts")
    ocr = Ocr(
        OcrOptions(
            cache_dir=cache, workers=workers, environment={**os.environ, "OMP_THREAD_LIMIT": "1"}
        ),
        identify=identify,
    )
    started = time.perf_counter()
    [document] = read_documents([path], base=path.parent, ocr=ocr)
    elapsed = time.perf_counter() - started
    assert isinstance(document, Document), document
    return document, elapsed, ocr


def _accuracy(drawn: list[list[str]], document: Document) -> float:
    """Characters in common between each page drawn and its OCR, over all pages (page by page:
    the pages repeat paragraphs, which would mislead a match over the whole text)."""
    same = total = 0
    for paragraphs, page in zip(drawn, document.pages, strict=True):
        expected = " ".join(" ".join(paragraphs).split())
        found = " ".join(document.text[page.start : page.end].split())
        matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
        same += sum(block.size for block in matcher.get_matching_blocks())
        total += max(len(expected), len(found))
    return same / total


def run(pages: int) -> dict[str, Any]:
    drawn = _pages(pages)
    with tempfile.TemporaryDirectory(prefix="policylens-bench-ocr-") as folder:
        scan = write_scan(Path(folder) / "report.pdf", drawn)
        cache = Path(folder) / "ocr-cache"
        one, one_seconds, _ = _read(scan, 1, None)
        two, two_seconds, _ = _read(scan, 2, cache)
        again, cached_seconds, cached = _read(scan, 2, cache)
    assert one.text == two.text == again.text
    speedup = one_seconds / two_seconds
    accuracy = _accuracy(drawn, two)
    return {
        "pages": pages,
        "one_worker_seconds": round(one_seconds, 2),
        "two_workers_seconds": round(two_seconds, 2),
        "cached_seconds": round(cached_seconds, 3),
        "pages_per_second_two_workers": round(pages / two_seconds, 2),
        "speedup_two_workers": round(speedup, 2),
        "cache_hits": cached.stats.cache_hits,
        "accuracy": round(accuracy, 4),
        "targets": {
            f"OCR with 2 workers >= {TARGET_SPEEDUP} x one worker": speedup >= TARGET_SPEEDUP,
            "re-reading a scan takes every page from the cache": cached.stats.recognised == 0
            and cached.stats.cache_hits >= pages,
            f"characters OCR'd right >= {TARGET_ACCURACY:.0%}": accuracy >= TARGET_ACCURACY,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    report = run(args.pages)
    if args.json:
        print(json.dumps(report))
        return
    for key, value in report.items():
        if key != "targets":
            print(f"{key}: {value}")
    print_targets(report["targets"])


if __name__ == "__main__":
    main()
