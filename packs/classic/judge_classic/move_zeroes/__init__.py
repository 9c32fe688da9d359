"""move_zeroes: every zero to the end, in place, the other values in order (an in-place task)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task
from judge_classic.answers import in_place_state, returns_none

from .reference import move_zeroes


def _half_zeroes(length: int, variant: int = 0) -> Args:
    """``length`` values, half of them zeroes, in an order drawn from ``variant``: every
    variant has as many zeroes and swaps, so costs the same."""
    rng = random.Random(variant)
    nums = [0] * (length // 2) + [rng.randint(1, 10**6) for _ in range(length - length // 2)]
    rng.shuffle(nums)
    return (nums,)


def _keeps_length(args: Args, answer: Any) -> bool:
    (nums,) = args
    after = in_place_state(answer)
    return after is not None and len(after) == len(nums)


def _zeroes_at_the_end(args: Args, answer: Any) -> bool:
    (nums,) = args
    after = in_place_state(answer)
    if after is None:
        return False
    zeroes = nums.count(0)
    return all(type(x) is int and x == 0 for x in after[len(after) - zeroes :]) if zeroes else True


def _keeps_order(args: Args, answer: Any) -> bool:
    (nums,) = args
    after = in_place_state(answer)
    return after is not None and [x for x in after if x != 0] == [x for x in nums if x != 0]


_value = st.one_of(st.just(0), st.integers(min_value=-5, max_value=5), st.integers())
_nums = st.one_of(
    st.lists(_value, max_size=40),
    # zeroes in runs, at the start and at the end
    st.lists(st.sampled_from([0, 0, 0, 1, 2, -1]), min_size=1, max_size=30),
    st.lists(st.just(0), max_size=5),
    st.lists(st.integers(min_value=1, max_value=9), max_size=5),
)


PROBLEM = Problem(
    slug="move_zeroes",
    title="Move Zeroes",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="move_zeroes",
            params=("nums",),
            reference=move_zeroes,
            arguments=_nums.map(lambda nums: (nums,)),
            target=Growth.LINEAR,
            make_input=_half_zeroes,
            make_variant=_half_zeroes,
            size_unit="length",
            in_place=("nums",),
            examples=(
                Example(args=([0, 1, 0, 3, 12],), expected=(None, [1, 3, 12, 0, 0])),
                Example(args=([0],), expected=(None, [0])),
                Example(args=([],), expected=(None, [])),
                Example(args=([4, 0, 0, 5],), expected=(None, [4, 5, 0, 0])),
            ),
            properties=(
                returns_none("the list"),
                Property("keeps the list's length", _keeps_length),
                Property("puts every zero at the end", _zeroes_at_the_end),
                Property("keeps the other values in their order", _keeps_order),
            ),
        ),
    ),
)
