"""Facet counts as results carry them: a value, how many have it, and its display name."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FacetValue(BaseModel):
    value: str
    count: int
    label: str | None = Field(None, description="Entities: the entity label (PER, ORG ...).")
    name: str | None = Field(
        None,
        description="Topics and measures: the concept's preferred label; countries: the "
        "country's name; entities: the display name. Countries, and bodies of the table of "
        "bodies and countries among entities, are named in the query's language.",
    )
    forms: list[str] = Field(
        default_factory=list,
        description="Entities: the names the key is written as in the index, in the most "
        "documents first.",
    )
