# verdict: wrong_answer
# why: evicts only when the cache already holds more than capacity keys (off by one), so it
#      keeps capacity + 1 keys
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.cache = OrderedDict()

    def get(self, key):
        if key not in self.cache:
            return -1
        self.cache.move_to_end(key)
        return self.cache[key]

    def put(self, key, value):
        if key in self.cache:
            self.cache.move_to_end(key)
        elif len(self.cache) > self.capacity:
            self.cache.popitem(last=False)
        self.cache[key] = value
