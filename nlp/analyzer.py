"""Turns documents into analysed documents: entities, countries, dates and figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc

from ingest.model import Document, Entity
from nlp.about import describe
from nlp.acronyms import keep_named_acronyms
from nlp.as_of import tie_dates
from nlp.countries import count_references, countries_about
from nlp.dates import find_dates
from nlp.entities import (
    Candidate,
    acronym_candidates,
    borrowed_person_candidates,
    known_body,
    organisation_candidates,
    refine_with_places,
    resolve,
    spacy_candidates,
)
from nlp.figures import find_figures
from nlp.measures import resolve_measures
from nlp.name_rules import rule_candidates
from nlp.non_entities import drop_non_entities
from nlp.persons import mend_person_names
from nlp.pipelines import MAX_CHUNK_CHARS, PERSON_NAME_DONORS, Pipelines
from nlp.place_entities import place_candidates
from nlp.places import PlaceMention, find_places
from nlp.thesaurus import Thesaurus, default_thesaurus
from nlp.topics import count_topics, find_mentions, tag_figures
from nlp.transformer_ner import load_ner_model, transformer_candidates


@dataclass(frozen=True)
class _Chunk:
    """A stretch of one document in one language, small enough for one spaCy call."""

    document: int
    start: int
    end: int
    language: str


class Analyzer:
    """Runs the NLP stages over documents in batches, one `nlp.pipe` call per language.

    With `ner_model` (a transformers token-classification model: a directory or a cached id),
    its entities join spaCy's and the rules' candidates before they are resolved.
    """

    def __init__(
        self,
        pipelines: Pipelines,
        batch_size: int = 32,
        thesaurus: Thesaurus | None = None,
        ner_model: str | None = None,
    ) -> None:
        self.pipelines = pipelines
        self.batch_size = batch_size
        self._thesaurus = thesaurus
        self.ner_model = ner_model

    @property
    def thesaurus(self) -> Thesaurus:
        if self._thesaurus is None:
            self._thesaurus = default_thesaurus()
        return self._thesaurus

    def analyze(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Analysed copies of `documents`, in the same order; language must already be set."""
        iterator = iter(documents)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._analyze_batch(batch)

    def analyze_one(self, document: Document) -> Document:
        return next(iter(self._analyze_batch([document])))

    def _analyze_batch(self, batch: list[Document]) -> list[Document]:
        chunks_by_language: dict[str, list[_Chunk]] = defaultdict(list)
        for index, document in enumerate(batch):
            for chunk in self._chunks(index, document):
                chunks_by_language[chunk.language].append(chunk)
        places = [find_places(document.text) for document in batch]
        candidates: list[list[Candidate]] = [[] for _ in batch]
        for language, chunks in chunks_by_language.items():
            nlp = self.pipelines.get(language)
            assert nlp is not None  # _chunks only yields languages with a pipeline
            texts = (batch[c.document].text[c.start : c.end] for c in chunks)
            for chunk, doc in zip(chunks, nlp.pipe(texts), strict=True):
                candidates[chunk.document] += _chunk_candidates(
                    batch[chunk.document].text, chunk, doc, places[chunk.document]
                )
            donor = self.pipelines.get(PERSON_NAME_DONORS.get(language))
            if donor is not None and "ner" not in nlp.pipe_names:
                texts = (batch[c.document].text[c.start : c.end] for c in chunks)
                for chunk, doc in zip(chunks, donor.pipe(texts), strict=True):
                    candidates[chunk.document] += borrowed_person_candidates(doc, chunk.start)
        if self.ner_model:
            # The same stretches spaCy read: text in the languages we analyse.
            regions: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for chunks in chunks_by_language.values():
                for chunk in chunks:
                    regions[chunk.document].append((chunk.start, chunk.end))
            model = load_ner_model(self.ner_model)
            for index, spans in regions.items():
                candidates[index] += transformer_candidates(model, batch[index].text, spans)
        return [
            _on_pages(self._enrich(document, _entities(document.text, found), document_places))
            for document, found, document_places in zip(batch, candidates, places, strict=True)
        ]

    def _enrich(
        self, document: Document, entities: list[Entity], places: list[PlaceMention]
    ) -> Document:
        """Add entities and, for languages we analyse, countries, dates and figures."""
        if document.language not in self.pipelines.languages():
            return document.model_copy(update={"entities": entities})
        text, language = document.text, document.language
        mentions = find_mentions(text, document.paragraph_languages, language, self.thesaurus)
        labels = [(mention.start, mention.end) for mention in mentions]
        mentioned = count_references(text, language, places, labels)
        first_line = document.title or text.split("\n", 1)[0][:300]
        if text.startswith(first_line):  # the usual case: the title opens the text
            title_places = [place for place in places if place.end <= len(first_line)]
            title_labels = [label for label in labels if label[1] <= len(first_line)]
        else:
            title_places, title_labels = find_places(first_line), []
        in_title = count_references(first_line, language, title_places, title_labels)
        countries = countries_about(mentioned, in_title)
        dates = find_dates(text, language, document.published)
        figures = describe(text, find_figures(text, language, dates, countries))
        figures = tie_dates(text, figures, dates)
        figures = tag_figures(text, figures, mentions)
        figures = resolve_measures(
            text, figures, document.paragraph_languages, language, self.thesaurus, dates
        )
        return document.model_copy(
            update={
                "entities": entities,
                "countries": countries,
                "countries_mentioned": dict(mentioned.most_common()),
                "dates": dates,
                "figures": figures,
                "topics": count_topics(mentions),
            }
        )

    def _chunks(self, index: int, document: Document) -> Iterator[_Chunk]:
        spans = document.paragraph_languages or []
        for span in spans:
            if span.language is None or span.language not in self.pipelines.languages():
                continue
            start = span.start
            while start < span.end:
                end = min(span.end, start + MAX_CHUNK_CHARS)
                if end < span.end:
                    # Cut at the last line break, else the last space, so no word is split.
                    cut = document.text.rfind("\n", start, end)
                    if cut <= start:
                        cut = document.text.rfind(" ", start, end)
                    end = cut if cut > start else end
                yield _Chunk(index, start, end, span.language)
                start = end


def _on_pages(document: Document) -> Document:
    """A paged document's entities, figures and dates, each with the page it stands on."""
    if not document.pages:
        return document
    page_at = document.page_finder()
    return document.model_copy(
        update={
            name: [span.model_copy(update={"page": page_at(span.start)}) for span in spans]
            for name, spans in (
                ("entities", document.entities),
                ("figures", document.figures),
                ("dates", document.dates),
            )
        }
    )


def _entities(text: str, candidates: list[Candidate]) -> list[Entity]:
    """The document's entities from every layer's candidates."""
    entities = mend_person_names(text, drop_non_entities(text, resolve(text, candidates)))
    return keep_named_acronyms(text, entities, known_body)


def _chunk_candidates(
    text: str, chunk: _Chunk, doc: Doc, places: list[PlaceMention]
) -> list[Candidate]:
    """Entity proposals for one chunk: the model's, the gazetteer's and the rules', in place."""
    piece = text[chunk.start : chunk.end]
    model = spacy_candidates(doc, chunk.start, piece)  # Doc.text would join every token
    inside = [p for p in places if chunk.start <= p.start and p.end <= chunk.end]
    gazetteer = place_candidates(text, inside, model, chunk.language, (chunk.start, chunk.end))
    rules = (
        acronym_candidates(piece)
        + organisation_candidates(piece)
        + rule_candidates(piece, chunk.language)
    )
    shifted = [
        Candidate(c.start + chunk.start, c.end + chunk.start, c.label, c.priority, c.key)
        for c in rules
    ]
    return refine_with_places(text, model, gazetteer) + gazetteer + shifted
