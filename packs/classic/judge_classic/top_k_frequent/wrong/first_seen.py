# verdict: wrong_answer
# why: returns the first k distinct values in the order they appear
def top_k_frequent(nums, k):
    seen = []
    for num in nums:
        if num not in seen:
            seen.append(num)
    return seen[:k]
