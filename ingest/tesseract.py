"""The Tesseract program: is it here, with which languages, and one page image read by it."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.errors import ReaderError
from ingest.ocr_words import OcrWord, parse_tsv

# Tesseract's names for the languages it is installed with here; the first of a set leads.
TESSERACT_LANGUAGES = {"fr": "fra", "it": "ita", "en": "eng"}
ALL_LANGUAGES = ("fra", "ita", "eng")
INSTALL_HINT = "Debian: apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-ita"


@cache
def tesseract_version() -> str:
    """`tesseract --version`'s first line; raises ReaderError when Tesseract is missing."""
    program = shutil.which("tesseract")
    if program is None:
        raise ReaderError(f"OCR needs Tesseract, which is not installed ({INSTALL_HINT})")
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).split("\n", 1)[0].strip()


@cache
def installed_languages() -> frozenset[str]:
    """The language data Tesseract has here (fra, ita, eng, ...)."""
    tesseract_version()
    result = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    )
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def language_set(language: str | None) -> tuple[str, ...]:
    """Tesseract's languages for a document's: its own when known, else all three."""
    wanted = (TESSERACT_LANGUAGES[language],) if language in TESSERACT_LANGUAGES else ALL_LANGUAGES
    available = tuple(code for code in wanted if code in installed_languages())
    if not available:
        raise ReaderError(f"Tesseract has no language data for {'+'.join(wanted)} ({INSTALL_HINT})")
    return available


def iso_language(languages: Sequence[str]) -> str | None:
    """The document language a set of Tesseract's stands for; None for a mixed set."""
    if len(languages) != 1:
        return None
    return next((iso for iso, code in TESSERACT_LANGUAGES.items() if code == languages[0]), None)


@dataclass(frozen=True, slots=True)
class TesseractRun:
    """Tesseract runs for page `number`, with its time limit and environment."""

    number: int
    timeout: float
    environment: Mapping[str, str] | None

    def _call(self, command: list[str]) -> subprocess.CompletedProcess[bytes]:
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=self.timeout, env=self.environment
            )
        except subprocess.TimeoutExpired as exc:
            raise ReaderError(f"OCR of page {self.number} took over {self.timeout:g} s") from exc
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {result.returncode}"
            raise ReaderError(f"OCR of page {self.number} failed: {reason}")
        return result

    def words(
        self,
        image: Path,
        languages: Sequence[str],
        dpi: int,
        layout: int,
        local_threshold: bool = False,
    ) -> list[OcrWord]:
        """The words Tesseract reads on `image` with page segmentation mode `layout`, parting
        ink from paper by one grey level for the page (Otsu's) or, with `local_threshold`, by
        one for each patch of about 8 mm (Leptonica's tiled Otsu)."""
        base = image.with_name(f"{image.stem}-psm{layout}{'-local' if local_threshold else ''}")
        command = ["tesseract", str(image), str(base), "-l", "+".join(languages)]
        threshold = ["-c", "thresholding_method=1"] if local_threshold else []
        self._call([*command, "--dpi", str(dpi), "--psm", str(layout), *threshold, "tsv"])
        table = base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
        return parse_tsv(table)

    def orientation(self, image: Path, dpi: int) -> int:
        """Degrees to turn the page clockwise to set it upright (0, 90, 180, 270)."""
        if "osd" not in installed_languages():
            return 0
        command = ["tesseract", str(image), "stdout", "--dpi", str(dpi), "--psm", "0"]
        try:
            result = self._call(command)
        except ReaderError:  # too little text to tell: the page stays as it is
            return 0
        found = re.search(rb"^Rotate: (\d+)", result.stdout, re.MULTILINE)
        return int(found.group(1)) % 360 if found else 0
