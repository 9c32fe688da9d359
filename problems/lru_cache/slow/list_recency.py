# verdict: accepted
# growth: O(n^2)
# why: keeps the recency order in a list, so every get and put searches and shifts it: O(capacity)
#      per operation instead of O(1), which is O(n^2) for n operations instead of O(n)


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.values = {}
        self.order = []  # least recently used first

    def get(self, key):
        if key not in self.values:
            return -1
        self.order.remove(key)
        self.order.append(key)
        return self.values[key]

    def put(self, key, value):
        if key in self.values:
            self.order.remove(key)
        elif len(self.values) == self.capacity:
            del self.values[self.order.pop(0)]
        self.values[key] = value
        self.order.append(key)
