"""How to draw operation sequences for LRUCache, and the worst-case sequence of n operations."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable

from hypothesis import strategies as st

from judge.catalog.problem import Args


@st.composite
def _cache_runs(draw: st.DrawFn) -> Args:
    """(capacity,) and a sequence of puts and gets over two keys more than the cache holds."""
    # Mostly tiny caches, and capacity + 2 keys in play: hits, refreshes, updates and
    # evictions all happen within a handful of operations.
    capacity = draw(st.integers(min_value=1, max_value=3) | st.integers(min_value=1, max_value=8))
    # One integer per operation: the key, and whether it is a get or a put. Runs of runs:
    # Hypothesis keeps a plain list short (about five elements on average), too short to fill a
    # cache, refresh a key and evict another; a list of runs is longer on average and still
    # shrinks operation by operation.
    operation = st.integers(min_value=0, max_value=2 * (capacity + 2) - 1)
    runs = draw(st.lists(st.lists(operation, max_size=14), max_size=6))
    return ((capacity,), _operations(step for run in runs for step in run))


def _operations(steps: Iterable[int]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The operations the drawn integers stand for: the lowest bit picks get or put, the rest
    is the key. Each put stores the number of puts before it: a value never stored before, so
    that a stale read always shows (and a first put stores 0, the value a falsy check drops).
    Values are never negative, so -1 from get always means "absent". Drawing no values costs
    half the draws of a (key, value) pair and finds every wrong/ cache as early.

    Keys are renamed 0, 1, 2... in the order they first appear: a cache treats keys alike, and
    a shrunk sequence then reads put(0, 0), not put(1, 0), when the key's number is not what
    broke the cache.
    """
    operations: list[tuple[str, tuple[int, ...]]] = []
    names: dict[int, int] = {}
    puts = 0
    for step in steps:
        key = names.setdefault(step >> 1, len(names))
        if step & 1:
            operations.append(("get", (key,)))
        else:
            operations.append(("put", (key, puts)))
            puts += 1
    return tuple(operations)


def arguments() -> st.SearchStrategy[Args]:
    """(constructor_args, operations) for LRUCache, as the engine drives a class task."""
    return _cache_runs()


# The interview's sequences have at most 84 operations (6 runs of 14); the stress group's from
# 100 to 3000, on caches of up to 1000 keys with twice as many keys in play.
STRESS_FROM = 100


@st.composite
def _long_runs(draw: st.DrawFn) -> Args:
    """A cache of up to 1000 keys and 100 to 3000 operations over twice as many keys. Each
    operation is two bytes of one byte string: a list of integers costs choices per element,
    too slow to draw at this length."""
    capacity = draw(st.integers(min_value=1, max_value=1000))
    data = draw(st.binary(min_size=2 * STRESS_FROM, max_size=2 * 3000))
    steps = (
        int.from_bytes(data[index : index + 2], "big") % (4 * capacity)
        for index in range(0, len(data) - 1, 2)
    )
    return ((capacity,), _operations(steps))


def stress_arguments() -> st.SearchStrategy[Args]:
    """Long operation sequences: the stress group's (constructor_args, operations)."""
    return _long_runs()


def operation_count(args: Args) -> int:
    """The size of an input: how many operations drive the cache."""
    _constructor_args, operations = args
    return len(operations)


# Keys and values of a timed sequence are drawn from here (ints of one machine word: one cost).
_NAMES = range(1 << 40)


def make_variant(size: int, variant: int) -> Args:
    """make_input's operations with keys and values renamed at random, from the seed
    ``variant``: the same recency pattern, so the same cost, but answers no table holds."""
    capacity, operations = make_input(size)
    rng = random.Random(variant)
    keys = rng.sample(_NAMES, size + 1)
    values = rng.sample(_NAMES, size + 1)
    renamed = tuple(
        (
            name,
            (keys[arguments[0]],) if name == "get" else (keys[arguments[0]], values[arguments[1]]),
        )
        for name, arguments in operations
    )
    return (capacity, renamed)


_ARITY = {"get": 1, "put": 2}


def in_domain(args: Args) -> bool:
    """The spec's constraints: 1 <= capacity, keys and values >= 0, and only get and put."""
    (capacity,), operations = args
    return capacity >= 1 and all(
        _ARITY.get(method) == len(method_args) and all(value >= 0 for value in method_args)
        for method, method_args in operations
    )


# Cached: every call of a timed batch gets a variant of this one input (make_variant).
@functools.lru_cache(maxsize=4)
def make_input(size: int) -> Args:
    """``size`` operations that cost a list-based recency O(size) each: O(size^2) in all.

    Fill a cache of capacity size/2; then read the keys in its middle, each of which sits half
    way down any recency list (reading position m moves it to the end, so the next key to read
    is at position m again); then put new keys, each evicting the least recently used one, which
    a cache that scans for its oldest key pays O(capacity) for.
    """
    capacity = max(1, size // 2)
    middle = capacity // 2
    reads = (size - capacity) // 2
    evictions = size - capacity - reads
    operations: list[tuple[str, tuple[int, ...]]] = [
        ("put", (key, key)) for key in range(min(capacity, size))
    ]
    operations += [("get", (middle + i % (capacity - middle),)) for i in range(reads)]
    operations += [("put", (capacity + i, i)) for i in range(evictions)]
    return ((capacity,), tuple(operations))
