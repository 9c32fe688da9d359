# verdict: accepted
# growth: O(n^2)
# why: tries every pair of indices
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
