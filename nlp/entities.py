"""Entities from spaCy plus a rules layer (places, acronyms, span clean-up) and canonical keys."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.model import Entity, EntityLabel
from nlp.bodies import default_bodies, share_defined_acronyms
from nlp.text import fold

if TYPE_CHECKING:  # spaCy is imported with the first pipeline (nlp.pipelines)
    from spacy.tokens import Doc, Span

# spaCy's labels onto CoNLL's four; numeric and temporal labels are the figure extractor's job.
SPACY_LABELS: dict[str, EntityLabel] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
_LEADING_ARTICLE = re.compile(
    r"^(?:the|le|la|les|l|il|lo|gli|i|un|une|uno|una|del|della|dello|des|du|de)\s+", re.I
)

# All-capital words that are diseases, units or currencies rather than organisations.
_NOT_ORGANISATIONS = frozenset(
    [
        "COVID",
        "FCFA",
        "CFA",
        "VIH",
        "HIV",
        "SIDA",
        "AIDS",
        "HCV",
        "VHC",
        "HBV",
        "VHB",
        "TB",
        "MST",
        "IST",
        "STI",
        "PDF",
        "USD",
        "EUR",
        "GBP",
        "XOF",
        "CHF",
        "CAD",
        "AUD",
        "INR",
        "RS",
        "PIL",
        "GDP",
        "PIB",
        "IVA",
        "VAT",
        "TVA",
        "OK",
        "ETC",
        "NB",
        "PS",
        "CV",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
        "AM",
        "PM",
        "TV",
        "DNA",
        "ADN",
        "RNA",
        "LSD",
        "MDMA",
        "THC",
        "CBD",
        "GHB",
        "NPS",
    ]
)
# Letters only: "GLOJ71" is a project code; "DELL'UNODC" is a capitalised article, not a name.
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z&]{1,9}(?![\w'-])")
# French vectors rank words by frequency: below this rank a lone capitalised word is a noun.
_COMMON_WORD_RANK = 6000
_DANGLING_OF = re.compile(r"\s+(?:de|du|des|d'|of|di|del|della)\s*$")
_CAPITALISED_RUN = re.compile(r"\s*(?:[A-ZÀ-Ý][\w'-]*)(?:\s+[A-ZÀ-Ý][\w'-]*){0,3}")
# Articles and titles that gold spans leave out: "the Ministry of Health", "Dr Sarah Collins".
_LEADING_WORDS = re.compile(
    r"^(?:(?:[Tt]he|[Ll]'|Dr|Dr\.|Mr|Mr\.|Mrs|Mrs\.|Ms|Ms\.|Prof|Prof\.|Professor|M\.|Mme|"
    r"Mlle|Sir|Dame|Lord|Lady|[Dd]octeur|[Pp]rofesseur|[Dd]ott\.|[Dd]ottor|[Dd]ottoressa|"
    r"[Ss]ig\.|[Ss]ignor|[Ss]ignora|[Cc]amarade)(?:\s+|(?<=')))+"
)
# Verbs of saying after or before a lone name: "Hale said", "a déclaré Garnier", "spiega Ferri".
_SAYING_AFTER = re.compile(
    r"\s*,?\s*(?:said|says|told|added|explained|stated|a\s+(?:déclaré|dit|affirmé|expliqué|"
    r"indiqué|précisé|ajouté|souligné)|déclare|affirme|explique|indique|précise|souligne|"
    r"ha\s+(?:detto|dichiarato|spiegato|affermato|aggiunto|sottolineato)|dice|spiega|afferma|"
    r"sottolinea)\b"
)
_SAYING_BEFORE = re.compile(
    r"\b(?:said|says|told|according\s+to|selon|a\s+(?:déclaré|affirmé|expliqué|indiqué|"
    r"précisé|ajouté)|explique|souligne|secondo|ha\s+(?:detto|dichiarato|spiegato)|spiega|"
    r"sottolinea)\s+$"
)
_ADDRESS_BEFORE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|M|Mme|Mlle|Me|Sig|Sig\.ra|Dott)\.?\s+$")
# Where spaCy runs a name into what follows it: "Bui Dinh Long - Vice-président".
_NAME_BREAK = re.compile(r"\s+[-–—]\s+|\s*[,;(\n]")


@dataclass(frozen=True)
class Candidate:
    """An entity proposal; on overlap the longer one wins, then the higher priority."""

    start: int
    end: int
    label: EntityLabel
    priority: int
    key: str | None = None  # canonical key when a gazetteer knows it ("ONUDC" -> "unodc")


def entity_key(text: str) -> str:
    """Canonical key shared by variants of one name: a body's key from the table of bodies
    ("ONUDC", "UNODC" -> "unodc"), else the name folded, without a leading article."""
    folded = fold(text)
    plain = _LEADING_ARTICLE.sub("", folded) or folded
    return default_bodies().key_of(plain) or default_bodies().key_of(folded) or plain


def spacy_candidates(doc: Doc, offset: int, text: str) -> list[Candidate]:
    """spaCy's entities on a chunk `text` starting at `offset`, labels mapped, spans tidied.

    The small models label many capitalised words; single words that open a sentence or are
    frequent common nouns ("Santé", "Heroin") are dropped unless a gazetteer knows them.
    """
    found = []
    vectors = doc.vocab.vectors
    judges_words = len(vectors) > 0
    for ent in doc.ents:
        label = SPACY_LABELS.get(ent.label_)
        start, end = ent.start_char, ent.end_char
        words = text[start:end]  # Span.text joins its tokens on each access
        if label is None or words.upper() in _NOT_ORGANISATIONS:
            continue
        if label == "PER":
            cut = _NAME_BREAK.search(text, start, end)
            end = cut.start() if cut else end
        if len(ent) == 1 and words.isupper() and len(words) > 1:
            label = "ORG"  # a lone acronym names a body far more often than a place
        elif len(ent) == 1:
            lower = words.lower()
            common = lower in vectors and doc.vocab[lower].rank < _COMMON_WORD_RANK
            # An organisation speaks too ("Reuters said"): only the model's PER and MISC count.
            speaks = label in ("PER", "MISC") and words.istitle() and _speaks(text, start, end)
            # Only a model with word vectors can tell a name from a capitalised common word
            # ("Disabled", "Advocacy"): without them a lone name must speak to be a person.
            lone_name = judges_words and _lone_name(ent, words)
            if common or (label == "PER" and not speaks and not lone_name):
                continue
            if speaks and not known_body(words):
                label = "PER"  # "…, Hale said": a one-word name that speaks is a person
            elif ent[0].is_sent_start:
                continue
        if label == "ORG" and (tail := _DANGLING_OF.search(text, start, end)):
            # "Comité populaire de la ville de" + "Vinh": take the name the preposition opens.
            following = _CAPITALISED_RUN.match(text, end)
            end = following.end() if following else tail.start()
        found.append(Candidate(start + offset, end + offset, label, 1))
    return found


def _lone_name(ent: Span, words: str) -> bool:
    """Whether a one-word PER of the model reads as a name: capitalised as names are
    ("Vauban", not "avant-Covid"), inside a sentence rather than opening it or a heading."""
    return words.istitle() and not ent[0].is_sent_start and "-" not in words


def _speaks(text: str, start: int, end: int) -> bool:
    """Whether a lone name is someone speaking or titled: "Garnier a déclaré", "said Hale",
    "Dr Conti" — evidence enough that one word is a person."""
    return bool(
        _SAYING_AFTER.match(text, end)
        or _SAYING_BEFORE.search(text, max(0, start - 30), start)
        or _ADDRESS_BEFORE.search(text, max(0, start - 12), start)
    )


def borrowed_person_candidates(doc: Doc, offset: int) -> list[Candidate]:
    """Person names from another language's model: only the run of capitalised words.

    On Italian text the French model finds real names ("denuncia Youssef El Amrani") among
    much noise, and runs them into the verb after; two to five name words are kept, from the
    first that can open a name to the last that can go on one.
    """
    found = []
    text: str | None = None  # Doc.text joins every token: once, when first needed
    for ent in doc.ents:
        if ent.label_ not in ("PER", "PERSON"):
            continue
        words = list(ent)
        while words and not (_is_name_word(words[0].text) or _INITIAL.fullmatch(words[0].text)):
            words.pop(0)
        run = 0  # the name runs to the first word that cannot be part of one
        while run < len(words) and _reads_as_name([w.text for w in words[: run + 1]], partial=True):
            run += 1
        words = words[:run]
        alone = False
        if len(words) == 1 and words[0].text.istitle() and not words[0].is_sent_start:
            text = doc.text if text is None else text
            alone = not _article_before(text, words[0].idx)
        if (2 <= len(words) <= 5 and _reads_as_name([w.text for w in words])) or alone:
            # Italian writes common nouns in lower case: a capitalised word inside a sentence
            # that the model takes for a person is a name ("Novalis", "Platone").
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            found.append(Candidate(start + offset, end + offset, "PER", 0))
    return found


# Italian puts an article before a capitalised common noun or a body ("ai Prefetti", "della
# Sanità"), hardly ever before a person's one name.
_ARTICLE_BEFORE = re.compile(
    r"(?:\b(?:il|lo|la|i|gli|le|un|uno|una|[dns]?el|[dnsa]?ello|[dnsa]?ella|[dnsa]?ei|[dnsa]?egli|"
    r"[dnsa]?elle|al|ai|agli|alle|allo|alla|dal|dai|dagli|dalle|dallo|dalla|nei|nel|sul|sui)\s+|"
    r"\b(?:l|dell|all|dall|nell|sull)['’])$",
    re.IGNORECASE,
)


def _article_before(text: str, at: int) -> bool:
    """Whether an article ends right before `at`: the search reads only the spaces before it
    and the few letters of an article, not the whole text up to there."""
    start = at
    while start > 0 and text[start - 1].isspace():
        start -= 1
    # An article has at most five letters and its apostrophe; the margin keeps every match.
    return _ARTICLE_BEFORE.search(text, max(0, start - 8), at) is not None


# "J. D. Salinger" opens on initials; "Hetepheres II", "Vittorio Emanuele III" end on a numeral.
_INITIAL = re.compile(r"[A-Z]\.")
_REGNAL = re.compile(r"I{1,3}|IV|VI{0,3}|IX|XI{0,3}")


def _reads_as_name(words: list[str], partial: bool = False) -> bool:
    """Initials, then name words, then perhaps a regnal numeral; one name word at least (or,
    `partial`, the start of such a name)."""
    if len(words) >= 2 and _REGNAL.fullmatch(words[-1]):
        words = words[:-1]
    initials = 0
    while initials < len(words) and _INITIAL.fullmatch(words[initials]):
        initials += 1
    names = words[initials:]
    return (bool(names) or partial) and all(_is_name_word(word) for word in names)


def _is_name_word(word: str) -> bool:
    return (word[:1].isupper() and word[1:].islower()) or word in ("El", "Al", "Le", "Van", "De")


@lru_cache(maxsize=1)
def _organisation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(acronyms, case-sensitive; long names, case-insensitive; folded name -> key)."""
    bodies = default_bodies()
    names = sorted(set(bodies.forms()), key=len)
    keys = {fold(name): bodies.key_of(fold(name)) or fold(name) for name in names}
    acronyms = [n for n in reversed(names) if n.isupper() and " " not in n]
    long_names = [n for n in reversed(names) if n not in acronyms]

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(item) for item in items)

    return (
        re.compile(rf"(?<![\w-])(?:{alternation(acronyms)})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{alternation(long_names)})(?![\w-])", re.IGNORECASE),
        keys,
    )


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The lower-cased first words of the bodies' long names."""
    return frozenset(
        word.group().lower()
        for name in default_bodies().forms()
        if not (name.isupper() and " " not in name) and (word := _WORD_RUN.match(name))
    )


_WORD_RUN = re.compile(r"\w+")


def organisation_candidates(text: str) -> list[Candidate]:
    """International and national bodies from the gazetteer, with keys shared across languages."""
    acronyms, long_names, keys = _organisation_patterns()
    first_words = _first_words()
    # The long names' pattern is a large alternation: it is tried only where a word that opens
    # one of them stands, not at every position of the text.
    matches = list(acronyms.finditer(text)) + [
        match
        for word in _WORD_RUN.finditer(text)
        if word.group().lower() in first_words and (match := long_names.match(text, word.start()))
    ]
    found = []
    for match in matches:
        # A capital somewhere: "le ministère de la Santé" is a name, "fonds mondial" is not.
        if any(ch.isupper() for ch in match.group()):
            key = keys.get(fold(match.group()))
            found.append(Candidate(match.start(), match.end(), "ORG", 3, key))
    return found


def known_body(name: str) -> bool:
    """Whether the bodies table knows this name or acronym."""
    return fold(name) in _organisation_patterns()[2]


def acronym_candidates(text: str) -> list[Candidate]:
    """All-capital words such as UNODC or OMS, taken as organisations."""
    return [
        Candidate(m.start(), m.end(), "ORG", 0)
        for m in _ACRONYM.finditer(text)
        if m.group() not in _NOT_ORGANISATIONS and not m.group().isdigit()
    ]


def refine_with_places(
    text: str, model: list[Candidate], places: list[Candidate]
) -> list[Candidate]:
    """Let gazetteer places replace the model's LOC/MISC spans that merely contain them.

    The French model reads "province de Nghe An" or "Nghe An et de Quang Nam" as one span;
    CoNLL-style gold keeps just the place names. A span with a name of its own beside the place
    ("Lightning de Tampa Bay", a team) stays whole, as do organisation and person spans.
    """
    refined = []
    for candidate in model:
        inside = [p for p in places if candidate.start <= p.start and p.end <= candidate.end]
        if _GEOGRAPHIC_FEATURE.match(text, candidate.start, candidate.end):
            inside = []  # "détroit de Gibraltar", "mer de Sulu": the feature's own name
        if candidate.label in ("LOC", "MISC") and inside:
            rest = text[candidate.start : candidate.end]
            for place in sorted(inside, key=lambda p: -p.start):
                rest = rest[: place.start - candidate.start] + rest[place.end - candidate.start :]
            if not _CAPITALISED_WORD.search(rest):
                continue
        refined.append(candidate)
    return refined


# A natural feature's name holds its common noun ("mer de Sulu", "lago di Garda"); an
# administration's does not ("province de Nghe An" is Nghe An).
_GEOGRAPHIC_FEATURE = re.compile(
    r"(?:détroit|mer|golfe|lac|mont|monts|chaîne|île|îles|cap|baie|fleuve|rivière|désert|"
    r"massif|canal|stretto|mare|golfo|lago|monte|monti|catena|isola|isole|capo|baia|fiume|"
    r"deserto|massiccio|canale)\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|d['’]|de\s+|di\s+|"
    r"del\s+|della\s+|dei\s+|degli\s+|delle\s+|dello\s+|dell['’])?[A-ZÀ-Ý]"
)
_CAPITALISED_WORD = re.compile(r"(?<![\w'’])[A-ZÀ-Ý][a-zà-ÿ]")


def resolve(text: str, candidates: Iterable[Candidate]) -> list[Entity]:
    """Non-overlapping entities: longest span first, then priority; trimmed of edge spaces."""
    starts: list[int] = []  # chosen spans, kept sorted by start for bisecting
    chosen: list[Candidate] = []
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    for candidate in ranked:
        start, end = _trim(text, candidate.start, candidate.end)
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            continue
        at = bisect.bisect_left(starts, start)
        # Spans are disjoint, so only the neighbours on either side can overlap.
        if at < len(starts) and starts[at] < end:
            continue
        if at > 0 and chosen[at - 1].end > start:
            continue
        starts.insert(at, start)
        chosen.insert(at, Candidate(start, end, candidate.label, candidate.priority, candidate.key))
    entities = [
        Entity(
            text=text[c.start : c.end],
            label=c.label,
            start=c.start,
            end=c.end,
            key=c.key or entity_key(text[c.start : c.end]),
        )
        for c in chosen
    ]
    return share_defined_acronyms(text, entities)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    if (leading := _LEADING_WORDS.match(text[start:end])) and leading.end() < end - start:
        start += leading.end()
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    return start, end
