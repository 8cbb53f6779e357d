"""Turns documents into analysed documents: entities now, figures, dates and countries next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ingest.model import Document
from nlp.entities import (
    Candidate,
    acronym_candidates,
    place_candidates,
    refine_with_places,
    resolve,
    spacy_candidates,
)
from nlp.italian import italian_candidates
from nlp.pipelines import MAX_CHUNK_CHARS, Pipelines


@dataclass(frozen=True)
class _Chunk:
    """A stretch of one document in one language, small enough for one spaCy call."""

    document: int
    start: int
    end: int
    language: str


class Analyzer:
    """Runs the NLP stages over documents in batches, one `nlp.pipe` call per language."""

    def __init__(self, pipelines: Pipelines, batch_size: int = 32) -> None:
        self.pipelines = pipelines
        self.batch_size = batch_size

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
        candidates: list[list[Candidate]] = [[] for _ in batch]
        for language, chunks in chunks_by_language.items():
            nlp = self.pipelines.get(language)
            assert nlp is not None  # _chunks only yields languages with a pipeline
            texts = (batch[c.document].text[c.start : c.end] for c in chunks)
            for chunk, doc in zip(chunks, nlp.pipe(texts), strict=True):
                text = batch[chunk.document].text[chunk.start : chunk.end]
                found = spacy_candidates(doc, chunk.start)
                places = [
                    Candidate(p.start + chunk.start, p.end + chunk.start, p.label, p.priority)
                    for p in place_candidates(text)
                ]
                rules = acronym_candidates(text)
                if language == "it":
                    rules += italian_candidates(text)
                shifted = [
                    Candidate(c.start + chunk.start, c.end + chunk.start, c.label, c.priority)
                    for c in rules
                ]
                candidates[chunk.document] += refine_with_places(found, places) + places + shifted
        return [
            document.model_copy(update={"entities": resolve(document.text, found)})
            for document, found in zip(batch, candidates, strict=True)
        ]

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
