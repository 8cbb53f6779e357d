"""The table of bodies (UN agencies, EU agencies, ministries, police forces, NGOs): one key each."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.model import Entity
from nlp.text import fold

LANGUAGES = ("fr", "it", "en")
_TABLE = Path(__file__).parent / "data" / "bodies.json"
# "Long Name of a Body (LNB)" and "LNB (Long Name of a Body)": a name, a bracket, the other.
_BRACKET_AFTER = re.compile(r"\s*\(\s*")
_SENTENCE_BREAK = re.compile(r"[.;:!?\n()]")
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}")


@dataclass(frozen=True)
class Body:
    """One body of the table: its key, Wikidata id, and names and acronyms per language."""

    key: str
    wikidata: str | None
    names: dict[str, list[str]]
    acronyms: dict[str, list[str]]

    def display_name(self, language: str | None) -> str:
        """The first name in `language` (else English): what facets and lists show."""
        for lang in (language, "en", *LANGUAGES):
            if lang and self.names.get(lang):
                return self.names[lang][0]
        return self.key

    def surface_forms(self) -> list[str]:
        """Every name and acronym, in all languages, once each."""
        forms = [form for part in (self.names, self.acronyms) for v in part.values() for form in v]
        return list(dict.fromkeys(forms))


class Bodies:
    """The table, with every folded name and acronym pointing at its body."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self.by_key = {body.key: body for body in bodies}
        self._by_form: dict[str, str] = {}
        for body in self.by_key.values():
            for form in body.surface_forms():
                # Two bodies sharing a folded name would make a key depend on table order.
                owner = self._by_form.setdefault(fold(form), body.key)
                if owner != body.key:
                    raise ValueError(f"{form!r} names both {owner!r} and {body.key!r}")

    def key_of(self, folded: str) -> str | None:
        """The key of the body a folded name or acronym names, if the table knows it."""
        return self._by_form.get(folded)

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def forms(self) -> list[str]:
        """Every name and acronym of the table."""
        return [form for body in self.by_key.values() for form in body.surface_forms()]

    def matching(self, folded_text: str) -> list[str]:
        """Keys of the bodies one of whose names contains `folded_text` (already folded)."""
        if not folded_text:
            return []
        return sorted({key for form, key in self._by_form.items() if folded_text in form})


@lru_cache(maxsize=1)
def default_bodies() -> Bodies:
    """The table shipped in nlp/data/bodies.json, read once."""
    table = json.loads(_TABLE.read_text("utf-8"))
    return Bodies(
        Body(key, row.get("wikidata"), row["names"], row.get("acronyms", {}))
        for key, row in table.items()
        if not key.startswith("_")
    )


def share_defined_acronyms(text: str, entities: list[Entity]) -> list[Entity]:
    """An acronym the document defines ("Long Name (LN)", "LN (Long Name)") takes the key of
    its expansion, in every mention of the document, so both count as one entity."""
    shared: dict[str, str] = {}
    for at, entity in enumerate(entities):
        if not _ACRONYM.fullmatch(entity.text) or entity.key in default_bodies():
            continue  # the table already keys its acronyms
        opened = text.rfind("(", max(0, entity.start - 3), entity.start)
        closed = text[entity.end : entity.end + 1] == ")"
        if opened >= 0 and closed and not text[opened + 1 : entity.start].strip():
            # The model may split the expansion ("National Drug Observatory" + "of Vietnam"):
            # try from each of the few entities before the bracket, nearest first.
            for before in reversed(entities[max(0, at - 4) : at]):
                expansion = text[before.start : opened]
                if _SENTENCE_BREAK.search(expansion):
                    break
                if _abbreviates(entity.text, expansion):
                    shared[entity.key] = before.key
                    break
        elif at + 1 < len(entities) and (opening := _BRACKET_AFTER.match(text, entity.end)):
            following = entities[at + 1]
            closing = text.find(")", following.start, following.start + 200)
            expansion = text[following.start : closing] if closing > 0 else ""
            if following.start == opening.end() and _abbreviates(entity.text, expansion):
                shared[entity.key] = following.key
    if not shared:
        return entities
    return [
        entity.model_copy(update={"key": shared[entity.key]}) if entity.key in shared else entity
        for entity in entities
    ]


def _abbreviates(short: str, long: str) -> bool:
    """Whether `short` is an acronym whose letters, in order, open words of `long`; letters
    inside a word count too ("EMCDDA": Drug Addiction), but the first must open the name."""
    words = fold(long).split()
    if not _ACRONYM.fullmatch(short) or len(words) < 2 or words[0][0] != short[0].lower():
        return False
    letters = iter("".join(words))  # `in` on an iterator consumes it: an in-order match
    return all(letter in letters for letter in fold(short).replace(" ", ""))
