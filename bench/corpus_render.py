"""The template language of bench/corpus.py and its renderer; it reads no file itself.

`compile_template` turns a template, `{asof}, {q:patients} étaient suivis {in_region}`, into
tokens (bench/corpus_data/README.md lists the slots); a `Renderer` writes tokens out in the
language of a `Lexicon`, for one country and publication date, noting where each entity, figure
and date it inserts starts and ends. bench/corpus.py builds the lexicons from bench/corpus_data/.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.model import Figure  # noqa: E402

_FIGURE: dict[str, Any] = dict.fromkeys(Figure.model_fields)  # every field, in order


# --- Words --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    forms: tuple[tuple[str, str], ...]  # what goes before and after the name: the, in, of, bare


@dataclass(frozen=True, slots=True)
class Country:
    currency: str
    place: Place
    regions: tuple[Place, ...]
    cities: tuple[Place, ...]
    names: tuple[tuple[str, ...], ...]  # invented people's: women's first names, men's, surnames


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What a renderer writes in one language."""

    lang: str  # fr, it or en
    countries: dict[str, Country]  # by ISO code
    orgs: dict[str, tuple[tuple[str, tuple[Token, ...]], ...]]  # by kind: article, name
    roles: tuple[tuple[Token, ...], ...]  # how a speaker is introduced
    doctor: tuple[Token, ...]  # the title before a doctor's name
    nouns: dict[str, str]  # what is counted, by key: "patients sous méthadone"
    partitives: dict[str, str]  # the article Italian puts before the noun: "dei", "delle"
    counts: dict[str, tuple[int, int]]  # by key: the range counts are drawn from
    qualifiers: tuple[tuple[str, str], ...]  # words before a count and the qualifier they mean
    currencies: dict[str, str]  # by ISO code: "euros", "£"
    drugs: tuple[str, ...]  # what a seizure seized: "d'héroïne"
    kilos: tuple[str, ...]  # "kilogrammes", "kg"
    months: tuple[str, ...]
    separators: tuple[str, str]  # thousands, decimal
    as_of: str  # before the date of a figure: "Au ", "As of "


_FR_PREP = {"of": {"le": "du ", "la": "de la ", "l'": "de l'", "les": "des ", "": "de "},
            "to": {"le": "au ", "la": "à la ", "l'": "à l'", "les": "aux ", "": "à "}}  # fmt: skip
_IT_ART = {"il": "l ", "lo": "llo ", "l'": "ll'", "la": "lla ", "i": "i ", "gli": "gli ",
           "le": "lle "}  # fmt: skip
_IT_PREP = {"of": ("de", "di "), "to": ("a", "a "), "by": ("da", "da ")}


def _prep(lang: str, prep: str, article: str, name: str = "") -> str:
    """ "of", "to" or "by" and `article`, contracted as `lang` writes them: "du ", "dell'"."""
    if lang == "en":
        return f"{prep} {article}"
    if lang == "fr" and prep == "by":
        return "par " + article
    head, _, rest = ("l'", "", article[2:]) if article.startswith("l'") else article.partition(" ")
    if lang == "fr":
        return "d'" if not head and prep == "of" and name[:1] in tuple("AEIOUÉ") else (
            _FR_PREP[prep][head] + rest)  # fmt: skip
    stem, bare = _IT_PREP[prep]
    return (stem + _IT_ART[head] if head else bare) + rest


def _it_article(number: float) -> str:
    """The article an Italian number takes as it is read aloud: l'8%, lo 0,5%, il 12%."""
    n = int(number)
    return "lo" if n == 0 else "l'" if n in (1, 8, 11) or 80 <= n <= 89 else "il"


# --- Rendering ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Slot:
    kind: str  # the renderer's method is s_<kind>
    arg: str
    form: Any = None  # which place form, or which preposition
    low: float = 1.0  # bounds of a percentage
    high: float = 60.0


@dataclass(frozen=True, slots=True)
class Alt:
    options: tuple[tuple[Token, ...], ...]


Token = str | Slot | Alt | tuple[str, str]  # a pair is <male|female>
_TOKEN = re.compile(r"\{(\w+)(?::([^}]*))?\}|\[([^\]]*)\]|<([^|>]*)\|([^>]*)>")
_ALIASES = {
    "city": ("city", 0), "in_city": ("city", 1), "of_city": ("city", 2),
    "region": ("region", 0), "in_region": ("region", 1), "of_region": ("region", 2),
    "rname": ("region", 3), "country": ("country", 0), "in_country": ("country", 1),
    "of_country": ("country", 2), "org": ("org", None), "of_org": ("org", "of"),
    "to_org": ("org", "to"), "by_org": ("org", "by"), "pct": ("pct", None),
    "il_pct": ("pct", "the"), "del_pct": ("pct", "of"), "al_pct": ("pct", "to"),
}  # fmt: skip


def compile_template(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    last = 0
    for match in _TOKEN.finditer(text):
        tokens.append(text[last : match.start()])
        name, arg, options, male, female = match.groups()
        if name:
            kind, form = _ALIASES.get(name, (name, None))
            if not hasattr(Renderer, "s_" + kind):
                raise ValueError(f"unknown slot {{{name}}} in {text!r}")
            about, _, bounds = (arg or "").partition("@")
            low, high = (float(b) for b in bounds.split("-")) if bounds else (1.0, 60.0)
            tokens.append(Slot(kind, about, form, low, high))
        elif options is not None:
            tokens.append(Alt(tuple(compile_template(option) for option in options.split("|"))))
        else:
            tokens.append((male, female))
        last = match.end()
    tokens.append(text[last:])
    return tuple(token for token in tokens if token != "")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One rendered sentence; annotation offsets are relative to its start."""

    text: str
    words: int
    entities: tuple[tuple[int, int, str, str, str], ...]  # start, end, label, text, key
    figures: tuple[tuple[int, int, dict[str, Any]], ...]  # start, end, other fields
    dates: tuple[tuple[int, int, str, str], ...]  # start, end, text, value
    places: tuple[str, ...]  # the country of each place named


class Renderer:
    """Renders templates into one string, noting each entity, figure and date it inserts."""

    def __init__(self, rng: random.Random, lex: Lexicon, published: dt.date, country: str) -> None:
        self.rng, self.lex, self.lang, self.published = rng, lex, lex.lang, published
        self.geo = lex.countries[country]
        self.thousands, self.decimal = lex.separators
        self.parts: list[str] = []
        self.pos = self.depth = 0  # depth > 0 inside an organisation's name
        self.cap, self.female = True, False
        self.as_of: str | None = None
        self.last_city: Place | None = None
        self.topic: Topic | None = None  # what {h} and {tf} in a title refer to
        self.entities: list[tuple[int, int, str, str, str]] = []
        self.figures: list[tuple[int, int, dict[str, Any]]] = []
        self.dates: list[tuple[int, int, str, str]] = []
        self.places: list[str] = []

    def result(self) -> Rendered:
        text = "".join(self.parts)
        return Rendered(text, len(text.split()), tuple(self.entities), tuple(self.figures),
                        tuple(self.dates), tuple(self.places))  # fmt: skip

    def emit(self, text: str) -> str:
        if self.cap and text:
            text, self.cap = text[0].upper() + text[1:], False
        self.parts.append(text)
        self.pos += len(text)
        return text

    def render(self, tokens: tuple[Token, ...]) -> None:
        for token in tokens:
            if isinstance(token, str):
                self.emit(token)
            elif isinstance(token, Slot):
                getattr(self, "s_" + token.kind)(token)
            elif isinstance(token, Alt):
                self.render(self.rng.choice(token.options))
            else:
                self.emit(token[self.female])

    def entity(self, label: str, tokens: tuple[Token, ...]) -> None:
        start, first = self.pos, len(self.parts)
        self.depth += 1
        self.render(tokens)
        self.depth -= 1
        if not self.depth:  # a place inside an organisation's name is part of the ORG
            text = "".join(self.parts[first:])
            self.entities.append((start, self.pos, label, text, text.lower()))

    def figure(self, text: str, about: str, unit: str = "count", **values: Any) -> None:
        start, text = self.pos, self.emit(text)
        fields = {**_FIGURE, "text": text, "unit": unit, "about": about, "as_of": self.as_of}
        self.figures.append((start, self.pos, {**fields, **values}))

    def date(self, text: str, value: str) -> None:
        start, text = self.pos, self.emit(text)
        self.dates.append((start, self.pos, text, value))

    def number(self, value: float) -> str:
        text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)

    def s_city(self, slot: Slot) -> None:
        city = self.rng.choice(self.geo.cities)
        while city is self.last_city:  # "between Milano and Milano" reads badly
            city = self.rng.choice(self.geo.cities)
        self.last_city = city
        self.place(city, slot.form)

    def s_region(self, slot: Slot) -> None:
        self.place(self.rng.choice(self.geo.regions), slot.form)

    def s_country(self, slot: Slot) -> None:
        self.place(self.geo.place, slot.form)

    def place(self, place: Place, form: int) -> None:
        before, after = place.forms[form]
        self.places.append(place.code)
        self.emit(before)
        self.entity("LOC", (place.name,))
        self.emit(after)

    def person(self) -> str:
        women, men, surnames = self.geo.names
        self.female = self.rng.random() < 0.5
        first, last = self.rng.choice(women if self.female else men), self.rng.choice(surnames)
        if self.female and last.endswith(("ov", "ev")):
            last += "a"  # Kazakh surnames agree
        return f"{last} {first}" if self.geo.place.code == "VN" else f"{first} {last}"

    def s_dr(self, slot: Slot) -> None:
        name = self.person()
        self.render(self.lex.doctor)
        self.entity("PER", (name,))

    def s_speaker(self, slot: Slot) -> None:
        self.entity("PER", (self.person(),))
        self.emit(", ")
        self.render(self.rng.choice(self.lex.roles))

    def s_org(self, slot: Slot) -> None:
        article, name = self.rng.choice(self.lex.orgs[slot.arg])
        first = name[0] if isinstance(name[0], str) else ""
        self.emit(article if slot.form is None else _prep(self.lang, slot.form, article, first))
        self.entity("ORG", name)

    def count(self, key: str) -> int:
        low, high = self.lex.counts[key]
        value = int(math.exp(self.rng.uniform(math.log(low), math.log(high))))
        if value >= 1000 and self.rng.random() < 0.5:
            value = round(value, -1 if value < 10000 else -2)
        return max(value, 2)

    def s_n(self, slot: Slot, qualifier: str | None = None) -> None:
        value, noun = self.count(slot.arg), self.lex.nouns[slot.arg]
        self.figure(f"{self.number(value)} {noun}", noun, value=float(value), qualifier=qualifier)

    def s_q(self, slot: Slot) -> None:
        qualifier = None
        if self.rng.random() < 0.4:
            word, qualifier = self.rng.choice(self.lex.qualifiers)
            self.emit(word)
        self.s_n(slot, qualifier)

    def s_range(self, slot: Slot) -> None:
        low = self.count(slot.arg)
        high = low + max(1, round(low * self.rng.uniform(0.15, 0.8)))
        if low >= 100:
            low, high = int(float(f"{low:.2g}")), max(int(float(f"{high:.2g}")), low + 10)
        a, b, noun = self.number(low), self.number(high), self.lex.nouns[slot.arg]
        if self.lang != "en" and self.rng.random() < 0.5:
            self.emit("de " if self.lang == "fr" else "da ")
            text = f"{a} {'à' if self.lang == 'fr' else 'a'} {b} {noun}"
        else:
            word, conj = {"fr": ("entre", "et"), "it": ("tra", "e"), "en": ("between", "and")}[
                self.lang
            ]
            text = f"{word} {a} {conj} {b} {noun}"
        self.figure(text, noun, value_min=float(low), value_max=float(high))

    def s_frac(self, slot: Slot) -> None:
        low, high = self.lex.counts[slot.arg]
        total = self.rng.randint(max(4, low), max(5, min(high, 60)))
        value, noun = self.rng.randint(max(1, total // 3), total - 1), self.lex.nouns[slot.arg]
        shape = self.rng.randrange(3)
        if shape == 0:
            text = f"{value}/{total} {noun}"
        elif self.lang == "fr":
            text = f"{value} {noun} sur {total}"
        elif self.lang == "en":
            text = (
                f"{value} of the {total} {noun}" if shape == 1 else f"{value} out of {total} {noun}"
            )
        elif shape == 1:
            article = self.lex.partitives[slot.arg]
            article = article if article == "delle" else "degli" if total in (8, 11) else "dei"
            text = f"{value} {article} {total} {noun}"
        else:
            text = f"{value} {noun} su {total}"
        self.figure(text, noun, value=float(value), of=float(total))

    def s_pct(self, slot: Slot) -> None:
        if slot.high <= 5 or self.rng.random() < 0.5:
            value = round(self.rng.uniform(slot.low, slot.high), 1)
        else:
            value = float(self.rng.randint(math.ceil(slot.low), math.floor(slot.high)))
        if slot.form is not None:  # Italian article: il 12%, l'8%, del 12%, dell'8%
            article = _it_article(value) + ("" if _it_article(value) == "l'" else " ")
            self.emit(article if slot.form == "the" else _prep("it", slot.form, article))
        sign = " per cent" if self.lang == "en" and self.rng.random() < 0.25 else "%"
        sign = " %" if self.lang == "fr" else sign
        self.figure(self.number(value) + sign, slot.arg, unit="percent", value=value)

    def s_money(self, slot: Slot, currency: str = "") -> None:
        currency = currency or self.geo.currency
        words = self.lex.currencies[currency]
        if self.rng.random() < 0.65:
            amount = round(self.rng.uniform(1.1, 9.9), 1)
            amount = float(self.rng.randint(2, 80)) if self.rng.random() < 0.5 else amount
            amount = 1.5 if amount == 1.0 else amount
            value, number = float(round(amount * 1_000_000)), self.number(amount)
            if self.lang == "fr":
                scale = "million" if amount < 2 else "millions"
                text = f"{number} {scale} {'d' + chr(39) if words[0] == 'e' else 'de '}{words}"
            else:
                text = (
                    f"{number} milioni di {words}"
                    if self.lang == "it"
                    else f"{words}{number} million"
                )
        else:
            value = float(self.rng.randint(20, 990) * 1000)
            number = self.number(value)
            text = f"{words}{number}" if self.lang == "en" else f"{number} {words}"
        self.figure(text, slot.arg, unit=currency, value=value)

    def s_intl(self, slot: Slot) -> None:
        self.s_money(slot, self.rng.choice(("USD", "EUR")))

    def s_kg(self, slot: Slot) -> None:
        value = int(math.exp(self.rng.uniform(math.log(2), math.log(3000))))
        drug = self.rng.choice(self.lex.drugs)
        about = drug[2:] if drug.startswith("d'") else drug.split(" ", 1)[1]
        text = f"{self.number(value)} {self.rng.choice(self.lex.kilos)} {drug}"
        self.figure(text, about, unit="kg", value=float(value))

    def event(self) -> dt.date:
        return self.published - dt.timedelta(days=self.rng.randrange(720))

    def day(self, day: dt.date) -> None:
        number = "1er" if self.lang == "fr" and day.day == 1 else str(day.day)
        self.date(f"{number} {self.lex.months[day.month - 1]} {day.year}", day.isoformat())

    def s_date(self, slot: Slot) -> None:
        self.day(self.event())

    def s_il_date(self, slot: Slot) -> None:
        day = self.event()
        self.emit("l'" if day.day in (1, 8, 11) else "il ")
        self.day(day)

    def s_asof(self, slot: Slot) -> None:
        day = self.event()
        self.emit("All'" if self.lang == "it" and day.day in (1, 8, 11) else self.lex.as_of)
        self.day(day)
        self.as_of = day.isoformat()

    def s_month(self, slot: Slot) -> None:
        day = self.event()
        self.date(f"{self.lex.months[day.month - 1]} {day.year}", f"{day.year}-{day.month:02d}")

    def s_year(self, slot: Slot) -> None:
        year = str(self.published.year - self.rng.randint(0, 2))
        self.date(year, year)

    def s_next(self, slot: Slot) -> None:
        year = str(self.published.year + self.rng.randint(1, 3))
        self.date(year, year)

    def s_h(self, slot: Slot) -> None:
        assert self.topic is not None
        self.cap = self.cap or self.lang == "en"
        self.render(self.topic.headline)

    def s_tf(self, slot: Slot) -> None:
        assert self.topic is not None
        self.render(self.topic.figure)


@dataclass(frozen=True, slots=True)
class Topic:
    headline: tuple[Token, ...]
    figure: tuple[Token, ...]  # a figure for titles: "1 572 patients sous méthadone"
    sentences: tuple[tuple[Token, ...], ...]
    decks: tuple[tuple[tuple[Token, ...], ...], ...]  # a few fixed shuffles of the sentences
