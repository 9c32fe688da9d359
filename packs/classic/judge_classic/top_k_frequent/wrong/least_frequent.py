# verdict: wrong_answer
# why: sorts by count ascending, forgetting reverse=True, so it returns the least frequent
def top_k_frequent(nums, k):
    counts = {}
    for num in nums:
        counts[num] = counts.get(num, 0) + 1
    return sorted(counts, key=counts.get)[:k]
