"""People's names as a reader marks them: titles and roles outside, the surname alone counted.

Gold spans (gold-format.md) leave titles and roles out ("Special Rapporteur Maria Rossi" is
"Maria Rossi"), and list a surname used alone after the full name ("Rossi said") as a name of
its own. The models run titles into names and drop lone surnames; this pass mends both over a
whole document, after the span resolution.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ingest.model import Entity
from nlp.entities import entity_key
from nlp.name_rules import RULES
from nlp.text import fold

# Ranks, offices and forms of address in English (French and Italian ones are the name rules').
_ENGLISH_ROLES = (
    "mr mrs ms miss dr doctor prof professor sir dame lord lady rev reverend father sister "
    "brother pastor bishop cardinal imam rabbi sheikh president vice-president chairman "
    "chairwoman chair minister secretary senator congressman congresswoman governor mayor "
    "councillor councilor commissioner director deputy chief inspector superintendent "
    "constable sergeant sgt corporal lieutenant lt captain capt major colonel col general gen "
    "brigadier admiral commander officer detective judge justice magistrate prosecutor "
    "attorney ambassador envoy rapporteur special spokesman spokeswoman spokesperson ceo "
    "founder coordinator head king queen prince princess"
)
# Other languages' forms of address the rules' title lists leave out.
_MORE_ROLES = (
    "m mme mlle me maître mgr monseigneur abbé père sœur soeur frère dottoressa dott sig "
    "sigra avv ing on sen maresciallo brigadiere tenente appuntato sergente ispettore "
    "agente commissaria commissario vicequestore sostituto rappresentante speciale relatore "
    "rapporteur spécial spéciale sergent adjudant lieutenant-colonel"
)
# Words that open a sentence in capitals before a name: "Da Lorenzo Bugli", "Selon Marie Dupuis".
_OPENING_WORDS = (
    "da di per con secondo anche ma e il la lo selon pour par avec et mais le les according "
    "by for from with and but as"
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@lru_cache(maxsize=1)
def leading_words() -> frozenset[str]:
    """Folded words a person's span never starts with."""
    titles = {fold(word) for rules in RULES.values() for word in rules.person_titles}
    words = f"{_ENGLISH_ROLES} {_MORE_ROLES} {_OPENING_WORDS}".split()
    return frozenset(titles | {fold(word) for word in words})


def mend_person_names(text: str, entities: list[Entity]) -> list[Entity]:
    """`entities` with titles trimmed off people's names and their lone surnames added."""
    trimmed = [_trimmed(text, entity) if entity.label == "PER" else entity for entity in entities]
    kept = [entity for entity in trimmed if entity is not None]
    return sorted(kept + _lone_surnames(text, kept), key=lambda e: e.start)


def _trimmed(text: str, entity: Entity) -> Entity | None:
    """The name without the titles, roles and sentence openers before it; None when nothing
    of a name is left ("Directeur général" alone)."""
    words = list(_WORD.finditer(text, entity.start, entity.end))
    leading = leading_words()
    first = 0
    while first < len(words) and fold(words[first].group().rstrip(".")) in leading:
        first += 1
    if first == 0:
        return entity
    rest = words[first:]
    if not rest or not all(word.group()[0].isupper() for word in rest):
        return None
    start = rest[0].start()
    name = text[start : entity.end]
    return entity.model_copy(update={"text": name, "start": start, "key": entity_key(name)})


def _lone_surnames(text: str, entities: list[Entity]) -> list[Entity]:
    """A full name's last word standing alone elsewhere in the text: the same person."""
    taken = sorted((e.start, e.end) for e in entities)
    starts = [start for start, _ in taken]
    surnames: dict[str, str] = {}
    for entity in entities:
        parts = entity.text.split()
        if entity.label == "PER" and len(parts) >= 2 and parts[-1][:1].isupper():
            surnames.setdefault(parts[-1], entity.key)
    surnames = {surname: key for surname, key in surnames.items() if len(surname) >= 3}
    if not surnames:
        return []
    # One pass over the text for all of them, longest first so none hides a longer one.
    alternatives = "|".join(re.escape(name) for name in sorted(surnames, key=len, reverse=True))
    found = []
    for match in re.finditer(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and taken[at][0] <= match.start() < taken[at][1]:
            continue  # inside a name already found (the full name itself)
        if _NEXT_CAPITALISED.match(text, match.end()):
            continue  # "Rossi Bianchi": part of another name
        surname = match.group()
        found.append(
            Entity(
                text=surname,
                label="PER",
                start=match.start(),
                end=match.end(),
                key=surnames[surname],
            )
        )
    return found


_NEXT_CAPITALISED = re.compile(r"[^\S\n]+[A-ZÀ-Ý][a-zà-ÿ]")
