"""gcd: the greatest common divisor of two non-negative integers (seed 000, stage 16)."""

from __future__ import annotations

import functools
import math
import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import (
    Args,
    Example,
    Explanation,
    Growth,
    Problem,
    Property,
    Rule,
    StressGroup,
    Task,
)
from judge.correctness.values import int_digits

from .reference import gcd

# Euclid needs about 4.8 steps per decimal digit on Fibonacci pairs and recursion one frame per
# step: index 2000 (418 digits) is past CPython's default recursion limit of 1000.
_MAX_FIBONACCI_INDEX = 2000
# The interview's numbers have at most 100 digits (a recursive Euclid stays under the limit);
# the stress group's have more, up to the spec's "hundreds of digits".
_INTERVIEW_DIGITS = 100
_STRESS_DIGITS = 420
# The last Fibonacci pair whose larger number has 100 digits: F(480) has 100, F(481) 101.
_LAST_INTERVIEW_INDEX = 479


def _fibonacci_pair(index: int) -> tuple[int, int]:
    """(F(index + 1), F(index)): consecutive Fibonacci numbers, Euclid's slowest inputs."""
    smaller, larger = 0, 1
    for _ in range(index):
        smaller, larger = larger, smaller + larger
    return larger, smaller


# Cached: every call of a timed batch gets a variant of this one input (make_variant).
@functools.lru_cache(maxsize=4)
def _fibonacci_with_digits(digits: int) -> Args:
    """The last consecutive Fibonacci pair whose larger number has ``digits`` digits: the most
    Euclid steps of any pair that size (so the stress group's bisection finds the fewest digits
    at which a recursion fails)."""
    highest = 10**digits
    smaller, larger = 1, 2
    while smaller + larger < highest:
        smaller, larger = larger, smaller + larger
    return (larger, smaller)


# Timed inputs (make_variant): a few of Euclid's quotients are 2 rather than 1, at places drawn
# from the seed, and the pair shares a factor of its own, so that neither the pair nor its
# gcd follows from the number of digits (a Fibonacci pair times a small k does: k = b // F).
_TWOS = 4
# The shared factor has this share of the digits (1 to 9 below 16 digits, none below 3).
_FACTOR_SHARE = 8


def _continuant(quotients: list[int]) -> tuple[int, int]:
    """The pair (p, q), p > q, on which Euclid's divisions have exactly these quotients (the
    last at least 2) and the remainder ends at gcd(p, q) = 1."""
    larger, smaller = 1, 0
    for quotient in reversed(quotients):
        larger, smaller = quotient * larger + smaller, larger
    return larger, smaller


@functools.lru_cache(maxsize=8)
def _variant_shape(digits: int) -> tuple[int, int, int, int]:
    """(steps, twos, lowest factor, highest factor) of the timed pairs of ``digits`` digits: the
    most Euclid steps such that any pair stays under ``digits`` digits (a 2 at most doubles a
    continuant)."""
    if digits < 3:
        low, high = 1, 1
    elif digits < 2 * _FACTOR_SHARE:
        low, high = 1, 9
    else:
        share = digits // _FACTOR_SHARE
        low, high = 10 ** (share - 1), 10**share - 1
    twos = min(_TWOS, digits // 10)
    steps = 1
    while high * 2**twos * _continuant([1] * steps + [2])[0] < 10**digits:
        steps += 1
    return steps, twos, low, high


def _seeded_euclid_pair(digits: int, variant: int) -> Args:
    """A pair of at most ``digits`` digits on which Euclid takes exactly as many steps as on any
    other variant (nearly as many as on a Fibonacci pair of that size), drawn from the seed
    ``variant``: which of its quotients are 2, and the factor both share (the answer)."""
    steps, twos, low, high = _variant_shape(digits)
    rng = random.Random(variant)
    quotients = [1] * (steps - 1) + [2]
    for place in rng.sample(range(steps - 1), min(twos, steps - 1)):
        quotients[place] = 2
    larger, smaller = _continuant(quotients)
    factor = rng.randint(low, high)
    return (larger * factor, smaller * factor)


def _is_answer(answer: Any) -> bool:
    """True for an int that is not a bool: anything else fails every property."""
    return isinstance(answer, int) and not isinstance(answer, bool)


def _is_non_negative_int(args: Args, answer: Any) -> bool:
    return _is_answer(answer) and answer >= 0


def _zero_for_zeros(args: Args, answer: Any) -> bool:
    a, b = args
    return a != 0 or b != 0 or answer == 0


def _divides_both(args: Args, answer: Any) -> bool:
    a, b = args
    if not _is_answer(answer):
        return False
    if answer == 0:  # 0 divides only 0
        return a == 0 and b == 0
    return a % answer == 0 and b % answer == 0


def _common_divisors_divide_it(args: Args, answer: Any) -> bool:
    # Every common divisor divides the gcd, so this holds exactly when the answer is a multiple
    # of math.gcd (the standard library's Lehmer gcd, independent of the reference); with
    # "divides both inputs" it pins the answer down.
    a, b = args
    if not _is_answer(answer):
        return False
    greatest = math.gcd(a, b)
    return answer == 0 if greatest == 0 else answer % greatest == 0


def _non_negative(args: Args) -> bool:
    """The spec's constraints: 0 <= a and 0 <= b."""
    return all(operand >= 0 for operand in args)


def _digits(args: Args) -> int:
    """The size of an input: the number of digits of the larger number."""
    return int_digits(max(args)).count


def _with_digits(digits: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=10 ** (digits - 1), max_value=10**digits - 1)


# Hypothesis favours small integers even in a huge range: draw a number of digits first so that
# numbers with many digits come up often. At most 90 digits: a shared factor or a quotient of
# this size times a million stays within the interview's 100.
_huge = st.sampled_from([20, 60, 90]).flatmap(_with_digits)
_operand = st.one_of(
    st.just(0),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=10**12),
    _huge,
)

_arguments = st.one_of(
    st.tuples(_operand, _operand),
    st.tuples(_huge, _huge),
    # a shared factor, so the answer is not almost always 1
    st.builds(
        lambda factor, x, y: (factor * x, factor * y),
        st.one_of(st.integers(min_value=1, max_value=1000), _huge),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
    ),
    _operand.map(lambda value: (value, value)),
    _operand.flatmap(lambda value: st.sampled_from([(value, 0), (0, value)])),
    # one divides the other with an enormous quotient: repeated subtraction never finishes
    st.builds(
        lambda x, quotient: (x * quotient, x),
        st.integers(min_value=1, max_value=10**6),
        _huge,
    ),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda p: (10 ** p[0], 10 ** p[1])),
    st.one_of(
        st.integers(min_value=0, max_value=_LAST_INTERVIEW_INDEX),
        st.integers(min_value=_LAST_INTERVIEW_INDEX // 2, max_value=_LAST_INTERVIEW_INDEX),
    ).map(_fibonacci_pair),
)

_stress_operand = st.integers(_INTERVIEW_DIGITS + 1, _STRESS_DIGITS).flatmap(_with_digits)
# Fibonacci pairs first: shrinking moves towards them, and they need the most Euclid steps for
# their digits, so a failure of depth shrinks to the fewest digits that show it. The largest
# pair of all is a branch of its own: every search meets it.
_stress = st.one_of(
    st.one_of(
        st.integers(min_value=_LAST_INTERVIEW_INDEX + 1, max_value=_MAX_FIBONACCI_INDEX),
        st.just(_MAX_FIBONACCI_INDEX),
    ).map(_fibonacci_pair),
    st.tuples(_stress_operand, _stress_operand),
    st.tuples(_stress_operand, _operand).flatmap(lambda pair: st.sampled_from([pair, pair[::-1]])),
)

PROBLEM = Problem(
    slug="gcd",
    title="Greatest Common Divisor",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="gcd",
            params=("a", "b"),
            reference=gcd,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=_fibonacci_with_digits,
            make_variant=_seeded_euclid_pair,
            size_unit="digits",
            examples=(
                Example(args=(48, 18), expected=6),
                Example(args=(17, 5), expected=1),
                Example(args=(0, 5), expected=5),
                Example(args=(0, 0), expected=0),
                Example(args=(10**20, 10**10), expected=10**10),
            ),
            properties=(
                Property("is a non-negative int", _is_non_negative_int),
                Property("gcd(0, 0) is 0", _zero_for_zeros),
                Property("divides both inputs", _divides_both),
                Property("every common divisor divides it", _common_divisors_divide_it),
            ),
            domain=_non_negative,
            size_of=_digits,
            stress=StressGroup(
                arguments=_stress,
                from_size=_INTERVIEW_DIGITS + 1,
                sizes=f"{_INTERVIEW_DIGITS + 1} to {_STRESS_DIGITS} digits, consecutive Fibonacci"
                " numbers among them",
                explanations=(
                    Explanation(
                        "RecursionError", "The recursion is as deep as the number of Euclid steps"
                    ),
                ),
            ),
        ),
    ),
    # The spec: "Write the algorithm yourself rather than calling math.gcd". math.lcm and the
    # fractions module (Fraction reduces by the gcd) are the same shortcut by another door.
    rules=(
        Rule(
            id="no-math-gcd",
            says="write the algorithm yourself rather than calling math.gcd",
            names=("math.gcd", "math.lcm", "fractions"),
        ),
    ),
)
