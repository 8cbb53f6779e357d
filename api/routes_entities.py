"""Entity routes: the most frequent people, organisations and places, by label, country and
name, and the documents per country of the top ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ReadKey, ServicesDep
from api.services import Services
from ingest.model import EntityLabel
from search.backend import MAX_FACET_SIZE, SearchQuery
from search.entity_pages import EntityCountryTable

# Rows of the entities-by-country table: each holds up to every country of its documents.
MAX_TABLE_ROWS = 100


class EntityFilters(BaseModel):
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

    def search_query(self, size: int) -> SearchQuery:
        """The search whose entities facet these filters ask for, `size` entities long."""
        return SearchQuery(
            lang=self.lang,
            country=self.country,
            limit=0,
            facet_size=size,
            facet_label=self.label,
            facet_names=self.q,
        )


class EntityQuery(EntityFilters):
    limit: int = Field(50, ge=1, le=MAX_FACET_SIZE)


class EntityCountryQuery(EntityFilters):
    label: EntityLabel | None = Field(
        "ORG", description="PER, ORG or LOC (default ORG).", examples=["ORG"]
    )
    top: int = Field(20, ge=1, le=MAX_TABLE_ROWS, description="How many entities (rows).")


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


router = APIRouter(tags=["entities"], dependencies=[ReadKey])


@router.get(
    "/api/entities",
    response_model=EntityList,
    responses={422: {"description": "An invalid parameter, named in `detail`."}},
)
def entities(
    query: Annotated[EntityQuery, Query()],
    services: ServicesDep,
) -> EntityList:
    """Top entities by document count, for a label, countries, a language or a name: one
    entry per key (a body's names in every language share it), with its display name."""
    return count_entities(services, query)


def count_entities(services: Services, query: EntityQuery) -> EntityList:
    """The entity list of a query, for this route and `policylens entities` alike."""
    result = services.search(query.search_query(query.limit), names_in=query.name_lang)
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


BY_COUNTRY_EXAMPLE = {
    "documents": 12,
    "countries": [{"country": "VN", "documents": 5}, {"country": "IT", "documents": 4}],
    "entities": [
        {
            "key": "unodc",
            "label": "ORG",
            "name": "United Nations Office on Drugs and Crime",
            "forms": ["UNODC", "ONUDC"],
            "documents": 5,
            "countries": [{"country": "VN", "documents": 3}, {"country": "IT", "documents": 1}],
        }
    ],
}


@router.get(
    "/api/entities/by-country",
    response_model=EntityCountryTable,
    responses={
        200: {"content": {"application/json": {"example": BY_COUNTRY_EXAMPLE}}},
        422: {"description": "An invalid parameter, named in `detail`."},
    },
)
def entities_by_country(
    query: Annotated[EntityCountryQuery, Query()],
    services: ServicesDep,
) -> EntityCountryTable:
    """Which organisations (or people, places), per country: the top entities of the
    entities list with the same filters, each with how many of its documents are about each
    country (documents' `countries`; a document about two counts for both). `countries` lists
    the table's columns, the countries of the rows by documents counted."""
    return services.entities_by_country(query.search_query(query.top), names_in=query.name_lang)
