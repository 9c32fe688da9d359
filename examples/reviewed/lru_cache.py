# Seed 000 (000_1e3847e990d2092d.txt), stage 14, lines 118-146. The candidate stored tokens in the
# database and wrote no cache; the review's revised answer describes one in prose: "an LRU cache
# would store a limited number of tokens in memory, automatically evicting the least recently used
# tokens when the cache reaches its capacity". This is that description as code, using the
# insertion order of a plain dict as the recency order.


class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.tokens: dict[int, int] = {}

    def get(self, key: int) -> int:
        if key not in self.tokens:
            return -1
        value = self.tokens.pop(key)
        self.tokens[key] = value  # re-inserted: now the most recently used
        return value

    def put(self, key: int, value: int) -> None:
        if key in self.tokens:
            del self.tokens[key]
        elif len(self.tokens) >= self.capacity:
            del self.tokens[next(iter(self.tokens))]  # the least recently used
        self.tokens[key] = value
