"""Turns documents into analysed documents: entities, countries, dates and figures."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from ingest.model import Document, Entity, Failure
from nlp.about import describe
from nlp.acronyms import keep_named_acronyms
from nlp.as_of import tie_dates
from nlp.budget import UNLIMITED, Budget, Meter
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
from nlp.pipelines import MAX_CHUNK_CHARS, PERSON_NAME_DONORS, PIPE_BATCH_CHARS, Pipelines
from nlp.place_entities import place_candidates
from nlp.places import PlaceMention, find_places
from nlp.segments import SEGMENT_CHARS, joined, part_of, segment_bounds
from nlp.thesaurus import Thesaurus, default_thesaurus
from nlp.topics import count_topics, find_mentions, tag_figures
from nlp.transformer_ner import load_ner_model, transformer_candidates

if TYPE_CHECKING:  # spaCy is imported with the first pipeline (nlp.pipelines)
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class _Chunk:
    """A stretch of one part in one language, small enough for one spaCy call."""

    part: int
    start: int
    end: int
    language: str


@dataclass
class _Work:
    """One document under analysis: its parts as they come back, or why it was stopped."""

    document: Document
    meter: Meter
    parts: int
    done: list[tuple[int, Document]] = field(default_factory=list)
    title_references: Counter[str] = field(default_factory=Counter)
    seen: int = 0
    stopped: str | None = None

    def stop_if_over(self) -> bool:
        """Stop the document when it has spent its budget; True when it is stopped."""
        self.stopped = self.stopped or self.meter.over()
        return self.stopped is not None

    def result(self) -> Document | Failure:
        if self.stopped:
            return Failure(source=self.document.source, reason=self.stopped)
        if self.parts == 1:
            return _on_pages(self.done[0][1])
        fields = joined(self.done, self.title_references)
        return _on_pages(self.document.model_copy(update=fields))


@dataclass(frozen=True)
class _Part:
    """A part of a document (the whole of it, unless it is long) and where it starts."""

    work: _Work
    offset: int
    document: Document
    opening: bool


class Analyzer:
    """Runs the NLP stages over documents in batches, one `nlp.pipe` call per language.

    With `ner_model` (a transformers token-classification model: a directory or a cached id),
    its entities join spaCy's and the rules' candidates before they are resolved. Documents
    longer than `segment_chars` are analysed in parts (nlp/segments.py).
    """

    def __init__(
        self,
        pipelines: Pipelines,
        batch_size: int = 32,
        thesaurus: Thesaurus | None = None,
        ner_model: str | None = None,
        segment_chars: int = SEGMENT_CHARS,
    ) -> None:
        self.pipelines = pipelines
        self.batch_size = batch_size
        self._thesaurus = thesaurus
        self.ner_model = ner_model
        self.segment_chars = segment_chars

    @property
    def thesaurus(self) -> Thesaurus:
        if self._thesaurus is None:
            self._thesaurus = default_thesaurus()
        return self._thesaurus

    def analyze(
        self, documents: Iterable[Document], budget: Budget = UNLIMITED
    ) -> Iterator[Document | Failure]:
        """Analysed copies of `documents`, in the same order; language must already be set.

        A document that spends its `budget` (or whose budget is cancelled) comes back as a
        Failure saying which setting it went over; the others are not affected.
        """
        parts = self._parts(documents, budget)
        pending: deque[_Work] = deque()
        while batch := list(islice(parts, self.batch_size)):
            for part in batch:
                if not pending or pending[-1] is not part.work:
                    pending.append(part.work)
            self._analyze_batch(batch)
            while pending and pending[0].seen == pending[0].parts:
                yield pending.popleft().result()

    def analyze_one(self, document: Document) -> Document:
        [result] = self.analyze([document])
        assert isinstance(result, Document)  # no budget, no failure
        return result

    def _parts(self, documents: Iterable[Document], budget: Budget) -> Iterator[_Part]:
        for document in documents:
            bounds = segment_bounds(document.text, self.segment_chars)
            work = _Work(document, budget.meter(), len(bounds))
            if len(bounds) == 1:
                yield _Part(work, 0, document, opening=True)
                continue
            for number, (start, end) in enumerate(bounds):
                yield _Part(work, start, part_of(document, start, end), opening=number == 0)

    def _analyze_batch(self, batch: list[_Part]) -> None:
        for part in batch:
            part.work.seen += 1
        live = [part for part in batch if not part.work.stop_if_over()]
        chunks_by_language: dict[str, list[_Chunk]] = defaultdict(list)
        for index, part in enumerate(live):
            for chunk in self._chunks(index, part.document):
                chunks_by_language[chunk.language].append(chunk)
        places = [find_places(part.document.text) for part in live]
        candidates: list[list[Candidate]] = [[] for _ in live]
        for language, chunks in chunks_by_language.items():
            nlp = self.pipelines.get(language)
            assert nlp is not None  # _chunks only yields languages with a pipeline
            for chunk, doc in _piped(nlp, live, chunks):
                live[chunk.part].work.meter.add_tokens(len(doc))
                candidates[chunk.part] += _chunk_candidates(
                    live[chunk.part].document.text, chunk, doc, places[chunk.part]
                )
            donor = self.pipelines.get(PERSON_NAME_DONORS.get(language))
            if donor is not None and "ner" not in nlp.pipe_names:
                for chunk, doc in _piped(donor, live, chunks):
                    candidates[chunk.part] += borrowed_person_candidates(doc, chunk.start)
        if self.ner_model:
            # The same stretches spaCy read: text in the languages we analyse.
            regions: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for chunks in chunks_by_language.values():
                for chunk in chunks:
                    regions[chunk.part].append((chunk.start, chunk.end))
            model = load_ner_model(self.ner_model)
            for index, spans in regions.items():
                if not live[index].work.stop_if_over():
                    text = live[index].document.text
                    candidates[index] += transformer_candidates(model, text, spans)
        for part, found, part_places in zip(live, candidates, places, strict=True):
            if part.work.stop_if_over():
                continue
            entities = _entities(part.document.text, found)
            analysed, title_references = self._enrich(
                part.document, entities, part_places, part.opening
            )
            part.work.done.append((part.offset, analysed))
            if part.opening:
                part.work.title_references = title_references

    def _enrich(
        self,
        document: Document,
        entities: list[Entity],
        places: list[PlaceMention],
        opening: bool = True,
    ) -> tuple[Document, Counter[str]]:
        """Add entities and, for languages we analyse, countries, dates and figures; with the
        references to countries in the title, which only the `opening` part reads."""
        if document.language not in self.pipelines.languages():
            return document.model_copy(update={"entities": entities}), Counter()
        text, language = document.text, document.language
        mentions = find_mentions(text, document.paragraph_languages, language, self.thesaurus)
        labels = [(mention.start, mention.end) for mention in mentions]
        mentioned = count_references(text, language, places, labels)
        in_title: Counter[str] = Counter()
        if opening:
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
        ), in_title

    def _chunks(self, part: int, document: Document) -> Iterator[_Chunk]:
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
                yield _Chunk(part, start, end, span.language)
                start = end


def _piped(nlp: Language, parts: list[_Part], chunks: list[_Chunk]) -> Iterator[tuple[_Chunk, Doc]]:
    """Each chunk with spaCy's reading of it, fed in groups of bounded length (spaCy keeps a
    whole batch's activations at once); a chunk whose document has spent its budget is read as
    nothing, and left out."""
    group: list[_Chunk] = []
    length = 0
    for chunk in [*chunks, None]:
        size = 0 if chunk is None else chunk.end - chunk.start
        if group and (chunk is None or length + size > PIPE_BATCH_CHARS):
            texts = [
                ""
                if parts[c.part].work.stop_if_over()
                else parts[c.part].document.text[c.start : c.end]
                for c in group
            ]
            for done, doc in zip(group, nlp.pipe(texts, batch_size=len(texts)), strict=True):
                if not parts[done.part].work.stopped:
                    yield done, doc
            group, length = [], 0
        if chunk is not None:
            group.append(chunk)
            length += size


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
