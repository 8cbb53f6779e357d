"""Peak memory of `policylens analyze` against document length: flat, or how steep.

Target (issue 19): analysis of one long document runs in bounded parts, so peak RSS stays far
under 2 GB up to the 5-million-character limit and grows little with length. Each length is
analysed by its own `policylens analyze` process (models loaded alike), beside a one-paragraph
document for the floor the models alone take; the slope is fitted over the long ones.

    .venv/bin/python bench/analysis_memory.py [--lengths 100000 1000000 5000000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICYLENS = Path(sys.executable).parent / "policylens"
TARGET_PEAK_MB = 2048


def paragraphs() -> list[str]:
    """The sample corpus's paragraphs, the three languages taking turns."""
    by_language = [
        [
            paragraph.strip()
            for path in sorted((ROOT / "corpora/sample" / language).glob("*.txt"))
            for paragraph in path.read_text(encoding="utf-8").split("\n\n")
            if paragraph.strip()
        ]
        for language in ("fr", "it", "en")
    ]
    mixed = [p for group in itertools.zip_longest(*by_language) for p in group if p]
    return mixed


def text_of(length: int, pieces: list[str]) -> str:
    """A text of `length` characters made of whole paragraphs, repeated as needed."""
    out: list[str] = []
    size = 0
    for paragraph in itertools.cycle(pieces):
        if size >= length:
            break
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out)[:length]


def analyse(path: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of `policylens analyze path`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(POLICYLENS), "analyze", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status and process.stderr:
        sys.stderr.write(process.stderr.read().decode(errors="replace")[-2000:])
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status)


def slope_mb_per_million(points: list[tuple[int, float]]) -> float:
    """Least-squares growth of peak RSS, MB per million characters."""
    xs = [length / 1e6 for length, _ in points]
    ys = [rss for _, rss in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--json", action="store_true", help="print one JSON report")
    args = parser.parse_args()
    pieces = paragraphs()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for length in [len(pieces[0]), *args.lengths]:
            path = Path(folder) / f"long-{length}.txt"
            path.write_text(text_of(length, pieces), encoding="utf-8")
            rss, seconds, code = analyse(path)
            rows.append({"chars": length, "peak_rss_mb": rss, "seconds": seconds, "exit": code})
            print(
                f"{length:>10,} chars: {rss:7.0f} MB peak, {seconds:6.1f} s, exit {code}",
                file=sys.stderr,
                flush=True,
            )
    floor = rows[0]["peak_rss_mb"]
    long_rows = rows[1:]
    slope = slope_mb_per_million([(r["chars"], r["peak_rss_mb"]) for r in long_rows])
    report = {
        "rows": rows,
        "floor_mb": floor,
        "slope_mb_per_million_chars": slope,
        "targets": {
            f"peak RSS <= {TARGET_PEAK_MB} MB at every length": all(
                r["peak_rss_mb"] <= TARGET_PEAK_MB and r["exit"] == 0 for r in rows
            ),
        },
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"floor (one paragraph): {floor:.0f} MB; slope {slope:.0f} MB per million chars")
        for name, met in report["targets"].items():
            print(f"{'met    ' if met else 'NOT MET'}  {name}")


if __name__ == "__main__":
    main()
