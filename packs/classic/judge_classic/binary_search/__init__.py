"""binary_search: find a value in a sorted list in O(log n), without the bisect module."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Rule, Task
from judge_classic.answers import IS_AN_INT, is_int

from .reference import search, search_all

_sorted_lists = st.one_of(
    st.lists(st.integers(-10, 10), unique=True, max_size=8),
    st.lists(st.integers(-(10**4), 10**4), unique=True, max_size=60),
).map(sorted)


def _with_target(nums: list[int]) -> st.SearchStrategy[Args]:
    """A target in the list (first and last ones often), between two of its values, or
    beyond either end."""
    present = [st.sampled_from(nums), st.just(nums[0]), st.just(nums[-1])] if nums else []
    absent = st.integers(-(10**4) - 2, 10**4 + 2).filter(lambda value: value not in nums)
    return st.tuples(st.just(nums), st.one_of(*present, absent))


def _with_targets(nums: list[int]) -> st.SearchStrategy[Args]:
    value = st.sampled_from(nums) | st.integers(-12, 12) if nums else st.integers(-12, 12)
    return st.tuples(st.just(nums), st.lists(value, max_size=8))


def _timed_nums(size: int, rng: random.Random) -> list[int]:
    """``size`` even numbers from an offset drawn from ``rng``: the same list, moved."""
    offset = rng.randrange(-(10**4), 10**4)
    return [offset + 2 * i for i in range(max(size, 1))]


# The timed target sits among the list's last few values, at a place drawn from the variant: a
# scan still walks nearly all of the list, a binary search still takes its log n steps, and the
# answer (the index) is not the same for every variant.
_LAST_FEW = 8


def make_variant(size: int, variant: int) -> Args:
    """``size`` numbers, and a target among the last few of them: a linear scan takes nearly
    its n steps, a binary search its log n."""
    rng = random.Random(variant)
    nums = _timed_nums(size, rng)
    return (nums, nums[-1 - rng.randrange(min(len(nums), _LAST_FEW))])


def make_input(size: int) -> Args:
    """make_variant's first variant: the worst case of ``size`` numbers."""
    return make_variant(size, 0)


def make_variant_all(size: int, variant: int) -> Args:
    """``size`` numbers and ``size`` targets, every other one absent, in an order drawn from
    ``variant``."""
    rng = random.Random(variant)
    nums = _timed_nums(size, rng)
    targets = [value + (i % 2) for i, value in enumerate(nums)]
    rng.shuffle(targets)
    return (nums, targets)


def make_input_all(size: int) -> Args:
    """make_variant_all's first variant: ``size`` numbers and as many targets."""
    return make_variant_all(size, 0)


def _minus_one_exactly_when_absent(args: Args, answer: Any) -> bool:
    nums, target = args
    return is_int(answer) and (answer == -1) == (target not in nums)


def _points_at_the_target(args: Args, answer: Any) -> bool:
    nums, target = args
    return answer == -1 or (is_int(answer) and 0 <= answer < len(nums) and nums[answer] == target)


def _each_points_at_its_target(args: Args, answer: Any) -> bool:
    nums, targets = args
    return (
        isinstance(answer, list)
        and len(answer) == len(targets)
        and all(
            _minus_one_exactly_when_absent((nums, t), a) and _points_at_the_target((nums, t), a)
            for t, a in zip(targets, answer, strict=True)
        )
    )


def _sorted_distinct(args: Args) -> bool:
    nums = args[0]
    return all(a < b for a, b in zip(nums, nums[1:], strict=False))


PROBLEM = Problem(
    slug="binary_search",
    title="Binary Search",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="search",
            params=("nums", "target"),
            reference=search,
            arguments=_sorted_lists.flatmap(_with_target),
            # O(log n) is what the spec asks for, but a call is handed its list, which costs
            # O(n): no timing of one call can tell a binary search from a scan. The follow-up's
            # n searches in one call can (see spec.md's Target complexity).
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="elements",
            examples=(
                Example(args=([-1, 0, 3, 5, 9, 12], 9), expected=4),
                Example(args=([-1, 0, 3, 5, 9, 12], 2), expected=-1),
                Example(args=([5], 5), expected=0),
                Example(args=([], 1), expected=-1),
                Example(args=([1, 3], 3), expected=1),
            ),
            properties=(
                IS_AN_INT,
                Property("is -1 exactly when the target is absent", _minus_one_exactly_when_absent),
                Property("is an index that holds the target", _points_at_the_target),
            ),
            domain=_sorted_distinct,
        ),
        Task(
            name="search_all",
            params=("nums", "targets"),
            reference=search_all,
            arguments=_sorted_lists.flatmap(_with_targets),
            # O(n log n): n searches of O(log n). Timed against O(n), as merge_intervals and
            # kth_largest are: at the sizes the judge times, the log factor does not show
            # (log2 n goes from 4 to 12), and what it tells apart is a scan's O(n^2).
            target=Growth.LINEAR,
            make_input=make_input_all,
            make_variant=make_variant_all,
            size_unit="elements and as many targets",
            required=False,
            examples=(Example(args=([1, 3, 5], [5, 2, 1]), expected=[2, -1, 0]),),
            properties=(
                Property("is each target's index, or -1 when absent", _each_points_at_its_target),
            ),
            domain=_sorted_distinct,
        ),
    ),
    rules=(
        Rule(
            id="no-bisect",
            says="write the binary search yourself rather than with the bisect module",
            names=("bisect",),
        ),
    ),
)
