"""Reference: an LRU cache on an OrderedDict, O(1) per operation.

Stdlib only and self-contained: this file is also loaded into a sandbox worker to time it.
"""

from collections import OrderedDict


class LRUCache:
    """A fixed-capacity key-value cache that evicts the least recently used key."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        # Ordered from least to most recently used: the first key is the one to evict.
        self.entries: OrderedDict[int, int] = OrderedDict()

    def get(self, key: int) -> int:
        """The value stored for key (which becomes the most recently used), or -1."""
        if key not in self.entries:
            return -1
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key: int, value: int) -> None:
        """Store value for key as the most recently used, evicting the least recent when full."""
        if key in self.entries:
            self.entries.move_to_end(key)
        elif len(self.entries) == self.capacity:
            self.entries.popitem(last=False)
        self.entries[key] = value
