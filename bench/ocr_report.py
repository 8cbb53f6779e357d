"""bench/ocr_quality.py's report as Markdown: its own printout and its part of results.md."""

from __future__ import annotations

from typing import Any


def table(report: dict[str, Any]) -> list[str]:
    """The summary as Markdown rows (bench/run_all.py writes the same into results.md)."""
    lines = [
        "| language | state | pages | characters right (worst page) | figures found / .txt "
        "| extra figures | confidence | coverage | s/page |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report["rows"]:
        coverage, confidence = _share(row["coverage"]), _share(row["confidence"])
        lines.append(
            f"| {row['language']} | {row['state']} | {row['pages']} | {row['chars']:.3f} "
            f"({row['worst_page_chars']:.3f}) | {row['figures_matched']}/{row['figures_ceiling']} "
            f"({row['figures']:.2f}) | {row['figures_extra']} | {confidence} | {coverage} "
            f"| {row['seconds_per_page']:.1f} |"
        )
    return lines


def page_table(report: dict[str, Any]) -> list[str]:
    """Page by page (tilt in degrees, anticlockwise: negative lines fall to the right)."""
    figures = {(f["text"], f["state"], f["seed"]): f for f in report["figures"]}
    lines = [
        "| text | state | page | tilt | characters right | figures found / .txt | extra "
        "| confidence | coverage |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in report["pages"]:
        counted = figures[(page["text"], page["state"], page["seed"])]
        coverage, confidence = _share(page["coverage"]), _share(page["confidence"])
        lines.append(
            f"| {page['text']} | {page['state']} | {page['page']} | {page['tilt']:+.1f} "
            f"| {page['chars']:.3f} | {counted['matched']}/{counted['ceiling']} "
            f"| {counted['extra']} | {confidence} | {coverage} |"
        )
    return lines


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def rendering_lines(rendering: dict[str, Any]) -> list[str]:
    by_state = "; ".join(
        f"{state}: PNG {times['png']:.2f} s, PGM {times['pgm']:.2f} s a page"
        for state, times in rendering.get("seconds_per_page_by_state", {}).items()
    )
    rendered = (
        f"PDF pages rendered for OCR ({rendering['pages']} office and photocopy pages, 300 dpi, "
        f"grey): PNG {rendering['png_pages_per_second']:.2f} pages/s "
        f"({rendering['png_seconds_per_page']:.2f} s/page), PGM "
        f"{rendering['pgm_pages_per_second']:.2f} pages/s "
        f"({rendering['pgm_seconds_per_page']:.2f} s/page): {rendering['speedup']:.1f} x"
        + (f" ({by_state})." if by_state else ".")
    )
    return [rendered, *_whole_page_lines(rendering.get("whole_pages"))]


def _whole_page_lines(whole: dict[str, Any] | None) -> list[str]:
    if not whole:
        return []
    return [
        f"Whole worn PDF pages read ({whole['pages']}, one at a time, taking turns): as before "
        f"issue 22 (PNG, one automatic-layout reading) {whole['before_seconds_per_page']:.2f} s "
        f"a page, now {whole['now_seconds_per_page']:.2f} s: {whole['speedup']:.2f} x."
    ]
