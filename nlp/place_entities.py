"""Place entities: gazetteer hits weighed by context, and facility names (airports, roads)."""

from __future__ import annotations

import re

from nlp.entities import Candidate
from nlp.places import PlaceMention

# A gazetteer hit outranks spaCy's span of the same extent; facility names outrank both.
PLACE_PRIORITY = 2
# Words before a lone town that show it is where something happens: "in Ardee", "a Gombe".
_LOCATIVE = re.compile(
    r"(?:^|\s)(?:in|at|from|near|outside|around|à|en|près de|depuis|vers|a|da|nel|nella|presso|"
    r"verso|vicino a|di|de|of)\s+$"
)
# Words that make the name next to them an organisation's: "University of Gombe", "Ardee
# Hospital". A town there stays with the model's ORG label.
_ORG_BEFORE = re.compile(
    r"(?:University|Université|Università|Ministry|Ministère|Ministero|Hospital|Hôpital|"
    r"Ospedale|Council|Conseil|Consiglio|Bank|Banque|Banca|Comune|Commune|Club|Court|Tribunal|"
    r"Tribunale|Prefettura|Questura|Procura)\s+(?:of\s+|de\s+|di\s+|d['’]\s*)?$"
)
_ORG_AFTER = re.compile(
    r"\s+(?:University|Hospital|Council|Police|FC|United|Times|Post|Club|Court|Prison|"
    r"Group|Bank|Telecom)\b"
)
_CAPITALISED = r"[A-ZÀ-Ý](?:[\w'’-]|\.(?=\w))*"  # a sentence's full stop is no part
# Facility names around a cue word: "Summit Road", "Murtala Muhammed International Airport",
# "Aeroporto di Firenze-Peretola", "aéroport Mohammed V de Casablanca". A capitalised word
# after the cue makes the whole a longer title ("Road Safety Authority") and no facility.
_FACILITY_AFTER = re.compile(
    rf"(?<![\w'’-])(?!The\s)(?:{_CAPITALISED}[ \t]+){{1,4}}"
    r"(?:International[ \t]+)?(?:Airport|Road|Street|Avenue|Bridge|Market|Motor[ \t]+Park|"
    r"Station|Junction|Highway|Expressway|Harbour|Seaport|Roundabout)\b"
    rf"(?![ \t]+{_CAPITALISED})"
)
_FACILITY_BEFORE = re.compile(
    r"(?<![\w-])(?:[Aa]éroport|[Aa]eroporto|[Aa]irport|Port|Porto|Gare|Stazione|Station|Pont|"
    r"Ponte|Marché|Mercato|Via|Viale|Piazza|Rue|Avenue|Boulevard)"
    r"(?:[ \t]+(?:international|internazionale|International))?"
    rf"[ \t]+(?:(?:de|di|du|of)[ \t]+|d['’])?{_CAPITALISED}"
    rf"(?:[ \t]+(?:(?:de|di|du)[ \t]+)?(?:{_CAPITALISED}|[IVX]+))*"
)


def place_candidates(
    text: str,
    places: list[PlaceMention],
    model: list[Candidate],
    language: str,
    stretch: tuple[int, int],
) -> list[Candidate]:
    """LOC proposals for one `stretch` (start, end) of `text`: its places, then its facilities.

    A place from the world list of towns alone ("Ardee", "Tema") is a common word or a
    surname as often as a town: it counts when spaCy saw a name there too, or, where the
    language has no model's entities (Italian), when a locative preposition leads to it.
    """
    spans = {(c.start, c.end): c.label for c in model}
    found = []
    for mention in places:
        start, end = mention.start, mention.end
        if _inside_organisation(text, start, end, spans.get((start, end))):
            continue
        lone_town = mention.place.town and " " not in text[start:end]
        if lone_town and not _town_in_context(text, start, end, (start, end) in spans, language):
            continue
        found.append(Candidate(start, end, "LOC", PLACE_PRIORITY))
    return found + facility_candidates(text, *stretch)


def facility_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Airports, ports, roads, stations, markets and bridges named in full, as one LOC each."""
    found = []
    for pattern in (_FACILITY_AFTER, _FACILITY_BEFORE):
        for match in pattern.finditer(text, start, end):
            if match.group()[0].islower() and not match.group().lower().startswith(
                ("aéroport", "aeroporto", "airport")
            ):
                continue  # "la gare de Lyon" names the station only with its capital
            found.append(Candidate(match.start(), match.end(), "LOC", PLACE_PRIORITY + 1))
    return found


def _inside_organisation(text: str, start: int, end: int, model_label: str | None) -> bool:
    """The model reads an organisation here and a word beside the name says so too."""
    if model_label != "ORG":
        return False
    return bool(_ORG_BEFORE.search(text, max(0, start - 30), start) or _ORG_AFTER.match(text, end))


def _town_in_context(text: str, start: int, end: int, model_saw: bool, language: str) -> bool:
    word = text[start:end]
    if word.isupper():
        return False  # a heading's capitals ("ABDELHAK SENNA"), not a town
    if model_saw:
        return True
    if language != "it":
        return False
    return bool(_LOCATIVE.search(text, max(0, start - 12), start))
