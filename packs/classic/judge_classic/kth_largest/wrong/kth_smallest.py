# verdict: wrong_answer
# why: sorts ascending and takes index k - 1: the k-th smallest
def kth_largest(nums, k):
    return sorted(nums)[k - 1]
