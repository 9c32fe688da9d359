"""integer_sqrt: the integer square root, rounded down, without math.sqrt or a power of 0.5."""

from __future__ import annotations

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
from judge_classic.answers import is_int

from .reference import integer_sqrt

# The interview's numbers have at most 40 bits (a root of up to 2 ** 20: counting up to it
# finishes); the stress group's up to the spec's 1024.
_INTERVIEW_BITS = 40
_MAX_BITS = 1024


def _squares_and_neighbours(bits: int) -> st.SearchStrategy[int]:
    """r * r - 1, r * r and r * r + 1 for a root r of about ``bits`` / 2 bits: where rounding
    and off-by-one mistakes show."""
    roots = st.integers(1, 2 ** ((bits + 1) // 2) - 1)
    return (
        st.tuples(roots, st.sampled_from([-1, 0, 1]))
        .map(lambda p: max(p[0] * p[0] + p[1], 0))
        .filter(lambda n: n.bit_length() <= bits)
    )


_arguments = st.one_of(
    st.integers(0, 20),
    st.integers(0, 2**_INTERVIEW_BITS - 1),
    _squares_and_neighbours(_INTERVIEW_BITS),
    st.just(2**_INTERVIEW_BITS - 1),
).map(lambda n: (n,))

_stress = st.one_of(
    st.integers(2**_INTERVIEW_BITS, 2**_MAX_BITS - 1),
    _squares_and_neighbours(_MAX_BITS).filter(lambda n: n >= 2**_INTERVIEW_BITS),
    st.just(2**_MAX_BITS - 1),
    # a square just below a power of two: a float root rounds up past it
    st.integers(27, 63).map(lambda k: (2**k - 1) ** 2),
).map(lambda n: (n,))


def make_variant(size: int, variant: int) -> Args:
    """A number of ``size`` bits in the top quarter of them, drawn from ``variant``: the same
    bit length (a binary search's steps) for every variant, a root within 14% of the largest
    one (counting up's steps), and a root of its own."""
    bits = max(size, 1)
    low = 3 * 2 ** (bits - 2) if bits >= 2 else 1
    return (low + random.Random(variant).randrange(2**bits - low),)


def make_input(size: int) -> Args:
    """2 ** size - 1: the largest number of ``size`` bits."""
    return (2 ** max(size, 1) - 1,)


def _is_int(args: Args, answer: Any) -> bool:
    return is_int(answer) and answer >= 0


def _square_at_most_n(args: Args, answer: Any) -> bool:
    (n,) = args
    return _is_int(args, answer) and answer * answer <= n


def _next_square_above_n(args: Args, answer: Any) -> bool:
    (n,) = args
    return _is_int(args, answer) and (answer + 1) * (answer + 1) > n


def _bits(args: Args) -> int:
    (n,) = args
    return int(n).bit_length()


def _non_negative(args: Args) -> bool:
    (n,) = args
    return isinstance(n, int) and 0 <= n < 2**_MAX_BITS


PROBLEM = Problem(
    slug="integer_sqrt",
    title="Integer Square Root",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="integer_sqrt",
            params=("n",),
            reference=integer_sqrt,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="bits",
            max_size=_MAX_BITS,
            examples=(
                Example(args=(4,), expected=2),
                Example(args=(8,), expected=2),
                Example(args=(0,), expected=0),
                Example(args=(1,), expected=1),
                Example(args=(99,), expected=9),
                Example(args=(10**12,), expected=10**6),
            ),
            properties=(
                Property("is a non-negative int", _is_int),
                Property("its square is at most n", _square_at_most_n),
                Property("the next square is above n", _next_square_above_n),
            ),
            domain=_non_negative,
            size_of=_bits,
            stress=StressGroup(
                arguments=_stress,
                from_size=_INTERVIEW_BITS + 1,
                sizes=f"numbers of {_INTERVIEW_BITS + 1} to {_MAX_BITS} bits",
                explanations=(
                    Explanation(
                        "TimeoutError", "Counting up to the root takes 2 ** (bits / 2) steps"
                    ),
                ),
            ),
        ),
    ),
    # The spec: find the root yourself. math.isqrt is the answer itself; a float root
    # (math.sqrt, ** 0.5, Decimal.sqrt) is the shortcut, and wrong once n passes 2 ** 52.
    rules=(
        Rule(
            id="no-square-root",
            says="find the root yourself rather than with math.sqrt, math.isqrt or ** 0.5",
            names=("math.sqrt", "math.isqrt", "math.pow", "cmath", "numpy"),
            attributes=("sqrt", "isqrt"),
            fractional_powers=True,
        ),
    ),
)
