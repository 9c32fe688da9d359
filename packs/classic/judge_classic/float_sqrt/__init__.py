"""float_sqrt: a square root without math.sqrt or ** 0.5, to a tolerance (a tolerance checker)."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.checkers import Tolerance
from judge.catalog.problem import Args, Example, Growth, Problem, Property, Rule, StressGroup, Task

from .reference import float_sqrt

_TOLERANCE = Tolerance(abs_tol=1e-9, rel_tol=1e-9)


def _of_bits(bits: int, variant: int = 0) -> Args:
    """A number of ``bits`` binary digits before the point, its leading digits drawn from
    ``variant``: Newton's and bisection's steps grow with the digits, not with those. (Binary
    digits, not decimal: a float's 1024 give growth more sizes to be measured at than 308.)"""
    mantissa = random.Random(variant).uniform(1.0, 1.99)
    return (math.ldexp(mantissa, bits - 1),)


def _is_float(args: Args, answer: Any) -> bool:
    return type(answer) is float or type(answer) is int


def _not_negative(args: Args, answer: Any) -> bool:
    return _is_float(args, answer) and answer >= 0


def _squares_back(args: Args, answer: Any) -> bool:
    (x,) = args
    if not _is_float(args, answer):
        return False
    try:
        root = float(answer)
    except OverflowError:  # an int past any float: its square is far from x
        return False
    return math.isclose(root * root, x, rel_tol=1e-8, abs_tol=1e-9)


def _bits(args: Args) -> int:
    """An input's size: the binary digits before its point (at least 1)."""
    (x,) = args
    return max(1, int(x).bit_length())


# The interview's numbers are below 2**34 (about 1.7e10); the stress group's up to 1e300.
_STRESS_FROM = 35
_x = st.one_of(
    st.floats(min_value=0.0, max_value=1.0),  # the root is larger than x
    st.floats(min_value=0.0, max_value=1e6),
    st.floats(min_value=0.0, max_value=2.0**34 - 1),
    st.integers(min_value=0, max_value=10**5).map(lambda n: float(n * n)),  # perfect squares
    st.sampled_from([0.0, 1.0, 2.0, 0.25, 1e-300, 5e-324]),
)
_stress_x = st.floats(min_value=2.0**34, max_value=1e300)


PROBLEM = Problem(
    slug="float_sqrt",
    title="Square Root of a Float",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="float_sqrt",
            params=("x",),
            reference=float_sqrt,
            arguments=_x.map(lambda x: (x,)),
            target=Growth.LINEAR,
            make_input=_of_bits,
            make_variant=_of_bits,
            size_unit="bits",
            max_size=1024,
            checker=_TOLERANCE,
            examples=(
                Example(args=(4.0,), expected=2.0),
                Example(args=(2.0,), expected=1.4142135623730951),
                Example(args=(0.25,), expected=0.5),
                Example(args=(0.0,), expected=0.0),
            ),
            properties=(
                Property("is a float", _is_float),
                Property("is not negative", _not_negative),
                Property("squares back to x", _squares_back),
            ),
            domain=lambda args: args[0] >= 0 and math.isfinite(args[0]),
            size_of=_bits,
            stress=StressGroup(
                arguments=_stress_x.map(lambda x: (x,)),
                from_size=_STRESS_FROM,
                sizes=f"numbers of {_STRESS_FROM} to 997 bits (up to 1e300)",
            ),
        ),
    ),
    rules=(
        Rule(
            id="no-library-root",
            says="compute the root yourself rather than with math.sqrt or a power of 0.5",
            names=("math.sqrt", "math.isqrt", "math.pow", "math.exp", "cmath", "numpy", "decimal"),
            fractional_powers=True,
        ),
    ),
)
