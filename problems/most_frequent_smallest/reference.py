"""Reference solution for most_frequent_smallest: one counting pass, then one pass over counts."""


def most_frequent_smallest(nums: list[int]) -> int:
    """The value that occurs most often in ``nums``; the smallest such value on a tie."""
    counts: dict[int, int] = {}
    for num in nums:
        counts[num] = counts.get(num, 0) + 1
    highest = max(counts.values())
    return min(num for num, count in counts.items() if count == highest)
