# verdict: wrong_answer
# why: sorts the list and walks two pointers, then returns positions in the sorted copy
def two_sum(nums, target):
    ordered = sorted(nums)
    i, j = 0, len(ordered) - 1
    while i < j:
        total = ordered[i] + ordered[j]
        if total == target:
            return [i, j]
        if total < target:
            i += 1
        else:
            j -= 1
