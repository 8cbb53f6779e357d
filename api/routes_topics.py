"""Topic routes: the thesaurus of policy concepts that search expands with and documents carry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from api.security import require_read_key, services_of
from api.services import Services
from nlp.text import fold

router = APIRouter(tags=["topics"], dependencies=[Depends(require_read_key)])


class TopicQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(
        "",
        max_length=200,
        description="Only concepts with a label containing this text (accents ignored).",
        examples=["metadon"],
    )


class LabelSet(BaseModel):
    pref: str
    alt: list[str]


class TopicEntry(BaseModel):
    """One concept: its labels, its EuroVoc descriptor when one matches, and its neighbours."""

    id: str
    eurovoc: str | None
    labels: dict[str, LabelSet]
    broader: list[str]
    narrower: list[str]


class TopicList(BaseModel):
    total: int = Field(examples=[1])
    concepts: list[TopicEntry] = Field(
        examples=[
            [
                {
                    "id": "methadone",
                    "eurovoc": None,
                    "labels": {
                        "fr": {"pref": "méthadone", "alt": ["traitement à la méthadone"]},
                        "it": {"pref": "metadone", "alt": ["terapia metadonica"]},
                        "en": {"pref": "methadone", "alt": ["methadone treatment"]},
                    },
                    "broader": ["opioid-agonist-therapy"],
                    "narrower": [],
                }
            ]
        ]
    )


@router.get("/api/topics", response_model=TopicList)
def topics(
    query: Annotated[TopicQuery, Query()],
    services: Annotated[Services, Depends(services_of)],
) -> TopicList:
    """The thesaurus: every concept (or those whose labels contain `q`), with its labels in
    French, Italian and English and its broader and narrower concepts. Use the ids as the
    `topic` filter of /api/search and /api/figures."""
    thesaurus = services.thesaurus
    wanted = fold(query.q.strip())
    entries = []
    for concept in thesaurus.concepts.values():
        labels = {code: LabelSet(pref=ls.pref, alt=ls.alt) for code, ls in concept.labels.items()}
        if wanted and not any(
            wanted in fold(label) for ls in concept.labels.values() for label in ls.all()
        ):
            continue
        entries.append(
            TopicEntry(
                id=concept.id,
                eurovoc=concept.eurovoc,
                labels=labels,
                broader=concept.broader,
                narrower=thesaurus.narrower[concept.id],
            )
        )
    return TopicList(total=len(entries), concepts=entries)
