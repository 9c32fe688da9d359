# verdict: accepted
# growth: O(n^2)
# why: counts every element with list.count, a full pass over the list for each element
def most_frequent_smallest(nums):
    best = nums[0]
    best_count = nums.count(best)
    for num in nums:
        count = nums.count(num)
        if count > best_count or (count == best_count and num < best):
            best, best_count = num, count
    return best
