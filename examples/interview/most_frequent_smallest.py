# Reconstructed from seed 000 (000_1e3847e990d2092d.txt), stage 16 (lines 235-247, question at
# line 286). The transcript keeps no code, only the review: the candidate was "manipulating lists
# to identify elements with specific frequency criteria", with "confusion about problem
# requirements" and "iterative refinement of solutions based on feedback".
#
# Inferred: counting with list operations (the review's revised example introduces the dictionary
# as the fix, so the candidate did not use one) and keeping the first element seen with the highest
# count. The requirement the review says was confused is the tie-break: on a tie this returns the
# element that came first, not the smallest one, and nums.count inside the loop is O(n^2).


def most_frequent_smallest(nums):
    max_count = 0
    result = None
    for num in nums:
        count = nums.count(num)
        if count > max_count:
            max_count = count
            result = num
    return result
