"""Properties every correct answer has, each checked on its own so feedback names what broke.

A property sees whatever the candidate returned (None, a str, an Opaque...): it answers False
for any answer of the wrong type and never raises.
"""

from __future__ import annotations

from typing import Any

from judge.catalog.problem import Args, Property


def _is_int(answer: Any) -> bool:
    # bool is a subclass of int, but True is no digit sum.
    return type(answer) is int


def _is_an_int(args: Args, answer: Any) -> bool:
    return _is_int(answer)


def _at_most_nine_per_digit(args: Args, answer: Any) -> bool:
    (n,) = args
    return _is_int(answer) and 0 <= answer <= 9 * len(str(n))


def _same_remainder_mod_nine(args: Args, answer: Any) -> bool:
    # A number and its digit sum differ by a multiple of 9 (10 = 1 mod 9).
    (n,) = args
    return _is_int(answer) and answer % 9 == n % 9


def _zero_only_for_zero(args: Args, answer: Any) -> bool:
    (n,) = args
    return _is_int(answer) and (answer == 0) == (n == 0)


def _single_digit(args: Args, answer: Any) -> bool:
    return _is_int(answer) and 0 <= answer <= 9


IS_AN_INT = Property("is an int", _is_an_int)
ZERO_ONLY_FOR_ZERO = Property("is 0 only for 0", _zero_only_for_zero)

DIGIT_SUM_PROPERTIES = (
    IS_AN_INT,
    Property("is at most 9 times the number of digits", _at_most_nine_per_digit),
    Property("has the same remainder mod 9 as n", _same_remainder_mod_nine),
    ZERO_ONLY_FOR_ZERO,
)

DIGITAL_ROOT_PROPERTIES = (
    IS_AN_INT,
    Property("is a single digit", _single_digit),
    ZERO_ONLY_FOR_ZERO,
    Property("is congruent to n mod 9", _same_remainder_mod_nine),
)
