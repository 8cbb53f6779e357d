"""Property tests of the number parser and reader: any input gives a number or None, no error."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from nlp.figures import find_figures
from nlp.numbers import parse_digits, parse_words, scale_value

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


@given(st.integers(min_value=1000, max_value=10**12))
def test_the_swiss_apostrophe_groups_thousands(number: int) -> None:
    assert parse_digits(f"{number:,}".replace(",", "'"), "fr") == float(number)


@given(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["-", "−", "+"]),
    st.sampled_from(["fr", "it", "en"]),
)
def test_a_printed_sign_is_the_figures_sign(number: int, sign: str, language: str) -> None:
    grouped = {"fr": f"{number:,}".replace(",", " "), "it": f"{number:,}".replace(",", "."),
               "en": f"{number:,}"}[language]  # fmt: skip
    [figure] = find_figures(f"Variation ({sign}{grouped} %) sur un an.", language)
    assert figure.value == (-number if sign != "+" else number)
    assert figure.unit == "percent"


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["fr", "it", "en"]))
def test_a_dash_between_two_numbers_is_a_range_not_a_sign(low: int, language: str) -> None:
    [figure] = find_figures(f"Entre {low} - {low + 5} centres.", language)
    assert (figure.value_min, figure.value_max) == (low, low + 5)


def test_a_billion_is_read_in_the_documents_language() -> None:
    assert scale_value("billion", "fr") == 1e12
    assert scale_value("bilioni", "it") == 1e12
    assert scale_value("billion", "en") == 1e9
    assert scale_value("milliard", "fr") == scale_value("miliardi", "it") == 1e9
