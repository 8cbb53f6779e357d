"""Search routes: full-text search with filters, facets, snippets and cursor paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.security import require_read_key, services_of
from api.services import Services
from search.backend import SearchQuery, SearchResult

router = APIRouter(tags=["search"], dependencies=[Depends(require_read_key)])

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


@router.get(
    "/api/search",
    response_model=SearchResult,
    responses={
        200: {"content": {"application/json": {"example": SEARCH_EXAMPLE}}},
        422: {"description": "An invalid parameter (named in `detail`) or query syntax."},
        503: {"description": "The search backend is unavailable; `detail` says why."},
    },
)
def search(
    query: Annotated[SearchQuery, Query()],
    services: Annotated[Services, Depends(services_of)],
) -> Response:
    """Search documents: every word required unless OR; `-word` or NOT excludes; "a phrase".

    Words that name a thesaurus concept also find the concept's labels in French, Italian and
    English (`concepts` lists them; documents matching the words as typed rank first);
    `cross_lingual=false` searches the words alone. Filters combine (lang, country, entity
    with optional label, topic, publication dates, source); facets count languages,
    countries, entities by label, topics and years over all matches; every hit has a
    snippet with the matched words in `<b>` (document text HTML-escaped). Page with
    `offset` up to 10,000, or follow `next_cursor` without limit.
    """
    # Serialised once here: returning the model would have FastAPI validate it a second time.
    return Response(services.search(query).model_dump_json(), media_type="application/json")
