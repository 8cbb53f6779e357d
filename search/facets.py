"""Facet counts as results carry them: a value, how many have it, and its display name."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FacetValue(BaseModel):
    value: str
    count: int
    label: str | None = Field(None, description="Entities: the entity label (PER, ORG ...).")
    name: str | None = Field(
        None,
        description="Topics and measures: the concept's preferred label; entities: the display "
        "name, in the query's language for a body of the table of bodies.",
    )
    forms: list[str] = Field(
        default_factory=list,
        description="Entities: the names the key was seen under, in the most documents first.",
    )
