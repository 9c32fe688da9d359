"""Reference solution for min_stack: each entry keeps the minimum of the stack up to it."""


class MinStack:
    """A stack of integers that also answers its minimum, every operation in O(1)."""

    def __init__(self) -> None:
        # (value, the minimum of this entry and every entry below it): popping an entry leaves
        # the entry below it on top, with its own minimum already known.
        self._entries: list[tuple[int, int]] = []

    def push(self, value: int) -> None:
        below = self._entries[-1][1] if self._entries else value
        self._entries.append((value, min(value, below)))

    def pop(self) -> None:
        self._entries.pop()

    def top(self) -> int:
        return self._entries[-1][0]

    def get_min(self) -> int:
        return self._entries[-1][1]
