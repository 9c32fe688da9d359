# verdict: wrong_answer
# why: sorts the distinct values themselves, not by their counts, and takes the k largest
def top_k_frequent(nums, k):
    return sorted(set(nums), reverse=True)[:k]
