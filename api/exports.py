"""Table exports: rows as CSV, NDJSON or an XLSX workbook, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from tempfile import SpooledTemporaryFile
from typing import IO, Annotated, Literal
from urllib.parse import quote

from fastapi.responses import StreamingResponse
from openpyxl import Workbook
from pydantic import Field

# One export row: column name -> a plain value (str, int, float, bool, date, list of str, None).
Record = Mapping[str, object]
ExportFormat = Literal["csv", "xlsx", "ndjson"]
# The `bom` parameter of a route that exports CSV.
Bom = Annotated[
    bool,
    Field(
        description="csv: start with a UTF-8 byte-order mark, so that Excel on Windows reads "
        "accents right."
    ),
]

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
NDJSON_MEDIA_TYPE = "application/x-ndjson"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel on Windows reads a CSV without it as the ANSI code page: "Échange" becomes "Ã‰change".
BOM = "\ufeff"

_ROWS_PER_CHUNK = 200
_FILE_CHUNK_BYTES = 64 * 1024
# The finished workbook stays in memory up to this size, then moves to an unnamed temporary file.
_SPOOL_BYTES = 1024 * 1024
# A spreadsheet reads a cell that opens on one of these as a formula (OWASP, CSV injection):
# a sentence or title quoted from a document must stay text.
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r")
# The characters encodeURIComponent leaves as they are, so ids come out as the UI links them.
_URI_COMPONENT_SAFE = "-_.!~*'()"


def document_url(base_url: str, document_id: str, figure_start: int | None = None) -> str:
    """The web UI's page of a document (hash route #/doc/<id>), at a figure when given."""
    url = f"{base_url.rstrip('/')}/#/doc/{quote(document_id, safe=_URI_COMPONENT_SAFE)}"
    return url if figure_start is None else f"{url}?figure={figure_start}"


def safe_text(text: str) -> str:
    """Text opened with an apostrophe when a spreadsheet would otherwise run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_OPENERS) else text


def plain_number(value: float) -> str:
    """A number as a spreadsheet reads it best: 1572, not 1572.0; 0.0000001, not 1e-07."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    if value == 0:
        return "0"
    # repr is the shortest text that reads back as the same float (1e+23, not the float's
    # exact 99999999999999991611392); normalised, Decimal writes it with no exponent or ".0".
    return format(Decimal(repr(value)).normalize(), "f")


def csv_cell(value: object) -> str:
    """One CSV cell: lists joined with '|', dates in ISO form, numbers in plain decimals, text
    that would run as a formula opened with an apostrophe (shown as text, not run)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return plain_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "|".join(str(item) for item in value)
    return safe_text(str(value))


def xlsx_cell(value: object) -> object:
    """One workbook cell: numbers numeric, days as dates, text neutralised as in the CSV.

    openpyxl stores a string opening with "=" as a formula: `safe_text` is what keeps a
    quoted sentence a string cell.
    """
    if value is None or isinstance(value, bool | int | dt.date):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # Whole numbers as integers, so the cell reads 1572 and not 1572.0 in any reader.
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, list | tuple):
        value = "|".join(str(item) for item in value)
    # An empty cell, not an empty string: a spreadsheet's blanks filter then finds it.
    return safe_text(str(value)) or None


def csv_chunks(
    columns: Sequence[str], records: Iterable[Record], *, bom: bool = False
) -> Iterator[str]:
    """CSV text, a header then the records, in chunks of rows (constant memory)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, record in enumerate(records, start=1):
        writer.writerow(csv_cell(record.get(column)) for column in columns)
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def ndjson_lines(records: Iterable[Record]) -> Iterator[str]:
    """One JSON object per record and line, values as the JSON API gives them."""
    for record in records:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_json_value)
        yield line + "\n"


def _json_value(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_xlsx(
    columns: Sequence[str], records: Iterable[Record], target: IO[bytes], *, sheet: str
) -> int:
    """An XLSX workbook of one sheet, header row first, written to `target`; returns the
    number of records. openpyxl's write-only mode writes each row to a temporary file as it
    comes, and saving zips that file into `target`: memory stays flat however many rows."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"  # the header stays in view while scrolling
    worksheet.append(list(columns))
    count = 0
    try:
        for record in records:
            worksheet.append([xlsx_cell(record.get(column)) for column in columns])
            count += 1
    finally:
        # Saving also removes openpyxl's temporary file; when the rows failed part way, the
        # caller throws the half-written target away.
        workbook.save(target)
    return count


def xlsx_file(
    columns: Sequence[str], records: Iterable[Record], *, sheet: str
) -> SpooledTemporaryFile[bytes]:
    """The finished workbook in a temporary file, rewound: a zip's directory comes last, so
    no byte of it can be sent before the last row is written."""
    # Handed to the caller open: it is closed by whoever reads it (file_chunks).
    file: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    try:
        write_xlsx(columns, records, file, sheet=sheet)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    """A file's bytes in chunks, closing it at the end (or when the reader goes away)."""
    with file:
        while chunk := file.read(_FILE_CHUNK_BYTES):
            yield chunk


def export_filename(name: str, format: ExportFormat, day: dt.date) -> str:
    """An export's file name: what it holds and the day it was made
    (policylens-figures-2026-12-07.csv), so that a folder of downloads tells them apart."""
    return f"policylens-{name}-{day.isoformat()}.{format}"


def export_response(
    format: ExportFormat,
    columns: Sequence[str],
    records: Iterable[Record],
    *,
    name: str,
    bom: bool = False,
    headers: Mapping[str, str] | None = None,
) -> StreamingResponse:
    """An HTTP answer carrying the records in `format`; csv and xlsx come as an attachment
    named for `name` and today (`export_filename`), xlsx in a sheet called `name`.

    csv and ndjson stream row by row as the records come; xlsx is built whole into a
    temporary file first (so a failure still gets an error status), then streamed from it.
    """
    extra = dict(headers or {})
    filename = export_filename(name, format, dt.date.today())
    attachment = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "csv":
        return StreamingResponse(
            csv_chunks(columns, records, bom=bom),
            media_type=CSV_MEDIA_TYPE,
            headers=attachment | extra,
        )
    if format == "ndjson":
        return StreamingResponse(ndjson_lines(records), media_type=NDJSON_MEDIA_TYPE, headers=extra)
    file = xlsx_file(columns, records, sheet=name)
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    return StreamingResponse(
        file_chunks(file),
        media_type=XLSX_MEDIA_TYPE,
        headers=attachment | extra | {"Content-Length": str(size)},
    )


def xlsx_content(columns: Sequence[str]) -> dict[str, object]:
    """How OpenAPI describes an XLSX answer: a binary file, whose header row is the example."""
    return {
        XLSX_MEDIA_TYPE: {
            "schema": {"type": "string", "format": "binary"},
            "example": f"(workbook) header row: {', '.join(columns)}",
        }
    }
