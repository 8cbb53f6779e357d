"""Money beside a number (symbol, code, name), resolved to ISO 4217 by the document's countries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

# Names and symbols come from babel's locale data (CLDR) in the three languages. What follows is
# only what CLDR does not say: symbols the press writes that are not CLDR's, words outside its
# names, and families: "$", "dollars", "francs", "Rs" stand for the currency of whichever
# country the document is about.
_EXTRA_SYMBOLS: dict[str, str] = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "J$": "JMD", "NT$": "TWD", "R$": "BRL", "Fr.": "CHF",
    "Rs.": "rupee", "Rs": "rupee", "₨": "rupee", "Tk.": "BDT", "Tk": "BDT", "৳": "BDT",
    "KSh": "KES", "Ksh": "KES", "TSh": "TZS", "USh": "UGX", "FCFA": "cfa", "CFA": "cfa",
    "F CFA": "cfa", "R": "ZAR", "P": "PHP", "₦": "NGN", "₹": "INR", "₱": "PHP", "₫": "VND",
    "₸": "KZT", "€": "EUR", "£": "pound", "$": "dollar", "¥": "yen",
}  # fmt: skip
_EXTRA_WORDS: dict[str, str] = {
    "francs cfa": "cfa", "franchi cfa": "cfa", "cfa francs": "cfa", "fcfa": "cfa",
    "f cfa": "cfa", "cfa": "cfa", "dollars américains": "USD", "dollars us": "USD",
    "dollari americani": "USD", "đồng": "VND", "dong": "VND", "dongs": "VND", "dông": "VND",
    "dôngs": "VND", "renminbi": "CNY", "reais": "BRL",
    "grivne": "UAH", "sterling": "GBP", "lei": "RON", "eur": "EUR", "usd": "USD",
    "som": "KGS",
}  # fmt: skip
# Head words that after a number are more often something else (a crown, a mark, gold, a sun,
# a lion, the old Italian lira): missing such a currency costs less than the noise.
_NOT_CURRENCY_WORDS = frozenset(
    "or gold nouveau nouveaux nuovo nuovi zimbabwe mark marks marco marchi sol sols soles "
    "real reals réal réals won wons leu tala talas kina kinas pula pulas sum sums dram drams "
    "leone leoni corona corone couronne couronnes lira lire dobra dobras".split()
)
# ISO codes that are also words or common acronyms in capitals ("ALL", "TOP", "SOS", and the
# French health agencies' "ARS").
_NOT_CURRENCY_CODES = frozenset(
    "ALL TOP CUP PEN SOS TRY MOP BAM GEL AMD BOB SAR CVE ANG ARS MUR ILS".split()
)
# A family's usual member when no country of the document uses one of its currencies.
_PREFERRED = ("USD", "EUR", "GBP", "CHF", "XOF", "INR", "MXN", "KES", "MAD", "IRR", "JPY", "RUB")
# The head words that name each family in babel's names, in the three languages.
_FAMILY_HEADS = {
    "dollar": ("dollar", "dollaro", "peso"),
    "rupee": ("rupee", "roupie", "rupia"), "pound": ("pound", "livre", "sterlina"),
    "yen": ("yen", "yuan"), "cfa": (),
}  # fmt: skip
# "pounds" and "livres" weigh something unless the document's country pays in pounds.
_WEIGHT_WORDS = frozenset({"pound", "pounds", "livre", "livres"})

_WORDS_AFTER = re.compile(
    r"\s?(?:(?:de|di|of|en)\s|d')?([^\W\d_]+(?:[ '’-][^\W\d_]+){0,2})", re.IGNORECASE
)


@dataclass(frozen=True)
class Money:
    """A currency written beside a number: where it is in the text, and as written."""

    start: int
    end: int
    token: str


@cache
def _current_codes() -> frozenset[str]:
    codes = {code for t in map(str, Locale("en").territories) for code in _territory_currencies(t)}
    return frozenset(code for code in codes if len(code) == 3 and code.isalpha())


def _head(name: str, language: str) -> str:
    # French and Italian put the noun first ("dollars canadiens"), English last ("US dollars").
    words = name.lower().split()
    return words[-1] if language == "en" else words[0]


@cache
def _babel_names() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """CLDR's currency names in fr/it/en (singular and plural, lower case), and their head
    words ("dollars" stands for USD, CAD, AUD ...), each with the codes it can stand for."""
    names: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for language in ("fr", "it", "en"):
        data = Locale(language)._data
        for code in _current_codes():
            plural = dict(data["currency_names_plural"].get(code, {}))
            for name in {data["currency_names"].get(code, ""), *plural.values()}:
                if name and "(" not in name:
                    names.setdefault(name.lower(), set()).add(code)
                    heads.setdefault(_head(name, language), set()).add(code)
    return (
        {name: frozenset(codes) for name, codes in names.items()},
        {head: frozenset(codes) for head, codes in heads.items()},
    )


@cache
def _family(key: str) -> frozenset[str]:
    """The codes a key stands for: a family ("dollar": USD, CAD, ...) or one code ("EUR")."""
    if key == "cfa":
        return frozenset({"XOF", "XAF"})
    if key not in _FAMILY_HEADS:
        return frozenset({key})
    _, heads = _babel_names()
    codes: set[str] = set()
    for head in _FAMILY_HEADS[key]:
        codes |= heads.get(head, frozenset()) | heads.get(head + "s", frozenset())
    return frozenset(codes)


@cache
def _word_table() -> dict[str, frozenset[str]]:
    names, heads = _babel_names()
    table = {h: c for h, c in heads.items() if h not in _NOT_CURRENCY_WORDS and h.isalpha()}
    table.update(names)
    table.update({word: _family(key) for word, key in _EXTRA_WORDS.items()})
    return table


@cache
def _symbol_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for language in ("fr", "it", "en"):
        symbols = Locale(language).currency_symbols
        for code in _current_codes():
            symbol = re.sub(r"\s", " ", symbols.get(code, code))  # as the text is normalised
            if symbol != code and not symbol.isalpha():
                table.setdefault(symbol, set()).add(code)
    result = {symbol: frozenset(codes) for symbol, codes in table.items()}
    result.update({symbol: _family(key) for symbol, key in _EXTRA_SYMBOLS.items()})
    result.update({code: frozenset({code}) for code in _current_codes() - _NOT_CURRENCY_CODES})
    return result


@cache
def _symbol_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    symbols = sorted(_symbol_table(), key=len, reverse=True)
    # One-letter symbols ("R530", "P21.9 billion") only glued to the number.
    alternatives = "|".join(
        rf"{s}(?!\s)" if len(s) == 1 and s.isalpha() else re.escape(s) for s in symbols
    )
    before = re.compile(rf"(?<![\w$€£])({alternatives})\s?$")
    after = re.compile(
        r"\s?(" + "|".join(re.escape(s) for s in symbols if len(s) > 1 or not s.isalpha()) + ")"
        r"(?![\w$])"
    )
    return before, after


def symbol_before(text: str, start: int) -> Money | None:
    """The currency symbol or code written just before the number at `start` ("US$", "€")."""
    before, _ = _symbol_patterns()
    match = before.search(text, max(0, start - 6), start)
    return Money(match.start(1), match.end(1), match.group(1)) if match else None


def money_after(text: str, end: int) -> Money | None:
    """The currency written just after a number ("d'euros", "$", "USD", "yens japonais")."""
    _, after = _symbol_patterns()
    if match := after.match(text, end):
        return Money(match.start(1), match.end(1), match.group(1))
    match = _WORDS_AFTER.match(text, end)
    if not match:
        return None
    words = _word_table()
    phrase = match.group(1)
    # The longest run of words that names a currency: "dollars canadiens" before "dollars".
    for cut in sorted(
        {m.start() for m in re.finditer(r"[ '’-]", phrase)} | {len(phrase)}, reverse=True
    ):
        if phrase[:cut].lower() in words:
            return Money(match.start(1), match.start(1) + cut, phrase[:cut])
    return None


def resolve(money: Money, countries: Sequence[str]) -> str | None:
    """The ISO 4217 code `money` stands for in a document about `countries`; None when it is no
    currency there ("pounds" of cannabis in a Jamaican report are weight)."""
    token = money.token
    codes = _symbol_table().get(token) or _word_table().get(token.lower(), frozenset())
    if token.lower() in _WEIGHT_WORDS and countries:
        # Only where the document's own country pays in pounds are they money.
        main = [code for code in _territory_currencies(countries[0]) if code in codes]
        return main[0] if main else None
    if len(codes) == 1:
        return next(iter(codes))
    for country in countries:
        for code in _territory_currencies(country):
            if code in codes:
                return code
    return next((code for code in _PREFERRED if code in codes), None)


def is_currency_word(token: str) -> bool:
    """Whether a word names a currency in one of our languages ("francs", "euro", "dollars")."""
    return token.lower() in _word_table()


def currency_words() -> frozenset[str]:
    """Every one-word currency name of the three languages, in lower case ("euros", "dollari")."""
    return frozenset(word for word in _word_table() if word.isalpha())


def is_weight_word(token: str) -> bool:
    """Whether a currency word also names a weight ("pounds", "livres")."""
    return token.lower() in _WEIGHT_WORDS


@cache
def _territory_currencies(country: str) -> tuple[str, ...]:
    # Today's tender of a territory; continents and unknown codes have none.
    return tuple(get_territory_currencies(country))
