"""bench/ocr_quality.py's yardsticks: characters in common, and pages that lose text unnamed."""

from __future__ import annotations

from typing import Any

from bench_modules import load_bench

quality = load_bench("ocr_quality")


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
    rendering, whole_pages = {"speedup": 3.0}, {"speedup": 2.5}
    named = "every page losing > 10% of its text has coverage < 0.9"
    told = quality._targets(_rows(), [_page(0.5, 0.4), _page(1.0, 0.98)], rendering, whole_pages)
    assert told["targets"][named] is True
    assert told["notes"] == ["1 of 2 page(s) lost > 10% of their text"]
    silent = quality._targets(_rows(), [_page(0.5, 0.95), _page(1.0, 0.98)], rendering, whole_pages)
    assert silent["targets"][named] is False
    unmeasured = quality._targets(_rows(), [_page(0.5, None)], rendering, whole_pages)
    assert unmeasured["targets"][named] is False


def test_pages_must_be_read_twice_as_fast_as_before() -> None:
    pages = [_page(1.0, 1.0)]
    named = "worn PDF pages read >= 2.0 x as fast as before issue 22"
    slow = quality._targets(_rows(), pages, {"speedup": 20.0}, {"speedup": 1.97})
    assert slow["targets"][named] is False
    assert quality._targets(_rows(), pages, {"speedup": 20.0}, {"speedup": 2.4})["targets"][named]
