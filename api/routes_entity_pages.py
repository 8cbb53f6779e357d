"""The entity page route: one person, organisation or place across every document."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import Field

from api.deps import ReadKey, ServicesDep
from api.routes_figures import FIGURES_EXAMPLE
from search.entity_pages import MAX_KEY_LENGTH, EntityPage, EntityPageOptions, EntityPageQuery


class EntityPageRequest(EntityPageOptions):
    """What to show of the page, and in which language to name entities."""

    lang: Literal["fr", "it", "en"] | None = Field(
        None,
        description="Language of display names; default: the language `q` is written in, "
        "else English.",
        examples=["fr"],
    )
    q: str = Field(
        "",
        max_length=200,
        description="The words the user searched with, when `lang` is not given: entities are "
        "named in their language, as the search's entities facet names them. Filters nothing.",
        examples=["ufficio nazioni unite"],
    )


PAGE_EXAMPLE = {
    "key": "nghe an",
    "label": "LOC",
    "name": "Nghe An",
    "labels": [{"label": "LOC", "documents": 4}, {"label": "ORG", "documents": 1}],
    "forms": [{"form": "Nghe An", "documents": 3}, {"form": "Nghệ An", "documents": 1}],
    "documents": {
        "total": 4,
        "items": [
            {
                "id": "2981d0b70d12c96eccef",
                "title": "Nghe An: bilan du traitement",
                "source": "corpora/sample/fr/nghe-an-methadone.txt",
                "published": "2023-10-06",
                "language": "fr",
                "countries": ["VN"],
                "mentions": 3,
            }
        ],
        "next_cursor": "eyJvZmZzZXQiOjF9",
    },
    "countries": [{"country": "VN", "documents": 4}],
    "figures": {"total": 1, "items": FIGURES_EXAMPLE["rows"]},
    "related": [
        {
            "key": "tran anh tuan",
            "label": "PER",
            "documents": 2,
            "name": "Tran Anh Tuan",
            "forms": ["Tran Anh Tuan"],
        }
    ],
}

router = APIRouter(tags=["entities"], dependencies=[ReadKey])


@router.get(
    "/api/entities/{key}",
    response_model=EntityPage,
    responses={
        200: {"content": {"application/json": {"example": PAGE_EXAMPLE}}},
        404: {"description": "No document names this entity."},
        422: {"description": "An invalid parameter, named in `detail`."},
    },
)
def entity_page(
    key: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="The entity's key (as /api/entities lists it), URL-encoded: "
            "`nghe%20an`. A name works too when it folds to a key (`Nghệ An`, `ONUDC`).",
            examples=["nghe an"],
        ),
    ],
    request: Annotated[EntityPageRequest, Query()],
    services: ServicesDep,
) -> EntityPage:
    """One entity's page: its display name, label, the names it was seen under, the documents
    naming it (newest first, paged, with the count of mentions in each), their countries, the
    figures whose sentence names it, and the entities named in the most of the same documents.
    """
    options = request.model_dump(exclude={"lang", "q"})
    language = request.lang or services.language_of(request.q)
    page = services.entity_page(EntityPageQuery(key=key, **options), language)
    if page is None:
        as_label = f" as {request.label}" if request.label else ""
        raise HTTPException(
            404, f"no document names the entity {key!r}{as_label}: /api/entities lists the keys"
        )
    return page
