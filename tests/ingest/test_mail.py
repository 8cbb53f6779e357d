"""The EML reader: headers, bodies and attachments of messages written per test."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from ingest.errors import ReaderError
from ingest.extracted import Attachment, ReadContext
from ingest.mail import read_eml


def context(path: Path) -> ReadContext:
    return ReadContext(name=path.name)


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- EML ----------------------------------------------------------------------------------------

PLAIN_EML = b"""From: =?utf-8?q?Observatoire_r=C3=A9gional?= <ors@example.org>
To: Direction <direction@example.org>
Date: Sat, 30 Sep 2023 22:15:00 -0300
Subject: =?utf-8?q?R=C3=A9duction_des_risques?=
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Au 30 septembre 2023, la province comptait 3 810 toxicomanes.
Le taux atteint 12,5 =25 chez les moins de 25 ans.
"""


def test_eml_plain_body_and_decoded_headers(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "message.eml", PLAIN_EML)
    extracted = read_eml(path.read_bytes(), context(path))
    assert extracted.text == (
        "From: Observatoire régional <ors@example.org>\n"
        "To: Direction <direction@example.org>\n"
        "Date: Sat, 30 Sep 2023 22:15:00 -0300\n"
        "Subject: Réduction des risques\n"
        "\n"
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.\n"
        "Le taux atteint 12,5 % chez les moins de 25 ans."
    )
    assert extracted.title == "Réduction des risques"
    # The sender's own date, not the UTC one (2023-10-01).
    assert extracted.published == dt.date(2023, 9, 30)
    assert extracted.attachments == ()


def test_eml_raw_utf8_subject_and_bad_date(tmp_path: Path) -> None:
    data = "Subject: Riduzione del danno: più servizi\nDate: lundi prochain\n\nCorpo.\n".encode()
    path = write_bytes(tmp_path / "brut.eml", data)
    extracted = read_eml(path.read_bytes(), context(path))
    assert extracted.title == "Riduzione del danno: più servizi"
    assert extracted.published is None
    assert extracted.text == (
        "Date: lundi prochain\nSubject: Riduzione del danno: più servizi\n\nCorpo."
    )


def test_eml_html_only_body_is_converted(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "ors@example.org"
    message["Subject"] = "Bilan annuel"
    html = (
        "<html><head><title>Titre HTML ignoré</title></head><body>"
        "<p>En 2023, l'Observatoire a recensé 3 810 toxicomanes dans la province.</p>"
        "<p>La hausse atteint 12,5 % chez les jeunes.</p></body></html>"
    )
    message.set_content(html, subtype="html", charset="iso-8859-1", cte="quoted-printable")
    path = write_bytes(tmp_path / "html.eml", message.as_bytes())
    extracted = read_eml(path.read_bytes(), context(path))
    header, _, body = extracted.text.partition("\n\n")
    assert header == "From: ors@example.org\nSubject: Bilan annuel"
    assert "En 2023, l'Observatoire a recensé 3 810 toxicomanes dans la province." in body
    assert "La hausse atteint 12,5 % chez les jeunes." in body
    assert "<p>" not in body and "Titre HTML" not in body
    assert extracted.title == "Bilan annuel"


def multipart_message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Osservatorio <oss@example.it>"
    message["To"] = "redazione@example.it"
    message["Subject"] = "Rapporto 2023"
    message["Date"] = "Mon, 02 Oct 2023 09:00:00 +0200"
    message.set_content("Nel 2023 operavano 68 professionisti nella provincia.\n")
    message.add_alternative(
        '<p>Nel 2023 operavano <b>68</b> professionisti.</p><img src="cid:logo@example.it">',
        subtype="html",
    )
    html_part = next(p for p in message.iter_parts() if p.get_content_type() == "text/html")
    html_part.add_related(b"\x89PNG\r\n\x1a\nlogo", "image", "png", cid="<logo@example.it>")
    message.add_attachment(
        b"%PDF-1.4 rapporto", "application", "pdf", filename="..\\rapporti\\bilancio 2023.pdf"
    )
    message.add_attachment("Prima nota: 12,5 %.", filename="note.txt")
    message.add_attachment("Seconda nota.", filename="/tmp/note.txt")
    message.add_attachment(b"%PDF-1.4 senza nome", "application", "pdf")
    message.add_attachment(b"\x00\x01", "application", "octet-stream", filename="\x07\t")
    inner = EmailMessage()
    inner["From"] = "ors@example.org"
    inner["Subject"] = "Compte rendu 2023/2024"
    inner["Date"] = "Tue, 03 Oct 2023 08:00:00 +0200"
    inner.set_content("Au 30 septembre 2023, la province comptait 3 810 toxicomanes.\n")
    message.add_attachment(inner)
    return message


def test_eml_attachments_and_nested_message(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "rapporto.eml", multipart_message().as_bytes())
    extracted = read_eml(path.read_bytes(), context(path))
    assert extracted.text == (
        "From: Osservatorio <oss@example.it>\nTo: redazione@example.it\n"
        "Date: Mon, 02 Oct 2023 09:00:00 +0200\nSubject: Rapporto 2023\n\n"
        "Nel 2023 operavano 68 professionisti nella provincia."
    )
    assert extracted.published == dt.date(2023, 10, 2)
    names = [attachment.name for attachment in extracted.attachments]
    assert names == [
        "bilancio 2023.pdf",
        "note.txt",
        "note (2).txt",
        "attachment-4.pdf",
        "attachment-5",
        "Compte rendu 2023-2024.eml",
    ]
    assert extracted.attachments[0] == Attachment("bilancio 2023.pdf", b"%PDF-1.4 rapporto")
    assert extracted.attachments[1].data == b"Prima nota: 12,5 %.\n"
    assert extracted.attachments[3].data == b"%PDF-1.4 senza nome"
    nested = extracted.attachments[-1]
    inner = read_eml(nested.data, ReadContext(name=nested.name))
    assert inner.title == "Compte rendu 2023/2024"
    assert inner.published == dt.date(2023, 10, 3)
    assert inner.text.endswith("\n\nAu 30 septembre 2023, la province comptait 3 810 toxicomanes.")
    parsed = email.message_from_bytes(nested.data, policy=email.policy.default)
    assert parsed["Subject"] == "Compte rendu 2023/2024"


def test_eml_with_only_an_attachment(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Tableau"
    message.add_attachment("Commune;Toxicomanes\nMarseille;3 810\n", filename="chiffres.csv")
    path = write_bytes(tmp_path / "piece.eml", message.as_bytes())
    extracted = read_eml(path.read_bytes(), context(path))
    assert extracted.text == "Subject: Tableau"
    assert [a.name for a in extracted.attachments] == ["chiffres.csv"]


@pytest.mark.parametrize(
    "data",
    [
        b"juste du texte sans en-tetes\net une autre ligne\n",
        b"Note: ceci n'est pas un message\n\ncorps\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"",
    ],
)
def test_not_an_email_is_a_reader_error(tmp_path: Path, data: bytes) -> None:
    path = write_bytes(tmp_path / "faux.eml", data)
    with pytest.raises(ReaderError, match=r"^not a valid email message: no headers$"):
        read_eml(path.read_bytes(), context(path))
