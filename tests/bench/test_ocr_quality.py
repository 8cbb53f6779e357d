"""bench/ocr_quality.py's yardsticks: characters in common, and pages that lose text unnamed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    """bench/ is not a package: load bench/ocr_quality.py from its path."""
    spec = importlib.util.spec_from_file_location(
        "bench_ocr_quality", ROOT / "bench/ocr_quality.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


quality = _load()


def test_characters_right_ignore_how_lines_were_broken() -> None:
    assert quality.chars_right("Au 31 décembre\n2023,  3 810", "Au 31 décembre 2023, 3 810") == (
        26,
        26,
    )
    same, total = quality.chars_right("3 810 personnes", "3 8l0 personnes et")
    assert (same, total) == (14, 18)
    assert quality.chars_right("texte", "") == (0, 5)


def _rows() -> list[dict[str, Any]]:
    return [
        {"language": language, "state": state, "chars": 1.0, "figures": 1.0}
        for language in quality.LANGUAGES
        for state in ("clean", "office", "photocopy")
    ]


def _page(chars: float, coverage: float | None) -> dict[str, Any]:
    return {"chars": chars, "coverage": coverage}


def test_a_page_that_lost_text_must_say_so_by_its_coverage() -> None:
    rendering = {"speedup": 3.0}
    named = "every page losing > 10% of its text has coverage < 0.9"
    told = quality._targets(_rows(), [_page(0.5, 0.4), _page(1.0, 0.98)], rendering)
    assert told["targets"][named] is True
    silent = quality._targets(_rows(), [_page(0.5, 0.95), _page(1.0, 0.98)], rendering)
    assert silent["targets"][named] is False
    # Before pages had a coverage, the check is skipped with a note that counts them.
    before = quality._targets(_rows(), [_page(0.5, None), _page(0.89, None)], rendering)
    assert named not in before["targets"]
    assert before["notes"] == [
        "pages have no ocr_coverage yet: 2 page(s) lost > 10% of their text, and nothing names them"
    ]
