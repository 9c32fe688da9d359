# verdict: wrong_answer
# why: finds the partner with nums.index, which gives the first occurrence: for [3, 3] it pairs
#   the first 3 with itself
def two_sum(nums, target):
    for i, num in enumerate(nums):
        if target - num in nums:
            return [i, nums.index(target - num)]
