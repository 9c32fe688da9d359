# verdict: wrong_answer
# why: returns the two values that add up, not their indices
def two_sum(nums, target):
    seen = set()
    for num in nums:
        if target - num in seen:
            return [target - num, num]
        seen.add(num)
