"""Reference solution for top_k_frequent: count, then bucket the values by their count."""


def top_k_frequent(nums: list[int], k: int) -> list[int]:
    """``k`` distinct values of ``nums`` that occur at least as often as every value left out."""
    counts: dict[int, int] = {}
    for num in nums:
        counts[num] = counts.get(num, 0) + 1
    buckets: list[list[int]] = [[] for _ in range(len(nums) + 1)]
    for num, count in counts.items():
        buckets[count].append(num)
    chosen: list[int] = []
    for count in range(len(nums), 0, -1):
        for num in buckets[count]:
            if len(chosen) == k:
                return chosen
            chosen.append(num)
    return chosen
