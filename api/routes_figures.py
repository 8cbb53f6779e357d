"""Figure routes: one row per figure with provenance, as JSON pages or CSV, XLSX, NDJSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import Field

from api.deps import ReadKey, ServicesDep
from api.exports import (
    NDJSON_MEDIA_TYPE,
    Bom,
    Record,
    document_url,
    export_response,
    xlsx_content,
)
from search.figures import FigurePage, FigureQuery, FigureRow

router = APIRouter(tags=["figures"], dependencies=[ReadKey])
# The row's fields, then a link to the figure in the web UI (last, so that columns keep the
# places they had before it).
COLUMNS = [*FigureRow.model_fields, "url"]

FIGURES_EXAMPLE = {
    "total": 1,
    "rows": [
        {
            "document_id": "2981d0b70d12c96eccef",
            "title": "Nghe An: bilan du traitement",
            "source": "corpora/sample/fr/nghe-an-methadone.txt",
            "language": "fr",
            "countries": ["VN"],
            "published": "2023-10-06",
            "text": "3 810 toxicomanes",
            "start": 412,
            "end": 429,
            "value": 3810,
            "value_min": None,
            "value_max": None,
            "of": None,
            "unit": "count",
            "per": None,
            "qualifier": None,
            "about": "toxicomanes",
            "measure": "drug-users",
            "as_of": "2023-09-30",
            "topics": ["addiction"],
            "sentence": "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.",
        }
    ],
    "next_cursor": None,
    "facets": {"measures": [{"value": "drug-users", "count": 1, "name": "usagers de drogues"}]},
}


class FigureRequest(FigureQuery):
    """The figure query plus the output format."""

    format: Literal["json", "csv", "xlsx", "ndjson"] = Field(
        "json",
        description="json: one page; csv, xlsx and ndjson: every matching row, with a `url` "
        "column linking to the figure in the web UI.",
    )
    bom: Bom = False


@router.get(
    "/api/figures",
    response_model=FigurePage,
    responses={
        200: {
            "description": "JSON page, or the whole result as CSV, XLSX or NDJSON.",
            "content": {
                "application/json": {"example": FIGURES_EXAMPLE},
                "text/csv": {"example": ",".join(COLUMNS)},
                NDJSON_MEDIA_TYPE: {"example": '{"document_id": "2981d0b70d12c96eccef"}'},
                **xlsx_content(COLUMNS),
            },
        },
        422: {"description": "An invalid parameter, named in `detail`."},
    },
)
def figures(
    request: Annotated[FigureRequest, Query()],
    services: ServicesDep,
    http: Request,
) -> FigurePage | StreamingResponse:
    """Every figure the documents state, filtered by words (in `about` and the sentence,
    expanded across languages like search), topic (concepts named in the figure's sentence,
    narrower ones included), measure (what the figure counts, any of those given, narrower
    ones included: `measure=people-in-treatment` finds "pazienti in trattamento",
    "personnes prises en charge" and "people receiving treatment"), country, language, unit,
    value range, as-of range and document; sorted and paged. JSON pages count the matching
    figures per measure (`facets.measures`).

    CSV, XLSX and NDJSON exports hold all matching rows with no cap, in constant memory (CSV
    and NDJSON stream as they are read; XLSX is written to a temporary file, then sent), plus
    a `url` column linking to the figure in the web UI. Whole numbers are written without
    ".0" and others as plain decimals; text a spreadsheet would run as a formula is opened
    with an apostrophe. `bom=true` starts the CSV with a UTF-8 byte-order mark.
    """
    query = FigureQuery.model_validate(request.model_dump(exclude={"format", "bom"}))
    if request.format == "json":
        return services.search_figures(query)
    rows = services.iter_figures(query)
    return export_response(
        request.format,
        COLUMNS,
        figure_records(rows, str(http.base_url)),
        name="figures",
        bom=request.bom,
    )


def figure_records(rows: Iterable[FigureRow], base_url: str) -> Iterator[Record]:
    """Export rows: each figure's fields and the UI address of the figure in its document."""
    for row in rows:
        yield row.model_dump() | {"url": document_url(base_url, row.document_id, row.start)}
