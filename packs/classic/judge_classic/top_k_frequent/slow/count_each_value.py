# verdict: accepted
# growth: O(n^2)
# why: counts each distinct value with nums.count, a full pass over the list for every value
def top_k_frequent(nums, k):
    counts = {num: nums.count(num) for num in set(nums)}
    return sorted(counts, key=counts.get, reverse=True)[:k]
