# verdict: wrong_answer
# why: the inner loop starts at i, so a value that is half the target is paired with itself
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
