"""Figure routes: one row per figure with provenance, as JSON pages or streamed CSV / NDJSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import Field

from api.security import require_read_key, services_of
from api.services import Services
from search.figures import FigurePage, FigureQuery, FigureRow

router = APIRouter(tags=["figures"], dependencies=[Depends(require_read_key)])
COLUMNS = list(FigureRow.model_fields)
_ROWS_PER_CHUNK = 200

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

    format: Literal["json", "csv", "ndjson"] = Field(
        "json", description="json: one page; csv and ndjson: every matching row, streamed."
    )


@router.get(
    "/api/figures",
    response_model=FigurePage,
    responses={
        200: {
            "description": "JSON page, or the whole result streamed as CSV or NDJSON.",
            "content": {
                "application/json": {"example": FIGURES_EXAMPLE},
                "text/csv": {"example": ",".join(COLUMNS)},
                "application/x-ndjson": {"example": '{"document_id": "2981d0b70d12c96eccef"}'},
            },
        },
        422: {"description": "An invalid parameter, named in `detail`."},
    },
)
def figures(
    request: Annotated[FigureRequest, Query()],
    services: Annotated[Services, Depends(services_of)],
) -> FigurePage | StreamingResponse:
    """Every figure the documents state, filtered by words (in `about` and the sentence,
    expanded across languages like search), topic (concepts named in the figure's sentence,
    narrower ones included), measure (what the figure counts, any of those given, narrower
    ones included: `measure=people-in-treatment` finds "pazienti in trattamento",
    "personnes prises en charge" and "people receiving treatment"), country, language, unit,
    value range, as-of range and document; sorted and paged. JSON pages count the matching
    figures per measure (`facets.measures`).

    CSV and NDJSON exports stream all matching rows with no cap, in constant memory.
    """
    query = FigureQuery.model_validate(request.model_dump(exclude={"format"}))
    if request.format == "json":
        return services.search_figures(query)
    rows = services.iter_figures(query)
    if request.format == "csv":
        return StreamingResponse(
            _csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="figures.csv"'},
        )
    return StreamingResponse(
        (row.model_dump_json() + "\n" for row in rows), media_type="application/x-ndjson"
    )


# A spreadsheet reads a cell that opens on one of these as a formula (OWASP, CSV injection):
# a sentence or title quoted from a document must stay text.
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """One CSV cell: lists joined with '|', text that a spreadsheet would run as a formula
    opened with an apostrophe (shown as text, not run); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "|".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_OPENERS):
        return "'" + value
    return value


def _csv(rows: Iterable[FigureRow]) -> Iterator[str]:
    """CSV text in chunks of rows; lists (countries) joined with '|'."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, start=1):
        values = row.model_dump(mode="json")
        writer.writerow(_cell(values[column]) for column in COLUMNS)
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
