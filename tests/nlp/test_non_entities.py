"""Spans that name nothing (gold-format.md) are dropped; a place loses the preposition before it."""

from __future__ import annotations

import pytest

from ingest.model import Entity
from nlp.entities import entity_key
from nlp.non_entities import drop_non_entities


def _entity(text: str, span: str, label: str) -> Entity:
    start = text.index(span)
    return Entity(text=span, label=label, start=start, end=start + len(span), key=entity_key(span))  # type: ignore[arg-type]


DROPPED = [
    # Nationality words, as nouns or adjectives.
    ("Les Suisses boivent moins.", "Suisses", "LOC"),
    ("Gli Italiani bevono meno.", "Italiani", "LOC"),
    ("The Canadians drink less.", "Canadians", "ORG"),
    # Common terms of the field (the thesaurus), capitalised or not.
    ("La Cocaïne arrive par le port.", "Cocaïne", "LOC"),
    ("Il Crack si diffonde.", "Crack", "ORG"),
    ("Heroin seizures doubled.", "Heroin", "ORG"),
    # Roles are not the bodies they serve.
    ("Le ministre de la Santé a parlé.", "ministre de la Santé", "ORG"),
    ("Il ministro della Salute ha parlato.", "ministro della Salute", "ORG"),
    ("The Minister of Health spoke.", "Minister of Health", "ORG"),
    # Currencies and stray letters.
    ("Une valeur de 13 millions de francs Cfa.", "francs Cfa", "LOC"),
    ("Lo ha detto M. Rossi.", "M.", "ORG"),
    ("Voir l'annexe B.", "B", "LOC"),
]


@pytest.mark.parametrize(("text", "span", "label"), DROPPED)
def test_spans_that_name_nothing_are_dropped(text: str, span: str, label: str) -> None:
    assert drop_non_entities(text, [_entity(text, span, label)]) == []


KEPT = [
    # A place named like a nationality word is a place.
    ("La Toscana ha 12 servizi.", "Toscana", "LOC"),
    ("L'Ucraina ha chiuso la frontiera.", "Ucraina", "LOC"),
    ("La Suisse a voté.", "Suisse", "LOC"),
    # Bodies, people and places are names.
    ("Le ministère de la Santé a parlé.", "ministère de la Santé", "ORG"),
    ("Maria Rossi a parlé.", "Maria Rossi", "PER"),
    ("The Health Service Executive said.", "Health Service Executive", "ORG"),
]


@pytest.mark.parametrize(("text", "span", "label"), KEPT)
def test_names_are_kept(text: str, span: str, label: str) -> None:
    entity = _entity(text, span, label)
    assert drop_non_entities(text, [entity]) == [entity]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("La région de l'Estrie compte 12 centres.", "de l'Estrie", "Estrie"),
        ("Les centres du Québec sont pleins.", "du Québec", "Québec"),
        ("I servizi della Toscana sono pieni.", "della Toscana", "Toscana"),
        ("Clinics of Ontario are full.", "of Ontario", "Ontario"),
    ],
)
def test_a_place_loses_the_preposition_before_it(text: str, span: str, name: str) -> None:
    [place] = drop_non_entities(text, [_entity(text, span, "LOC")])
    assert (place.text, text[place.start : place.end], place.key) == (name, name, entity_key(name))
