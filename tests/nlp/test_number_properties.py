"""Property tests of the number parser: any input gives a number or None, never an error."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from nlp.numbers import parse_digits, parse_words

LANGUAGES = st.sampled_from(["fr", "it", "en", None])
DIGIT_STRINGS = st.text(alphabet="0123456789 .,\u00a0\u202f", min_size=1, max_size=40)


@given(DIGIT_STRINGS, LANGUAGES)
@example("7" * 100_000, "en")  # one enormous token must not crash or hang
def test_digit_strings_parse_to_a_finite_number_or_none(text: str, language: str | None) -> None:
    value = parse_digits(text, language)
    assert value is None or (isinstance(value, float) and math.isfinite(value) and value >= 0)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["fr", "it", "en"]))
def test_grouped_integers_read_back_exactly(number: int, language: str) -> None:
    grouped = {"fr": f"{number:,}".replace(",", " "), "it": f"{number:,}".replace(",", "."),
               "en": f"{number:,}"}[language]  # fmt: skip
    assert parse_digits(grouped, language) == float(number)


@given(st.text(max_size=60), st.sampled_from(["fr", "it", "en"]))
def test_number_words_parse_to_a_number_or_none(text: str, language: str) -> None:
    value = parse_words(text, language)
    assert value is None or isinstance(value, float)
