# verdict: wrong_answer
# why: putting a key that is already cached only refreshes it and keeps the old value
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
            return
        if len(self.cache) == self.capacity:
            self.cache.popitem(last=False)
        self.cache[key] = value
