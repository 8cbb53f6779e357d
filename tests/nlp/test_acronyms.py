"""All-capital words are organisations only with evidence: defined, known, or used as a name."""

from __future__ import annotations

import re

import pytest

from ingest.model import Entity
from nlp.acronyms import is_acronym, keep_named_acronyms
from nlp.entities import known_body

# (text, the all-capital word, whether a reader takes it for a body)
CASES = [
    # Defined beside its long name, either way round.
    ("L'Observatoire régional des addictions (ORA) publie son rapport.", "ORA", True),
    ("L'ORA (Observatoire régional des addictions) publie son rapport.", "ORA", True),
    ("Il Centro studi sulle dipendenze (CSD) ha contato 40 casi.", "CSD", True),
    ("The Drug Outreach Network (DON) opened two sites.", "DON", True),
    ("L'association d'entraide (APEA ou ACPE) suit 80 familles.", "ACPE", True),
    # A body everyone knows, named once.
    ("Selon l'ONUDC, la production a doublé.", "ONUDC", True),
    ("The WHO says coverage is falling.", "WHO", True),
    # Used as a name twice in running text.
    ("The CRT met in May. Later the CRT approved the plan.", "CRT", True),
    # The article a French or Italian reader puts before a body's acronym.
    ("La direction de la PNB a annoncé des sanctions.", "PNB", True),
    ("I dati dell'ASP sono stati pubblicati ieri.", "ASP", True),
    ("Le réseau a été démantelé par la PNB.", "PNB", True),  # a full stop after it
    # Headings shout: no word of them is a body for being in capitals.
    ("CONTRASTO AL TRAFFICO DI DROGA\nSono stati sequestrati 40 chili.", "DROGA", False),
    ("LUTTE CONTRE LA DROGUE\nLa police a saisi 40 kilos.", "LUTTE", False),
    ("WHAT HAPPENED NEXT\nThe clinic closed.", "HAPPENED", False),
    # Stress, common abbreviations and terms named once.
    ("Police seized NEARLY two tonnes of cannabis.", "NEARLY", False),
    ("The CCTV footage was handed to the court.", "CCTV", False),
    ("Il rapporto cita ogni SERD della regione.", "SERD", False),
    # A heading's word used once in running text is still not a name.
    ("EVASIONE FISCALE\nLa guardia ha scoperto una EVASIONE di 20 milioni.", "EVASIONE", False),
]


def _org(text: str, word: str) -> Entity:
    start = re.search(rf"(?<![\w&]){re.escape(word)}(?![\w&])", text)
    assert start is not None
    return Entity(text=word, label="ORG", start=start.start(), end=start.end(), key=word.lower())


@pytest.mark.parametrize(("text", "word", "kept"), CASES)
def test_an_acronym_is_an_organisation_only_with_evidence(text: str, word: str, kept: bool) -> None:
    entities = [_org(text, word)]
    assert (keep_named_acronyms(text, entities, known_body) == entities) is kept


def test_other_entities_pass_untouched() -> None:
    text = "Maria ROSSI vit à Lyon."
    entities = [
        Entity(text="Maria ROSSI", label="PER", start=0, end=11, key="maria rossi"),
        Entity(text="Lyon", label="LOC", start=18, end=22, key="lyon"),
    ]
    assert keep_named_acronyms(text, entities, known_body) == entities


@pytest.mark.parametrize(
    ("word", "acronym"),
    [
        ("OMS", True),
        ("AT&T", True),
        ("U.S.", True),
        ("Istat", False),
        ("A", False),
        ("UN DP", False),
    ],
)
def test_what_counts_as_an_acronym(word: str, acronym: bool) -> None:
    assert is_acronym(word) is acronym
