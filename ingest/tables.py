"""Spreadsheets and CSV files: each row as "Header: value" pairs, so each figure keeps its label."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Protocol

import openpyxl
from openpyxl.reader.excel import ExcelReader

from ingest.encoding import decode_text
from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext
from ingest.file_dates import ooxml_created
from ingest.zipped import check_archive

_log = logging.getLogger(__name__)

# A sheet of a million rows is a data dump, not a report; its first rows say what it holds.
MAX_ROWS = 100_000
_CSV_DELIMITERS = ",;\t|"
# The sniffer's quote detection backtracks over its sample: keep the sample short.
_SNIFF_BYTES = 8192
# Excel's quoted literals and backslash escapes: a "%" inside them does not scale the value.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def _number(value: float) -> str:
    """A number as a reader would write it: 3810, 12.5, 0.3 (not 3810.0 or 0.30000000000000004)."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    # Fifteen significant digits is what a double holds and what Excel itself displays.
    return format(Decimal(f"{value:.15g}").normalize(), "f")


def _is_percent(number_format: str) -> bool:
    return "%" in _FORMAT_LITERALS.sub("", number_format)


def _cell_text(value: object, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: True is an int too
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        # 0.125 shown as "12.5%" is stored as 0.125; the figure the reader sees is 12.5 %.
        if _is_percent(number_format):
            return f"{_number(value * 100)}%"
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    # Line breaks inside a cell would split its row across lines.
    return " ".join(str(value).split())


def _table_lines(rows: Iterable[Sequence[str]], where: str) -> Iterator[str]:
    """The header line, then one "Header: value; Header: value" line per non-empty row."""
    header: list[str] | None = None
    count = 0
    for row in rows:
        if not any(row):
            continue
        if header is None:
            header = [cell or f"column {number}" for number, cell in enumerate(row, 1)]
            while header and header[-1].startswith("column ") and not row[len(header) - 1]:
                header.pop()
            yield "; ".join(header)
            continue
        if count == MAX_ROWS:
            _log.warning("%s: only the first %d rows are read", where, MAX_ROWS)
            return
        count += 1
        names = header + [f"column {number}" for number in range(len(header) + 1, len(row) + 1)]
        yield "; ".join(f"{name}: {cell}" for name, cell in zip(names, row, strict=False) if cell)


# --- XLSX ---


class _Sheet(Protocol):
    """What is used of openpyxl's read-only worksheet."""

    title: str

    def reset_dimensions(self) -> None: ...

    def iter_rows(self) -> Iterable[Sequence[object]]: ...


def _sheet_rows(sheet: _Sheet) -> Iterator[list[str]]:
    # The size a sheet declares is trusted by openpyxl to pad every row; some writers declare
    # the whole grid (A1:XFD1048576), which would make a small sheet take hours to read.
    sheet.reset_dimensions()
    for row in sheet.iter_rows():
        yield [_cell_text(getattr(cell, "value", None), _number_format(cell)) for cell in row]


def _number_format(cell: object) -> str:
    if not isinstance(getattr(cell, "value", None), int | float):
        return "General"
    try:
        number_format = getattr(cell, "number_format", None)
    except (IndexError, KeyError):  # a style the workbook does not define: shown as General
        return "General"
    return number_format if isinstance(number_format, str) else "General"


class _WorkbookReader(ExcelReader):
    """openpyxl's reader (what load_workbook runs), except that document properties it cannot
    read (a malformed creation date) cost the properties, not the workbook."""

    def read_properties(self) -> None:
        try:
            super().read_properties()
        except (ValueError, TypeError, KeyError):
            _log.debug("unreadable document properties", exc_info=True)


def _workbook_title(workbook: openpyxl.Workbook) -> str | None:
    title = workbook.properties.title
    if not isinstance(title, str):
        return None
    return " ".join(title.split()) or None


def read_xlsx(data: bytes, context: ReadContext) -> Extracted:
    """A workbook's sheets, each its name, its header row and its rows; formulas give the value
    Excel last computed. The title is the workbook's, from its properties."""
    check_archive(data, "XLSX", context.limits)
    blocks: list[str] = []
    try:
        # openpyxl warns about every feature it does not keep (data validation, extensions,
        # drawings); none of it is text, and a warning is not an error in the file.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = _WorkbookReader(io.BytesIO(data), read_only=True, data_only=True)
            reader.read()
            workbook = reader.wb
            try:
                title = _workbook_title(workbook)
                for sheet in workbook.worksheets:
                    where = f"{context.name}, sheet {sheet.title!r}"
                    lines = list(_table_lines(_sheet_rows(sheet), where))
                    if lines:
                        blocks.append("\n".join([" ".join(sheet.title.split()), *lines]))
            finally:
                workbook.close()
    except zipfile.BadZipFile as exc:
        raise ReaderError("not a valid XLSX: not a ZIP archive (damaged, or an old .xls?)") from exc
    except KeyError as exc:  # a ZIP, but not a workbook
        raise ReaderError(f"not a valid XLSX: a required part is missing ({exc})") from exc
    except Exception as exc:  # openpyxl's errors name its internals more than the file's fault
        raise ReaderError(f"not a valid XLSX: {exc or type(exc).__name__}") from exc
    return Extracted(text="\n\n".join(blocks), title=title, created=ooxml_created(data))


# --- CSV ---


def _delimiter(text: str) -> str:
    sample = text[:_SNIFF_BYTES]
    if len(text) > _SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut last line would miscount its fields
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:  # one column, or too few lines to tell
        return ","


def read_csv(data: bytes, context: ReadContext) -> Extracted:
    """A CSV table: its header, then a "Header: value" line per row; the delimiter is guessed."""
    text = decode_text(data)
    # Only the delimiter is taken from the sniffer: it guesses "'" as the quote character in
    # French text full of apostrophes, and then every l'Observatoire opens a quoted field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = ([" ".join(cell.split()) for cell in row] for row in reader)
    try:
        lines = list(_table_lines(rows, context.name))
    except csv.Error as exc:
        raise ReaderError(f"not a valid CSV: {exc}") from exc
    return Extracted(text="\n".join(lines))
