"""How to draw operation sequences for LRUCache, and the worst-case sequence of n operations."""

from __future__ import annotations

from hypothesis import strategies as st

from judge.problem import Args

# Values are never negative, so -1 from get always means "absent".
_VALUES = 101  # a put stores 0..100


@st.composite
def _cache_runs(draw: st.DrawFn) -> Args:
    """(capacity,) and a sequence of puts and gets over two keys more than the cache holds."""
    # Mostly tiny caches, and capacity + 2 keys in play: hits, refreshes, updates and
    # evictions all happen within a handful of operations.
    capacity = draw(st.integers(min_value=1, max_value=3) | st.integers(min_value=1, max_value=8))
    keys = st.integers(min_value=0, max_value=capacity + 1)
    # Each operation is two integers, a key and an action (put's value, or a get), decoded
    # below: fewer draws than a one_of of tuples, about half the time, and still shrinking
    # towards put(0, 0) and get(0). Runs of runs: Hypothesis keeps a plain list short (about
    # five elements on average), too short to fill a cache, refresh a key and evict another; a
    # list of runs is longer on average and still shrinks operation by operation.
    operation = st.tuples(keys, st.integers(min_value=0, max_value=2 * _VALUES - 1))
    runs = draw(st.lists(st.lists(operation, max_size=10), max_size=6))
    return ((capacity,), tuple(_operation(*step) for run in runs for step in run))


def _operation(key: int, action: int) -> tuple[str, tuple[int, ...]]:
    """The operation a key and an action stand for: the action's lowest bit picks get or put."""
    return ("get", (key,)) if action & 1 else ("put", (key, action >> 1))


def arguments() -> st.SearchStrategy[Args]:
    """(constructor_args, operations) for LRUCache, as the engine drives a class task."""
    return _cache_runs()


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
