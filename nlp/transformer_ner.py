"""Entity candidates from an optional Hugging Face token-classification model, run per paragraph."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ingest.model import EntityLabel
from nlp.entities import Candidate
from nlp.errors import NerModelUnavailable

# resolve() keeps the longest span and, between spans of equal length, the higher priority.
# A fine-tuned transformer reads names better than the small spaCy models and the name rules
# (priority 1) and than bare acronym guesses (0), so it outranks them; the organisation
# gazetteer (3) still wins an exact tie, because its candidates carry the canonical key that
# joins "OMS" and "WHO" across languages. Gazetteer places and organisation rules share
# priority 2: on the same span they nearly always agree with the model on the label anyway.
PRIORITY = 2
# Paragraphs handed to the pipeline per call: bounds the padded tensors held at once.
BATCH_SIZE = 16
# Longer paragraphs (a PDF's text without blank lines) are cut, at a line break or a space, so
# one paragraph never becomes thousands of model windows in one pipeline item.
MAX_PARAGRAPH_CHARS = 2_000
# Tokens that consecutive windows of one paragraph share when it is longer than the model's
# window, so a name at a window's edge is seen whole in one of them.
STRIDE_TOKENS = 32

# Model labels, once stripped of their B-/I-/E-/S-/L-/U- tag, onto ours. CoNLL-style models
# say PER/ORG/LOC/MISC; OntoNotes-style ones PERSON/GPE/...; dates, amounts and the like are
# the figure extractor's business and are dropped.
_LABELS: dict[str, EntityLabel] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
}
_TAG_PREFIX = re.compile(r"^[BIELSU]-", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


class _Tagger(Protocol):
    """The part of transformers' TokenClassificationPipeline this module calls."""

    def __call__(self, inputs: list[str], **kwargs: Any) -> list[list[dict[str, Any]]]: ...


@dataclass(frozen=True)
class NerModel:
    """A loaded token-classification pipeline and how to call it."""

    name: str
    tagger: _Tagger
    aggregation: str
    stride: int | None


_loaded: dict[str, NerModel] = {}
_lock = threading.Lock()


def load_ner_model(name: str) -> NerModel:
    """The pipeline for setting `ner_model` (a directory or a cached model id), loaded once."""
    with _lock:
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def _load(name: str) -> NerModel:
    try:
        # Imported here only: without the extra, or without ner_model, nothing heavy loads.
        from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline
    except ImportError as error:
        raise NerModelUnavailable(
            f"ner_model {name!r} is set but transformers is not installed: "
            f"pip install -e '.[transformers]' ({error})"
        ) from error
    directory = Path(name).expanduser()
    source = str(directory) if directory.is_dir() else name
    try:
        # local_files_only: a run never downloads; a model id must already be in the cache.
        model = AutoModelForTokenClassification.from_pretrained(source, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as error:
        if directory.is_dir():  # transformers' own message says which file is wrong
            raise NerModelUnavailable(
                f"ner_model {name!r}: the directory holds no loadable token-classification "
                f"model and tokenizer ({error})"
            ) from error
        # Its message here would be about connecting to the Hub, which was never tried.
        raise NerModelUnavailable(
            f"ner_model {name!r}: not a directory and not in the Hugging Face cache "
            "(fetch the model on a machine with internet: see the README)"
        ) from error
    labels = [str(label) for label in model.config.id2label.values()]
    if not any(entity_label(label) for label in labels):
        raise NerModelUnavailable(
            f"ner_model {name!r}: none of its labels ({', '.join(labels[:8])}) names a person, "
            "organisation, place or other entity; is it a NER model?"
        )
    # A tokenizer saved without a length limit reports a huge one; the model's position table
    # is the real bound (less 2: RoBERTa-like models start positions after the padding index).
    positions = getattr(model.config, "max_position_embeddings", None)
    if positions and tokenizer.model_max_length > positions:
        tokenizer.model_max_length = positions - 2
    tagger = pipeline("token-classification", model=model, tokenizer=tokenizer)
    # "first" labels a whole word by its first piece, which needs the tokenizer to mark word
    # continuations (WordPiece's "##"). SentencePiece models (XLM-R) do not: transformers then
    # guesses words from spaces and glues "l'OMS" into one word labelled as "l"; "simple"
    # keeps each piece's own label and finds "OMS".
    backend = getattr(tokenizer, "backend_tokenizer", None)
    word_aware = bool(getattr(getattr(backend, "model", None), "continuing_subword_prefix", ""))
    # Overlapping windows over long paragraphs need a fast tokenizer's offsets.
    stride = min(STRIDE_TOKENS, tokenizer.model_max_length // 4) if tokenizer.is_fast else None
    return NerModel(name, tagger, "first" if word_aware else "simple", stride)


def entity_label(label: str) -> EntityLabel | None:
    """Our label for a model's ("B-PER", "I-PERSON", "GPE", "LABEL_3"), or None to drop it."""
    return _LABELS.get(_TAG_PREFIX.sub("", label.strip()).upper())


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph of text[start:end], edge spaces left out, long ones cut."""
    end = len(text) if end is None else end
    position = start
    for boundary in (*_PARAGRAPH_BREAK.finditer(text, start, end), None):
        stop = boundary.start() if boundary else end
        yield from _cut(text, position, stop)
        position = boundary.end() if boundary else end


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end:
        stop = min(end, start + MAX_PARAGRAPH_CHARS)
        if stop < end:
            cut = text.rfind("\n", start, stop)
            if cut <= start:
                cut = text.rfind(" ", start, stop)
            stop = cut if cut > start else stop
        if any(ch.isalpha() for ch in text[start:stop]):
            yield start, stop
        start = stop
        while start < end and text[start].isspace():
            start += 1


def transformer_candidates(
    model: NerModel,
    text: str,
    regions: Sequence[tuple[int, int]] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Candidate]:
    """The model's entities in `text` (within `regions`, else all of it), in document offsets.

    The pipeline sees one paragraph at a time, `batch_size` of them per call; its offsets are
    the paragraph's, so each is shifted by where the paragraph starts.
    """
    spans = [
        paragraph
        for start, end in (regions if regions is not None else [(0, len(text))])
        for paragraph in paragraph_spans(text, start, end)
    ]
    options: dict[str, Any] = {"aggregation_strategy": model.aggregation}
    if model.stride is not None:
        options["stride"] = model.stride
    found = []
    for first in range(0, len(spans), batch_size):
        group = spans[first : first + batch_size]
        outputs = model.tagger(
            [text[start:end] for start, end in group], batch_size=len(group), **options
        )
        for (offset, _), entities in zip(group, outputs, strict=True):
            for entity in entities:
                label = entity_label(str(entity.get("entity_group", entity.get("entity", ""))))
                start, end = entity.get("start"), entity.get("end")
                if label is None or start is None or end is None or end <= start:
                    continue
                found.append(Candidate(offset + int(start), offset + int(end), label, PRIORITY))
    return found
