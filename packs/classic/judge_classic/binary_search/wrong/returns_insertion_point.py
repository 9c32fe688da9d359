# verdict: wrong_answer
# why: returns where the target would go rather than -1 when it is absent
def search(nums, target):
    low, high = 0, len(nums)
    while low < high:
        middle = (low + high) // 2
        if nums[middle] < target:
            low = middle + 1
        else:
            high = middle
    return low
