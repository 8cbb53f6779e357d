"""Office files (XLSX, DOCX, ODT) built part by part and streamed into the archive, so large
or hostile ones cost a test little disk and memory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

OPC_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{}</Types>'
)
RELATIONSHIPS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{}</Relationships>"
)
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def repeated(chunk: bytes, times: int) -> Iterator[bytes]:
    block = chunk * 1000
    for _ in range(times // 1000):
        yield block
    yield chunk * (times % 1000)


def write_package(path: Path, parts: dict[str, bytes | Iterable[bytes]]) -> Path:
    """A ZIP of these parts, deflated; a part given as chunks is streamed, never held whole."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in content:
                    part.write(chunk)
    return path


def write_xlsx(path: Path, sheets: dict[str, Iterable[bytes]]) -> Path:
    """A workbook of these sheets, each given as the XML inside its <sheetData>."""
    entries = "".join(
        f'<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(sheets, 1)
    )
    targets = "".join(
        f'<Relationship Id="rId{number}" Type="{OFFICE_DOCUMENT}worksheet" '
        f'Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, len(sheets) + 1)
    )

    def sheet_xml(rows: Iterable[bytes]) -> Iterator[bytes]:
        yield f'<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
        yield from rows
        yield b"</sheetData></worksheet>"

    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    parts: dict[str, bytes | Iterable[bytes]] = {
        "[Content_Types].xml": OPC_TYPES.format(
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        ).encode(),
        "_rels/.rels": RELATIONSHIPS.format(
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}officeDocument" '
            'Target="xl/workbook.xml"/>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{SHEET_NS}" xmlns:r="{OFFICE_DOCUMENT[:-1]}">'
            f"<sheets>{entries}</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": RELATIONSHIPS.format(targets).encode(),
    }
    for number, rows in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{number}.xml"] = sheet_xml(rows)
    return write_package(path, parts)


def numbered_rows(count: int, first: int = 1) -> Iterator[bytes]:
    """Rows as Excel writes them, each numbered, one small value each (about 10:1 deflated)."""
    for start in range(first, first + count, 10_000):
        numbers = range(start, min(start + 10_000, first + count))
        yield "".join(
            f'<row r="{n}"><c r="A{n}"><v>{n % 97}</v></c></row>' for n in numbers
        ).encode()


def write_docx(path: Path, body: Iterable[bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A Word document whose <w:body> holds this XML."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

    def document() -> Iterator[bytes]:
        yield f'<w:document xmlns:w="{WORD_NS}"><w:body>'.encode()
        yield from body
        yield b"</w:body></w:document>"

    return write_package(
        path,
        {
            "[Content_Types].xml": OPC_TYPES.format(
                f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
            ).encode(),
            "_rels/.rels": RELATIONSHIPS.format(
                f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}officeDocument" '
                'Target="word/document.xml"/>'
            ).encode(),
            "word/document.xml": document(),
            **(extra or {}),
        },
    )


def write_odt(path: Path, body: Iterable[bytes]) -> Path:
    """An OpenDocument text whose <office:text> holds this XML."""

    def content() -> Iterator[bytes]:
        yield f"<office:document-content {ODT_NS}><office:body><office:text>".encode()
        yield from body
        yield b"</office:text></office:body></office:document-content>"

    path = write_package(path, {"content.xml": content()})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return path
