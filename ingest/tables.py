"""Spreadsheets and CSV files: each row as "Header: value" pairs, so each figure keeps its label."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import math
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._reader import WorkSheetParser

from ingest.encoding import decode_text
from ingest.errors import ReaderError
from ingest.extracted import Extracted, ReadContext, ReadLimits
from ingest.file_dates import ooxml_created
from ingest.zipped import check_archive

_log = logging.getLogger(__name__)

# A row as its cells that hold text: (column number from 1, text), in column order. Empty
# cells are left out, so a row's cost is what it holds, not how far right its last cell is.
Row = list[tuple[int, str]]
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


def _table_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The header line, then one "Header: value; Header: value" line per non-empty row."""
    header: list[str] | None = None
    for row in rows:
        if not row:
            continue
        if header is None:
            # Named up to its last cell with text; an empty one before that by its place.
            texts = dict(row)
            last = row[-1][0]
            header = [texts.get(number) or f"column {number}" for number in range(1, last + 1)]
            yield "; ".join(header)
            continue
        yield "; ".join(
            f"{header[column - 1] if column <= len(header) else f'column {column}'}: {text}"
            for column, text in row
        )


class _Budget:
    """The rows and cells a table file may still bring in, all its sheets together: counted as
    they are read, so that an endless sheet fails at the limit, not once it is all in memory."""

    def __init__(self, limits: ReadLimits) -> None:
        self._limits = limits
        self._rows = 0
        self._cells = 0

    def count(self, rows: int, cells: int, subject: str) -> None:
        """Count what was just read; `subject` opens the message ("table has")."""
        self._rows += rows
        self._cells += cells
        if self._rows > self._limits.max_table_rows:
            raise ReaderError(
                f"{subject} more than the {self._limits.max_table_rows:,} rows allowed "
                "(setting max_table_rows)"
            )
        if self._cells > self._limits.max_table_cells:
            raise ReaderError(
                f"{subject} more than the {self._limits.max_table_cells:,} cells allowed "
                "(setting max_table_cells)"
            )


# --- XLSX ---


_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL = f"{_SHEET}row", f"{_SHEET}c"


class _CellSheet:
    """What a read-only cell asks of its sheet: the workbook, whose styles give its format."""

    def __init__(self, workbook: object, title: str) -> None:
        self.parent = workbook
        self.title = title


def _sheet_rows(reader: _WorkbookReader, title: str, part: str, budget: _Budget) -> Iterator[Row]:
    """A sheet's rows as its XML streams in, every row and cell counted as it comes.

    openpyxl's read-only sheet builds a whole row before it hands it over (a row can hold a
    million cells), pads it to its last cell's column and yields an empty row for each number
    skipped (a row numbered 10**12 is a trillion of them); here a row is only the cells it
    has, and each cell is read by openpyxl's own cell parser (values, shared strings, dates).
    """
    workbook = reader.wb
    cells = WorkSheetParser(
        None,
        reader.shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    sheet = _CellSheet(workbook, title)
    subject = f"sheet {title!r} takes the workbook to"
    row: dict[int, str] = {}
    # The elements open around the one being read, and how many of them are cells.
    open_elements: list[ET.Element] = []
    in_cell = 0
    with reader.archive.open(part) as source:
        # ElementTree's parser, as openpyxl's: the cell parser is made for its elements.
        for event, element in ET.iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                open_elements.append(element)
                if tag == _CELL:
                    in_cell += 1
                elif tag == _ROW:
                    budget.count(1, 0, subject)
                    row = {}
                    cells.col_counter = 0  # a cell without a reference follows the one before
                continue
            open_elements.pop()
            if tag == _CELL:
                in_cell -= 1
                if not in_cell:
                    budget.count(0, 1, subject)
                    cell = ReadOnlyCell(sheet, **cells.parse_cell(element))
                    # A later cell at the same place replaces the earlier, as in openpyxl.
                    row[cell.column] = _cell_text(cell.value, _number_format(cell))
            elif tag == _ROW:
                yield sorted((column, text) for column, text in row.items() if text)
            # A cell's value is read when the cell ends; all else is let go as soon as it ends
            # (being its parent's first child by then, at no cost), so that the sheet is never
            # held whole.
            if not in_cell and open_elements:
                open_elements[-1].remove(element)


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
    read (a malformed creation date) cost the properties, not the workbook, and that sheets are
    only found, their rows left to _sheet_rows."""

    sheet_parts: list[tuple[str, str]]

    def read_properties(self) -> None:
        try:
            super().read_properties()
        except (ValueError, TypeError, KeyError):
            _log.debug("unreadable document properties", exc_info=True)

    def read_worksheets(self) -> None:
        # A read-only sheet measures itself when openpyxl makes it, and one that declares no
        # size is parsed to its end for that, every row kept: only each sheet's name and part
        # are taken here. Chart sheets hold no cells.
        self.sheet_parts = [
            (sheet.name, rel.target)
            for sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files and "chartsheet" not in rel.Type
        ]


def _workbook_title(workbook: openpyxl.Workbook) -> str | None:
    title = workbook.properties.title
    if not isinstance(title, str):
        return None
    return " ".join(title.split()) or None


def read_xlsx(data: bytes, context: ReadContext) -> Extracted:
    """A workbook's sheets, each its name, its header row and its rows; formulas give the value
    Excel last computed. The title is the workbook's, from its properties."""
    check_archive(data, "XLSX", context.limits)
    budget = _Budget(context.limits)
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
                for name, part in reader.sheet_parts:
                    lines = list(_table_lines(_sheet_rows(reader, name, part, budget)))
                    if lines:
                        blocks.append("\n".join([" ".join(name.split()), *lines]))
            finally:
                workbook.close()
    except ReaderError:  # a limit reached: its message says which
        raise
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


def _csv_row(cells: list[str], budget: _Budget) -> Row:
    budget.count(1, len(cells), "table has")
    texts = ((number, " ".join(cell.split())) for number, cell in enumerate(cells, 1))
    return [(number, text) for number, text in texts if text]


def read_csv(data: bytes, context: ReadContext) -> Extracted:
    """A CSV table: its header, then a "Header: value" line per row; the delimiter is guessed."""
    text = decode_text(data)
    # Only the delimiter is taken from the sniffer: it guesses "'" as the quote character in
    # French text full of apostrophes, and then every l'Observatoire opens a quoted field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    budget = _Budget(context.limits)
    try:
        lines = list(_table_lines(_csv_row(row, budget) for row in reader))
    except csv.Error as exc:
        raise ReaderError(f"not a valid CSV: {exc}") from exc
    return Extracted(text="\n".join(lines))
