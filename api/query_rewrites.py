"""From a user's query to what the backend runs: cross-lingual expansion, topic and measure
hierarchies, countries by name, and the names of the concepts, countries and entities in
facets, lists and pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from nlp.bodies import default_bodies
from nlp.country_names import country_code, country_name, named_country
from nlp.query_concepts import concept_spans
from nlp.text import fold
from nlp.thesaurus import Thesaurus
from search.backend import MatchedConcept, QueryRewrite, SearchQuery, SearchResult
from search.entity_pages import EntityCountryTable, EntityPage
from search.errors import InvalidQuery
from search.facets import FacetValue
from search.figure_summary import SummaryQuery
from search.figures import FigureFilters, FigurePage, FigureQuery
from search.query_expansion import ConceptMatch, Expansion, expanded_query
from search.query_syntax import label_scopes


def expand_query(text: str, thesaurus: Thesaurus) -> Expansion:
    """Cross-lingual expansion: the query language says where labels may match, the thesaurus
    which concepts the words there name, and the query language writes those back in."""
    return expanded_query(text, concept_spans(text, label_scopes(text), thesaurus))


def topic_groups(topics: Sequence[str], thesaurus: Thesaurus) -> list[list[str]]:
    """Per topic filter, the concepts that satisfy it: itself and everything narrower."""
    groups = []
    for topic in topics:
        if topic not in thesaurus:
            raise InvalidQuery(f"unknown topic {topic!r}: see /api/topics for the concept ids")
        groups.append(sorted({topic, *thesaurus.descendants(topic)}))
    return groups


def measure_group(measures: Sequence[str], thesaurus: Thesaurus) -> list[str]:
    """The measures that satisfy a measure filter: those asked for and every narrower one."""
    found: set[str] = set()
    for measure in measures:
        if measure not in thesaurus.measures:
            raise InvalidQuery(f"unknown measure {measure!r}: see /api/measures for the ids")
        found |= {measure, *thesaurus.measures.descendants(measure)}
    return sorted(found)


Filtered = TypeVar("Filtered", SearchQuery, FigureQuery, SummaryQuery)


def country_filter(values: Sequence[str]) -> list[str]:
    """The ISO codes a `country` filter names, each given as a code or as a name in French,
    Italian or English; a value that names no country is an invalid query that says so (it
    used to match nothing, silently). Blank values filter nothing."""
    codes = []
    for value in values:
        if not value.strip():
            continue
        code = country_code(value)
        if code is None:
            raise InvalidQuery(
                f"country={value!r} names no country: give an ISO 3166 code (VN) or a name in "
                "French, Italian or English (Viêt Nam, Vietnam); /api/countries lists them"
            )
        codes.append(code)
    return list(dict.fromkeys(codes))


def with_country_codes(query: Filtered) -> Filtered:
    """The query with its country filter as the ISO codes the index holds."""
    codes = country_filter(query.country)
    return query if codes == query.country else query.model_copy(update={"country": codes})


def rewrite_query(
    query: SearchQuery | FigureFilters, thesaurus: Thesaurus
) -> tuple[QueryRewrite, list[MatchedConcept]]:
    """The backend's rewrite of a query, and the concepts its words were expanded with."""
    groups = topic_groups(query.topic, thesaurus)
    measures = measure_group(query.measure, thesaurus) if isinstance(query, FigureFilters) else []
    named = fold(query.facet_names) if isinstance(query, SearchQuery) else ""
    # Bodies match by their names in every language, not only by those seen in the documents.
    by_names = {"entity_match": named, "entity_keys": default_bodies().matching(named)}
    if not query.cross_lingual or not query.q.strip():
        return QueryRewrite(text=query.q, topics=groups, measures=measures, **by_names), []
    expansion = expand_query(query.q, thesaurus)
    rewrite = QueryRewrite(
        text=expansion.query,
        prefer=query.q,
        topics=groups,
        measures=measures,
        highlight=expansion.highlight,
        **by_names,
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


def name_entities(result: SearchResult, language: str) -> SearchResult:
    """The entities facet with display names: a body's or a country's name in `language`
    (else English), any other entity's name as most documents write it."""
    if not result.facets.get("entities"):
        return result
    named = [
        facet.model_copy(
            update={"name": entity_name(facet.value, facet.forms, language, facet.label)}
        )
        for facet in result.facets["entities"]
    ]
    return result.model_copy(update={"facets": {**result.facets, "entities": named}})


def entity_name(key: str, forms: Sequence[str], language: str, label: str | None = None) -> str:
    """The display name of an entity: a body's name in `language` (else English), a place that
    is a country by the country's name, any other entity's name as most documents write it
    (`forms` come most used first)."""
    bodies = default_bodies()
    if key in bodies:
        return bodies.by_key[key].display_name(language)
    if label == "LOC" and (code := named_country(key)) is not None:
        return country_name(code, language)  # "cote d ivoire" -> "Costa d’Avorio" in Italian
    return forms[0] if forms else key


def name_countries(result: SearchResult, language: str | None) -> SearchResult:
    """The countries facet with each country's name in `language` (else English)."""
    if not result.facets.get("countries"):
        return result
    named = [
        facet.model_copy(update={"name": country_name(facet.value, language)})
        for facet in result.facets["countries"]
    ]
    return result.model_copy(update={"facets": {**result.facets, "countries": named}})


def name_entity_page(page: EntityPage, language: str) -> EntityPage:
    """The page with display names in `language`: its entity's and the related entities'."""
    related = [
        entity.model_copy(
            update={"name": entity_name(entity.key, entity.forms, language, entity.label)}
        )
        for entity in page.related
    ]
    forms = [form.form for form in page.forms]
    return page.model_copy(
        update={"name": entity_name(page.key, forms, language, page.label), "related": related}
    )


def name_country_table(table: EntityCountryTable, language: str) -> EntityCountryTable:
    """The entities-by-country table with display names in `language`."""
    rows = [
        row.model_copy(update={"name": entity_name(row.key, row.forms, language, row.label)})
        for row in table.entities
    ]
    return table.model_copy(update={"entities": rows})


def name_measures(page: FigurePage, thesaurus: Thesaurus, language: str | None) -> FigurePage:
    """The measures facet with each measure's preferred label (in `language`, else English)."""
    if "measures" not in page.facets:
        return page
    measures = thesaurus.measures
    named = [
        facet.model_copy(
            update={
                "name": measures.concepts[facet.value].label(language)
                if facet.value in measures
                else None
            }
        )
        for facet in page.facets["measures"]
    ]
    return page.model_copy(update={"facets": {**page.facets, "measures": named}})
