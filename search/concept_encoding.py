"""How thesaurus concepts are written into the indexes: the topics a document is filed under,
and the words that stand for concepts beside its text."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from ingest.model import Topic

# A document is filed under (topic filter and facet) its most-discussed concepts only: a
# passing mention still makes it findable by words, but it is not what the document is about.
MAIN_TOPICS = 10

# Indexes hold a document's concepts as words of their own, repeated up to this many times,
# so a query can ask for a concept as cheaply as for a word, weighted by how much is said.
CONCEPT_TOKEN_REPEATS = 10


def main_topics(topics: list[Topic]) -> list[str]:
    """The concepts a document is filed under: the MAIN_TOPICS most named (topics come sorted)."""
    return [topic.concept for topic in topics[:MAIN_TOPICS]]


@lru_cache(maxsize=4096)  # a figure's few concepts come back figure after figure
def concept_token(concept: str) -> str:
    """The word that stands for a concept in the indexes: letters and digits only, so every
    tokenizer keeps it whole, and unlike any word of a real text."""
    return "zc" + hashlib.sha1(concept.encode()).hexdigest()[:12]


def concept_words(topics: Sequence[Topic | str]) -> str:
    """The concept words of a document's topics, each repeated as often as the concept is
    named (capped), or of a figure's concept ids, once each."""
    return " ".join(
        concept_token(topic)
        if isinstance(topic, str)
        else " ".join([concept_token(topic.concept)] * min(topic.count, CONCEPT_TOKEN_REPEATS))
        for topic in topics
    )
