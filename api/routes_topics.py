"""Thesaurus routes: the policy concepts search expands with and documents carry (topics), and
the measures figures count."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ReadKey, ServicesDep
from nlp.text import fold
from nlp.thesaurus import Concept, Thesaurus

router = APIRouter(tags=["topics"], dependencies=[ReadKey])


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


class MeasureEntry(TopicEntry):
    """One measure: what figures count, with the kinds of figure it can be."""

    quantities: list[str] = Field(
        description="people, count, share, money, mass, volume, area; empty for a measure "
        "that groups narrower ones, each taking its own kind of figure."
    )
    requires: list[str] = Field(
        description="Topics one of which (or a narrower one) a figure's sentence must name."
    )


class MeasureList(BaseModel):
    total: int = Field(examples=[1])
    measures: list[MeasureEntry] = Field(
        examples=[
            [
                {
                    "id": "people-in-treatment",
                    "eurovoc": None,
                    "labels": {
                        "fr": {"pref": "personnes prises en charge", "alt": ["patients suivis"]},
                        "it": {"pref": "persone in trattamento", "alt": ["utenti in carico"]},
                        "en": {"pref": "people in treatment", "alt": ["clients in treatment"]},
                    },
                    "broader": [],
                    "narrower": ["people-in-opioid-agonist-therapy", "treatment-entrants"],
                    "quantities": ["people"],
                    "requires": [],
                }
            ]
        ]
    )


@router.get("/api/topics", response_model=TopicList)
def topics(
    query: Annotated[TopicQuery, Query()],
    services: ServicesDep,
) -> TopicList:
    """The thesaurus: every concept (or those whose labels contain `q`), with its labels in
    French, Italian and English and its broader and narrower concepts. Use the ids as the
    `topic` filter of /api/search and /api/figures."""
    thesaurus = services.thesaurus
    entries = [
        TopicEntry(**_described(concept, thesaurus)) for concept in _labelled(thesaurus, query.q)
    ]
    return TopicList(total=len(entries), concepts=entries)


@router.get("/api/measures", response_model=MeasureList)
def measures(
    query: Annotated[TopicQuery, Query()],
    services: ServicesDep,
) -> MeasureList:
    """What figures count (people in treatment, overdose deaths, drug seizures by weight,
    budget ...): every measure (or those whose labels contain `q`), with its labels in French,
    Italian and English, its broader and narrower measures and the kinds of figure it can be.
    Use the ids as the `measure` filter of /api/figures."""
    measures = services.thesaurus.measures
    entries = [
        MeasureEntry(
            **_described(measure, measures),
            quantities=list(measure.quantities),
            requires=measure.requires,
        )
        for measure in _labelled(measures, query.q)
    ]
    return MeasureList(total=len(entries), measures=entries)


def _labelled(thesaurus: Thesaurus, text: str) -> list[Concept]:
    """The concepts with a label containing `text` (accents ignored), all when it is empty."""
    wanted = fold(text.strip())
    return [
        concept
        for concept in thesaurus.concepts.values()
        if not wanted
        or any(
            wanted in fold(label) for labels in concept.labels.values() for label in labels.all()
        )
    ]


def _described(concept: Concept, thesaurus: Thesaurus) -> dict[str, Any]:
    return {
        "id": concept.id,
        "eurovoc": concept.eurovoc,
        "labels": {
            code: LabelSet(pref=labels.pref, alt=labels.alt)
            for code, labels in concept.labels.items()
        },
        "broader": concept.broader,
        "narrower": thesaurus.narrower[concept.id],
    }
