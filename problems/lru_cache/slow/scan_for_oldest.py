# verdict: accepted
# growth: O(n^2)
# why: stamps every key with the time it was last used and scans all keys for the oldest stamp
#      on each eviction: O(capacity) per eviction, O(n^2) for n operations instead of O(n)


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.clock = 0
        self.entries = {}  # key -> [last used, value]

    def get(self, key):
        if key not in self.entries:
            return -1
        self.clock += 1
        self.entries[key][0] = self.clock
        return self.entries[key][1]

    def put(self, key, value):
        self.clock += 1
        if key not in self.entries and len(self.entries) == self.capacity:
            oldest = min(self.entries, key=lambda k: self.entries[k][0])
            del self.entries[oldest]
        self.entries[key] = [self.clock, value]
