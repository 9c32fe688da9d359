"""two_sum: indices of two values that add up to a target, any valid pair (a custom checker)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.checkers import Checked, Custom
from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task

from .reference import two_sum


def _index(value: Any, nums: list[int]) -> bool:
    return type(value) is int and 0 <= value < len(nums)


def _is_two_indices(args: Args, answer: Any) -> bool:
    (nums, _target) = args
    return (
        type(answer) is list and len(answer) == 2 and all(_index(value, nums) for value in answer)
    )


def _distinct(args: Args, answer: Any) -> bool:
    return _is_two_indices(args, answer) and answer[0] != answer[1]


def _adds_up(args: Args, answer: Any) -> bool:
    (nums, target) = args
    return _is_two_indices(args, answer) and nums[answer[0]] + nums[answer[1]] == target


def _any_valid_pair(args: Args, answer: Any) -> Checked:
    """Accepts any two distinct indices, in either order, whose values add up to the target."""
    if not _is_two_indices(args, answer):
        return Checked(False, "the answer must be a list of two indices into nums")
    if not _distinct(args, answer):
        return Checked(False, "the two indices must differ: one value cannot be used twice")
    if not _adds_up(args, answer):
        (nums, target) = args
        i, j = answer
        return Checked(False, f"nums[{i}] + nums[{j}] is {nums[i] + nums[j]}, not {target}")
    return Checked(True)


def _has_pair(args: Args) -> bool:
    """The spec's promise: at least one pair adds up to the target."""
    nums, target = args
    seen: set[int] = set()
    for num in nums:
        if target - num in seen:
            return True
        seen.add(num)
    return False


# The pair's first value sits among the last few places, at one drawn from the variant, its
# second at the end: a double loop still tries nearly every pair, and the answer differs.
_LAST_FEW = 8


def _pair_at_the_end(length: int, variant: int = 0) -> Args:
    """Distinct even values in an order drawn from ``variant``, and the only pair adding up to
    the (odd) target near the end: an odd value among the last few places and a large even one
    last. A double loop tries nearly every pair before it."""
    rng = random.Random(variant)
    evens = [2 * index for index in range(max(length - 2, 0))]
    rng.shuffle(evens)
    odd = 2 * rng.randrange(length + 1) + 1
    big_even = 2 * (length + rng.randrange(length + 1))
    place = len(evens) - rng.randrange(min(len(evens), _LAST_FEW - 1) + 1)
    return (evens[:place] + [odd] + evens[place:] + [big_even], odd + big_even)


def _with_pair(draw: st.DrawFn) -> Args:
    nums = draw(st.lists(st.integers(min_value=-20, max_value=20), min_size=2, max_size=30))
    i, j = draw(
        st.sampled_from([(i, j) for i in range(len(nums)) for j in range(i + 1, len(nums))])
    )
    return (nums, nums[i] + nums[j])


_arguments = st.one_of(
    st.composite(_with_pair)(),
    # a target that is twice a value present once: that value must not be used twice
    st.lists(st.integers(min_value=-9, max_value=9), min_size=2, max_size=8, unique=True).flatmap(
        lambda nums: st.sampled_from(nums).map(lambda x: (nums + [x + 1, x - 1], 2 * x))
    ),
    st.builds(lambda n, x: ([x] * n, 2 * x), st.integers(2, 5), st.integers(-(10**20), 10**20)),
)


PROBLEM = Problem(
    slug="two_sum",
    title="Two Sum",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="two_sum",
            params=("nums", "target"),
            reference=two_sum,
            arguments=_arguments.filter(_has_pair),
            target=Growth.LINEAR,
            make_input=_pair_at_the_end,
            make_variant=_pair_at_the_end,
            size_unit="length",
            checker=Custom(_any_valid_pair),
            examples=(
                Example(args=([2, 7, 11, 15], 9), expected=[0, 1]),
                Example(args=([3, 2, 4], 6), expected=[1, 2]),
                Example(args=([3, 3], 6), expected=[0, 1]),
            ),
            properties=(
                Property("is a list of two indices into nums", _is_two_indices),
                Property("uses two different indices", _distinct),
                Property("picks values that add up to target", _adds_up),
            ),
            domain=_has_pair,
        ),
    ),
)
