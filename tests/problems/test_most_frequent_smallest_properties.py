"""most_frequent_smallest: properties name what a wrong answer breaks; inputs reach the edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings

from judge.catalog.problem import Args
from problems.most_frequent_smallest import PROBLEM

TASK = PROBLEM.main_task
ALL_PROPERTIES = [prop.name for prop in TASK.properties]
# The edge cases must come up among the inputs a judging run draws (200 by default).
_WITHIN_A_RUN = settings(max_examples=200, derandomize=True, database=None, phases=[Phase.generate])


def _broken(args: Args, answer: Any) -> list[str]:
    return [prop.name for prop in TASK.properties if not prop.holds(args, answer)]


@pytest.mark.parametrize(
    ("nums", "answer", "broken"),
    [
        ([8, 8, 1, 1], 1, []),
        ([8, 8, 1, 1], 8, ["is the smallest among the most frequent"]),  # first occurrence
        ([1, 2, 2, 1], 2, ["is the smallest among the most frequent"]),  # largest
        ([3, 1, 2, 2, 4, 3, 3], 2, ["has the highest frequency"]),
        ([3, 1, 2, 2, 4, 3, 3], 7, ALL_PROPERTIES),
        ([0, 1, 1], 0, ["has the highest frequency"]),  # forgot the last run
        ([1], True, ALL_PROPERTIES),
        ([1], 1.0, ALL_PROPERTIES),
        ([-1, -1, 2, 2], -1, []),
    ],
)
def test_properties_name_what_is_broken(nums: list[int], answer: Any, broken: list[str]) -> None:
    assert _broken((nums,), answer) == broken


@pytest.mark.parametrize("length", [1, 2, 7, 1000])
def test_make_input_has_many_distinct_values(length: int) -> None:
    (nums,) = TASK.make_input(length)
    assert len(nums) == length
    assert max(Counter(nums).values()) <= 2
    assert len(set(nums)) >= length // 2
    assert TASK.make_input(length) == (nums,)  # the same input on every run


def test_make_input_is_not_sorted() -> None:
    # A sorted input lets Timsort run in linear time and hides a sort-based n log n.
    (nums,) = TASK.make_input(1000)
    assert nums != sorted(nums) and nums != sorted(nums, reverse=True)


def _smallest_mode_is_not_first(nums: list[int]) -> bool:
    counts = Counter(nums)
    highest = max(counts.values())
    tied = [value for value, count in counts.items() if count == highest]
    return len(tied) > 1 and nums[0] != min(tied)


@pytest.mark.parametrize(
    "edge",
    [
        pytest.param(lambda nums: len(nums) == 1, id="one element"),
        pytest.param(lambda nums: min(nums) < 0 and nums.count(min(nums)) > 1, id="negatives"),
        pytest.param(lambda nums: max(map(abs, nums)) >= 10**18, id="big values"),
        pytest.param(lambda nums: len(nums) >= 50, id="long"),
        pytest.param(_smallest_mode_is_not_first, id="tie won by a later, smaller value"),
        pytest.param(
            lambda nums: len(set(nums)) > 1 and TASK.expected((nums,)) == max(nums),
            id="largest value wins",
        ),
    ],
)
def test_edge_cases_come_up_in_one_run(edge: Callable[[list[int]], bool]) -> None:
    find(TASK.arguments, lambda args: edge(*args), settings=_WITHIN_A_RUN)


@_WITHIN_A_RUN
@given(args=TASK.arguments)
def test_arguments_stay_in_the_domain(args: Args) -> None:
    (nums,) = args
    assert isinstance(nums, list) and nums
    assert all(type(value) is int for value in nums)
