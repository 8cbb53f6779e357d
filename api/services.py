"""Wiring: the `Services` bundle built once from settings, and the search façade over it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from api.pipeline import Pipeline
from api.query_rewrites import (
    name_countries,
    name_country_table,
    name_entities,
    name_entity_page,
    name_measures,
    name_topics,
    rewrite_query,
    with_country_codes,
)
from api.settings import Settings
from api.upload_ids import Claims
from ingest.language import Detector, best_language, make_detector
from ingest.ocr import Ocr
from nlp.analyzer import Analyzer
from nlp.entities import entity_key
from nlp.ocr_repair import repair_numbers
from nlp.pipelines import Pipelines
from nlp.thesaurus import Thesaurus, default_thesaurus
from search.backend import MAX_LIMIT, Hit, SearchBackend, SearchQuery, SearchResult
from search.entity_pages import EntityCountryTable, EntityPage, EntityPageQuery
from search.figure_summary import FigureSummary, SummaryQuery
from search.figures import FigurePage, FigureQuery, FigureRow
from search.open import open_backend


class Services:
    """Everything the CLI and the HTTP app use; each part is built on first use, once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Ids uploads in progress have chosen (api/upload_ids.py): one set per index.
        self.upload_claims = Claims()

    @cached_property
    def backend(self) -> SearchBackend:
        return open_search(self.settings)

    @cached_property
    def detector(self) -> Detector:
        return make_detector(self.settings.detector, self.settings.detect_languages)

    @cached_property
    def ocr(self) -> Ocr:
        """OCR for scans; the language of a scan of unknown language is told by the detector,
        and numbers OCR misread are repaired where the evidence is strong."""

        def identify(text: str) -> str | None:
            return best_language(self.detector, text, self.settings.min_language_confidence)[0]

        return Ocr(self.settings.ocr_options(), identify=identify, repair=repair_numbers)

    @cached_property
    def pipelines(self) -> Pipelines:
        return Pipelines(self.settings.spacy_models)

    @cached_property
    def thesaurus(self) -> Thesaurus:
        return default_thesaurus()

    @cached_property
    def analyzer(self) -> Analyzer:
        return Analyzer(
            self.pipelines,
            batch_size=self.settings.batch_size,
            thesaurus=self.thesaurus,
            ner_model=self.settings.ner_model,
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        """The route documents take to the index; its workers wire themselves like this."""
        return Pipeline(self, build_services)

    # The search façade: queries rewritten by the thesaurus, answers named in a language.

    def search(self, query: SearchQuery, names_in: str | None = None) -> SearchResult:
        """Search with cross-lingual expansion (unless switched off) and topic hierarchy;
        entities and countries are named in `names_in`, else the query's language (told or
        detected)."""
        query = with_country_codes(query)
        rewrite, concepts = rewrite_query(query, self.thesaurus)
        result = self.backend.search(query, rewrite)
        named = name_topics(result, self.thesaurus, query.lang)
        language = names_in or query.lang or self.language_of(query.q or query.facet_names)
        named = name_countries(name_entities(named, language), language)
        return named.model_copy(update={"concepts": concepts})

    def iter_hits(self, query: SearchQuery, most: int) -> tuple[int, Iterator[Hit]]:
        """How many documents match, and up to `most` of their hits, page after page along
        the cursor (no facets). The first page is searched now, so that a bad query fails
        before an export starts."""
        page = query.model_copy(update={"limit": MAX_LIMIT, "facets": False})
        first = self.search(page)

        def hits() -> Iterator[Hit]:
            result, given = first, 0
            while True:
                for hit in result.hits[: most - given]:
                    yield hit
                    given += 1
                if given >= most or not result.next_cursor or not result.hits:
                    return
                result = self.search(page.model_copy(update={"cursor": result.next_cursor}))

        return first.total, hits()

    def language_of(self, text: str) -> str:
        """The language a query is written in, when the detector is sure; else English."""
        if not text.strip():
            return "en"
        told = best_language(self.detector, text, self.settings.min_language_confidence)[0]
        return told if told in ("fr", "it", "en") else "en"

    def entity_page(self, query: EntityPageQuery, language: str) -> EntityPage | None:
        """One entity's page, named in `language`. A key no document has is read as a name
        ("Nghệ An", "ONUDC") and tried again under the key the analysis gives that name."""
        page = self.backend.entity_page(query)
        if page is None and (key := entity_key(query.key)) not in ("", query.key):
            page = self.backend.entity_page(query.model_copy(update={"key": key}))
        return None if page is None else name_entity_page(page, language)

    def entities_by_country(
        self, query: SearchQuery, names_in: str | None = None
    ) -> EntityCountryTable:
        """The top entities of `query`'s entities facet with their documents per country,
        named like the facet (`names_in`, else the query's language)."""
        query = with_country_codes(query)
        rewrite, _ = rewrite_query(query, self.thesaurus)
        table = self.backend.entities_by_country(query, rewrite)
        language = names_in or query.lang or self.language_of(query.q or query.facet_names)
        return name_country_table(table, language)

    def search_figures(self, query: FigureQuery) -> FigurePage:
        """A page of figure rows, with the count per measure named in the query's language."""
        query = with_country_codes(query)
        rewrite, _ = rewrite_query(query, self.thesaurus)
        page = self.backend.search_figures(query, rewrite)
        return name_measures(page, self.thesaurus, query.lang)

    def iter_figures(self, query: FigureQuery) -> Iterator[FigureRow]:
        # The rewrite is made before streaming starts, so a bad topic fails with 422, not mid-CSV.
        query = with_country_codes(query)
        rewrite, _ = rewrite_query(query, self.thesaurus)
        return iter(self.backend.iter_figures(query, rewrite))

    def summarise_figures(self, query: SummaryQuery) -> FigureSummary:
        """Comparable figures per country and year, filtered like a figure search."""
        query = with_country_codes(query)
        rewrite, _ = rewrite_query(query, self.thesaurus)
        return self.backend.summarise_figures(query, rewrite)


def open_search(settings: Settings, url: str | None = None) -> SearchBackend:
    """The backend `url` names (default: the settings' search_url), with the settings'
    Elasticsearch options when it is a cluster."""
    url = settings.search_url if url is None else url
    if url.startswith(("http://", "https://")):
        return open_backend(url, **settings.elasticsearch_options())
    return open_backend(url)


def build_services(settings: Settings | None = None) -> Services:
    """The entry points' one way to get wired services."""
    return Services(settings or Settings())
