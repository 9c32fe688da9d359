"""merge_intervals: the union of closed intervals, as disjoint sorted intervals."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task

from .reference import merge

# Small coordinates make overlaps, shared ends and containment likely.
_interval = st.tuples(st.integers(0, 20), st.integers(0, 6)).map(lambda p: [p[0], p[0] + p[1]])
_wide = st.tuples(st.integers(-(10**4), 10**4), st.integers(0, 10**4)).map(
    lambda p: [p[0], p[0] + p[1]]
)
_arguments = st.one_of(
    st.lists(_interval, max_size=8),
    st.lists(_wide, max_size=30),
    # one wide interval containing smaller ones, in any order
    st.lists(_interval, max_size=6).map(lambda xs: [[0, 30], *xs]),
).map(lambda intervals: (intervals,))


def make_variant(size: int, variant: int) -> Args:
    """``size`` disjoint intervals, shifted by an offset drawn from ``variant``, in one shuffled
    order for every variant (so every solution does the same work on each): nothing merges, so
    a solution that merges pairs until nothing changes compares every pair."""
    offset = random.Random(variant).randrange(-(10**4), 10**4)
    intervals = [[offset + 3 * i, offset + 3 * i + 1] for i in range(size)]
    random.Random(size).shuffle(intervals)
    return (intervals,)


def make_input(size: int) -> Args:
    """``size`` disjoint intervals, shuffled."""
    return make_variant(size, 0)


def _points(intervals: Any) -> set[int]:
    return {x for start, end in intervals for x in range(start, end + 1)}


def _is_list_of_pairs(args: Args, answer: Any) -> bool:
    return isinstance(answer, list) and all(
        isinstance(item, list)
        and len(item) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        and item[0] <= item[1]
        for item in answer
    )


def _sorted_and_disjoint(args: Args, answer: Any) -> bool:
    if not _is_list_of_pairs(args, answer):
        return False
    return all(before[1] < after[0] for before, after in zip(answer, answer[1:], strict=False))


def _covers_the_same_points(args: Args, answer: Any) -> bool:
    (intervals,) = args
    if not _is_list_of_pairs(args, answer) or sum(e - s for s, e in answer) > 10**6:
        return False
    return _points(answer) == _points(intervals)


def _well_formed(args: Args) -> bool:
    (intervals,) = args
    return all(len(item) == 2 and item[0] <= item[1] for item in intervals)


PROBLEM = Problem(
    slug="merge_intervals",
    title="Merge Intervals",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="merge",
            params=("intervals",),
            reference=merge,
            arguments=_arguments,
            # O(n log n), but the sort runs in C: next to the Python pass over the intervals its
            # log factor is invisible at the sizes the judge times, so it times against O(n).
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="intervals",
            examples=(
                Example(
                    args=([[1, 3], [2, 6], [8, 10], [15, 18]],),
                    expected=[[1, 6], [8, 10], [15, 18]],
                ),
                Example(args=([[1, 4], [4, 5]],), expected=[[1, 5]]),
                Example(args=([[1, 4], [0, 2], [3, 5]],), expected=[[0, 5]]),
                Example(args=([[1, 10], [2, 3]],), expected=[[1, 10]]),
                Example(args=([],), expected=[]),
            ),
            properties=(
                Property("is a list of [start, end] lists", _is_list_of_pairs),
                Property(
                    "is sorted, and its intervals neither overlap nor touch", _sorted_and_disjoint
                ),
                Property("covers exactly the points of the input", _covers_the_same_points),
            ),
            domain=_well_formed,
        ),
    ),
)
