"""The Tesseract program: is it here, with which languages, and one page image read by it."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image

from ingest.errors import ReaderError

# Tesseract's names for the languages it is installed with here; the first of a set leads.
TESSERACT_LANGUAGES = {"fr": "fra", "it": "ita", "en": "eng"}
ALL_LANGUAGES = ("fra", "ita", "eng")
INSTALL_HINT = "Debian: apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-ita"
# Below this mean word confidence (0-100) a page is most likely sideways or upside down, and
# its orientation is looked for (on every page, that would cost a third more time).
_UPRIGHT_CONFIDENCE = 60.0
_MIN_WORDS_TO_JUDGE = 10


@dataclass(frozen=True, slots=True)
class Reading:
    """A page's text as Tesseract read it, and its mean word confidence (0-1)."""

    text: str
    confidence: float | None


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


def read_page(
    image: Path,
    languages: Sequence[str],
    dpi: int,
    number: int,
    *,
    timeout: float,
    environment: Mapping[str, str] | None,
) -> Reading:
    """Page `number`'s image read in `languages`. A page that reads as nonsense is most likely
    turned (fed sideways or upside down): its orientation is detected, and the page turned
    upright and read again if it was not."""
    run = _Run(number, timeout, environment)
    reading = run.read(image, languages, dpi)
    if reading.confidence is None or reading.confidence * 100 >= _UPRIGHT_CONFIDENCE:
        return reading
    turn = run.orientation(image, dpi)
    if not turn:
        return reading
    upright = image.with_name(f"{image.stem}-upright.png")
    with Image.open(image) as turned:
        # Tesseract says how far to turn clockwise; Pillow turns anticlockwise.
        turned.rotate(-turn, expand=True).save(upright)
    again = run.read(upright, languages, dpi)
    return again if (again.confidence or 0) > reading.confidence else reading


@dataclass(frozen=True, slots=True)
class _Run:
    """Tesseract runs for one page, with its time limit and environment."""

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

    def read(self, image: Path, languages: Sequence[str], dpi: int) -> Reading:
        base = image.with_suffix("")
        command = ["tesseract", str(image), str(base), "-l", "+".join(languages)]
        self._call([*command, "--dpi", str(dpi), "--psm", "3", "txt", "tsv"])
        text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
        table = base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
        return Reading(text, _mean_confidence(table))

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


def _mean_confidence(table: str) -> float | None:
    """The mean confidence of the words in Tesseract's TSV output, 0-1; None with too few."""
    scores = []
    for row in csv.DictReader(io.StringIO(table), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            word, score = (row.get("text") or "").strip(), float(row.get("conf") or -1)
        except ValueError:
            continue
        if row.get("level") == "5" and word and score >= 0:
            scores.append(score)
    if len(scores) < _MIN_WORDS_TO_JUDGE:
        return None
    return round(sum(scores) / len(scores) / 100, 3)
