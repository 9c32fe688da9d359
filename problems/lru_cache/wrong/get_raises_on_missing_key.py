# verdict: runtime_error
# why: get indexes the dict directly, so asking for a key that is not cached raises KeyError
#      instead of returning -1
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.cache = OrderedDict()

    def get(self, key):
        value = self.cache[key]
        self.cache.move_to_end(key)
        return value

    def put(self, key, value):
        if key in self.cache:
            self.cache.move_to_end(key)
        elif len(self.cache) == self.capacity:
            self.cache.popitem(last=False)
        self.cache[key] = value
