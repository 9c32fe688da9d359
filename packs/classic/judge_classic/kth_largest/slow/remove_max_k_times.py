# verdict: accepted
# growth: O(n^2)
# why: removes the largest element k - 1 times, each a full scan: O(n * k), and k is n/2
def kth_largest(nums, k):
    nums = list(nums)
    for _ in range(k - 1):
        nums.remove(max(nums))
    return max(nums)
