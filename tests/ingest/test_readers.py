"""Readers and sources on real files of every format, good and broken, written per test."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
from pathlib import Path

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from tests_support import write_pdf

from ingest.errors import ReaderError
from ingest.file_listing import iter_files
from ingest.formats import SUPPORTED_SUFFIXES, extract_file
from ingest.jsonl import read_jsonl
from ingest.model import Document, Failure
from ingest.normalize import document_id
from ingest.sources import read_documents

FRENCH = "L’été 2021, l’Observatoire a recensé 3\u00a0810 toxicomanes à Marseille."
FRENCH_NORMALISED = "L'été 2021, l'Observatoire a recensé 3 810 toxicomanes à Marseille."
P1 = "En 2021, l’Observatoire régional a recensé 3 810 toxicomanes, un chiffre en hausse nette."
P2 = "La hausse concerne surtout les moins de 25 ans, selon le rapport publié au mois de juin."
ARTICLE_HTML = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Rapport annuel 2021</title>
<meta property="article:published_time" content="2021-06-15T09:00:00+02:00">
<script>var tracker = "script noise";</script><style>p {{ color: red; }}</style>
</head><body>
<header><nav><a href="/">Accueil</a> <a href="/presse">Espace presse</a></nav></header>
<main><article><h1>Rapport annuel 2021</h1><p>{P1}</p><p>{P2}</p></article></main>
<footer>Mentions légales et plan du site</footer>
<script>document.write("more script noise")</script>
</body></html>"""


def write_docx(path: Path, *, title: str | None = None) -> Path:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Rapport sur les addictions", level=1)
    document.add_paragraph(FRENCH)
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Région"
    table.cell(0, 1).text = "Cas"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Provence : 3 810"
    document.add_paragraph("Fin du rapport.")
    document.save(str(path))
    return path


def write_jsonl(path: Path, lines: list[object | str]) -> Path:
    rendered = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("\n".join(rendered) + "\n", encoding="utf-8")
    return path


def only_documents(results: list[Document | Failure]) -> list[Document]:
    assert all(isinstance(result, Document) for result in results), results
    return [result for result in results if isinstance(result, Document)]


# --- plain text ---------------------------------------------------------------------------------

TEXT = f"Titre du rapport\n\n{FRENCH}\nFin."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with the platform's BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "cp1252"],
)
def test_text_encodings_decode_exactly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "rapport.txt"
    path.write_bytes(data)
    assert extract_file(path).text == TEXT
    [document] = only_documents(list(read_documents([path], base=tmp_path)))
    assert document.text == f"Titre du rapport\n\n{FRENCH_NORMALISED}\nFin."
    assert document.title == "Titre du rapport"  # the headline line, still kept in the text


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Méthadone à Vinh\nLe centre a ouvert.", "Méthadone à Vinh"),
        ("Le centre a ouvert hier.\nIl accueille 40 patients.", None),
        ("Une seule ligne sans suite", None),
        ("Titre\nCorps du texte.", None),
    ],
)
def test_text_title_is_a_headline_first_line(
    tmp_path: Path, content: str, title: str | None
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(content, encoding="utf-8")
    assert extract_file(path).title == title


def test_cp1252_punctuation_is_not_mistaken_for_another_code_page(tmp_path: Path) -> None:
    text = "Ça coûte 5 €, c’est « trop » … disait-il à l’œil."
    path = tmp_path / "court.txt"
    path.write_bytes(text.encode("cp1252"))
    assert extract_file(path).text == text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"Milano \xff\xfe ha 40 servizi.", "Milano \ufffd\ufffd ha 40 servizi."),
        (
            b"Leeds clinic \x81\x8d\x9d saw 12 people.",
            "Leeds clinic \ufffd\ufffd\ufffd saw 12 people.",
        ),
        # A code page's accented letters stand in words, or alone: still that code page.
        (b"Le caf\xe9 \xe0 Paris co\xfbte 3 \x80.", "Le café à Paris coûte 3 €."),
        (b"Citt\xe0 di Bari, \xe8 qui.", "Città di Bari, è qui."),
    ],
)
def test_stray_bytes_in_ascii_text_become_replacement_characters(
    tmp_path: Path, data: bytes, text: str
) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    assert extract_file(path).text == text


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", bytes(range(1, 32)) * 4 + b"some text"],
    ids=["nul-bytes", "control-characters"],
)
def test_binary_text_file_is_rejected(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match="looks like a binary file"):
        extract_file(path)


def test_markdown_title_is_first_level_one_heading(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    body = "```bash\n# a shell comment\n```\n## Sous-titre\n#hashtag\n# Le vrai titre #\n\nCorps.\n"
    path.write_text(body, encoding="utf-8")
    extracted = extract_file(path)
    assert extracted.title == "Le vrai titre"
    assert extracted.text == body


# --- HTML ---------------------------------------------------------------------------------------


def test_html_keeps_article_drops_scripts_and_navigation(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    extracted = extract_file(path)
    assert extracted.text == f"Rapport annuel 2021\n{P1}\n{P2}"
    assert extracted.title == "Rapport annuel 2021"
    assert extracted.published == dt.date(2021, 6, 15)
    for noise in ("script noise", "Accueil", "Espace presse", "Mentions légales", "color"):
        assert noise not in extracted.text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fragment.htm"
    markup = "<nav>Accueil | Contact</nav><script>x()</script><p>Un paragraphe.</p><p>Deux.</p>"
    path.write_bytes(markup.encode("utf-8"))
    assert extract_file(path).text == "Un paragraphe.\nDeux."


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "ancien.html"
    markup = ARTICLE_HTML.replace('charset="utf-8"', 'charset="iso-8859-1"')
    path.write_bytes(markup.encode("cp1252"))
    assert extract_file(path).text == f"Rapport annuel 2021\n{P1}\n{P2}"


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_text_pages_and_title(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "rapport.pdf",
        [[FRENCH, "Deuxième ligne : où, français."], ["Page deux."]],
        title="Rapport OFDT 2021",
    )
    extracted = extract_file(path)
    assert extracted.title == "Rapport OFDT 2021"
    [document] = only_documents(list(read_documents([path], base=tmp_path)))
    assert document.text == f"{FRENCH_NORMALISED}\nDeuxième ligne : où, français.\n\nPage deux."
    assert "3 810 toxicomanes" in document.text


def test_pdf_producer_placeholder_title_is_dropped(tmp_path: Path) -> None:
    # reportlab stamps "untitled" when no title is set.
    assert extract_file(write_pdf(tmp_path / "a.pdf", [["Bonjour."]])).title is None


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    owner_only = StandardEncryption("", ownerPassword="owner")
    path = write_pdf(tmp_path / "protege.pdf", [["Texte protégé."]], encrypt=owner_only)
    assert [page.text for page in extract_file(path).pages] == ["Texte protégé."]


def test_broken_pdfs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    good = write_pdf(tmp_path / "good.pdf", [["Bonjour tout le monde."]]).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(ReaderError, match="not a valid PDF: EOF marker not found"):
        extract_file(truncated)
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]
    locked = write_pdf(tmp_path / "locked.pdf", [["Secret."]], encrypt="secret")
    with pytest.raises(ReaderError, match=r"^encrypted PDF"):
        extract_file(locked)
    scanned = write_pdf(tmp_path / "scan.pdf", [[]])
    with pytest.raises(ReaderError, match=r"no text layer found \(scanned PDF\?\)"):
        extract_file(scanned)
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(ReaderError, match="file is empty"):
        extract_file(tmp_path / "empty.pdf")


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_title(tmp_path: Path) -> None:
    extracted = extract_file(write_docx(tmp_path / "r.docx", title="  Rapport DOCX  "))
    assert extracted.title == "Rapport DOCX"
    assert extracted.text == (
        f"Rapport sur les addictions\n{FRENCH}\nRégion\nCas\nProvence : 3 810\nFin du rapport."
    )
    # No title in its properties: its first Heading 1 (or Title) paragraph names it ...
    assert extract_file(write_docx(tmp_path / "sans-titre.docx")).title == (
        "Rapport sur les addictions"
    )
    # ... else a headline first line, as in a text file; a sentence is no title.
    plain = docx.Document()
    plain.add_paragraph("Note sur la naloxone")
    plain.add_paragraph(FRENCH)
    plain.save(str(tmp_path / "note.docx"))
    assert extract_file(tmp_path / "note.docx").title == "Note sur la naloxone"
    prose = docx.Document()
    prose.add_paragraph(FRENCH)
    prose.add_paragraph("Fin du rapport.")
    prose.save(str(tmp_path / "prose.docx"))
    assert extract_file(tmp_path / "prose.docx").title is None
    # A heading far down heads a section, not the document.
    late = docx.Document()
    for number in range(6):
        late.add_paragraph(f"Paragraphe {number} du rapport, sans titre.")
    late.add_heading("Annexe", level=1)
    late.save(str(tmp_path / "late.docx"))
    assert extract_file(tmp_path / "late.docx").title is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"PK\x03\x04 zip garbage", "not a ZIP archive"), (b"\xd0\xcf\x11\xe0 old .doc", "ZIP")],
)
def test_corrupt_docx(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "corrupt.docx"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=f"not a valid DOCX: .*{reason}"):
        extract_file(path)


# --- JSONL --------------------------------------------------------------------------------------

JSONL_LINES: list[object | str] = [
    {
        "text": "Premier document.",
        "title": "Un",
        "published": "2021-06-15",
        "language": "FR",
        "url": "https://example.org/un",
    },
    "   ",
    {"text": "Deuxième document.", "source": " rapports/deux ", "id": "doc-2", "title": " "},
    '{"text": "unterminated',
    {"text": 5},
    {"text": "Date illisible.", "published": "15/06/2021"},
    {"title": "sans texte"},
    {"text": "Titre numérique.", "title": 12},
    [1, 2],
    {"text": "Dernier.\u2028Même ligne JSON."},
    {"text": "Langue inconnue.", "language": "fra"},
    {"text": " \u00a0\u200b\n "},
    {"text": False, "published": 20210615, "id": "pas d'espace"},
    {"text": "Date et heure.", "published": "2021-06-15T23:30:00+02:00", "title": "A\n\n b"},
]


def test_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "lot.jsonl", JSONL_LINES)
    results = list(read_documents([path], base=tmp_path))
    got = [(type(r).__name__, r.source) for r in results]
    assert got == [
        ("Document", "https://example.org/un"),
        ("Document", "rapports/deux"),
        ("Failure", "lot.jsonl#L4"),
        ("Failure", "lot.jsonl#L5"),
        ("Failure", "lot.jsonl#L6"),
        ("Failure", "lot.jsonl#L7"),
        ("Failure", "lot.jsonl#L8"),
        ("Failure", "lot.jsonl#L9"),
        ("Document", "lot.jsonl#L10"),
        ("Failure", "lot.jsonl#L11"),
        ("Failure", "lot.jsonl#L12"),
        ("Failure", "lot.jsonl#L13"),
        ("Document", "lot.jsonl#L14"),
    ]
    first, second, last, dated = (r for r in results if isinstance(r, Document))
    assert first.title == "Un" and first.published == dt.date(2021, 6, 15)
    assert first.language == "fr" and first.url == "https://example.org/un"
    assert first.id == document_id("https://example.org/un")
    assert second.id == "doc-2" and second.language is None and second.url is None
    assert second.title is None
    assert last.text == "Dernier.\nMême ligne JSON."
    assert last.id == document_id("lot.jsonl#L10")
    assert dated.published == dt.date(2021, 6, 15) and dated.title == "A b"
    reasons = [r.reason for r in results if isinstance(r, Failure)]
    assert reasons[0] == "invalid JSON: Unterminated string starting at column 10"
    assert reasons[1:] == [
        "field 'text': Input should be a valid string",
        "field 'published': Input should be an ISO date (YYYY-MM-DD), got '15/06/2021'",
        "field 'text': Field required",
        "field 'title': Input should be a valid string",
        "expected a JSON object, got array",
        "field 'language': Input should be a two-letter ISO 639-1 code, got 'fra'",
        "no text (empty or whitespace only)",
        "field 'text': Input should be a valid string; "
        "field 'published': Input should be a valid date; "
        "field 'id': String should match pattern '^[\\w.:-]{1,128}$'",
    ]


def test_read_jsonl_names_each_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", ["", {"text": "x"}, "nope"])
    [record, error] = list(read_jsonl(path, "corpus/a.jsonl"))
    assert isinstance(record, Document) and record.text == "x"
    assert record.source == "corpus/a.jsonl#L2"
    assert isinstance(error, Failure) and error.source == "corpus/a.jsonl#L3"
    assert error.reason == "invalid JSON: Expecting value at column 1"


def test_jsonl_bom_on_first_line_and_bad_utf8_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    lines = [
        json.dumps({"text": "Un."}).encode("utf-8"),
        b'{"text": "caf\xe9"}',
        b'{"text": "Trois."}',
    ]
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n".join(lines) + b"\r\n")
    results = list(read_jsonl(path, "b.jsonl"))
    assert [(type(r).__name__, r.source) for r in results] == [
        ("Document", "b.jsonl#L1"),
        ("Failure", "b.jsonl#L2"),
        ("Document", "b.jsonl#L3"),
    ]
    assert [r.text for r in results if isinstance(r, Document)] == ["Un.", "Trois."]
    assert [r.reason for r in results if isinstance(r, Failure)] == ["line is not valid UTF-8"]


def test_jsonl_without_documents_fails_as_a_whole(tmp_path: Path) -> None:
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \r\n\t\n")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    results = list(read_documents([tmp_path], base=tmp_path))
    assert [(r.source, r.reason) for r in results if isinstance(r, Failure)] == [
        ("blank.jsonl", "no documents (only blank lines)"),
        ("empty.jsonl", "file is empty"),
    ]
    assert len(results) == 2


# --- batches, walking, sources ------------------------------------------------------------------


def build_corpus(root: Path) -> None:
    good, broken = root / "good", root / "broken"
    for folder in (good / "nested", broken, root / ".hidden"):
        folder.mkdir(parents=True)
    (good / "a.txt").write_text(TEXT, encoding="utf-8")
    (good / "b.md").write_text("# Titre MD\n\nCorps du texte.\n", encoding="utf-8")
    (good / "c.html").write_text(ARTICLE_HTML, encoding="utf-8")
    write_pdf(good / "d.pdf", [[FRENCH]], title="Rapport PDF")
    write_docx(good / "e.docx", title="Rapport DOCX")
    write_jsonl(good / "f.jsonl", [{"text": "Ligne une."}, "{oops", {"text": 5}])
    (good / "nested" / "g.TXT").write_text("Imbriqué.", encoding="utf-8")
    (good / "notes.xyz").write_text("unsupported, skipped", encoding="utf-8")
    pdf = write_pdf(broken / "truncated.pdf", [["Bonjour."]]).read_bytes()
    (broken / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    write_pdf(broken / "locked.pdf", [["Secret."]], encrypt="secret")
    (broken / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (broken / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary")
    (broken / "empty.html").write_bytes(b"")
    (broken / "scripts.html").write_text(
        "<html><head><script>a()</script></head><body><script>b()</script></body></html>"
    )
    (broken / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (root / ".hidden" / "secret.txt").write_text("hidden", encoding="utf-8")
    (root / ".dotfile.txt").write_text("hidden", encoding="utf-8")


def test_batch_yields_good_documents_and_a_failure_per_broken_file(tmp_path: Path) -> None:
    build_corpus(tmp_path)
    results = list(read_documents([tmp_path], base=tmp_path))
    failures = {r.source: r.reason for r in results if isinstance(r, Failure)}
    documents = {r.source: r for r in results if isinstance(r, Document)}
    assert [r.source for r in results] == [
        "broken/binary.txt",
        "broken/blank.txt",
        "broken/corrupt.docx",
        "broken/empty.html",
        "broken/locked.pdf",
        "broken/scripts.html",
        "broken/truncated.pdf",
        "good/a.txt",
        "good/b.md",
        "good/c.html",
        "good/d.pdf",
        "good/e.docx",
        "good/f.jsonl#L1",
        "good/f.jsonl#L2",
        "good/f.jsonl#L3",
        "good/nested/g.TXT",
    ]
    assert failures["broken/binary.txt"] == "looks like a binary file"
    assert failures["broken/blank.txt"] == "no text (empty or whitespace only)"
    assert failures["broken/corrupt.docx"].startswith("not a valid DOCX")
    assert failures["broken/empty.html"] == "file is empty"
    assert failures["broken/locked.pdf"].startswith("encrypted PDF")
    assert failures["broken/scripts.html"] == "no text (empty or whitespace only)"
    assert failures["broken/truncated.pdf"].startswith("not a valid PDF: EOF marker not found")
    assert failures["good/f.jsonl#L2"].startswith("invalid JSON")
    assert failures["good/f.jsonl#L3"] == "field 'text': Input should be a valid string"
    assert documents["good/a.txt"].text.startswith("Titre du rapport\n\nL'été 2021")
    assert documents["good/b.md"].title == "Titre MD"
    assert documents["good/c.html"].published == dt.date(2021, 6, 15)
    assert documents["good/d.pdf"].text == FRENCH_NORMALISED
    assert documents["good/d.pdf"].title == "Rapport PDF"
    assert documents["good/e.docx"].title == "Rapport DOCX"
    assert documents["good/f.jsonl#L1"].text == "Ligne une."
    assert documents["good/nested/g.TXT"].text == "Imbriqué."


def test_iter_files_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    build_corpus(tmp_path)
    hidden = tmp_path / ".hidden" / "secret.txt"
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path / "good", hidden])]
    assert found == [
        "good/a.txt",
        "good/b.md",
        "good/c.html",
        "good/d.pdf",
        "good/e.docx",
        "good/f.jsonl",
        "good/nested/g.TXT",
        ".hidden/secret.txt",  # named directly, so read even though hidden
    ]


def test_named_files_that_cannot_be_read_fail_by_name(tmp_path: Path) -> None:
    (tmp_path / "data.xyz").write_text("x", encoding="utf-8")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    named = [tmp_path / "data.xyz", tmp_path / "README", tmp_path / "missing.txt"]
    results = list(read_documents(named, base=tmp_path))
    assert [(r.source, r.reason.split(";")[0]) for r in results if isinstance(r, Failure)] == [
        ("data.xyz", "unsupported file type '.xyz'"),
        ("README", "unsupported file type (no extension)"),
        ("missing.txt", "no such file or directory"),
    ]


def test_sources_are_relative_to_base_and_ids_deterministic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpora" / "fr"
    corpus.mkdir(parents=True)
    (corpus / "x.txt").write_text("Bonjour.", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    [by_cwd] = only_documents(list(read_documents([Path("corpora")])))
    [again] = only_documents(list(read_documents([corpus / "x.txt"])))
    [by_base] = only_documents(list(read_documents([corpus], base=tmp_path / "corpora")))
    [outside] = only_documents(list(read_documents([corpus], base=elsewhere)))
    assert by_cwd.source == again.source == "corpora/fr/x.txt"
    assert by_cwd.id == again.id == document_id("corpora/fr/x.txt")
    assert by_base.source == "fr/x.txt"
    assert outside.source == (corpus / "x.txt").as_posix() and Path(outside.source).is_absolute()


def test_supported_suffixes() -> None:
    text = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl"}
    office = {".odt", ".rtf", ".xlsx", ".csv", ".eml"}
    images = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
    assert text | office | images == SUPPORTED_SUFFIXES


def test_pdf_paragraphs_wrapped_at_the_margin_are_one_line_again(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = (
        "Au 30 septembre 2023, la province de Nghe An comptait 3 810 toxicomanes avec des "
        "dossiers de gestion, dont 1 500 à 1 700 personnes suivies chaque mois par les centres "
        "de soins du Département du travail, des invalides et des affaires sociales."
    )
    path = tmp_path / "rapport.pdf"
    SimpleDocTemplate(str(path)).build(
        [Paragraph("Rapport régional", styles["Title"]), Paragraph(body, styles["BodyText"])]
    )
    [document] = only_documents(list(read_documents([path], base=tmp_path)))
    # pypdf gives one line per printed line; the paragraph is whole again, the title apart.
    assert document.text == f"Rapport régional\n{body}"
