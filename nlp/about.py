"""What a figure counts (`about`): the words right after it or a label before it, else the
noun phrase it is a share of, the subject of its clause, what a figure it parallels counts, or
its predicate.

The extractor gives each figure the noun that follows it ("3 810 toxicomanes", `counted_after`)
or the label it stands under ("Toxicomanes : 3 810", `label_before`). Real text often puts that
noun elsewhere: before the verb ("Le marché de la cocaïne représente 5 tonnes"), past a bracket
("70,2 % (153) des décès"), in a parallel figure ("4 854 deaths in 2017, up from 4 050 in 2016")
or after a copula ("80 % sont fumeurs"); `describe` reads those once every figure is found.
Each reading follows the clause's grammar: function words, auxiliaries and participles end or
open a noun phrase, punctuation ends it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.function_words import FUNCTION_WORDS
from ingest.model import Figure

_MAX_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ALL_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values()) | {"d'", "l'", "dell'", "all'"}
# Finite forms of the auxiliaries and of the verbs that state a quantity: where a subject ends.
_VERBS = frozenset(
    "is are was were be been being has have had will would can could may might shall should "
    "accounted amounted reached totalled totaled stood numbered represented represents made "
    "make makes rose fell increased decreased dropped grew remained reported recorded "
    "est sont était étaient été ont avait avaient sera seront serait fut furent représente "
    "représentent représentait atteint atteignent atteignait compte comptent comptait "
    "comptaient s'élève s'élèvent s'élevait s'établit se chiffre totalise dénombre concerne "
    "touche passe passé reste demeure "
    "è sono era erano stato stata stati state ha hanno aveva avevano sarà saranno rappresenta "
    "rappresentano raggiunge raggiungono ammonta ammontano conta contano contava attesta "
    "tocca riguarda supera superano resta".split()
)
# Words that open a clause without being part of its subject.
_CLAUSE_OPENERS = frozenset(
    "while whereas and but however although when where which that who whom "
    "alors que tandis mais et où dont qui quand lorsque si "
    "mentre ma e ed dove che cui quando se però mentre".split()
)
# Qualifiers and comparison words that stand between a verb and the number.
_NOT_NOUNS = frozenset(
    "about around nearly almost some approximately roughly over more than less fewer under up "
    "only just least most environ près presque quasi quelque plus moins seulement que "
    "circa quasi oltre più meno solo soltanto appena almeno estimated estimés estimées estimé "
    "estimée stimati stimate stimato stimata pari each every all tous toutes tutti tutte "
    "total totale totaux also aussi anche ancora déjà già already then alors poi quindi "
    "respectively respectivement rispettivamente".split()
)
# The words a figure is linked to its noun by, and approximations between ("de l'ordre de").
_LINKS = frozenset("of de d' di pari soit worth totalling totaling".split())
# Words that end what a figure counts: comparisons, distributives, pronouns, relative times.
_BREAKS = frozenset(
    "between entre tra fra contro contre against versus vs sul sur each every ogni chaque them "
    "eux elles loro compared comparé comparati rispetto than que che since depuis dal last "
    "dernier dernière scorso scorsa according selon secondo si se ne ci lower higher "
    "quand quali quale there".split()
)
# Verb forms by their endings (participles, gerunds): no noun a figure counts ends in one.
_VERB_ENDING = re.compile(r"(?:ed|ing|ée?s?|at[oaie]|ut[oaie]|ando|endo)$", re.IGNORECASE)
# Demonstratives and pronouns that open a phrase pointing elsewhere.
_POINTERS = frozenset(
    "this that these those it they there ce cet cette ces cela ceci elle ils elles "
    "questo questa questi queste quello quella ciò esso essa essi".split()
)
_DETERMINERS = frozenset(
    "the a an this these those le la les un une des du ces cette son sa ses leur leurs "
    "il lo i gli una uno dei degli delle questo questa questi queste suo sua suoi".split()
)
_ELIDED_ARTICLE = re.compile(r"^(?:l|d|dell|all|nell|dall|sull|un|qu|quell)['’](?=\w)", re.I)
# "des revenus de l'ordre de 330 millions": the approximation stands between noun and figure.
_APPROXIMATION_BEFORE = re.compile(
    r"\s*(?:de\s+l['’]ordre|à\s+hauteur|of\s+the\s+order|in\s+the\s+region|dell['’]ordine|"
    r"nell['’]ordine|intorno|attorno)\s*$",
    re.IGNORECASE,
)
_AMONG_AFTER = re.compile(
    r"\s*(?:of\s+(?:them|it|those|these)|d['’]entre\s+(?:eux|elles)|di\s+(?:loro|essi|esse)|"
    r"tra\s+(?:loro|questi)|del\s+totale|du\s+total|of\s+the\s+total)\b",
    re.IGNORECASE,
)
_RESTATING = re.compile(
    r"\s*[,(]?\s*(?:or|soit|ossia|cioè|ovvero|i\.e\.)?\s*(?:about|almost|nearly|some|environ|"
    r"près\s+de|presque|circa|quasi)?\s*[+−-]?",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:of|among|des|de\s+la|de\s+l['’]|du|de|parmi\s+les|dei|degli|"
    r"delle|della|dello|dell['’]|del|di|tra\s+i|tra\s+le|fra\s+i|fra\s+le)\s+",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\s*\([^()]{0,40}\)")
# Prepositions a clause's opening time or date starts with ("By the end of 2023", "Au 31
# décembre", "al 31 dicembre", "Nel 2022").
_TIME_PREPOSITIONS = frozenset(
    "by in at on during since until after before "
    "à au aux en dans depuis jusqu'à avant après fin début "
    "a al alla all' nel nella entro dal dalla fino dopo prima durante".split()
)
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


# The counted words follow a figure past articles, prepositions and "new" ("3 810 nouveaux
# toxicomanes") and end at a conjunction, a verb, a preposition or a comparative.
_ABOUT_SKIP = re.compile(
    r"^(?:\s*(?:de|d'|des|du|di|del|della|dei|degli|delle|of|the|les|la|le|i|gli|nouveaux|"
    r"nouvelles|new|nuovi|nuove|en|in|à)\b\s*)+",
    re.IGNORECASE,
)
_ABOUT_STOP = frozenset(
    "et ou qui que dont sont ont a été est sera seront ont avaient avait en dans à au aux pour "
    "par sur avec sans selon contre chez e o che sono hanno ha è nel nella nei negli per con "
    "su tra fra secondo dal dalla and or who which that are were was is have has had been in "
    "on at for by with from to into than as per since while "
    # Comparatives: "18 % de plus qu'en 2022", "il 9 % in più", "21% more than" compare the
    # figure with another, they do not say what it counts.
    "plus moins più meno more less fewer".split()
)


def counted_after(text: str, end: int) -> tuple[str | None, int]:
    """The counted thing after a figure ("toxicomanes avec des dossiers"), and where it ends."""
    rest = text[end : end + 120]
    skipped = _ABOUT_SKIP.match(rest)
    offset = skipped.end() if skipped else 0
    words: list[re.Match[str]] = []
    for match in _WORD.finditer(rest, offset):
        gap = rest[(words[-1].end() if words else offset) : match.start()]
        if gap.strip() or "\n" in gap:  # a line break ends the sentence, and a table's row
            break
        if match.group().lower() in _ABOUT_STOP or len(words) >= 4:
            break
        words.append(match)
    if not words:
        return None, 0
    if not words[0].group()[:1].isalpha():
        return None, 0
    return rest[words[0].start() : words[-1].end()], end + words[0].end()


# "Toxicomanes : 3 810", and a table's "Header: value; Header: value" rows: the label names
# what the figure counts. It opens a line or follows a ";" or "|", and holds no figure itself.
_LABEL_BEFORE = re.compile(r"(?:^|[;|]) ?([^\W\d][^:;|\n\d]{0,60}?) ?: ?$", re.MULTILINE)


def label_before(text: str, start: int) -> str | None:
    """The "Label:" just before a figure, which says what it counts when nothing after does."""
    match = _LABEL_BEFORE.search(text, max(0, start - 64), start)
    return match.group(1).strip() if match else None


def describe(text: str, figures: Sequence[Figure]) -> list[Figure]:
    """Figures with `about` filled where their own words left it empty."""
    # The figure's own words first, then a parallel figure's own words, then the clause's.
    abouts = [(f.about and _phrase(f.about.split())) or _share_of(text, f) for f in figures]
    for index in range(len(figures)):
        abouts[index] = abouts[index] or _in_brackets(text, figures, abouts, index)
    own = list(abouts)
    for index, figure in enumerate(figures):
        abouts[index] = (
            abouts[index]
            or _parallel(text, figures, own, index)
            or _subject(text, figure)
            or _linked_noun(text, figure)
        )
    for index, figure in enumerate(figures):
        abouts[index] = (
            abouts[index]
            or _counted_among(text, figures, abouts, index)
            or _in_brackets(text, figures, abouts, index)
            or _parallel(text, figures, abouts, index)
            or _sentence_subject(text, figure)
            or _predicate(text, figure)
        )
    return [
        figure if about == figure.about else figure.model_copy(update={"about": about})
        for figure, about in zip(figures, abouts, strict=True)
    ]


def _phrase(words: list[str]) -> str | None:
    """A noun phrase from words in text order: cut at a verb or a break word, function words
    trimmed at both ends; None when no content word is left."""
    for index, word in enumerate(words):
        if word.lower() in _VERBS or word.lower() in _BREAKS:
            words = words[:index]
            break
    if words and words[0].lower() in _POINTERS:
        return None  # "This figure", "Ce chiffre": what it points to, not what is counted
    if words:
        words = [_ELIDED_ARTICLE.sub("", words[0]), *words[1:]]
    while words and (words[0].lower() in _ALL_FUNCTION_WORDS or words[0].lower() in _NOT_NOUNS):
        words = words[1:]
    while words and (
        words[-1].lower() in _ALL_FUNCTION_WORDS
        or words[-1].lower() in _NOT_NOUNS
        or words[-1].lower() in _VERBS
    ):
        words = words[:-1]
    words = words[:_MAX_WORDS]
    if not any(len(w) > 2 and w.lower() not in _ALL_FUNCTION_WORDS for w in words):
        return None
    return " ".join(words)


def _words_until_break(text: str, start: int) -> list[str]:
    """The words from `start` up to the first punctuation, number, verb or new clause."""
    words: list[str] = []
    position = start
    for match in _WORD.finditer(text, start, min(len(text), start + 160)):
        gap = text[position : match.start()]
        word = match.group()
        lowered = word.lower()
        if gap.strip(" '’") or "\n" in gap or lowered in _VERBS or lowered in _CLAUSE_OPENERS:
            break
        if len(words) >= _MAX_WORDS:
            break
        words.append(word)
        position = match.end()
    return words


def _share_of(text: str, figure: Figure) -> str | None:
    """A share's whole, past a bracket: "70,2 % (153) des décès", "il 65 % dei casi"."""
    if figure.unit not in ("percent", "fraction") and figure.of is None:
        return None
    match = _SHARE_OF.match(text, figure.end)
    if match is None:
        return None
    return _phrase(_words_until_break(text, match.end()))


def _clause_words(text: str, start: int, end: int) -> list[str]:
    """The words of text[start:end] after its last clause break."""
    return [m.group() for m in _WORD.finditer(text, _clause_start(text, start, end), end)]


def _subject(text: str, figure: Figure) -> str | None:
    """The subject of the figure's clause, before its verb: "Les coûts de l'alcool sont estimés
    à 4,2 milliards", "The prevalence of HIV among IDUs in 2003 was 51 per cent"; after a
    time the clause opens with ("By the end of 2023 the number of people in treatment had
    reached 11,050", "al 31 dicembre 2022 le persone in trattamento erano 65.300")."""
    clause = _clause_start(text, max(0, figure.start - 200), figure.start)
    start = _past_time_opener(text, clause, figure.start)
    words = [m.group() for m in _WORD.finditer(text, start, figure.start)]
    while words and words[0].lower() in _CLAUSE_OPENERS:
        words = words[1:]
    for index, word in enumerate(words):
        if word.lower() in _VERBS:
            return _phrase(words[:index])
    return None


def _clause_start(text: str, start: int, end: int) -> int:
    """Where the last clause of text[start:end] starts: after its last clause break."""
    breaks = [m.end() for m in re.finditer(r"[.;:!?()\n]|,\s", text[start:end])]
    return start + (breaks[-1] if breaks else 0)


def _past_time_opener(text: str, start: int, end: int) -> int:
    """Past a time the words from `start` open with: a preposition first, then words up to
    the last year before the verb (a date: "By the end of 2023", "Au 31 décembre 2022"),
    which, without a comma, runs on into the subject; else `start`."""
    first = _WORD.search(text, start, end)
    if first is None or first.group().lower() not in _TIME_PREPOSITIONS:
        return start
    verbs = (m.start() for m in _WORD.finditer(text, start, end) if m.group().lower() in _VERBS)
    years = [m.end() for m in _YEAR.finditer(text, first.end(), next(verbs, end))]
    return years[-1] if years else start


def _linked_noun(text: str, figure: Figure) -> str | None:
    """The noun a preposition links the figure to: "des revenus de l'ordre de 330 millions",
    "soit un montant de 3,899 milliards", "the value of US$9 million"."""
    words = _clause_words(text, max(0, figure.start - 120), figure.start)
    while words and words[-1].lower() in _NOT_NOUNS:
        words = words[:-1]
    if len(words) < 2 or words[-1].lower() not in _LINKS:
        return None
    before = " ".join(words[:-1])
    if approximation := _APPROXIMATION_BEFORE.search(before):
        before = before[: approximation.start()]
    noun_phrase: list[str] = []
    for word in reversed(before.split()):
        lowered = word.lower()
        if lowered in _VERBS or lowered in _CLAUSE_OPENERS or len(noun_phrase) >= 4:
            break
        if lowered in _DETERMINERS or _ELIDED_ARTICLE.match(word):
            noun_phrase.insert(0, _ELIDED_ARTICLE.sub("", word))
            break  # a noun phrase opens with its determiner
        noun_phrase.insert(0, word)
    if not noun_phrase or _VERB_ENDING.search(noun_phrase[-1]):
        return None  # "connected to 55", "peaking at 1,740": a verb, not a noun
    return _phrase(noun_phrase)


def _in_brackets(
    text: str, figures: Sequence[Figure], abouts: list[str | None], index: int
) -> str | None:
    """A figure in brackets restates the one before them or qualifies the words before them:
    "55 (25,2 %) décès", "l'abus physique (19,3 %)"."""
    figure = figures[index]
    opening = text.rfind("(", max(0, figure.start - 24), figure.start)
    inside = text[opening + 1 : figure.start]
    if opening < 0 or ")" in inside or len(inside.split()) > 3:
        return None  # "(erano il 43 %)": a verb and an article may stand before the figure
    for number, other in enumerate(figures):
        if number != index and abouts[number] and 0 <= opening - other.end <= 2:
            return abouts[number]
    if not text[:opening].rstrip()[-1:].isalpha():
        return None  # "since 2019 (36 in 2020)": no noun stands before the bracket
    words = _clause_words(text, max(0, opening - 80), opening)
    verbs = [i for i, word in enumerate(words) if word.lower() in _VERBS | _CLAUSE_OPENERS]
    return _phrase(words[verbs[-1] + 1 if verbs else 0 :][-4:])


def _counted_among(
    text: str, figures: Sequence[Figure], abouts: list[str | None], index: int
) -> str | None:
    """A share "of them", "d'entre eux", "di loro", or a restatement after "or"/"soit": what the
    figure before it counts ("46,309 users ... 50 per cent of them")."""
    figure = figures[index]
    pointer = _AMONG_AFTER.match(text, figure.end)
    restates = index > 0 and _RESTATING.fullmatch(text[figures[index - 1].end : figure.start])
    if not (pointer or restates):
        return None
    for number in range(index - 1, -1, -1):
        if abouts[number] and figure.start - figures[number].end < 300:
            return abouts[number]
    return None


def _sentence_subject(text: str, figure: Figure) -> str | None:
    """The subject of the sentence's first clause, for a figure whose clause has none:
    "Cannabis abusers arrested increased by 31 %, from 142 in 2012 to 186 in 2013"."""
    full_stop = text.rfind(". ", 0, figure.start)
    start = max(full_stop + 2 if full_stop >= 0 else 0, text.rfind("\n", 0, figure.start) + 1)
    start = _past_time_opener(text, start, figure.start)
    words = [m.group() for m in _WORD.finditer(text, start, figure.start)]
    for index, word in enumerate(words):
        if word.lower() in _VERBS:
            return _phrase(words[:index])
    return None


def _parallel(
    text: str, figures: Sequence[Figure], abouts: list[str | None], index: int
) -> str | None:
    """What the nearest figure of the same kind in the same sentence counts: "4 854 deaths in
    2017, up from 4 050 in 2016"."""
    figure = figures[index]
    sentence_start = max(text.rfind(". ", 0, figure.start), text.rfind("\n", 0, figure.start)) + 1
    sentence_end = min(
        [e for e in (text.find(". ", figure.end), text.find("\n", figure.end)) if e >= 0]
        or [len(text)]
    )
    candidates = [
        (abs(other.start - figure.start), abouts[number])
        for number, other in enumerate(figures)
        if number != index
        and abouts[number]
        and other.unit == figure.unit
        and sentence_start <= other.start < sentence_end
    ]
    return min(candidates)[1] if candidates else None


def _predicate(text: str, figure: Figure) -> str | None:
    """After a copula: "80 % sont fumeurs", "over 60 per cent were females"."""
    after = _BRACKETED.match(text, figure.end)
    position = after.end() if after else figure.end
    verb = re.match(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?", text[position : position + 40])
    if verb is None or verb.group(1).lower() not in _VERBS:
        return None
    start = position + verb.end(1)
    if verb.group(2) and verb.group(2).lower() in _VERBS:
        start = position + verb.end(2)
    return _phrase(_words_until_break(text, start))
