"""From a user's query to what the backend runs: cross-lingual expansion and topic hierarchy."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.query_expansion import ConceptMatch, expand_query
from nlp.thesaurus import Thesaurus
from search.backend import FacetValue, MatchedConcept, QueryRewrite, SearchQuery, SearchResult
from search.errors import InvalidQuery
from search.figures import FigureQuery


def topic_groups(topics: Sequence[str], thesaurus: Thesaurus) -> list[list[str]]:
    """Per topic filter, the concepts that satisfy it: itself and everything narrower."""
    groups = []
    for topic in topics:
        if topic not in thesaurus:
            raise InvalidQuery(f"unknown topic {topic!r}: see /api/topics for the concept ids")
        groups.append(sorted({topic, *thesaurus.descendants(topic)}))
    return groups


def rewrite_query(
    query: SearchQuery | FigureQuery, thesaurus: Thesaurus
) -> tuple[QueryRewrite, list[MatchedConcept]]:
    """The backend's rewrite of a query, and the concepts its words were expanded with."""
    groups = topic_groups(query.topic, thesaurus)
    if not query.cross_lingual or not query.q.strip():
        return QueryRewrite(text=query.q, topics=groups), []
    expansion = expand_query(query.q, thesaurus)
    rewrite = QueryRewrite(
        text=expansion.query, prefer=query.q, topics=groups, highlight=expansion.highlight
    )
    return rewrite, [_described(match, thesaurus) for match in expansion.matches]


def _described(match: ConceptMatch, thesaurus: Thesaurus) -> MatchedConcept:
    concept = thesaurus.concepts[match.concept]
    return MatchedConcept(
        id=concept.id,
        name=concept.label(match.languages[0] if len(match.languages) == 1 else "en"),
        matched=match.text,
        languages=list(match.languages),
        labels={language: labels.pref for language, labels in concept.labels.items()},
    )


def name_topics(result: SearchResult, thesaurus: Thesaurus, language: str | None) -> SearchResult:
    """The topics facet with each concept's preferred label (in `language`, else English)."""
    if "topics" not in result.facets:
        return result
    named = [
        FacetValue(
            value=facet.value,
            count=facet.count,
            name=thesaurus.concepts[facet.value].label(language)
            if facet.value in thesaurus
            else None,
        )
        for facet in result.facets.get("topics", [])
    ]
    return result.model_copy(update={"facets": {**result.facets, "topics": named}})
