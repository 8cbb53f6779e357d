"""Messages (.eml) and what they carry: each attachment a document of its own, linked both ways,
read by its own format's reader (OCR included), through the CLI's reading and the upload."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from scans import write_scan
from tests_support import write_pdf

from api.app import create_app
from api.services import Services
from ingest.extracted import ReadLimits
from ingest.model import Document, Failure
from ingest.normalize import document_id
from ingest.ocr import Ocr, OcrOptions
from ingest.sources import read_documents

BODY = "Au 30 septembre 2023, la province comptait 3 810 toxicomanes, selon le rapport joint."


def _message(tmp_path: Path) -> bytes:
    message = EmailMessage()
    message["From"] = "Observatoire régional <ors@example.org>"
    message["To"] = "direction@example.org"
    message["Subject"] = "Rapport trimestriel sur la méthadone"
    message["Date"] = "Mon, 02 Oct 2023 09:00:00 +0200"
    message.set_content(BODY + "\n")
    report = write_pdf(tmp_path / "rapport.pdf", [["Le programme couvre 20/21 districts."]])
    message.add_attachment(report.read_bytes(), "application", "pdf", filename="rapport.pdf")
    scan = write_scan(tmp_path / "fax.png", [["Il servizio ha seguito 68 professionisti."]])
    message.add_attachment(scan.read_bytes(), "image", "png", filename="fax.png")
    message.add_attachment(b"\x30\x82signature", "application", "pkcs7-signature", filename="s.p7s")
    inner = EmailMessage()
    inner["Subject"] = "Tableau des centres"
    inner.set_content("Voici le tableau des centres de soins.\n")
    inner.add_attachment(
        "Province;Toxicomanes\nNghe An;3 810\nThanh Hoa;2 950\n", filename="centres.csv"
    )
    message.add_attachment(inner)
    return message.as_bytes()


def test_attachments_are_documents_linked_to_their_message(tmp_path: Path) -> None:
    mail = tmp_path / "inbox" / "rapport.eml"
    mail.parent.mkdir()
    mail.write_bytes(_message(tmp_path))
    ocr = Ocr(OcrOptions(cache_dir=None))
    items = list(read_documents([mail.parent], base=tmp_path, ocr=ocr))
    documents = {item.source: item for item in items if isinstance(item, Document)}
    failures = {item.source: item.reason for item in items if isinstance(item, Failure)}
    message = documents["inbox/rapport.eml"]
    assert message.title == "Rapport trimestriel sur la méthadone"
    assert message.text.startswith("From: Observatoire régional <ors@example.org>\n")
    assert message.text.endswith(BODY)
    assert str(message.published) == "2023-10-02"
    pdf = documents["inbox/rapport.eml#rapport.pdf"]
    scan = documents["inbox/rapport.eml#fax.png"]
    nested = documents["inbox/rapport.eml#Tableau des centres.eml"]
    table = documents["inbox/rapport.eml#Tableau des centres.eml#centres.csv"]
    assert pdf.text == "Le programme couvre 20/21 districts." and not pdf.pages[0].ocr
    assert "68 professionisti" in scan.text and scan.pages[0].ocr
    assert table.text == (
        "Province; Toxicomanes\nProvince: Nghe An; Toxicomanes: 3 810\n"
        "Province: Thanh Hoa; Toxicomanes: 2 950"
    )
    # Linked both ways, by the ids the sources give; a message lists its own attachments only.
    assert message.attachments == [pdf.id, scan.id, nested.id]
    assert {pdf.attached_to, scan.attached_to, nested.attached_to} == {message.id}
    assert nested.attachments == [table.id] and table.attached_to == nested.id
    assert message.id == document_id("inbox/rapport.eml") and message.attached_to is None
    assert failures == {"inbox/rapport.eml#s.p7s": "attachment of unsupported type '.p7s'"}
    # The message comes first, then what it carries, in order.
    assert [item.source for item in items][:2] == ["inbox/rapport.eml", pdf.source]


def test_a_bad_attachment_fails_alone(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Pièces jointes"
    message.set_content("Deux pièces jointes, dont une abîmée.\n")
    message.add_attachment(b"%PDF-1.4 tronque", "application", "pdf", filename="abime.pdf")
    message.add_attachment("Une note sur la naloxone.", filename="note.txt")
    mail = tmp_path / "pieces.eml"
    mail.write_bytes(message.as_bytes())
    items = {item.source: item for item in read_documents([mail], base=tmp_path)}
    broken, note, parent = (
        items["pieces.eml#abime.pdf"],
        items["pieces.eml#note.txt"],
        items["pieces.eml"],
    )
    assert isinstance(broken, Failure) and broken.reason.startswith("not a valid PDF")
    assert isinstance(note, Document) and isinstance(parent, Document)
    assert parent.attachments == [note.id] and note.attached_to == parent.id


@pytest.mark.slow
def test_an_uploaded_message_and_its_attachments_are_indexed_together(
    services: Services, tmp_path: Path
) -> None:
    client = TestClient(create_app(services))
    files = [("files", ("rapport.eml", _message(tmp_path), "message/rfc822"))]
    response = client.post("/api/documents/upload", files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    by_source = {document["source"]: document for document in body["documents"]}
    message = by_source["upload/rapport.eml"]
    assert message["id"] == document_id("upload/rapport.eml")
    linked = [by_source[f"upload/rapport.eml#{name}"]["id"] for name in ("rapport.pdf", "fax.png")]
    assert message["attachments"][:2] == linked
    for attachment_id in message["attachments"]:
        stored = client.get(f"/api/documents/{attachment_id}").json()
        assert stored["attached_to"] == message["id"]
    assert [failure["source"] for failure in body["failures"]] == ["upload/rapport.eml#s.p7s"]
    assert message["language"] == "fr"
    # A table says too little to tell its language: it is taken to be in its message's, and
    # its figures are read in it, each with its column's name.
    table = by_source["upload/rapport.eml#Tableau des centres.eml#centres.csv"]
    nested = by_source["upload/rapport.eml#Tableau des centres.eml"]
    assert nested["language"] == "fr" and table["language"] == "fr"
    assert table["language_confidence"] < 0.5
    figures = [(f["value"], f["about"]) for f in table["figures"]]
    assert figures == [(3810, "Toxicomanes"), (2950, "Toxicomanes")]


def test_attachments_of_a_message_that_fails_stand_alone(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Un très long message"
    message.set_content("Une phrase sur la méthadone. " * 100)
    message.add_attachment("Une note courte sur la naloxone.", filename="note.txt")
    mail = tmp_path / "long.eml"
    mail.write_bytes(message.as_bytes())
    limits = ReadLimits(max_document_chars=1000)
    items = {item.source: item for item in read_documents([mail], base=tmp_path, limits=limits)}
    assert isinstance(items["long.eml"], Failure)
    assert "setting max_document_chars" in items["long.eml"].reason
    note = items["long.eml#note.txt"]
    # Not linked to a message that is not there.
    assert isinstance(note, Document) and note.attached_to is None


def test_the_first_document_read_from_a_file_carries_all_the_file_yields(tmp_path: Path) -> None:
    # The index drops what a file no longer holds when it writes this first document (Family).
    message = EmailMessage()
    message["Subject"] = "Deux notes"
    message.set_content("Deux notes jointes.\n")
    message.add_attachment("Une note sur la naloxone.", filename="note.txt")
    inner = EmailMessage()
    inner["Subject"] = "Transfert"
    inner.set_content("Voici le tableau.\n")
    inner.add_attachment("Province;Patients\nNghe An;120\n", filename="centres.csv")
    message.add_attachment(inner)
    (tmp_path / "notes.eml").write_bytes(message.as_bytes())
    lines = ['{"text": "Une ligne."}', "pas du JSON", "", '{"text": "Une autre.", "source": "x/1"}']
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Un texte seul.\n", encoding="utf-8")
    items = list(read_documents([tmp_path], base=tmp_path))
    documents = [item for item in items if isinstance(item, Document)]
    by_file: dict[str, list[Document]] = {}
    for document in documents:
        file = "feed.jsonl" if document.source == "x/1" else document.source.split("#")[0]
        by_file.setdefault(file, []).append(document)
    for file, read in by_file.items():
        first, *rest = read
        if file == "plain.txt":
            assert first.family is None
        else:
            assert first.family is not None and first.family.source == file
            assert first.family.members == {document.id for document in read}
        assert all(document.family is None for document in rest)
    assert len(by_file["notes.eml"]) == 4 and len(by_file["feed.jsonl"]) == 2
    # Not part of the record.
    assert "family" not in by_file["notes.eml"][0].model_dump()
