"""Entity routes: the most frequent people, organisations and places, by label, country and name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from api.security import require_read_key, services_of
from api.services import Services
from ingest.model import EntityLabel
from search.backend import MAX_FACET_SIZE, SearchQuery


class EntityQuery(BaseModel):
    """Which documents to count entities over, and which entities to list."""

    model_config = ConfigDict(extra="forbid")

    label: EntityLabel | None = Field(
        None, description="PER, ORG or LOC; all when omitted.", examples=["PER"]
    )
    country: list[str] = Field(
        default_factory=list, description="Documents about these.", examples=[["VN"]]
    )
    lang: str | None = Field(
        None,
        description="Documents in this language; also the language of display names unless "
        "`name_lang` is given.",
        examples=["fr"],
    )
    q: str = Field(
        "",
        max_length=200,
        description="Entities one of whose names contains this (case and accents folded; a "
        "body also by its names in French, Italian and English).",
        examples=["nazioni"],
    )
    name_lang: str | None = Field(
        None,
        description="Language of display names (fr, it, en); default: `lang`, else the "
        "language `q` is written in, else English.",
        examples=["it"],
    )
    limit: int = Field(50, ge=1, le=MAX_FACET_SIZE)


class EntityCount(BaseModel):
    key: str = Field(examples=["nghe an"])
    label: str = Field(examples=["LOC"])
    documents: int = Field(description="How many documents name it.", examples=[4])
    name: str = Field(
        description="Display name: a body's name in the asked language, else the name "
        "most documents use.",
        examples=["Nghe An"],
    )
    forms: list[str] = Field(
        description="The names it was seen under, in the most documents first.",
        examples=[["Nghe An", "Nghệ An"]],
    )


class EntityList(BaseModel):
    documents: int = Field(description="How many documents were counted over.", examples=[12])
    entities: list[EntityCount] = Field(
        examples=[
            [
                {
                    "key": "unodc",
                    "label": "ORG",
                    "documents": 5,
                    "name": "United Nations Office on Drugs and Crime",
                    "forms": ["UNODC", "ONUDC"],
                }
            ]
        ]
    )


router = APIRouter(tags=["entities"], dependencies=[Depends(require_read_key)])


@router.get(
    "/api/entities",
    response_model=EntityList,
    responses={422: {"description": "An invalid parameter, named in `detail`."}},
)
def entities(
    query: Annotated[EntityQuery, Query()],
    services: Annotated[Services, Depends(services_of)],
) -> EntityList:
    """Top entities by document count, for a label, countries, a language or a name: one
    entry per key (a body's names in every language share it), with its display name."""
    return count_entities(services, query)


def count_entities(services: Services, query: EntityQuery) -> EntityList:
    """The entity list of a query, for this route and `policylens entities` alike."""
    result = services.search(
        SearchQuery(
            lang=query.lang,
            country=query.country,
            limit=0,
            facet_size=query.limit,
            facet_label=query.label,
            facet_names=query.q,
        ),
        names_in=query.name_lang,
    )
    return EntityList(
        documents=result.total,
        entities=[
            EntityCount(
                key=facet.value,
                label=facet.label or "",
                documents=facet.count,
                name=facet.name or facet.value,
                forms=facet.forms,
            )
            for facet in result.facets["entities"]
        ],
    )
