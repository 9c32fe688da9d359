# verdict: time_limit_exceeded
# why: sets low = middle instead of middle + 1, so with two elements left and the target above
#   both, the range never shrinks
def search(nums, target):
    low, high = 0, len(nums) - 1
    while low <= high:
        middle = (low + high) // 2
        if nums[middle] == target:
            return middle
        if nums[middle] < target:
            low = middle
        else:
            high = middle - 1
    return -1
