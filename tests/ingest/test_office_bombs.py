"""Office files built to exhaust a reader (issue 19 item 2): each fails by name, with the
setting to change, in about a second and without inflating what it hides; normal files read
as before. Every file is generated here, small on disk."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import docx
import openpyxl
import pytest
from office_files import (
    numbered_rows,
    repeated,
    write_docx,
    write_odt,
    write_xlsx,
)

from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext, ReadLimits
from ingest.model import Document, Failure
from ingest.opendocument import read_odt
from ingest.readers import read_docx
from ingest.sources import read_documents
from ingest.tables import read_csv, read_xlsx

Reader = Callable[[bytes, ReadContext], Extracted]


PARAGRAPHS_OVER = "document has more than the 200,000 paragraphs allowed (setting max_paragraphs)"


def read(reader: Reader, path: Path, limits: ReadLimits | None = None) -> Extracted:
    return reader(path.read_bytes(), ReadContext(name=path.name, limits=limits or ReadLimits()))


def refused(reader: Reader, path: Path, limits: ReadLimits | None = None) -> tuple[str, float]:
    """The reason `reader` refuses the file, and the seconds it took to say so."""
    started = time.perf_counter()
    with pytest.raises(ReaderError) as caught:
        read(reader, path, limits)
    return str(caught.value), time.perf_counter() - started


# --- the trial's files, at a scale a test can build ----------------------------------------------


def test_a_spreadsheet_of_three_million_rows_fails_at_once(tmp_path: Path) -> None:
    # The trial's 969 KB workbook: 3 million rows of small values, far beyond what a sheet of
    # a report compresses to. It drove the process past 10 GB.
    block = b"".join(b"<row><c><v>%d</v></c></row>" % (n % 100) for n in range(100))
    path = write_xlsx(tmp_path / "rows.xlsx", {"Data": repeated(block, 30_000)})
    assert path.stat().st_size < 2_000_000
    reason, seconds = refused(read_xlsx, path)
    assert reason.startswith("XLSX part 'xl/worksheets/sheet1.xml' unpacks to ")
    assert reason.endswith(":1 limit (setting max_compression_ratio)")
    assert seconds < 1


def test_a_document_that_unpacks_a_hundredfold_fails_at_once(tmp_path: Path) -> None:
    # The trial's 2.1 MB document unpacked to 533 MB and took 90 s and 3.1 GB to read; this
    # one is 30 MB unpacked, packed as tightly.
    paragraph = b"<w:p><w:r><w:t>Le taux est de 12 %.</w:t></w:r></w:p>"
    path = write_docx(tmp_path / "big.docx", repeated(paragraph, 600_000))
    reason, seconds = refused(read_docx, path)
    assert reason.startswith("DOCX part 'word/document.xml' unpacks to ")
    assert "times its packed size" in reason and "(setting max_compression_ratio)" in reason
    assert seconds < 1


def test_many_parts_each_small_but_together_a_bomb_fail(tmp_path: Path) -> None:
    zeros = {f"word/media/blank{number}.bmp": bytes(1_000_000) for number in range(12)}
    path = write_docx(tmp_path / "blanks.docx", [b"<w:p/>"], extra=zeros)
    reason, seconds = refused(read_docx, path)
    assert reason.startswith("DOCX archive unpacks to ")
    assert reason.endswith("(setting max_compression_ratio)")
    assert seconds < 1


@pytest.mark.parametrize(
    ("reader", "write", "part"),
    [
        (read_xlsx, lambda path: write_xlsx(path, {"Data": numbered_rows(40_000)}), "sheet1.xml"),
        (read_docx, lambda path: write_docx(path, [b"<w:p/>" * 400_000]), "document.xml"),
        (read_odt, lambda path: write_odt(path, [b"<text:p/>" * 300_000]), "content.xml"),
    ],
    ids=["xlsx", "docx", "odt"],
)
def test_a_part_over_max_part_bytes_is_refused_unread(
    tmp_path: Path, reader: Reader, write: Callable[[Path], Path], part: str
) -> None:
    path = write(tmp_path / "file")
    reason, seconds = refused(reader, path, ReadLimits(max_part_bytes=1_000_000))
    assert part in reason
    assert reason.endswith("bytes, over the 1,000,000-byte limit (setting max_part_bytes)")
    assert seconds < 0.5


# --- spreadsheets ------------------------------------------------------------------------------


def test_rows_past_max_table_rows_fail_as_soon_as_they_are_reached(tmp_path: Path) -> None:
    # Rows count whether they hold anything or not: Excel writes a row whose height was set.
    empty = (f'<row r="{n}" ht="20" customHeight="1"/>'.encode() for n in range(2, 100_002))
    rows = [*numbered_rows(1), *empty, *numbered_rows(10, first=100_002)]
    path = write_xlsx(tmp_path / "long.xlsx", {"Données": rows})
    reason, seconds = refused(read_xlsx, path)
    assert reason == (
        "sheet 'Données' takes the workbook to more than the 100,000 rows allowed "
        "(setting max_table_rows)"
    )
    assert seconds < 5


def test_rows_are_counted_over_all_sheets_and_the_limit_itself_is_allowed(tmp_path: Path) -> None:
    limits = ReadLimits(max_table_rows=50)
    path = write_xlsx(tmp_path / "two.xlsx", {"A": numbered_rows(30), "B": numbered_rows(20)})
    assert read(read_xlsx, path, limits).text.count("\n") == 1 + 29 + 2 + 1 + 19
    path = write_xlsx(tmp_path / "over.xlsx", {"A": numbered_rows(30), "B": numbered_rows(21)})
    assert refused(read_xlsx, path, limits)[0].startswith(
        "sheet 'B' takes the workbook to more than the 50 rows allowed"
    )


def test_a_row_of_a_million_cells_fails_at_max_table_cells_before_it_is_built(
    tmp_path: Path,
) -> None:
    path = write_xlsx(tmp_path / "wide.xlsx", {"Data": [b"<row>", b"<c/>" * 2_000_000, b"</row>"]})
    reason, seconds = refused(read_xlsx, path, ReadLimits(max_table_cells=10_000))
    assert reason == (
        "sheet 'Data' takes the workbook to more than the 10,000 cells allowed "
        "(setting max_table_cells)"
    )
    assert seconds < 5


def test_skipped_row_numbers_and_far_columns_cost_nothing(tmp_path: Path) -> None:
    # openpyxl fills every row number skipped with an empty row, and pads every row to its
    # last cell's column: millions of empty cells for these few.
    rows = [
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Region</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Cases</t></is></c></row>',
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Lazio</t></is></c><c r="B2"><v>68</v></c>'
        b"</row>",
        *(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'.encode() for n in range(3, 200)),
        b'<row r="3000000"><c r="A3000000" t="inlineStr"><is><t>Puglia</t></is></c>'
        b'<c r="B3000000"><v>12</v></c></row>',
    ]
    path = write_xlsx(tmp_path / "sparse.xlsx", {"Data": rows})
    started = time.perf_counter()
    lines = read(read_xlsx, path).text.splitlines()
    assert time.perf_counter() - started < 1
    assert lines[:3] == ["Data", "Region; Cases", "Region: Lazio; Cases: 68"]
    assert lines[3:-1] == ["column 16384: 1"] * 197
    assert lines[-1] == "Region: Puglia; Cases: 12"


def test_csv_rows_past_max_table_rows_fail(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"Commune;Cas\n" + b"Nice;1\n" * 100_001)
    reason, seconds = refused(read_csv, path)
    assert reason == "table has more than the 100,000 rows allowed (setting max_table_rows)"
    assert seconds < 5


# --- Word and OpenDocument text ------------------------------------------------------------------


def test_docx_paragraphs_past_max_paragraphs_fail_before_python_docx_parses(
    tmp_path: Path,
) -> None:
    path = write_docx(tmp_path / "empty-lines.docx", [b"<w:p/>" * 200_001])
    reason, seconds = refused(read_docx, path)
    assert (
        reason == "document has more than the 200,000 paragraphs allowed (setting max_paragraphs)"
    )
    assert seconds < 5


def test_odt_paragraphs_past_max_paragraphs_fail_before_parsing(tmp_path: Path) -> None:
    path = write_odt(tmp_path / "empty-lines.odt", [b"<text:p/>" * 200_001])
    reason, seconds = refused(read_odt, path)
    assert (
        reason == "document has more than the 200,000 paragraphs allowed (setting max_paragraphs)"
    )
    assert seconds < 5


@pytest.mark.parametrize(
    ("reader", "write", "paragraph"),
    [
        (read_docx, write_docx, b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>"),
        (read_odt, write_odt, b"<text:p>%d</text:p>"),
    ],
    ids=["docx", "odt"],
)
def test_paragraphs_at_the_limit_are_read(
    tmp_path: Path,
    reader: Reader,
    write: Callable[[Path, Iterable[bytes]], Path],
    paragraph: bytes,
) -> None:
    path = write(tmp_path / "ten", [paragraph % number for number in range(10)])
    text = read(reader, path, ReadLimits(max_paragraphs=10)).text
    assert text == "\n".join(str(number) for number in range(10))
    with pytest.raises(ReaderError, match=r"more than the 9 paragraphs allowed"):
        read(reader, path, ReadLimits(max_paragraphs=9))


# --- what a run reports, and normal files ------------------------------------------------------


def test_each_refused_file_is_a_failure_naming_it(tmp_path: Path) -> None:
    write_docx(tmp_path / "lines.docx", [b"<w:p/>" * 11])
    write_xlsx(tmp_path / "rows.xlsx", {"Feuil1": numbered_rows(11)})
    (tmp_path / "rows.csv").write_bytes(b"a\n" * 12)
    limits = ReadLimits(max_paragraphs=10, max_table_rows=10)
    results = {
        item.source: item for item in read_documents([tmp_path], base=tmp_path, limits=limits)
    }
    failures = {source: item for source, item in results.items() if isinstance(item, Failure)}
    assert failures.keys() == results.keys()
    assert {source: item.reason.rsplit("(", 1)[1] for source, item in failures.items()} == {
        "lines.docx": "setting max_paragraphs)",
        "rows.csv": "setting max_table_rows)",
        "rows.xlsx": "setting max_table_rows)",
    }


def test_normal_workbook_document_and_odt_read_as_before(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Province"
    sheet.append(["Province", "Anno", "Casi", "Quota", "Rilevato"])
    for number in range(2_000):
        sheet.append(["Trento", 2000 + number % 24, number, number / 1000, dt.date(2023, 9, 30)])
        sheet.cell(number + 2, 4).number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "tabella.xlsx").write_bytes(buffer.getvalue())
    lines = read(read_xlsx, tmp_path / "tabella.xlsx").text.splitlines()
    assert len(lines) == 2 + 2_000
    assert lines[2] == "Province: Trento; Anno: 2000; Casi: 0; Quota: 0%; Rilevato: 2023-09-30"
    assert lines[-1] == (
        "Province: Trento; Anno: 2007; Casi: 1999; Quota: 199.9%; Rilevato: 2023-09-30"
    )

    document = docx.Document()
    for number in range(3_000):
        document.add_paragraph(f"Paragraphe {number}.")
    table = document.add_table(rows=100, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "–"
    document.save(str(tmp_path / "rapport.docx"))
    text = read(read_docx, tmp_path / "rapport.docx").text
    assert text.splitlines() == [f"Paragraphe {number}." for number in range(3_000)] + ["–"] * 300

    body = b"".join(b"<text:p>Paragrafo %d.</text:p>" % number for number in range(3_000))
    text = read(read_odt, write_odt(tmp_path / "relazione.odt", [body])).text
    assert text.splitlines() == [f"Paragrafo {number}." for number in range(3_000)]
    assert all(isinstance(item, Document) for item in read_documents([tmp_path], base=tmp_path))
