"""Normalisation keeps one character for one where it matters, and ids are stable."""

from __future__ import annotations

from ingest.normalize import document_id, normalize_text


def test_apostrophes_and_spaces_become_plain() -> None:
    raw = "L’UNODC compte 3\u202f810 toxicomanes\u00a0;\r\nd’après lui"
    assert normalize_text(raw) == "L'UNODC compte 3 810 toxicomanes ;\nd'après lui"


def test_nfc_composes_accents() -> None:
    decomposed = "de\u0301sintoxication"
    assert normalize_text(decomposed) == "désintoxication"
    assert len(normalize_text(decomposed)) == len("désintoxication")


def test_invisible_and_control_characters_are_dropped() -> None:
    assert normalize_text("toxi\u00adco\u200bmanie\x00\x07") == "toxicomanie"


def test_blank_line_runs_and_edges_are_trimmed() -> None:
    assert normalize_text("  \n\nTitre  \n\n\n\nCorps   du texte\n") == "Titre\n\nCorps du texte"


def test_document_id_is_deterministic_and_distinct() -> None:
    assert document_id("corpora/a.txt") == document_id("corpora/a.txt")
    assert document_id("corpora/a.txt") != document_id("corpora/b.txt")
    assert len(document_id("x")) == 20
