"""Creation dates of PDF, DOCX, XLSX and ODT files, taken as the publication date only when they
can be one, and only after the metadata's publication date and the text's dateline."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter
from scans import write_scan
from tests_support import write_pdf

from ingest.file_dates import office_created, pdf_date, xmp_dates
from ingest.model import Document
from ingest.ocr import Ocr, OcrOptions
from ingest.sources import read_documents
from ingest.tesseract import tesseract_version

TODAY = dt.date(2025, 6, 1)
FRENCH = "La région a ouvert deux centres de soins en addictologie cette année."
ITALIAN = "La Regione ha aperto due nuovi servizi per le dipendenze quest'anno."
ENGLISH = "The council opened two new addiction clinics in the city this year."


def _read(path: Path, ocr: Ocr | None = None) -> Document:
    [document] = read_documents([path], base=path.parent, ocr=ocr)
    assert isinstance(document, Document), document
    return document


def _rewritten(data: bytes, member: str, change: bytes, to: bytes) -> bytes:
    """A ZIP package with one member's bytes changed by a regular expression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == member:
                content = re.sub(change, to, content)
            target.writestr(item, content)
    return out.getvalue()


# --- Pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20231114083000+07'00'", dt.date(2023, 11, 14)),  # the day as written, local
        ("D:20231114", dt.date(2023, 11, 14)),
        ("20231114083000Z", dt.date(2023, 11, 14)),
        (b"D:20231114083000", dt.date(2023, 11, 14)),
        ("D:2023", None),  # the year alone is not a day
        ("D:20231345000000", None),
        ("yesterday", None),
        (None, None),
        (20231114, None),
    ],
)
def test_pdf_date(value: object, expected: dt.date | None) -> None:
    assert pdf_date(value) == expected


@pytest.mark.parametrize(
    ("created", "modified", "expected"),
    [
        (dt.datetime(2023, 5, 4, 9), dt.datetime(2023, 6, 20), dt.date(2023, 5, 4)),
        (dt.datetime(2023, 5, 4, 9), None, dt.date(2023, 5, 4)),
        (dt.date(2023, 5, 4), dt.date(2023, 5, 4), dt.date(2023, 5, 4)),
        # Last saved over a year later: a copy of an older file, whose date this is.
        (dt.datetime(2019, 3, 1), dt.datetime(2023, 5, 4), None),
        # python-docx's template stamp, in every file made from its default document.
        (dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC), None, None),
        # Clocks that were never set, and the future.
        (dt.datetime(1980, 1, 1), None, None),
        (dt.datetime(1601, 1, 1), None, None),
        (dt.datetime(2031, 1, 1), None, None),
        (None, dt.datetime(2023, 5, 4), None),
    ],
)
def test_office_created(
    created: dt.date | None, modified: dt.date | None, expected: dt.date | None
) -> None:
    assert office_created(created, modified, TODAY) == expected


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" {attributes}>{elements}
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""
PRISM = 'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"'


@pytest.mark.parametrize(
    ("packet", "expected"),
    [
        (XMP.format(attributes='xmp:CreateDate="2024-02-10T10:00:00+01:00"', elements=""),
         (None, dt.date(2024, 2, 10))),
        (XMP.format(attributes=PRISM, elements="<xmp:CreateDate>2024-02-10</xmp:CreateDate>"
                    "<prism:publicationDate>2024-03-01</prism:publicationDate>"),
         (dt.date(2024, 3, 1), dt.date(2024, 2, 10))),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]>' + XMP.format(attributes="", elements=""),
         (None, None)),
        ("<not xml", (None, None)),
        ("", (None, None)),
    ],
)  # fmt: skip
def test_xmp_dates(packet: str, expected: tuple[dt.date | None, dt.date | None]) -> None:
    assert xmp_dates(packet.encode()) == expected


# --- PDF --------------------------------------------------------------------------------------


def write_dated_pdf(
    path: Path, lines: list[str], created: str | None = None, xmp: str | None = None
) -> Path:
    write_pdf(path, [lines])
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.metadata = {"/CreationDate": created} if created is not None else None
    if xmp is not None:
        writer.xmp_metadata = xmp.encode()
    writer.write(path)
    return path


@pytest.mark.parametrize(
    ("lines", "created", "xmp", "expected"),
    [
        ([FRENCH], "D:20231114083000+01'00'", None, dt.date(2023, 11, 14)),
        ([ITALIAN], None, XMP.format(attributes='xmp:CreateDate="2024-02-10"', elements=""),
         dt.date(2024, 2, 10)),
        # Implausible creation dates are rejected.
        ([ENGLISH], "D:19800101000000Z", None, None),
        ([ENGLISH], "D:19920101000000Z", None, None),  # before PDF existed
        ([ENGLISH], "D:20990101000000Z", None, None),
        ([ENGLISH], "last week", None, None),
        ([ENGLISH], None, "<broken", None),
        # The text's dateline comes before the file's creation...
        (["Ginevra, 3 marzo 2024 – " + ITALIAN], "D:20240310", None, dt.date(2024, 3, 3)),
        # ... and a publication date the metadata states before both.
        (["Genève, 3 mars 2024 – " + FRENCH], "D:20240310",
         XMP.format(attributes=PRISM, elements="<prism:publicationDate>2024-02-28"
                    "</prism:publicationDate>"), dt.date(2024, 2, 28)),
    ],
)  # fmt: skip
def test_pdf_published(
    tmp_path: Path, lines: list[str], created: str | None, xmp: str | None, expected: dt.date
) -> None:
    document = _read(write_dated_pdf(tmp_path / "report.pdf", lines, created, xmp))
    assert document.published == expected
    assert lines[0] in document.text


def test_a_scans_creation_date_is_when_it_was_scanned(tmp_path: Path) -> None:
    tesseract_version()  # fails with the package to install when Tesseract is missing
    path = write_scan(tmp_path / "scan.pdf", [[FRENCH]])
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.metadata = {"/CreationDate": "D:20240105120000Z"}
    writer.write(path)
    document = _read(path, Ocr(OcrOptions(cache_dir=tmp_path / "cache", workers=1)))
    assert document.pages[0].ocr and "addictologie" in document.text
    assert document.published is None


# --- DOCX, XLSX, ODT ---------------------------------------------------------------------------


def write_docx(
    path: Path, lines: list[str], created: dt.datetime | None, modified: dt.datetime | None
) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if created is not None:
        document.core_properties.created = created
    if modified is not None:
        document.core_properties.modified = modified
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("lines", "created", "modified", "expected"),
    [
        ([FRENCH], dt.datetime(2023, 5, 4, 9), dt.datetime(2023, 5, 20), dt.date(2023, 5, 4)),
        # python-docx's own template date, untouched.
        ([FRENCH], None, None, None),
        # A copy of an older file, a clock never set, the future.
        ([ITALIAN], dt.datetime(2019, 3, 1), dt.datetime(2023, 5, 4), None),
        ([ITALIAN], dt.datetime(1980, 1, 1), None, None),
        ([ENGLISH], dt.datetime(2099, 1, 1), None, None),
        # The text's own date first.
        (["Ancona, 2 maggio 2023", ITALIAN], dt.datetime(2023, 5, 4), None, dt.date(2023, 5, 2)),
    ],
)
def test_docx_created(
    tmp_path: Path,
    lines: list[str],
    created: dt.datetime | None,
    modified: dt.datetime | None,
    expected: dt.date | None,
) -> None:
    path = write_docx(tmp_path / "note.docx", lines, created, modified)
    assert _read(path).published == expected


def test_docx_with_a_malformed_created_date_is_read_without_it(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "note.docx", [FRENCH], dt.datetime(2023, 5, 4), None)
    data = _rewritten(
        path.read_bytes(), "docProps/core.xml", rb"(<dcterms:created[^>]*>)[^<]*", rb"\1mardi"
    )
    path.write_bytes(data)
    document = _read(path)
    assert document.published is None and FRENCH in document.text


def write_workbook(path: Path, created: dt.datetime) -> Path:
    workbook = openpyxl.Workbook()
    workbook.properties.title = "Servizi 2023"
    workbook.properties.created = created
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Regione", "Servizi"])
    sheet.append(["Marche", 14])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the last save with today's date; Excel would have kept its own.
    modified = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    change = rb"(<dcterms:modified[^>]*>)[^<]*"
    path.write_bytes(
        _rewritten(buffer.getvalue(), "docProps/core.xml", change, rb"\g<1>" + modified)
    )
    return path


def test_xlsx_created(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "servizi.xlsx", dt.datetime(2023, 7, 3, 8))
    assert _read(path).published == dt.date(2023, 7, 3)


@pytest.mark.parametrize(
    ("change", "to"),
    [
        # openpyxl would put in today's date where the file has none.
        (rb"<dcterms:created[^>]*>[^<]*</dcterms:created>", b""),
        # openpyxl would refuse the whole workbook over a malformed date.
        (rb"(<dcterms:created[^>]*>)[^<]*", rb"\1lundi"),
        (rb"<cp:coreProperties", b'<!DOCTYPE x [<!ENTITY a "a">]><cp:coreProperties'),
    ],
)
def test_xlsx_without_a_readable_created_date(tmp_path: Path, change: bytes, to: bytes) -> None:
    path = write_workbook(tmp_path / "servizi.xlsx", dt.datetime(2023, 7, 3, 8))
    path.write_bytes(_rewritten(path.read_bytes(), "docProps/core.xml", change, to))
    document = _read(path)
    assert document.published is None and "Regione: Marche; Servizi: 14" in document.text


ODT_META = (
    '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>{}'
    "</office:meta></office:document-meta>"
)
ODT_CONTENT = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    "{}</office:text></office:body></office:document-content>"
)


@pytest.mark.parametrize(
    ("meta", "paragraphs", "expected"),
    [
        ("<meta:creation-date>2023-04-10T09:12:30.123456789</meta:creation-date>"
         "<dc:date>2023-04-20T17:00:00</dc:date>", [FRENCH], dt.date(2023, 4, 10)),
        # dc:date alone is the last save.
        ("<dc:date>2023-04-20T17:00:00</dc:date>", [FRENCH], None),
        # A copied file, a malformed date.
        ("<meta:creation-date>2018-04-10</meta:creation-date><dc:date>2023-04-20</dc:date>",
         [FRENCH], None),
        ("<meta:creation-date>avant-hier</meta:creation-date>", [FRENCH], None),
        # The text's own date first.
        ("<meta:creation-date>2023-04-10</meta:creation-date>",
         ["Publié le 12 avril 2023", FRENCH], dt.date(2023, 4, 12)),
    ],
)  # fmt: skip
def test_odt_created(
    tmp_path: Path, meta: str, paragraphs: list[str], expected: dt.date | None
) -> None:
    path = tmp_path / "note.odt"
    body = "".join(f"<text:p>{paragraph}</text:p>" for paragraph in paragraphs)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ODT_CONTENT.format(body))
        archive.writestr("meta.xml", ODT_META.format(meta))
    assert _read(path).published == expected
