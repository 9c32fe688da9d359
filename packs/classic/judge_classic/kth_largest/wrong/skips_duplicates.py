# verdict: wrong_answer
# why: keeps a heap of the k largest but skips a value already in it, so duplicates count once:
#   [1, 1, 0] with k = 2 gives 0 instead of 1
import heapq


def kth_largest(nums, k):
    heap = []
    for value in nums:
        if value not in heap:
            heapq.heappush(heap, value)
            if len(heap) > k:
                heapq.heappop(heap)
    return heap[0]
