"""The `policylens` command line, run in-process on real files, models and index."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageOps
from scans import scanned_page, write_scan
from tests_support import write_pdf
from typer.testing import CliRunner

from api.cli import app
from api.services import build_services
from api.settings import Settings
from ingest import ocr as ocr_module
from ingest.page_reading import Reading

pytestmark = pytest.mark.slow


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("POLICYLENS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _count(tmp_path: Path) -> int:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    return build_services(settings).backend.count()


def test_ingest_twice_keeps_one_record_per_source(
    runner: CliRunner, tmp_path: Path, seeds_dir: Path
) -> None:
    first = runner.invoke(app, ["ingest", str(seeds_dir)])
    assert first.exit_code == 0, first.output
    assert "5 document(s) indexed (fr 4, it 1)" in first.output
    assert _count(tmp_path) == 5
    second = runner.invoke(app, ["ingest", str(seeds_dir)])
    assert second.exit_code == 0, second.output
    assert _count(tmp_path) == 5


def test_search_command_finds_the_seed(runner: CliRunner, seeds_dir: Path) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    result = runner.invoke(app, ["search", "toxicomane", "--json"])
    assert result.exit_code == 0, result.output
    sources = {Path(hit["source"]).name for hit in json.loads(result.output)["hits"]}
    assert "000_5eed3bc5516a0f99.txt" in sources


def test_search_command_expands_across_languages_unless_told_not_to(
    runner: CliRunner, seeds_dir: Path
) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    crossed = runner.invoke(app, ["search", "drug addiction treatment"])
    assert crossed.exit_code == 0, crossed.output
    assert "expanded across languages: 'drug addiction treatment' = addiction-treatment" in (
        crossed.output
    )
    assert "[fr]" in crossed.output and "[it]" in crossed.output
    alone = runner.invoke(app, ["search", "drug addiction treatment", "--no-cross-lingual"])
    assert alone.exit_code == 0 and "expanded" not in alone.output
    topic = runner.invoke(app, ["search", "", "--topic", "addiction-treatment", "--json"])
    assert topic.exit_code == 0 and '"total": 0' not in topic.output
    unknown = runner.invoke(app, ["search", "", "--topic", "no-such-topic"])
    assert unknown.exit_code == 2 and "unknown topic" in unknown.output


def test_ingest_reports_failures_and_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Le centre de Vinh a accueilli 120 patients sous méthadone en 2023.", encoding="utf-8"
    )
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 1
    assert "1 document(s) indexed (fr 1)" in result.output
    assert "failed: corpus/broken.pdf:" in result.output
    assert "failed: corpus/empty.txt: no text" in result.output
    assert _count(tmp_path) == 1


def test_analyze_prints_records_whose_spans_match(runner: CliRunner, seeds_dir: Path) -> None:
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 5
    for record in records:
        assert {
            "id",
            "source",
            "title",
            "published",
            "text",
            "language",
            "entities",
            "figures",
            "dates",
            "countries",
            "countries_mentioned",
            "paragraph_languages",
        } <= set(record)
        for span in record["entities"] + record["figures"] + record["dates"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_analyze_reads_standard_input_with_a_language_override(runner: CliRunner) -> None:
    text = "Il ministro Orazio Schillaci ha visitato il Centro di Milano."
    result = runner.invoke(app, ["analyze", "-", "--lang", "it"], input=text)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["language"] == "it" and record["source"] == "<stdin>"
    assert ("Orazio Schillaci", "PER") in {(e["text"], e["label"]) for e in record["entities"]}


def test_settings_lists_every_setting(runner: CliRunner) -> None:
    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 0
    for name in ("data_dir", "search_url", "api_key", "detector", "min_language_confidence"):
        assert f"{name} = " in result.output
        assert f"POLICYLENS_{name.upper()}" in result.output


def test_shards_split_the_files_and_together_ingest_all(
    runner: CliRunner, tmp_path: Path, seeds_dir: Path
) -> None:
    first = runner.invoke(app, ["ingest", "--shard", "1/2", str(seeds_dir)])
    assert first.exit_code == 0, first.output
    after_first = _count(tmp_path)
    second = runner.invoke(app, ["ingest", "--shard", "2/2", str(seeds_dir)])
    assert second.exit_code == 0, second.output
    assert 0 < after_first < 5 and _count(tmp_path) == 5
    again = runner.invoke(app, ["ingest", "--shard", "1/2", str(seeds_dir)])
    assert again.exit_code == 0 and _count(tmp_path) == 5


@pytest.mark.parametrize("shard", ["0/2", "3/2", "x", "1/0"])
def test_bad_shard_is_a_usage_error(runner: CliRunner, shard: str, seeds_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", "--shard", shard, str(seeds_dir)])
    assert result.exit_code == 2
    assert "--shard must be i/n" in result.output


def test_reindex_copies_between_embedded_indexes(
    runner: CliRunner, tmp_path: Path, seeds_dir: Path
) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    target = tmp_path / "copy"
    result = runner.invoke(
        app, ["reindex", "--from", str(tmp_path / "data" / "index"), "--to", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "5 copied; source has 5, target now has 5" in result.output
    settings = Settings(data_dir=tmp_path, search_url=f"tantivy://{target}", _env_file=None)  # type: ignore[call-arg]
    assert build_services(settings).backend.count() == 5


def test_ingest_names_the_pages_ocr_was_unsure_of(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Le centre a reçu 240 patients en 2023, et 310 de plus au premier semestre."]
    write_scan(tmp_path / "flou.png", [lines])
    real = ocr_module.read_page

    # Tesseract reads the pages we render too well to be unsure of any: the reading is real,
    # only its confidence is lowered here, as a badly scanned page would have it.
    def unsure(*args: Any, **options: Any) -> Reading:
        reading = real(*args, **options)
        words = tuple(replace(word, confidence=42.0) for word in reading.words)
        return replace(reading, words=words)

    monkeypatch.setattr(ocr_module, "read_page", unsure)
    result = runner.invoke(app, ["ingest", str(tmp_path / "flou.png")])
    assert result.exit_code == 0, result.output
    assert "OCR unsure: flou.png page 1 (42% word confidence)" in result.output


def test_ingest_names_the_pages_with_text_ocr_left_unread(
    runner: CliRunner, tmp_path: Path
) -> None:
    paragraphs = [
        "Le centre a reçu 240 patients en 2023, et 310 de plus au premier semestre.",
        "Les équipes mobiles ont distribué 4 200 trousses de naloxone dans la province.",
        "Le budget atteint 1,2 million d'euros, en hausse de 12,5 % sur un an.",
    ] * 3
    # All but the first paragraphs are printed mirrored (the back of thin paper showing
    # through, a sheet fed the wrong way into a copier): ink in letters Tesseract cannot read.
    page = scanned_page(paragraphs)
    lower = (0, 400, page.width, 1600)
    page.paste(ImageOps.mirror(page.crop(lower)), lower[:2])
    page.save(tmp_path / "pli.png", dpi=(200, 200))
    result = runner.invoke(app, ["ingest", str(tmp_path / "pli.png")])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"OCR missed text: pli.png page 1 \(only \d\d?% of the page's ink was read as words\)",
        result.output,
    ), result.output


def test_ocr_option_sets_ocr_for_one_run(runner: CliRunner, tmp_path: Path) -> None:
    scan = write_scan(tmp_path / "note.png", [["Le centre a reçu 240 patients en 2023."]])
    off = runner.invoke(app, ["analyze", "--ocr", "never", str(scan)])
    assert off.exit_code == 1
    assert "failed: note.png: an image's text needs OCR, which is off (setting ocr)" in off.output
    typed = write_pdf(tmp_path / "typed.pdf", [["Le centre de soins a reçu 240 patients en 2023."]])
    always = runner.invoke(app, ["analyze", "--ocr", "always", str(typed)])
    assert always.exit_code == 0, always.output
    record = json.loads(always.output.strip().splitlines()[-1])
    assert [page["ocr"] for page in record["pages"]] == [True]
    default = runner.invoke(app, ["analyze", str(typed)])
    assert [page["ocr"] for page in json.loads(default.output.splitlines()[-1])["pages"]] == [False]


def test_ingest_leaves_project_files_out_of_folders_and_reports_what_it_skipped(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Le centre a suivi 40 patients en 2023.\n", encoding="utf-8")
    (corpus / "README.md").write_text("Twelve short texts, 4 in French.\n", encoding="utf-8")
    (corpus / "LICENSE.txt").write_text("Licensed to 3 parties.\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")  # a walk reports it: opening it would block
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 1, result.output
    assert "1 document(s) indexed" in result.output
    assert "left out 2 project file(s) found in folders (LICENSE.txt, README.md)" in result.output
    assert "failed: corpus/pipe.txt: skipped: not a regular file" in result.output
    # Named on the command line, a project file is read like any other.
    named = runner.invoke(app, ["ingest", str(corpus / "README.md")])
    assert named.exit_code == 0, named.output
    assert _count(tmp_path) == 2
