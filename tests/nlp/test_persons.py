"""People's names: titles and roles stay outside the span, a lone surname is the same person."""

from __future__ import annotations

import re

import pytest

from ingest.model import Entity
from nlp.entities import entity_key
from nlp.persons import mend_person_names


def _person(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(text=name, label="PER", start=start, end=start + len(name), key=entity_key(name))


# (text, the span a model gave, the name a reader marks or None)
TRIMMED = [
    ("Special Rapporteur Maria Rossi visited the camp.", "Special Rapporteur Maria Rossi",
     "Maria Rossi"),
    ("Sergeant Tom Hale confirmed the arrests.", "Sergeant Tom Hale", "Tom Hale"),
    ("Gen Amir Qureshi said the border was closed.", "Gen Amir Qureshi", "Amir Qureshi"),
    ("Le Dr Paul Martin dirige le centre.", "Dr Paul Martin", "Paul Martin"),
    ("Selon Marie Dupuis, le service est saturé.", "Selon Marie Dupuis", "Marie Dupuis"),
    ("Le ministre Jean Lefèvre a signé le décret.", "ministre Jean Lefèvre", "Jean Lefèvre"),
    ("Da Lorenzo Neri arriva la proposta.", "Da Lorenzo Neri", "Lorenzo Neri"),
    ("Il maresciallo Luca Greco ha fermato due uomini.", "maresciallo Luca Greco", "Luca Greco"),
    ("Il Presidente Sergio Villa ha parlato.", "Presidente Sergio Villa", "Sergio Villa"),
    # A role with no name after it is no person.
    ("Le Directeur général a démissionné.", "Directeur général", None),
    ("The Chief Inspector resigned.", "Chief Inspector", None),
    # A name is left as it is.
    ("Maria Rossi visited the camp.", "Maria Rossi", "Maria Rossi"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "name"), TRIMMED)
def test_titles_and_roles_stay_outside_the_name(text: str, span: str, name: str | None) -> None:
    people = mend_person_names(text, [_person(text, span)])
    assert [p.text for p in people] == ([name] if name else [])
    for person in people:
        assert text[person.start : person.end] == person.text
        assert person.key == entity_key(person.text)


LONE_SURNAMES = [
    ("Anna Conti runs the shelter. Conti said beds are short.", "Anna Conti", "Conti"),
    ("Pierre Garnier dirige l'association. Selon Garnier, 40 lits manquent.", "Pierre Garnier",
     "Garnier"),
    ("Giulia Ferri guida il servizio. Ferri ha spiegato che mancano fondi.", "Giulia Ferri",
     "Ferri"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "full", "surname"), LONE_SURNAMES)
def test_a_surname_alone_after_the_full_name_is_the_same_person(
    text: str, full: str, surname: str
) -> None:
    people = mend_person_names(text, [_person(text, full)])
    alone = [p for p in people if p.text == surname]
    assert len(alone) == 1
    assert alone[0].start == [m.start() for m in re.finditer(surname, text)][1]
    assert alone[0].key == entity_key(full)  # counted with the full name


def test_a_surname_inside_another_name_or_entity_is_not_added() -> None:
    text = "Anna Conti met Conti Bianchi at the Conti Foundation."
    foundation = Entity(text="Conti Foundation", label="ORG", start=36, end=52, key="conti")
    people = mend_person_names(text, [_person(text, "Anna Conti"), foundation])
    assert [e.text for e in people] == ["Anna Conti", "Conti Foundation"]
