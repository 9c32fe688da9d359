"""digit_sum: sum the decimal digits of a number; follow-up: its digital root.

Seed 002, stage 9.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Explanation, Growth, Problem, StressGroup, Task
from judge.correctness.values import int_digits

from . import reference
from .properties import DIGIT_SUM_PROPERTIES, DIGITAL_ROOT_PROPERTIES

MAX_DIGITS = 1000  # the domain is 0 <= n < 10**1000
# The interview's numbers have at most 100 digits; the stress group's more, up to the domain's
# 1000, past the recursion limit of one call per digit.
INTERVIEW_DIGITS = 100

# Shrinking prefers the first branch, so counterexamples come out as small everyday numbers.
_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    # Digit strings give zeros inside the number (10203) and long runs of nines.
    st.text(alphabet="0123456789", min_size=1, max_size=INTERVIEW_DIGITS).map(int),
    st.integers(min_value=0, max_value=10**INTERVIEW_DIGITS - 1),
)
_arguments = st.tuples(_numbers)

# A number of digits first (the domain's largest, 1000, half of the time), then a number of
# exactly that many: shrinking lowers the digits to the fewest that fail, then the number to
# 10...0. Digit strings add zeros and runs of nines.
_stress_numbers = st.one_of(
    st.one_of(
        st.integers(min_value=INTERVIEW_DIGITS + 1, max_value=MAX_DIGITS), st.just(MAX_DIGITS)
    ).flatmap(lambda digits: st.integers(min_value=10 ** (digits - 1), max_value=10**digits - 1)),
    st.builds(
        lambda first, rest: int(first + rest),
        st.sampled_from("123456789"),
        st.text(alphabet="0123456789", min_size=INTERVIEW_DIGITS, max_size=MAX_DIGITS - 1),
    ),
)


def _digits(args: Args) -> int:
    """The size of an input: its number of digits."""
    (n,) = args
    return int_digits(n).count


def _in_range(args: Args) -> bool:
    """The spec's constraint: 0 <= n < 10**1000."""
    (n,) = args
    return 0 <= n < 10**MAX_DIGITS


def _all_nines(size: int) -> Args:
    """The largest number of ``size`` digits: every digit is summed, and the sum is largest."""
    return (10**size - 1,)


# Both tasks sum digits, so both meet the same limit.
_STRESS = StressGroup(
    arguments=st.tuples(_stress_numbers),
    from_size=INTERVIEW_DIGITS + 1,
    sizes=f"{INTERVIEW_DIGITS + 1} to {MAX_DIGITS} digits",
    explanations=(
        Explanation("RecursionError", "A recursion one call per digit is as deep as n has digits"),
    ),
)


def _random_digits(size: int, variant: int) -> Args:
    """A number of exactly ``size`` digits, each 1 to 9, drawn from the seed ``variant``: every
    digit is summed, as in the nines, and the sum is known only once every digit is read."""
    digits = random.Random(variant).choices("123456789", k=size)
    return (int("".join(digits)),)


PROBLEM = Problem(
    slug="digit_sum",
    title="Digit sum",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="digit_sum",
            params=("n",),
            reference=reference.digit_sum,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=_all_nines,
            make_variant=_random_digits,
            size_unit="digits",
            max_size=MAX_DIGITS,
            domain=_in_range,
            examples=(
                Example(args=(119,), expected=11),
                Example(args=(0,), expected=0),
                Example(args=(10**20,), expected=1),
            ),
            properties=DIGIT_SUM_PROPERTIES,
            size_of=_digits,
            stress=_STRESS,
        ),
        Task(
            name="digital_root",
            params=("n",),
            reference=reference.digital_root,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=_all_nines,
            make_variant=_random_digits,
            size_unit="digits",
            max_size=MAX_DIGITS,
            domain=_in_range,
            examples=(
                Example(args=(119,), expected=2),
                Example(args=(99999999999,), expected=9),
                Example(args=(0,), expected=0),
                Example(args=(7,), expected=7),
            ),
            properties=DIGITAL_ROOT_PROPERTIES,
            required=False,
            size_of=_digits,
            stress=_STRESS,
        ),
    ),
)
