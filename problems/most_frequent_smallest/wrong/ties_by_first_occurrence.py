# verdict: wrong_answer
# why: Counter.most_common breaks ties by first occurrence, not by the smallest value
from collections import Counter


def most_frequent_smallest(nums):
    return Counter(nums).most_common(1)[0][0]
