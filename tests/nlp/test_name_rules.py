"""The rules that find long organisation names by their trigger words, where they end."""

from __future__ import annotations

import pytest

from nlp.name_rules import rule_candidates

# (language, text, the organisation's name as a reader marks it)
ORGANISATIONS = [
    # A participle after the name is the sentence's verb, not part of the name.
    ("fr", "Les chiffres du ministère de la Justice publiés hier sont clairs.",
     "ministère de la Justice"),
    ("fr", "Le rapport de l'Agence régionale de santé dévoilé lundi inquiète.",
     "Agence régionale de santé"),
    # Adjectives that belong to the name stay in it.
    ("fr", "L'Observatoire français des drogues a publié ses chiffres.",
     "Observatoire français des drogues"),
    ("it", "L'Istituto nazionale di statistica ha pubblicato i dati.",
     "Istituto nazionale di statistica"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "name"), ORGANISATIONS)
def test_an_organisation_name_ends_where_the_name_does(language: str, text: str, name: str) -> None:
    found = {text[c.start : c.end] for c in rule_candidates(text, language) if c.label == "ORG"}
    assert name in found
