"""The `policylens figures` and `policylens entities` commands: the API's tables at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from api.exports import Record, csv_chunks, ndjson_lines, plain_number, write_xlsx
from api.routes_entities import EntityQuery, count_entities
from api.routes_figures import COLUMNS as FIGURE_COLUMNS
from api.routes_figures import figure_records
from api.services import Services, build_services
from api.settings import Settings
from ingest.model import EntityLabel
from search.errors import SearchError
from search.figures import FigureQuery

ENTITY_COLUMNS = ["key", "label", "documents", "name", "forms"]
Query = TypeVar("Query", bound=BaseModel)


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    ndjson = "ndjson"


FormatOption = Annotated[
    TableFormat,
    typer.Option("--format", help="table (for reading), csv, xlsx (needs --output) or ndjson."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file, not standard output.")
]
BomOption = Annotated[
    bool, typer.Option(help="csv: start with a UTF-8 byte-order mark (for Excel on Windows).")
]
CountryOption = Annotated[
    list[str] | None, typer.Option(help="Documents about this country (ISO code); repeatable.")
]
LangOption = Annotated[str | None, typer.Option(help="Documents in this language.")]


def figures(
    text: Annotated[str, typer.Argument(help="Words in the figure's `about` or sentence.")] = "",
    country: CountryOption = None,
    lang: LangOption = None,
    unit: Annotated[str | None, typer.Option(help="count, percent, EUR, kg, ...")] = None,
    value_min: Annotated[float | None, typer.Option(help="Value at least this.")] = None,
    value_max: Annotated[float | None, typer.Option(help="Value at most this.")] = None,
    as_of_from: Annotated[str | None, typer.Option(help="As of this day or later.")] = None,
    as_of_to: Annotated[str | None, typer.Option(help="As of this day or earlier.")] = None,
    document: Annotated[str | None, typer.Option(help="Only this document's figures.")] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="The sentence names this concept; repeatable.")
    ] = None,
    measure: Annotated[
        list[str] | None,
        typer.Option(help="What the figure counts (see /api/measures); repeatable."),
    ] = None,
    cross_lingual: Annotated[
        bool, typer.Option(help="Also find the concepts' labels in French, Italian and English.")
    ] = True,
    sort: Annotated[str, typer.Option(help="document, value or as_of.")] = "document",
    order: Annotated[str, typer.Option(help="asc or desc.")] = "asc",
    limit: Annotated[
        int, typer.Option(help="Rows of the table; csv, xlsx and ndjson hold every row.")
    ] = 50,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
    bom: BomOption = False,
    base_url: Annotated[
        str | None,
        typer.Option(help="Web UI address the url column links to (default: the serve address)."),
    ] = None,
) -> None:
    """Every figure the documents state, with the filters of GET /api/figures."""
    _check_output(output_format, output)
    services = build_services(Settings())
    given = {
        "q": text,
        "country": country or [],
        "lang": lang,
        "unit": unit,
        "value_min": value_min,
        "value_max": value_max,
        "as_of_from": as_of_from,
        "as_of_to": as_of_to,
        "document": document,
        "topic": topic or [],
        "measure": measure or [],
        "cross_lingual": cross_lingual,
        "sort": sort,
        "order": order,
        "limit": limit,
        "facets": False,  # no output shows them
    }
    query = _validated(FigureQuery, given)
    with _search_errors():
        if output_format is TableFormat.table:
            page = services.search_figures(query)
            rows = (
                [
                    "" if row.value is None else plain_number(row.value),
                    row.unit,
                    row.measure or "",
                    row.as_of or "",
                    row.about or "",
                    row.title or row.source,
                ]
                for row in page.rows
            )
            shown = f", the first {len(page.rows)}" if len(page.rows) < page.total else ""
            table = _table(["value", "unit", "measure", "as_of", "about", "document"], rows)
            _emit([f"{page.total} figure(s){shown}\n", *table], output)
            return
        home = base_url or _serve_address(services)
        records = figure_records(services.iter_figures(query), home)
        _write(output_format, FIGURE_COLUMNS, records, output, bom=bom, sheet="figures")


def entities(
    name: Annotated[
        str, typer.Argument(help="Entities one of whose names contains this (folded).")
    ] = "",
    label: Annotated[EntityLabel | None, typer.Option(help="PER, ORG or LOC.")] = None,
    country: CountryOption = None,
    lang: LangOption = None,
    name_lang: Annotated[
        str | None, typer.Option(help="Language of display names (fr, it, en).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many entities, most documents first.")] = 50,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
    bom: BomOption = False,
) -> None:
    """The most frequent people, organisations and places, with the filters of /api/entities."""
    _check_output(output_format, output)
    services = build_services(Settings())
    given = {
        "q": name,
        "label": label,
        "country": country or [],
        "lang": lang,
        "name_lang": name_lang,
        "limit": limit,
    }
    query = _validated(EntityQuery, given)
    with _search_errors():
        listed = count_entities(services, query)
    records = [entity.model_dump() for entity in listed.entities]
    if output_format is TableFormat.table:
        rows = ([r["documents"], r["label"], r["name"], ", ".join(r["forms"])] for r in records)
        table = _table(["documents", "label", "name", "forms"], rows)
        counted = f"{len(records)} entities, counted over {listed.documents} document(s)\n"
        _emit([counted, *table], output)
        return
    _write(output_format, ENTITY_COLUMNS, records, output, bom=bom, sheet="entities")


def _check_output(output_format: TableFormat, output: Path | None) -> None:
    if output_format is TableFormat.xlsx and output is None:
        raise typer.BadParameter(
            "a workbook is binary: give --output FILE.xlsx", param_hint="--format"
        )


def _validated(model: type[Query], given: Mapping[str, object]) -> Query:
    """The API's query model built from the options: the same checks, the same filters."""
    try:
        return model.model_validate(
            {key: value for key, value in given.items() if value is not None}
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        name = "the words" if field == "q" else "--" + field.replace("_", "-")
        typer.echo(f"error: {name}: {first['msg']}", err=True)
        raise typer.Exit(2) from error


@contextmanager
def _search_errors() -> Iterator[None]:
    try:
        yield
    except SearchError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error


def _serve_address(services: Services) -> str:
    return f"http://{services.settings.host}:{services.settings.port}/"


def _write(
    output_format: TableFormat,
    columns: Sequence[str],
    records: Iterable[Record],
    output: Path | None,
    *,
    bom: bool,
    sheet: str,
) -> None:
    """Records through the API's writers, to the file or standard output."""
    if output_format is TableFormat.xlsx:
        assert output is not None  # _check_output
        try:
            with output.open("wb") as binary:
                rows = write_xlsx(columns, records, binary, sheet=sheet)
        except BaseException:
            output.unlink(missing_ok=True)  # half a workbook is no workbook
            raise
        typer.echo(f"{rows} row(s) written to {output}", err=True)
        return
    if output_format is TableFormat.csv:
        _emit(csv_chunks(columns, records, bom=bom), output)
    else:
        _emit(ndjson_lines(records), output)


def _emit(chunks: Iterable[str], output: Path | None) -> None:
    """Text to standard output or to a file, chunk by chunk."""
    if output is None:
        _copy(chunks, sys.stdout)
        return
    # newline="": the CSV writer ends its lines itself (\r\n, as RFC 4180 has it).
    with output.open("w", encoding="utf-8", newline="") as text:
        _copy(chunks, text)


def _copy(chunks: Iterable[str], out: TextIO) -> None:
    for chunk in chunks:
        out.write(chunk)
    out.flush()


def _table(header: list[str], rows: Iterable[Sequence[object]], widest: int = 40) -> list[str]:
    """Lines of columns aligned for a terminal; long cells cut with an ellipsis."""

    def cut(value: object) -> str:
        text = " ".join(str(value).split())
        return text if len(text) <= widest else text[: widest - 1] + "…"

    cells = [[cut(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in cells
    ]
