"""Wiring: the `Services` bundle built once from settings, and the ingest pipeline it runs."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path

from api.parallel_ingest import analysed_in_parallel
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
from ingest.extracted import PageProgress
from ingest.language import Detector, best_language, detect_language, make_detector
from ingest.model import Document, Failure
from ingest.ocr import Ocr, OcrStats
from ingest.sources import iter_files, read_documents
from nlp.analyzer import Analyzer
from nlp.budget import Budget
from nlp.entities import entity_key
from nlp.pipelines import Pipelines
from nlp.thesaurus import Thesaurus, default_thesaurus
from search.backend import (
    MAX_LIMIT,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResult,
    open_backend,
)
from search.entity_pages import EntityCountryTable, EntityPage, EntityPageQuery
from search.errors import BackendUnavailable
from search.figure_summary import FigureSummary, SummaryQuery
from search.figures import FigurePage, FigureQuery, FigureRow

log = logging.getLogger(__name__)


# Below this mean word confidence an OCR'd page is more guess than reading.
DOUBTFUL_OCR_CONFIDENCE = 0.6


@dataclass
class IngestReport:
    """What an ingest run did: counts for the summary, failures for the user to fix."""

    documents: int = 0
    entities: int = 0
    ocr_pages: int = 0
    ocr_cache_hits: int = 0
    # OCR'd pages Tesseract was unsure of, (source, page, confidence): worth a look by eye.
    doubtful_pages: list[tuple[str, int, float]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)


class Services:
    """Everything the CLI and the HTTP app use; each part is built on first use, once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Ids uploads in progress have chosen (api/upload_ids.py): one set per index.
        self.upload_claims = Claims()

    @cached_property
    def backend(self) -> SearchBackend:
        url = self.settings.search_url
        if url.startswith(("http://", "https://")):
            return open_backend(url, **self.settings.elasticsearch_options())
        return open_backend(url)

    @cached_property
    def detector(self) -> Detector:
        return make_detector(self.settings.detector, self.settings.detect_languages)

    @cached_property
    def ocr(self) -> Ocr:
        """OCR for scans; the language of a scan of unknown language is told by the detector."""

        def identify(text: str) -> str | None:
            return best_language(self.detector, text, self.settings.min_language_confidence)[0]

        return Ocr(self.settings.ocr_options(), identify=identify)

    def read(
        self,
        paths: Iterable[Path],
        language: str | None = None,
        *,
        base: Path | None = None,
        source_prefix: str = "",
        on_page: PageProgress | None = None,
    ) -> Iterator[Document | Failure]:
        """The documents of files and directories, read with this deployment's limits and OCR."""
        return read_documents(
            paths,
            base=base,
            source_prefix=source_prefix,
            limits=self.settings.read_limits(),
            ocr=self.ocr,
            language=language,
            on_page=on_page,
        )

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

    def analyze(
        self,
        items: Iterable[Document | Failure],
        language: str | None = None,
        budget: Budget | None = None,
    ) -> Iterator[Document | Failure]:
        """Detect and analyse each document; a document that breaks a stage or spends its
        `budget` (by default the settings') becomes a Failure."""
        budget = budget or self.settings.analysis_budget()
        iterator = iter(items)
        # The language of each message with attachments, which come after it: an attachment
        # whose own text cannot tell (a table: a few headers and names) is taken to be in it.
        messages: dict[str, str] = {}
        while batch := list(islice(iterator, self.settings.batch_size)):
            detected: list[Document | Failure] = []
            for item in batch:
                parent = item.attached_to if isinstance(item, Document) else None
                told = self._detect(item, language, messages.get(parent or ""))
                if isinstance(told, Document) and told.attachments and told.language:
                    messages[told.id] = told.language
                detected.append(told)
            documents = [item for item in detected if isinstance(item, Document)]
            analysed = iter(self._analyze_batch(documents, budget))
            for item in detected:
                yield next(analysed) if isinstance(item, Document) else item

    def _detect(
        self, item: Document | Failure, language: str | None, fallback: str | None = None
    ) -> Document | Failure:
        if isinstance(item, Failure):
            return item
        if language:
            item = item.model_copy(update={"language": language})
        try:
            return detect_language(
                item, self.detector, self.settings.min_language_confidence, fallback
            )
        except Exception as error:  # a detector bug must cost one document, not the batch
            log.exception("language detection failed for %s", item.source)
            return Failure(source=item.source, reason=f"language detection failed: {error}")

    def _analyze_batch(self, documents: list[Document], budget: Budget) -> list[Document | Failure]:
        try:
            return list(self.analyzer.analyze(documents, budget))
        except Exception:
            log.warning("analysis of a batch failed; retrying its documents one by one")
        # Something in the batch broke the analyzer: retry one by one to isolate it.
        results: list[Document | Failure] = []
        for document in documents:
            try:
                results += self.analyzer.analyze([document], budget)
            except Exception as error:
                log.exception("analysis failed for %s", document.source)
                results.append(Failure(source=document.source, reason=f"analysis failed: {error}"))
        return results

    def ingest(
        self,
        paths: Iterable[Path],
        language: str | None = None,
        on_item: Callable[[Document | Failure], None] | None = None,
        workers: int = 1,
        on_page: PageProgress | None = None,
    ) -> IngestReport:
        """Read, analyse and index every document under `paths`, batch by batch.

        With `workers` > 1, that many processes analyse while this one indexes. `on_page`
        hears how far the OCR of long files is.
        """
        report = IngestReport()
        ocr = OcrStats() if workers > 1 else self.ocr.stats
        before = ocr.now()
        analysed: Iterator[Document | Failure]
        if workers > 1:
            files = list(iter_files(paths))
            analysed = analysed_in_parallel(
                self.settings, files, language, workers, self.settings.batch_size, ocr, on_page
            )
        else:
            analysed = self.analyze(self.read(paths, language, on_page=on_page), language)

        # Progress follows the analysis, document by document; the index takes them in larger
        # batches, since every commit costs a segment flush and a merge.
        def analysed_with_progress() -> Iterator[Document | Failure]:
            for item in analysed:
                if on_item:
                    on_item(item)
                yield item

        items = analysed_with_progress()
        while batch := list(islice(items, self.settings.index_batch_size)):
            documents = [item for item in batch if isinstance(item, Document)]
            report.failures += [item for item in batch if isinstance(item, Failure)]
            report.failures += self.index(documents)
            failed = {failure.source for failure in report.failures}
            for document in documents:
                if document.source not in failed:
                    report.documents += 1
                    report.entities += len(document.entities)
                    report.languages[document.language or "und"] += 1
                    report.doubtful_pages += [
                        (document.source, page.number, page.ocr_confidence)
                        for page in document.pages
                        if page.ocr_confidence is not None
                        and page.ocr_confidence < DOUBTFUL_OCR_CONFIDENCE
                    ]
        report.ocr_pages, report.ocr_cache_hits = ocr.since(before)
        return report

    def index(self, documents: list[Document]) -> list[Failure]:
        """Index a batch; if the batch fails as a whole, index one by one to find the culprit."""
        try:
            return self.backend.upsert(documents)
        except BackendUnavailable:
            raise  # not the documents' fault: stop and say so
        except Exception:
            if len(documents) <= 1:
                raise
        failures: list[Failure] = []
        for document in documents:
            try:
                failures += self.backend.upsert([document])
            except Exception as error:
                failures.append(Failure(source=document.source, reason=f"indexing failed: {error}"))
        return failures


def build_services(settings: Settings | None = None) -> Services:
    """The entry points' one way to get wired services."""
    return Services(settings or Settings())
