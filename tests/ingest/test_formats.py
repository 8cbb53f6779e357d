"""The ODT, RTF, XLSX, CSV and EML readers, on files written per test, good and broken."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import logging
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest

from ingest import tables, zipped
from ingest.errors import ReaderError
from ingest.extracted import Attachment, ReadContext
from ingest.mail import read_eml
from ingest.opendocument import read_odt
from ingest.rtf import read_rtf
from ingest.tables import read_csv, read_xlsx


def context(path: Path) -> ReadContext:
    return ReadContext(name=path.name)


# --- ODT ----------------------------------------------------------------------------------------

ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
ODT_BODY = """
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
  <text:p>Ancien chiffre supprimé : 2 900 toxicomanes.</text:p>
</text:deletion></text:changed-region></text:tracked-changes>
<text:table-of-content><text:index-body>
  <text:p>Rapport annuel 2023<text:tab/>1</text:p>
</text:index-body></text:table-of-content>
<text:h text:outline-level="1">Rapport annuel 2023</text:h>
<text:p>Au 30 septembre 2023, la province comptait 3<text:s/>810 toxicomanes<text:note
 text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>
  <text:p>Source : Observatoire régional de santé, 2023.</text:p></text:note-body>
</text:note>.</text:p>
<text:p>Le taux atteint
    <text:span>12,5 %</text:span> chez les moins de 25 ans<office:annotation>
  <dc:creator>Relecteur</dc:creator><text:p>Vérifier ce chiffre</text:p>
</office:annotation>.</text:p>
<text:p>Colonne<text:tab/>valeur<text:line-break/>deuxième<text:s text:c="3"/>ligne</text:p>
<text:p/>
<text:p>   </text:p>
<text:list><text:list-item><text:p>68 professionisti operano nella provincia.</text:p>
  <text:list><text:list-item><text:p>Sous-point imbriqué.</text:p></text:list-item></text:list>
</text:list-item></text:list>
<table:table table:name="Chiffres"><table:table-row>
  <table:table-cell><text:p>Province</text:p></table:table-cell>
  <table:table-cell><text:p>Toxicomanes</text:p></table:table-cell>
</table:table-row><table:table-row>
  <table:table-cell><text:p>Bolzano</text:p></table:table-cell>
  <table:table-cell><text:p>3 810</text:p></table:table-cell>
</table:table-row></table:table>
<text:p>Voir la figure<draw:frame draw:name="Figure 1"><svg:desc>Texte alternatif</svg:desc>
  <draw:image><office:binary-data>iVBORw0KGgoAAAANSUhEUg==</office:binary-data></draw:image>
  <draw:text-box><text:p>Légende : hausse de 12 %.</text:p></draw:text-box>
</draw:frame> ci-dessous.</text:p>
"""
ODT_TEXT = "\n".join(
    [
        "Rapport annuel 2023",
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.",
        "Le taux atteint 12,5 % chez les moins de 25 ans.",
        "Colonne\tvaleur\ndeuxième   ligne",
        "68 professionisti operano nella provincia.",
        "Sous-point imbriqué.",
        "Province",
        "Toxicomanes",
        "Bolzano",
        "3 810",
        "Voir la figure ci-dessous.",
        "Légende : hausse de 12 %.",
        "",
        "Source : Observatoire régional de santé, 2023.",
    ]
)


def content_xml(body: str = ODT_BODY) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODT_NAMESPACES}>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def meta_xml(title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODT_NAMESPACES}>'
        f"<office:meta><dc:title>{title}</dc:title><dc:date>2024-01-15T10:00:00</dc:date>"
        "<meta:creation-date>2019-03-01T09:00:00</meta:creation-date></office:meta>"
        "</office:document-meta>"
    )


def write_odt(
    path: Path,
    *,
    content: str | None = None,
    meta: str | None = None,
    mimetype: str = "application/vnd.oasis.opendocument.text",
    manifest: str | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        if content is not None:
            archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        if meta is not None:
            archive.writestr("meta.xml", meta)
        if manifest is not None:
            archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_odt_paragraphs_in_order_with_notes_last_and_title_from_meta(tmp_path: Path) -> None:
    path = write_odt(
        tmp_path / "rapport.odt",
        content=content_xml(),
        meta=meta_xml("Rapport sur les   addictions 2023"),
    )
    extracted = read_odt(path.read_bytes(), context(path))
    assert extracted.text == ODT_TEXT
    assert extracted.title == "Rapport sur les addictions 2023"
    assert extracted.published is None  # dc:date is the last save, not the publication
    assert extracted.attachments == ()


def test_odt_without_meta_has_no_title(tmp_path: Path) -> None:
    body = "<text:p>68 professionisti, il 12,5 % in più.</text:p>"
    path = write_odt(tmp_path / "breve.odt", content=content_xml(body))
    extracted = read_odt(path.read_bytes(), context(path))
    assert extracted.text == "68 professionisti, il 12,5 % in più."
    assert extracted.title is None


def test_odt_huge_space_count_is_capped(tmp_path: Path) -> None:
    body = '<text:p>a<text:s text:c="999999999"/>b</text:p>'
    path = write_odt(tmp_path / "espaces.odt", content=content_xml(body))
    assert read_odt(path.read_bytes(), context(path)).text == "a" + " " * 100 + "b"


def test_odt_deep_nesting_does_not_recurse(tmp_path: Path) -> None:
    depth = 5000
    body = "<text:section>" * depth + "<text:p>Au fond.</text:p>" + "</text:section>" * depth
    path = write_odt(tmp_path / "profond.odt", content=content_xml(body))
    assert read_odt(path.read_bytes(), context(path)).text == "Au fond."


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f"<office:document-content {ODT_NAMESPACES}><office:body><office:text>"
    "<text:p>&lol2;</text:p></office:text></office:body></office:document-content>"
)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, "not a valid ODT: content.xml is missing"),
        ({"content": "<office:document-content><oops"}, "content.xml is not well-formed XML"),
        ({"content": BOMB}, "content.xml declares a DTD or entities"),
        (
            {
                "content": content_xml(),
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            },
            "not a valid ODT: a file of another kind (application/vnd.oasis.opendocument.spre",
        ),
        (
            {
                "content": content_xml(),
                "manifest": "<manifest:manifest><manifest:encryption-data/></manifest:manifest>",
            },
            "encrypted ODT (needs a password)",
        ),
        (
            {"content": f"<office:document-content {ODT_NAMESPACES}/>"},
            "content.xml has no office:text body",
        ),
    ],
)
def test_odt_broken_files_are_reader_errors(
    tmp_path: Path, kwargs: dict[str, str], reason: str
) -> None:
    path = write_odt(tmp_path / "casse.odt", **kwargs)
    with pytest.raises(ReaderError) as caught:
        read_odt(path.read_bytes(), context(path))
    assert reason in str(caught.value)
    assert "casse.odt" not in str(caught.value)


def test_odt_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "faux.odt"
    path.write_bytes(b"PK\x03\x04 ceci n'est pas une archive" * 10)
    with pytest.raises(ReaderError, match=r"^not a valid ODT: not a ZIP archive$"):
        read_odt(path.read_bytes(), context(path))


# --- RTF ----------------------------------------------------------------------------------------

RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0
{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fnil\fcharset204 Arial Cyr;}}
{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}}
{\info{\title Rapport sur la r\'e9duction des risques}{\author Observatoire}
{\creatim\yr2023\mo10\dy2}}
{\header\pard En-t\'eate courant\par}
{\*\generator Microsoft Word 16;}
\pard\plain\f0\fs24 Au 30 septembre 2023, la province comptait 3\~810 toxico\-manes.\par
L\u8217?Observatoire a recens\'e9 68 professionisti ; le taux atteint 12,5\~%.\par
Ligne un\line ligne deux\tab fin\par
{\pict\pngblip\picw10 89504e470d0a1a0a
0000000d49484452}{\*\blob\bin3 {}}}
{\field{\*\fldinst HYPERLINK "http://example.org"}{\fldrslt {\ul Lien vers le rapport}}}\par
Note de bas de page{\super\chftn}{\footnote\pard\plain {\super\chftn} Source : ORS, 2023.}\par
Emoji \u-10179?\u-8704? fin\par
\emdash\ldblquote cit\'e9\rdblquote\par
{\f1 \'cf\'f0\'e8\'e2\'e5\'f2}\par
\{accolades\} et \\barre\par
{\uc2 caf\u233\'3f\'3f}\par
{\listtext 1.\tab}Premier point\par
}"""
RTF_TEXT = "\n".join(
    [
        "Au 30 septembre 2023, la province comptait 3\u00a0810 toxicomanes.",
        "L’Observatoire a recensé 68 professionisti ; le taux atteint 12,5\u00a0%.",
        "Ligne un",
        "ligne deux fin",
        "Lien vers le rapport",
        "Note de bas de page",
        "Emoji \U0001f600 fin",
        "—“cité”",
        "Привет",
        "{accolades} et \\barre",
        "café",
        "Premier point",
        "",
        "Source : ORS, 2023.",
    ]
)


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_rtf_text_title_and_escapes(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "rapport.rtf", RTF)
    extracted = read_rtf(path.read_bytes(), context(path))
    assert extracted.text == RTF_TEXT
    assert extracted.title == "Rapport sur la réduction des risques"
    assert extracted.published is None


def test_rtf_truncated_file_keeps_what_was_read(tmp_path: Path) -> None:
    data = rb"{\rtf1\ansi Texte tronqu\'e9 au milieu\par {\b 68 professionisti"
    path = write_bytes(tmp_path / "tronque.rtf", data)
    assert read_rtf(path.read_bytes(), context(path)).text == (
        "Texte tronqué au milieu\n68 professionisti"
    )


def test_rtf_text_after_the_document_is_ignored(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "fin.rtf", b"{\\rtf1 Fin du rapport.}} garbage {\\par}\x00")
    assert read_rtf(path.read_bytes(), context(path)).text == "Fin du rapport."


def test_rtf_code_page_from_header(tmp_path: Path) -> None:
    data = rb"{\rtf1\ansi\ansicpg1250 Pr\'f9zkum v \'8aumav\'ec\par}"
    path = write_bytes(tmp_path / "cz.rtf", data)
    assert read_rtf(path.read_bytes(), context(path)).text == "Průzkum v Šumavě"


def test_rtf_without_text_is_empty(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "vide.rtf", rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}")
    extracted = read_rtf(path.read_bytes(), context(path))
    assert extracted.text == ""
    assert extracted.title is None


@pytest.mark.parametrize("data", [b"Juste du texte", b"", b"{\\rt", b"%PDF-1.4 {\\rtf1}"])
def test_not_rtf_is_a_reader_error(tmp_path: Path, data: bytes) -> None:
    path = write_bytes(tmp_path / "faux.rtf", data)
    with pytest.raises(ReaderError, match=r"^not a valid RTF: no \{\\rtf header$"):
        read_rtf(path.read_bytes(), context(path))


def test_rtf_large_file_reads_in_linear_time(tmp_path: Path) -> None:
    paragraph = rb"{\b\f0\fs24 Au 30 septembre 2023, 3\~810 toxicomanes\'e9.}\par" + b"\n"
    picture = b"{\\pict\\pngblip " + b"0123456789abcdef" * 64 + b"}\n"
    data = b"{\\rtf1\\ansi " + (paragraph * 20 + picture) * 500 + b"}"
    assert len(data) > 1_000_000
    path = write_bytes(tmp_path / "grand.rtf", data)
    started = time.perf_counter()
    text = read_rtf(path.read_bytes(), context(path)).text
    assert time.perf_counter() - started < 5
    assert text.count("\n") == 20 * 500 - 1
    assert text.startswith("Au 30 septembre 2023, 3\u00a0810 toxicomanesé.\n")


# --- XLSX ---------------------------------------------------------------------------------------


def write_xlsx(path: Path, *, title: str | None = "Indicateurs 2023") -> Path:
    workbook = openpyxl.Workbook()
    if title:
        workbook.properties.title = title
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Provinces"
    sheet.append([None])
    sheet.append(["Province", "Toxicomanes", "Taux", "Relevé", None, "Actif"])
    sheet.append(["Bolzano", 3810, 0.125, dt.datetime(2023, 9, 30), None, True])
    sheet["C3"].number_format = "0.0%"
    sheet.append(["Trento", 3810.0, 0.1 + 0.2, dt.datetime(2023, 9, 30, 14, 30), "", False])
    sheet.append([])
    sheet.append(["Total\nprovinces", "=B3+B4", 12.5, dt.date(2023, 10, 1)])
    italia = workbook.create_sheet("Italia")
    italia.append(["Regione", None, "Operatori"])
    italia.append(["Lazio", "nota", 68, "fuori tabella"])
    workbook.create_sheet("Vuoto")
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl writes formulas without a value; Excel would have saved the one it computed.
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>B3+B4</f><v></v>" in data
                data = data.replace(b"<f>B3+B4</f><v></v>", b"<f>B3+B4</f><v>7620</v>")
                # Some writers declare the whole grid; it must not be padded to its size.
                assert b'<dimension ref="A1:F6"/>' in data
                data = data.replace(
                    b'<dimension ref="A1:F6"/>', b'<dimension ref="A1:XFD1048576"/>'
                )
            target.writestr(item, data)
    return path


XLSX_TEXT = "\n".join(
    [
        "Provinces",
        "Province; Toxicomanes; Taux; Relevé; column 5; Actif",
        "Province: Bolzano; Toxicomanes: 3810; Taux: 12.5%; Relevé: 2023-09-30; Actif: TRUE",
        "Province: Trento; Toxicomanes: 3810; Taux: 0.3; Relevé: 2023-09-30 14:30; Actif: FALSE",
        "Province: Total provinces; Toxicomanes: 7620; Taux: 12.5; Relevé: 2023-10-01",
        "",
        "Italia",
        "Regione; column 2; Operatori",
        "Regione: Lazio; column 2: nota; Operatori: 68; column 4: fuori tabella",
    ]
)


def test_xlsx_rows_keep_their_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "indicateurs.xlsx")
    started = time.perf_counter()
    extracted = read_xlsx(path.read_bytes(), context(path))
    assert time.perf_counter() - started < 2
    assert extracted.text == XLSX_TEXT
    assert extracted.title == "Indicateurs 2023"
    assert extracted.published is None


def test_xlsx_without_title(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sans-titre.xlsx", title=None)
    assert read_xlsx(path.read_bytes(), context(path)).title is None


def test_xlsx_rows_over_the_cap_are_dropped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 1)
    path = write_xlsx(tmp_path / "long.xlsx")
    with caplog.at_level(logging.WARNING, logger="ingest.tables"):
        text = read_xlsx(path.read_bytes(), context(path)).text
    assert "Province: Trento" not in text
    assert "Province: Bolzano; Toxicomanes: 3810" in text
    assert "Regione: Lazio" in text
    assert "long.xlsx, sheet 'Provinces': only the first 1 rows are read" in caplog.messages


def test_office_files_that_unpack_too_large_are_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "gonfle.xlsx")
    monkeypatch.setattr(zipped, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: it would unpack to [\d,]+ bytes"):
        read_xlsx(path.read_bytes(), context(path))


def test_xlsx_not_a_zip(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "ancien.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: not a ZIP archive"):
        read_xlsx(path.read_bytes(), context(path))


def test_xlsx_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write_odt(tmp_path / "document.xlsx", content=content_xml())
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: "):
        read_xlsx(path.read_bytes(), context(path))


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Commune;Toxicomanes;Taux\r\nMarseille;3 810;12,5 %\r\n;;\r\nNice;1 204;\r\n",
            [
                "Commune; Toxicomanes; Taux",
                "Commune: Marseille; Toxicomanes: 3 810; Taux: 12,5 %",
                "Commune: Nice; Toxicomanes: 1 204",
            ],
        ),
        (
            'Région,Commentaire\nProvence,"l\'Observatoire note une hausse, nette"\n'
            "Corse,l'île reste stable\n",
            [
                "Région; Commentaire",
                "Région: Provence; Commentaire: l'Observatoire note une hausse, nette",
                "Région: Corse; Commentaire: l'île reste stable",
            ],
        ),
        (
            "Regione\tOperatori\t\nLazio\t68\tnota\n",
            ["Regione; Operatori", "Regione: Lazio; Operatori: 68; column 3: nota"],
        ),
        (
            "Provincia|Casi\nBolzano|3810\nTrento|2 950\n",
            ["Provincia; Casi", "Provincia: Bolzano; Casi: 3810", "Provincia: Trento; Casi: 2 950"],
        ),
        (
            "Commune\nMarseille\nNice\n",
            ["Commune", "Commune: Marseille", "Commune: Nice"],
        ),
    ],
)
def test_csv_rows_keep_their_headers(tmp_path: Path, source: str, expected: list[str]) -> None:
    path = write_bytes(tmp_path / "table.csv", source.encode("utf-8"))
    extracted = read_csv(path.read_bytes(), context(path))
    assert extracted.text == "\n".join(expected)
    assert extracted.title is None


def test_csv_in_a_legacy_code_page(tmp_path: Path) -> None:
    source = "Année;Région;Décès\n2023;Provence-Alpes-Côte d'Azur;12,5\n"
    path = write_bytes(tmp_path / "ancien.csv", source.encode("cp1252"))
    assert read_csv(path.read_bytes(), context(path)).text.splitlines() == [
        "Année; Région; Décès",
        "Année: 2023; Région: Provence-Alpes-Côte d'Azur; Décès: 12,5",
    ]


def test_binary_csv_is_a_reader_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "binaire.csv", bytes(range(256)) * 4)
    with pytest.raises(ReaderError, match="binary"):
        read_csv(path.read_bytes(), context(path))


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
