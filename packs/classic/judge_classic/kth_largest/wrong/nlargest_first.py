# verdict: wrong_answer
# why: heapq.nlargest returns the k largest from largest down, and this takes the first of them:
#   always the maximum
import heapq


def kth_largest(nums, k):
    return heapq.nlargest(k, nums)[0]
