"""Search routes: full-text search with filters, facets, snippets and cursor paging; exports."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from api.deps import ReadKey, ServicesDep
from api.exports import Bom, Record, document_url, export_response, xlsx_content
from search.backend import Hit, SearchQuery, SearchResult

router = APIRouter(tags=["search"], dependencies=[ReadKey])
# An export holds this many hits at most: past it, a search is too broad to read as a table.
MAX_EXPORT_HITS = 10_000
HIT_COLUMNS = [
    "id", "title", "source", "language", "published", "countries", "score", "page", "url",
    "snippet",
]  # fmt: skip

SEARCH_EXAMPLE = {
    "total": 1,
    "hits": [
        {
            "id": "2981d0b70d12c96eccef",
            "score": 3.1,
            "title": "Nghe An: bilan du traitement",
            "source": "corpora/sample/fr/nghe-an-methadone.txt",
            "language": "fr",
            "published": "2023-10-06",
            "countries": ["VN"],
            "snippet": "… la province comptait 3 810 <b>toxicomanes</b> …",
        }
    ],
    "facets": {
        "language": [{"value": "fr", "count": 1, "label": None}],
        "entities": [{"value": "nghe an", "count": 1, "label": "LOC"}],
        "countries": [{"value": "VN", "count": 1, "label": None}],
        "year": [{"value": "2023", "count": 1, "label": None}],
        "topics": [{"value": "methadone", "count": 1, "label": None, "name": "méthadone"}],
    },
    "next_cursor": None,
    "concepts": [
        {
            "id": "addiction",
            "name": "toxicomanie",
            "matched": "toxicomane",
            "languages": ["fr"],
            "labels": {"fr": "toxicomanie", "it": "tossicodipendenza", "en": "drug addiction"},
        }
    ],
}


class SearchRequest(SearchQuery):
    """The search plus the output format."""

    format: Literal["json", "csv", "xlsx"] = Field(
        "json",
        description="json: one page with facets; csv and xlsx: the hits from `offset` or "
        f"`cursor` on, up to {MAX_EXPORT_HITS:,} (`limit` and facets do not apply), one row "
        "per document with a `url` column linking to it in the web UI and the snippet as text.",
    )
    bom: Bom = False


@router.get(
    "/api/search",
    response_model=SearchResult,
    responses={
        200: {
            "description": "JSON page, or the hits as CSV or XLSX; an export's "
            "`X-Total-Count` header says how many documents matched in all.",
            "content": {
                "application/json": {"example": SEARCH_EXAMPLE},
                "text/csv": {"example": ",".join(HIT_COLUMNS)},
                **xlsx_content(HIT_COLUMNS),
            },
        },
        422: {"description": "An invalid parameter (named in `detail`) or query syntax."},
        503: {"description": "The search backend is unavailable; `detail` says why."},
    },
)
def search(
    request: Annotated[SearchRequest, Query()],
    services: ServicesDep,
    http: Request,
) -> Response:
    """Search documents: every word required unless OR; `-word` or NOT excludes; "a phrase".

    Words that name a thesaurus concept also find the concept's labels in French, Italian and
    English (`concepts` lists them; documents matching the words as typed rank first);
    `cross_lingual=false` searches the words alone. Filters combine (lang, country, entity
    with optional label, topic, publication dates, source); facets count languages,
    countries, entities by label, topics and years over all matches; every hit has a
    snippet with the matched words in `<b>` (document text HTML-escaped). Page with
    `offset` up to 10,000, or follow `next_cursor` without limit.

    `format=csv` or `xlsx` exports up to 10,000 hits (id, title, source, language,
    published, countries, score, page, url, snippet as plain text), text a spreadsheet would
    run as a formula opened with an apostrophe; `bom=true` starts the CSV with a byte-order
    mark. The `X-Total-Count` header gives the number of matches, which may be more.
    """
    query = SearchQuery.model_validate(request.model_dump(exclude={"format", "bom"}))
    if request.format == "json":
        # Serialised once here: returning the model would have FastAPI validate it again.
        return Response(services.search(query).model_dump_json(), media_type="application/json")
    total, hits = services.iter_hits(query, MAX_EXPORT_HITS)
    return export_response(
        request.format,
        HIT_COLUMNS,
        hit_records(hits, str(http.base_url)),
        name="search",
        bom=request.bom,
        headers={"X-Total-Count": str(total)},
    )


def hit_records(hits: Iterable[Hit], base_url: str) -> Iterator[Record]:
    """Export rows: each hit's metadata, its UI address, and its snippet as plain text."""
    for hit in hits:
        yield hit.model_dump(exclude={"snippet"}) | {
            "url": document_url(base_url, hit.id),
            "snippet": snippet_text(hit.snippet),
        }


def snippet_text(snippet: str) -> str:
    """A snippet as plain text: the <b> marks dropped, the escaped text read back, one line."""
    text = html.unescape(snippet.replace("<b>", "").replace("</b>", ""))
    return " ".join(text.split())
