"""Spans the models label that are not names (gold-format.md): nationality words, roles,
currencies, the thesaurus's common terms, stray letters, and prepositions before a place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.model import Entity
from nlp.countries import demonym_forms
from nlp.currencies import is_currency_word
from nlp.entities import entity_key
from nlp.persons import leading_words
from nlp.places import place_index
from nlp.text import fold
from nlp.thesaurus import default_thesaurus

# "de l'Estrie", "du Québec": the preposition is the sentence's, not the place's.
_PREPOSITION_BEFORE_PLACE = re.compile(
    r"^(?:de\s+l['’]|de\s+la\s+|de\s+|du\s+|des\s+|d['’]|della\s+|dello\s+|del\s+|dell['’]|"
    r"di\s+|in\s+|nel\s+|nella\s+|of\s+|in\s+)(?=[A-ZÀ-Ý])"
)
# The longest names of bodies run to about 150 characters.
_LONGEST_NAME = 200
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=1)
def _common_terms() -> frozenset[str]:
    """Folded words that are not names: demonyms ("Suisses") unless a place is called so
    ("Toscana", "Ucraina"), and the thesaurus's one-word lower-case terms ("crack", "héroïne";
    its acronyms and service names are names)."""
    places = place_index()
    terms = {
        fold(form)
        for language in ("fr", "it", "en")
        for form in demonym_forms(language)
        if fold(form) not in places
    }
    for concept in default_thesaurus().concepts.values():
        for labels in concept.labels.values():
            terms.update(
                fold(label) for label in labels.all() if " " not in label and label.islower()
            )
    return frozenset(terms)


def drop_non_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """`entities` without the spans that name nothing, places cut to their name."""
    kept = []
    for entity in entities:
        if entity.label == "LOC" and (preposition := _PREPOSITION_BEFORE_PLACE.match(entity.text)):
            start = entity.start + preposition.end()
            name = text[start : entity.end]
            entity = entity.model_copy(
                update={"text": name, "start": start, "key": entity_key(name)}
            )
        if not _names_nothing(entity):
            kept.append(entity)
    return kept


def _names_nothing(entity: Entity) -> bool:
    words = _WORD.findall(entity.text)
    if sum(ch.isalpha() for ch in entity.text) < 2 or not words:
        return True  # "B", "M."
    if len(entity.text) > _LONGEST_NAME:
        return True  # a run of junk the model read as one name
    folded = fold(entity.text)
    if folded in _common_terms():
        return True  # "Suisses", "crack", "Heroin"
    first = fold(words[0].rstrip("."))
    if entity.label == "ORG" and first in leading_words() and len(words) > 1:
        return True  # "ministre de la Sécurité": a role, not the ministry
    return entity.label != "PER" and is_currency_word(words[0])  # "francs Cfa"
