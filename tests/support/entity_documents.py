"""Documents naming people, bodies and places in three languages, with figures in and out
of the sentences that name them: what the entity page tests share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ingest.model import Document, Entity, EntityLabel, Figure


def named_document(
    id: str,
    text: str,
    names: list[tuple[str, EntityLabel, str]],
    figures: Sequence[tuple[str, str | None]] = (),
    **fields: Any,
) -> Document:
    """A document whose every occurrence of each (name, label, key) is an entity, with the
    figures (text, as_of) at their first occurrence."""
    entities = []
    for name, label, key in names:
        start = text.find(name)
        assert start >= 0, name
        while start >= 0:
            end = start + len(name)
            entities.append(Entity(text=name, label=label, start=start, end=end, key=key))
            start = text.find(name, start + 1)
    found = [
        Figure(text=quote, start=text.index(quote), end=text.index(quote) + len(quote),
               value=float(quote.split()[0]), about=quote.split()[-1], as_of=as_of)
        for quote, as_of in figures
    ]  # fmt: skip
    entities.sort(key=lambda entity: entity.start)
    source = f"{id}.txt"
    return Document(id=id, source=source, text=text, entities=entities, figures=found, **fields)


NGHE_AN: tuple[str, EntityLabel, str] = ("Nghe An", "LOC", "nghe an")
UNODC = "unodc"
A = named_document(
    "a",
    "Au 30 septembre 2023, la province de Nghe An comptait 3810 toxicomanes selon Tran Anh Tuan. "
    "L'ONUDC salue le programme.",
    [NGHE_AN, ("Tran Anh Tuan", "PER", "tran anh tuan"), ("ONUDC", "ORG", UNODC)],
    [("3810 toxicomanes", "2023-09-30")],
    title="Nghe An", language="fr", published=dt.date(2023, 10, 6), countries=["VN"],
)  # fmt: skip
B = named_document(
    "b",
    "UNODC met officials of Nghệ An. In 2022 the clinic in Hanoi treated 512 patients.",
    [("UNODC", "ORG", UNODC), ("Nghệ An", "LOC", "nghe an"), ("Hanoi", "LOC", "hanoi")],
    [("512 patients", "2022")],
    title="Visit", language="en", published=dt.date(2024, 1, 15), countries=["VN", "GB"],
)  # fmt: skip
C = named_document(
    "c",
    "Nghe An e poi Nghe An. L'Ufficio delle Nazioni Unite contro la droga e il crimine ha "
    "contato 44 centri a Nghe An.",
    [NGHE_AN, ("Ufficio delle Nazioni Unite contro la droga e il crimine", "ORG", UNODC)],
    [("44 centri", None)],
    language="it", countries=["IT", "VN"],
)  # fmt: skip
D = named_document(
    "d",
    "La société Nghe An exporte du café.",
    [("Nghe An", "ORG", "nghe an")],
    language="fr", published=dt.date(2022, 5, 1), countries=["FR"],
)  # fmt: skip
E = named_document(
    "e",
    "São Tomé compte 12 cliniques.",
    [("São Tomé", "LOC", "são tomé")],
    [("12 cliniques", "2021")],
    language="fr", published=dt.date(2021, 1, 1), countries=["ST"],
)  # fmt: skip
