"""most_frequent_smallest: the most frequent value, ties to the smallest (seed 000, stage 16)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, StressGroup, Task

from .reference import most_frequent_smallest


def _many_distinct(length: int) -> Args:
    """``length`` values, each about twice, shuffled: counting per element is quadratic."""
    nums = [index // 2 for index in range(length)]
    # Shuffled, not sorted: sorting an already ordered run is linear, which would hide the
    # n log n of a sort-based solution. Seeded by the size, so every run measures the same input.
    random.Random(length).shuffle(nums)
    return (nums,)


# The lowest value of a timed list is drawn from here (ints of one machine word: one cost).
_LOWEST = range(-(10**9), 10**9)


def _each_twice_one_thrice(length: int, variant: int) -> Args:
    """make_input's shape drawn from the seed ``variant``: consecutive values from a drawn lowest
    one, each about twice, in a random order, but one of them (drawn too, the answer) comes a
    third time in place of a copy of another. Neither the smallest nor any place holds the
    answer: only counting does. Consecutive, as make_input's are, not scattered: scattered keys
    make the reference's dict miss the cache more as n grows, which hides a sort's log factor."""
    rng = random.Random(variant)
    lowest = rng.choice(_LOWEST)
    nums = [lowest + index // 2 for index in range(length)]
    if length >= 3:
        winner, loser = rng.sample(range(length // 2), 2) if length >= 4 else (0, 1)
        nums[2 * loser] = lowest + winner
    rng.shuffle(nums)
    return (nums,)


def _counts(args: Args) -> Counter[int]:
    (nums,) = args
    return Counter(nums)


def _is_element(args: Args, answer: Any) -> bool:
    # The type check comes first: 1.0 or True would compare equal to an element 1.
    (nums,) = args
    return isinstance(answer, int) and not isinstance(answer, bool) and answer in nums


def _has_highest_frequency(args: Args, answer: Any) -> bool:
    counts = _counts(args)
    return _is_element(args, answer) and counts[answer] == max(counts.values())


def _is_smallest_of_most_frequent(args: Args, answer: Any) -> bool:
    counts = _counts(args)
    highest = max(counts.values())
    return _is_element(args, answer) and all(
        value >= answer for value, count in counts.items() if count == highest
    )


def _not_empty(args: Args) -> bool:
    """The spec's constraint: 1 <= len(nums)."""
    (nums,) = args
    return len(nums) >= 1


_value = st.one_of(
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=-1000, max_value=1000),
    st.integers(min_value=-(10**30), max_value=10**30),
)


def _small_ints(bound: int, min_size: int, max_size: int) -> st.SearchStrategy[list[int]]:
    """Lists of ints in -bound..bound, drawn as one byte string: one choice for the whole list,
    where a list of integers costs two per element. The shrinker cannot lower repeated values
    together in a byte string, so only the long lists, whose failures short lists show better
    anyway, are drawn this way."""
    span = 2 * bound + 1

    def decode(data: bytes) -> list[int]:
        # 0..bound stay, bound+1..2*bound wrap to -bound..-1: byte 0 is 0.
        return [byte % span - (span if byte % span > bound else 0) for byte in data]

    return st.binary(min_size=min_size, max_size=max_size).map(decode)


_nums = st.one_of(
    st.lists(_value, min_size=1, max_size=80),
    # few distinct values: repeats and ties everywhere
    st.lists(st.integers(min_value=-3, max_value=3), min_size=1, max_size=60),
    # long lists (Hypothesis keeps most lists short)
    _small_ints(20, min_size=50, max_size=100),
    # an exact tie between several values in shuffled order, so the smallest is rarely first
    st.builds(
        lambda values, times: values * times,
        st.lists(_value, min_size=2, max_size=6, unique=True),
        st.integers(min_value=1, max_value=5),
    ).flatmap(st.permutations),
    # one clear winner hidden among other values: it may be the largest or come last
    st.builds(
        lambda others, winner: others + [winner] * (len(others) + 1),
        st.lists(_value, max_size=20),
        _value,
    ).flatmap(st.permutations),
    _value.map(lambda value: [value]),
)

# The interview's lists have at most 100 elements; the stress group's from 200 to 5000 (the
# spec bounds no length), with few distinct values (long ties) or many.
_STRESS_FROM = 200
_stress_nums = st.one_of(
    _small_ints(20, min_size=_STRESS_FROM, max_size=5000),
    # values with many digits: a list of integers costs choices per element, slow to draw at
    # this length, so the small ones are scaled
    _small_ints(20, min_size=_STRESS_FROM, max_size=2000).map(
        lambda nums: [value * 10**30 for value in nums]
    ),
    st.integers(min_value=_STRESS_FROM, max_value=5000).map(lambda n: _many_distinct(n)[0]),
)


def _length(args: Args) -> int:
    """The size of an input: the list's length."""
    (nums,) = args
    return len(nums)


PROBLEM = Problem(
    slug="most_frequent_smallest",
    title="Most Frequent Element, Smallest on Ties",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="most_frequent_smallest",
            params=("nums",),
            reference=most_frequent_smallest,
            arguments=_nums.map(lambda nums: (nums,)),
            target=Growth.LINEAR,
            make_input=_many_distinct,
            make_variant=_each_twice_one_thrice,
            size_unit="length",
            examples=(
                Example(args=([3, 1, 2, 2, 4, 3, 3],), expected=3),
                Example(args=([1, 2, 2, 1],), expected=1),
                Example(args=([5],), expected=5),
                Example(args=([-1, -1, 2, 2],), expected=-1),
                Example(args=([8, 8, 1, 1],), expected=1),
            ),
            properties=(
                Property("is an element of the list", _is_element),
                Property("has the highest frequency", _has_highest_frequency),
                Property("is the smallest among the most frequent", _is_smallest_of_most_frequent),
            ),
            domain=_not_empty,
            size_of=_length,
            stress=StressGroup(
                arguments=_stress_nums.map(lambda nums: (nums,)),
                from_size=_STRESS_FROM,
                sizes=f"lists of {_STRESS_FROM} to 5000 numbers",
            ),
        ),
    ),
)
