"""Reference solution for kth_largest: a min-heap of the k largest seen so far."""

import heapq


def kth_largest(nums: list[int], k: int) -> int:
    """The k-th largest element of ``nums`` (counting duplicates), 1 <= k <= len(nums)."""
    # The heap holds the k largest elements seen so far; its smallest, on top, is the k-th
    # largest of them. Each later element replaces the top only when it is larger.
    heap = nums[:k]
    heapq.heapify(heap)
    for value in nums[k:]:
        if value > heap[0]:
            heapq.heapreplace(heap, value)
    return heap[0]
