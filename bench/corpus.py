"""Synthetic policy news for benchmarks: deterministic, pre-analysed documents at any size.

`generate(count, seed)` yields French, Italian and English `ingest.model.Document`s of 300 to
1,500 words, with the entities, figures and dates they contain at exact offsets, so the search
and export benchmarks can index 100,000 of them without running NLP; `write_texts(directory,
count, seed)` writes the same documents as `.txt` files for benchmarks of the real pipeline.

    .venv/bin/python bench/corpus.py OUT_DIR --count 2000 --seed 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "corpus_data"  # the words and templates; its README.md describes the files
sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:  # for corpus_render, however this file was loaded
    sys.path.append(str(BENCH))

from corpus_render import (  # noqa: E402
    Country,
    Lexicon,
    Place,
    Rendered,
    Renderer,
    Token,
    Topic,
    compile_template,
)

from ingest.model import DateMention, Document, Entity, Figure, LanguageSpan  # noqa: E402

LANGUAGES = ("fr", "it", "en")
EPOCH, DAYS = dt.date(2019, 1, 1), (dt.date(2025, 12, 31) - dt.date(2019, 1, 1)).days + 1
# Large runs reuse what they rendered: once a template has VARIANTS renderings for a country and
# year, and a topic PARAGRAPHS paragraphs, later documents draw from them. Documents stay distinct
# and 100,000 generate in about half a minute instead of several.
VARIANTS = 8
PARAGRAPHS = 24


def _load(name: str) -> Any:
    """The file bench/corpus_data/`name`: parsed if it is JSON, else its text."""
    text = (DATA / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


# --- Lexicons: places.json, people.json, figures.json -------------------------------------------
PLACES, PEOPLE, FIGURES = _load("places.json"), _load("people.json"), _load("figures.json")
COUNTRIES: dict[str, dict[str, Any]] = PLACES["countries"]
CODES = tuple(COUNTRIES)
# The countries each language's press covers most; any country comes up now and then.
PREFERRED: dict[str, list[str]] = PLACES["preferred"]


def _place(code: str, lang: str, spec: str | dict[str, str], city: bool = False) -> Place:
    """A place in `lang` from its "Name=the|in|of" (_ for the name), "kind:Name" or city name."""
    spec = spec[lang] if isinstance(spec, dict) else spec
    if city:
        name, pattern = spec, PLACES["city_forms"][lang]
    elif "=" in spec:
        name, pattern = spec.split("=")
    else:
        kind, name = spec.split(":")
        pattern = PLACES["kinds"][kind][lang]
    if name[0] in "AEIOUÉ":  # d'Almaty, ad Astana
        pattern = pattern.replace("de _", "d'_").replace("|a _", "|ad _")
    forms = tuple((f.partition("_")[0], f.partition("_")[2]) for f in f"{pattern}|_".split("|"))
    return Place(code, name, forms)


def _country(code: str, lang: str, country: dict[str, Any]) -> Country:
    names = PEOPLE["names"][code]
    return Country(
        country["currency"],
        _place(code, lang, country["name"]),
        tuple(_place(code, lang, region) for region in country["regions"]),
        tuple(_place(code, lang, city, city=True) for city in country["cities"]),
        (tuple(names["women"]), tuple(names["men"]), tuple(names["surnames"])),
    )


def _lexicon(lang: str) -> Lexicon:
    nouns: dict[str, dict[str, Any]] = FIGURES["nouns"]  # Italian ones with a partitive article
    orgs = {kind: tuple((article, compile_template(name)) for article, _, name in
                        (spec.partition("|") for spec in specs))
            for kind, specs in PEOPLE["organisations"][lang].items()}  # fmt: skip
    bare = {key: noun[lang].split(" ", 1)[1] if lang == "it" else noun[lang]
            for key, noun in nouns.items()}  # fmt: skip
    separators = FIGURES["separators"][lang]
    return Lexicon(
        lang=lang,
        countries={code: _country(code, lang, country) for code, country in COUNTRIES.items()},
        orgs=orgs,
        roles=tuple(compile_template(role) for role in PEOPLE["roles"][lang]),
        doctor=compile_template(PEOPLE["doctor"][lang]),
        nouns=bare,
        partitives={key: noun["it"].split(" ")[0] for key, noun in nouns.items()},
        counts={key: (noun["range"][0], noun["range"][1]) for key, noun in nouns.items()},
        qualifiers=tuple((word, qualifier) for word, qualifier in FIGURES["qualifiers"][lang]),
        currencies=FIGURES["currencies"][lang],
        drugs=tuple(FIGURES["drugs"][lang]),
        kilos=tuple(FIGURES["kilos"][lang]),
        months=tuple(FIGURES["months"][lang]),
        separators=(separators["thousands"], separators["decimal"]),
        as_of=FIGURES["as_of"][lang],
    )


LEXICONS = {lang: _lexicon(lang) for lang in LANGUAGES}


# --- Templates: topics_{fr,it,en}.txt, titles.json ----------------------------------------------
def _topics(lang: str) -> dict[str, Topic]:
    """The topics of topics_`lang`.txt, compiled, with their decks of templates.

    "# topic | headline | figure" opens a topic (the last two make titles), then come its
    templates, one a line; an indented line continues the line above.
    """
    entries: list[list[str]] = []  # per topic: its header, then its sentences
    for line in _load(f"topics_{lang}.txt").strip().splitlines():
        if line.startswith("# "):
            entries.append([line[2:]])
        elif line.startswith(" "):
            entries[-1][-1] += " " + line.strip()
        elif line:  # blank lines are skipped
            entries[-1].append(line)
    shuffler = random.Random(0)
    topics: dict[str, Topic] = {}
    for header, *sentences in entries:
        name, headline, figure = header.split(" | ")
        compiled = tuple(compile_template(sentence) for sentence in sentences)
        decks = tuple(tuple(shuffler.sample(compiled, len(compiled))) for _ in range(8))
        topics[name] = Topic(compile_template(headline), compile_template(figure), compiled, decks)
    return topics


TEMPLATES = {lang: _topics(lang) for lang in LANGUAGES}
TOPICS = tuple(name for name in TEMPLATES["fr"] if name != "general")
_HEADINGS = _load("titles.json")  # {h} in a title is the main topic's headline, {tf} its figure
_TITLES = {lang: tuple(compile_template(title) for title in titles)
           for lang, titles in _HEADINGS["titles"].items()}  # fmt: skip
_DATELINE = compile_template(_HEADINGS["dateline"])


# --- Documents ----------------------------------------------------------------------------------
M = TypeVar("M", bound=BaseModel)
_FIELDS: dict[type[BaseModel], set[str]] = {
    m: set(m.model_fields) for m in (Entity, Figure, DateMention)
}


def _model(cls: type[M], values: dict[str, Any]) -> M:
    """`cls` holding `values`, known valid: pydantic's `model_construct` without its loops.

    Validating the ~100 entities, figures and dates of every document would double the time
    `generate` takes; tests/bench/test_corpus.py checks that they validate.
    """
    model = object.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS[cls])  # frozen: never changed
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


@dataclass(slots=True)
class _Bucket:
    """Renderings kept for one country and year: of each template, of each topic's paragraphs."""

    sentences: dict[int, list[Rendered]] = field(default_factory=dict)
    paragraphs: dict[int, list[tuple[Rendered, ...]]] = field(default_factory=dict)


def _document(seed: int, index: int, lang: str, cache: dict[tuple[str, int], _Bucket]) -> Document:
    rng = random.Random(f"{seed}:{index}")
    lexicon = LEXICONS[lang]
    rand = rng.random
    published = EPOCH + dt.timedelta(days=rng.randrange(DAYS))
    main = rng.choice(PREFERRED[lang] if rand() < 0.7 else CODES)
    other = rng.choice([code for code in CODES if code != main])
    target = min(1420, max(320, round(rng.lognormvariate(6.47, 0.4))))
    topics = TEMPLATES[lang]
    chosen = [topics[name] for name in rng.sample(TOPICS, len(TOPICS))]  # one per paragraph
    heading = Renderer(rng, lexicon, published, main)
    heading.topic = chosen[0]
    heading.render(rng.choice(_TITLES[lang]))
    decks: dict[int, Iterator[tuple[Token, ...]]] = {}  # each topic's templates, drawn in turn

    def sentence(tokens: tuple[Token, ...], country: str, bucket: _Bucket) -> Rendered:
        variants = bucket.sentences.get(id(tokens))
        if variants is None:
            variants = bucket.sentences[id(tokens)] = []
        elif len(variants) >= VARIANTS:
            return variants[int(rand() * VARIANTS)]
        renderer = Renderer(rng, lexicon, published, country)
        renderer.render(tokens)
        variants.append(renderer.result())
        return variants[-1]

    def draw(topic: Topic) -> tuple[Token, ...]:  # each topic's templates in turn, no repeats
        deck = decks.get(id(topic))
        if deck is None:
            deck = decks[id(topic)] = itertools.cycle(topic.decks[int(rand() * len(topic.decks))])
        return next(deck)

    def paragraph(topic: Topic, country: str, bucket: _Bucket) -> tuple[Rendered, ...]:
        variants = bucket.paragraphs.get(id(topic))
        if variants is None:
            variants = bucket.paragraphs[id(topic)] = []
        elif len(variants) >= PARAGRAPHS:
            return variants[int(rand() * PARAGRAPHS)]
        drawn = [draw(topic) for _ in range(min(len(topic.sentences), rng.randint(2, 4)))]
        for _ in range(rng.randint(0, 2)):  # and a sentence or two of context
            drawn.insert(rng.randint(1, len(drawn)), draw(topics["general"]))
        variants.append(tuple(sentence(tokens, country, bucket) for tokens in drawn))
        return variants[-1]

    picked: list[tuple[Rendered, ...]] = []  # paragraphs of sentences
    words = 0
    while words < target:
        country = main if not picked or rand() < 0.8 else other
        bucket = cache.get((country, published.year))
        if bucket is None:
            bucket = cache[country, published.year] = _Bucket()
        lead = paragraph(chosen[len(picked) % len(chosen)], country, bucket)
        if not picked and rand() < 0.35:
            lead = (sentence(_DATELINE, country, bucket), *lead)
        more = sum(rendered.words for rendered in lead)
        if words + more > 1490:
            break
        picked.append(lead)
        words += more
    placed: list[tuple[int, Rendered]] = []  # each sentence and where it starts
    offset = 0
    for lead in picked:
        for rendered in lead:
            placed.append((offset, rendered))
            offset += len(rendered.text) + 1  # a space between sentences
        offset += 1  # and a blank line between paragraphs
    text = "\n\n".join(" ".join(rendered.text for rendered in lead) for lead in picked)
    entities = [
        _model(
            Entity,
            {"text": t, "label": label, "start": s + at, "end": e + at, "key": k, "page": None},
        )
        for at, r in placed
        for s, e, label, t, k in r.entities
    ]
    figures = [
        _model(Figure, {**f, "start": s + at, "end": e + at, "topics": [], "page": None})
        for at, r in placed
        for s, e, f in r.figures
    ]
    dates = [
        _model(DateMention, {"text": t, "start": s + at, "end": e + at, "value": v, "page": None})
        for at, r in placed
        for s, e, t, v in r.dates
    ]
    mentioned = Counter(code for _, rendered in placed for code in rendered.places)
    return Document(
        id=f"gen-{seed}-{index}",
        source=f"generated/{lang}/{index:06d}.txt",
        title="".join(heading.parts),
        published=published,
        text=text,
        language=lang,
        language_confidence=1.0,
        paragraph_languages=[LanguageSpan(start=0, end=len(text), language=lang)],
        entities=entities,
        figures=figures,
        dates=dates,
        countries=[main] + ([other] if mentioned[other] else []),
        countries_mentioned=dict(mentioned),
    )


def generate(count: int, seed: int = 0, languages: Sequence[str] = LANGUAGES) -> Iterator[Document]:
    """`count` documents cycling through `languages`; the same seed gives the same documents."""
    if not languages or set(languages) - set(TEMPLATES):
        raise ValueError(f"languages must be among {LANGUAGES}, got {list(languages)}")
    caches: dict[str, dict[tuple[str, int], _Bucket]] = {lang: {} for lang in LANGUAGES}
    langs = list(languages)
    return (
        _document(seed, i, langs[i % len(langs)], caches[langs[i % len(langs)]])
        for i in range(count)
    )


def words(document: Document) -> int:
    """The number of whitespace-separated words in the document's text."""
    return len(document.text.split())


def _write(directory: Path, document: Document) -> Path:
    path = directory / Path(document.source).relative_to("generated")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{document.title}\n\n{document.text}\n", encoding="utf-8")
    return path


def write_texts(directory: Path, count: int, seed: int = 0) -> list[Path]:
    """Writes `generate(count, seed)` as `directory/{fr,it,en}/NNNNNN.txt`: title, blank, body."""
    return [_write(directory, document) for document in generate(count, seed)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    languages: Counter[str] = Counter()
    total = 0
    for document in generate(args.count, args.seed):
        _write(args.out_dir, document)
        languages[document.language or ""] += 1
        total += words(document)
    print(
        f"{args.count} documents written to {args.out_dir} in {time.perf_counter() - started:.1f} s"
    )
    for lang in LANGUAGES:
        print(f"{lang}: {languages[lang]} documents")
    print(f"words: {total} ({total / max(args.count, 1):.0f} per document)")


if __name__ == "__main__":
    main()
