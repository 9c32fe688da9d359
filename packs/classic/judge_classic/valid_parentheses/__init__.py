"""valid_parentheses: whether a string of brackets is balanced and properly nested."""

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
    StressGroup,
    Task,
)

from .reference import is_valid

_PAIRS = ("()", "[]", "{}")
# The interview's strings are short (tens of brackets); the stress group's nest 500 to 10,000
# deep, past Python's 1,000 frames for a recursion per bracket. Its top stays below the spec's
# 10**5 characters so that a pass-per-level solution (O(n^2), flagged by growth) still finishes.
_STRESS_FROM = 1000
_STRESS_TO = 20_000
_GROWTH_TO = 4096
_BRACKETS = "".join(_PAIRS)


def _nested(pairs: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Balanced strings: a pair around a balanced string, or two balanced strings side by side."""
    return st.recursive(
        st.just(""),
        lambda inner: st.one_of(
            st.tuples(pairs, inner).map(lambda p: p[0][0] + p[1] + p[0][1]),
            st.tuples(inner, inner).map(lambda p: p[0] + p[1]),
        ),
        max_leaves=20,
    )


def _one_changed(draw: st.DrawFn) -> str:
    """A balanced string with one bracket replaced, dropped or added: almost right."""
    text = draw(_nested(st.sampled_from(_PAIRS)))
    where = draw(st.integers(0, len(text)))
    bracket = draw(st.sampled_from(_BRACKETS))
    change = draw(st.sampled_from(["replace", "drop", "add"]))
    if change == "add" or not text:
        return text[:where] + bracket + text[where:]
    where = min(where, len(text) - 1)
    return text[:where] + ("" if change == "drop" else bracket) + text[where + 1 :]


_arguments = st.one_of(
    st.text(alphabet=_BRACKETS, max_size=12),
    _nested(st.sampled_from(_PAIRS)),
    st.composite(_one_changed)(),
    # one kind only: a counter of open brackets is right here, and wrong with kinds mixed
    st.text(alphabet="()", max_size=12),
).map(lambda text: (text,))


def make_variant(size: int, variant: int) -> Args:
    """``size`` // 2 brackets opened, then closed in reverse (kinds drawn from ``variant``): the
    deepest nesting, where removing innermost pairs one pass at a time takes n/2 passes. For
    the odd variants (half of them) the last bracket closes the wrong kind: every method still
    reads to the end before it can tell, and the answer is not the same for every variant."""
    rng = random.Random(variant)
    kinds = rng.choices(_PAIRS, k=max(size // 2, 1))
    closing = [pair[1] for pair in reversed(kinds)]
    if variant % 2:
        closing[-1] = rng.choice([pair[1] for pair in _PAIRS if pair[1] != closing[-1]])
    return ("".join(pair[0] for pair in kinds) + "".join(closing),)


def make_input(size: int) -> Args:
    """The deepest nesting of ``size`` brackets (rounded up to a pair)."""
    return make_variant(size, 0)


# The deepest nestings of the group's sizes, valid or closing the wrong kind last, drawn as a
# size and a seed (Hypothesis draws no list of 10,000 brackets in time); the largest is a
# branch of its own, so every search meets it.
_stress = st.one_of(
    st.builds(make_variant, st.integers(_STRESS_FROM, _STRESS_TO), st.integers(0, 2**64 - 1)),
    st.just(make_input(_STRESS_TO)),
)


def _length(args: Args) -> int:
    (text,) = args
    return len(text)


def _is_bool(args: Args, answer: Any) -> bool:
    return isinstance(answer, bool)


def _odd_length_is_invalid(args: Args, answer: Any) -> bool:
    (text,) = args
    return len(text) % 2 == 0 or answer is False


def _counts_must_match(args: Args, answer: Any) -> bool:
    """A balanced string opens and closes each kind equally often."""
    (text,) = args
    counts_match = all(text.count(pair[0]) == text.count(pair[1]) for pair in _PAIRS)
    return counts_match or answer is False


def _closing_first_is_invalid(args: Args, answer: Any) -> bool:
    (text,) = args
    return not text or text[0] in "([{" or answer is False


def _only_brackets(args: Args) -> bool:
    (text,) = args
    return isinstance(text, str) and all(char in _BRACKETS for char in text)


PROBLEM = Problem(
    slug="valid_parentheses",
    title="Valid Parentheses",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="is_valid",
            params=("text",),
            reference=is_valid,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="characters",
            # Growth is measured up to here: past it, in the container, the copies of a string
            # that str.replace makes cost more than their length (x5.3 a doubling at 8,192),
            # and a quadratic solution's top size reads cubic. A stress failure is found below
            # it (a recursion fails from 1,986).
            max_size=_GROWTH_TO,
            examples=(
                Example(args=("()",), expected=True),
                Example(args=("()[]{}",), expected=True),
                Example(args=("(]",), expected=False),
                Example(args=("([)]",), expected=False),
                Example(args=("{[]}",), expected=True),
                Example(args=("",), expected=True),
                Example(args=("((",), expected=False),
            ),
            properties=(
                Property("is a bool", _is_bool),
                Property("is False for an odd length", _odd_length_is_invalid),
                Property(
                    "is False when a kind opens and closes unequally often", _counts_must_match
                ),
                Property("is False when the first bracket closes", _closing_first_is_invalid),
            ),
            domain=_only_brackets,
            size_of=_length,
            stress=StressGroup(
                arguments=_stress,
                from_size=_STRESS_FROM,
                sizes=f"{_STRESS_FROM:,} to {_STRESS_TO:,} brackets, nested half as deep",
                explanations=(
                    Explanation(
                        "RecursionError", "A recursion per bracket opened is as deep as the nesting"
                    ),
                ),
            ),
        ),
    ),
)
