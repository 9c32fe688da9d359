# verdict: wrong_answer
# why: returns Counter.most_common's (value, count) pairs instead of the values
from collections import Counter


def top_k_frequent(nums, k):
    return Counter(nums).most_common(k)
