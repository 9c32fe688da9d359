# verdict: wrong_answer
# why: closes the range at len(nums) - 1 but loops while low < high, so the last element is never
#   looked at: search([5], 5) gives -1
def search(nums, target):
    low, high = 0, len(nums) - 1
    while low < high:
        middle = (low + high) // 2
        if nums[middle] == target:
            return middle
        if nums[middle] < target:
            low = middle + 1
        else:
            high = middle - 1
    return -1
