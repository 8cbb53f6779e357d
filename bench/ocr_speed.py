"""How fast worn PDF pages are read: rendered as PNG (as before issue 22) against PGM, and whole
pages read as before issue 22 against the product's reading now, side by side."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from api.services import Services
from ingest.ocr import Ocr
from ingest.sources import read_documents
from ingest.tesseract import language_set


def product_ocr(services: Services) -> Ocr:
    """OCR as api/services.py wires it (language told by the detector, numbers repaired), on
    one worker (jobs run side by side instead) and without a cache."""
    wired = services.ocr
    options = replace(wired.options, cache_dir=None, workers=1)
    return Ocr(options, identify=wired.identify, repair=wired.repair)


def _render(pdf: Path, target: Path, png: bool) -> None:
    """`pdf`'s page at 300 dpi in grey, as `target`.png (as before issue 22) or .pgm (now)."""
    command = ["pdftoppm", "-r", "300", "-gray", "-singlefile", *(["-png"] if png else [])]
    subprocess.run([*command, str(pdf), str(target)], check=True)


def render_speed(pdfs: dict[str, list[Path]], folder: Path) -> dict[str, Any]:
    """Each page (by state) rendered for OCR at 300 dpi in grey, as PNG (today) and as PGM (no
    compression), alternating so that machine noise hits both alike."""
    seconds = {"png": 0.0, "pgm": 0.0}
    by_state: dict[str, dict[str, float]] = {}
    for state, paths in pdfs.items():
        spent = {"png": 0.0, "pgm": 0.0}
        for pdf in paths:
            for kind in ("png", "pgm"):
                started = time.perf_counter()
                _render(pdf, folder / f"render-{kind}", png=kind == "png")
                spent[kind] += time.perf_counter() - started
        by_state[state] = {kind: round(value / len(paths), 3) for kind, value in spent.items()}
        seconds = {kind: seconds[kind] + spent[kind] for kind in seconds}
    pages = sum(len(paths) for paths in pdfs.values())
    return {
        "pages": pages,
        "seconds_per_page_by_state": by_state,
        "png_seconds_per_page": round(seconds["png"] / pages, 3),
        "pgm_seconds_per_page": round(seconds["pgm"] / pages, 3),
        "png_pages_per_second": round(pages / seconds["png"], 2),
        "pgm_pages_per_second": round(pages / seconds["pgm"], 2),
        "speedup": round(seconds["png"] / seconds["pgm"], 1),
    }


def page_speed(services: Services, pdfs: list[tuple[Path, str]], folder: Path) -> dict[str, Any]:
    """Whole worn PDF pages read as the reader did before issue 22 (rendered as PNG, read once
    by Tesseract's automatic layout) and as it does now (PGM; cleaned, straightened, read,
    checked, repaired), taking turns, in the document's language, one page at a time."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    ocr = product_ocr(services)
    spent = {"before": 0.0, "now": 0.0}
    for index, (pdf, language) in enumerate(pdfs):
        for route in ("before", "now") if index % 2 == 0 else ("now", "before"):
            started = time.perf_counter()
            if route == "before":
                image = folder / "before"
                _render(pdf, image, png=True)
                command = ["tesseract", f"{image}.png", str(image), "-l", language_set(language)[0]]
                command += ["--dpi", "300", "--psm", "3", "txt", "tsv"]
                subprocess.run(command, check=True, capture_output=True, env=environment)
            else:
                list(read_documents([pdf], base=folder, ocr=ocr, language=language))
            spent[route] += time.perf_counter() - started
    pages = len(pdfs)
    return {
        "pages": pages,
        "before_seconds_per_page": round(spent["before"] / pages, 2),
        "now_seconds_per_page": round(spent["now"] / pages, 2),
        "speedup": round(spent["before"] / spent["now"], 2),
    }
