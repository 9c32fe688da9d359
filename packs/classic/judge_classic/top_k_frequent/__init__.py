"""top_k_frequent: the k most frequent values, in any order, any of the tied ones (a checker)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.checkers import Checked, Custom
from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task

from .reference import top_k_frequent


def _is_k_values(args: Args, answer: Any) -> bool:
    nums, k = args
    return (
        type(answer) is list
        and len(answer) == k
        and all(type(value) is int for value in answer)
        and len(set(answer)) == k
    )


def _from_the_list(args: Args, answer: Any) -> bool:
    nums, _k = args
    present = set(nums)
    return _is_k_values(args, answer) and all(value in present for value in answer)


def _most_frequent(args: Args, answer: Any) -> bool:
    nums, _k = args
    if not _from_the_list(args, answer):
        return False
    counts: Counter[Any] = Counter(nums)
    chosen = set(answer)
    lowest_chosen = min((counts[value] for value in chosen), default=len(nums) + 1)
    return all(count <= lowest_chosen for value, count in counts.items() if value not in chosen)


def _k_most_frequent(args: Args, answer: Any) -> Checked:
    """Accepts any k distinct values of the list, in any order, none less frequent than a value
    left out: ties at the k-th place may go either way."""
    if not _is_k_values(args, answer):
        return Checked(False, f"the answer must be a list of {args[1]} distinct ints")
    if not _from_the_list(args, answer):
        return Checked(False, "a value in the answer is not in nums")
    if not _most_frequent(args, answer):
        return Checked(False, "a value left out occurs more often than one in the answer")
    return Checked(True)


def _valid(args: Args) -> bool:
    """The spec's constraint: 1 <= k <= the number of distinct values."""
    nums, k = args
    return 1 <= k <= len(set(nums))


def _many_distinct(length: int, variant: int = 0) -> Args:
    """``length`` values, most distinct and a few repeated, in an order drawn from ``variant``;
    k is a tenth of the distinct values."""
    rng = random.Random(variant)
    nums = list(range(length - length // 4)) + [
        rng.randrange(length // 4 + 1) for _ in range(length // 4)
    ]
    rng.shuffle(nums)
    return (nums, max(1, len(set(nums)) // 10))


def _draw(draw: st.DrawFn) -> Args:
    nums = draw(
        st.one_of(
            st.lists(st.integers(min_value=-4, max_value=4), min_size=1, max_size=40),
            st.lists(st.integers(), min_size=1, max_size=10),
            # every value as often as the others: ties everywhere
            st.builds(
                lambda values, times: values * times,
                st.lists(st.integers(-50, 50), min_size=1, max_size=6, unique=True),
                st.integers(1, 4),
            ).flatmap(st.permutations),
        )
    )
    k = draw(st.integers(min_value=1, max_value=len(set(nums))))
    return (nums, k)


PROBLEM = Problem(
    slug="top_k_frequent",
    title="Top K Frequent Elements",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="top_k_frequent",
            params=("nums", "k"),
            reference=top_k_frequent,
            arguments=st.composite(_draw)(),
            target=Growth.LINEAR,
            make_input=_many_distinct,
            make_variant=_many_distinct,
            size_unit="length",
            checker=Custom(_k_most_frequent),
            examples=(
                Example(args=([1, 1, 1, 2, 2, 3], 2), expected=[1, 2]),
                Example(args=([1], 1), expected=[1]),
                Example(args=([4, 4, 5, 5, 6], 1), expected=[4]),
            ),
            properties=(
                Property("is a list of k distinct ints", _is_k_values),
                Property("holds only values of nums", _from_the_list),
                Property("leaves out no value more frequent than one it holds", _most_frequent),
            ),
            domain=_valid,
        ),
    ),
)
