"""Report values: huge ints are shown by digit count and edges, exactly and in bounded time."""

from __future__ import annotations

import time

import pytest

from judge.values import FULL_INT_BITS, int_digits, int_text, int_to_decimal, value_repr


@pytest.mark.parametrize(
    "number",
    [
        10**40000 - 1,  # a hair below a round number: the top bits cannot decide alone
        10**40000,
        -(10**40000) - 7,
        3**90000,
        7**40000 * 13,
    ],
    ids=["nines", "power-of-ten", "negative", "power-of-three", "odd-product"],
)
def test_a_huge_int_s_count_and_edges_are_its_exact_digits(number: int) -> None:
    assert abs(number).bit_length() > FULL_INT_BITS
    text = int_to_decimal(abs(number))
    digits = int_digits(number)
    assert (digits.negative, digits.count) == (number < 0, len(text))
    assert (digits.head, digits.tail) == (text[:10], text[-10:])
    sign = "-" if number < 0 else ""
    assert int_text(number) == f"{sign}{text[:10]}…{text[-10:]} ({len(text)} digits)"


def test_an_int_within_the_full_size_is_written_whole() -> None:
    assert value_repr([10**5000, -3]) == "[" + "1" + "0" * 5000 + ", -3]"


@pytest.mark.parametrize("bits", [7_500_000, 16_000_000], ids=["7.5M-bits", "wire-maximum"])
def test_a_huge_int_is_shown_in_bounded_time(bits: int) -> None:
    started = time.monotonic()
    shown = value_repr(1 << bits)
    assert time.monotonic() - started < 1.0
    assert shown.endswith(" digits)") and len(shown) < 60
