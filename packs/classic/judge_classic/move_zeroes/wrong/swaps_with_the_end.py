# verdict: wrong_answer
# why: swaps each zero with the last unsorted value, which moves the zeroes back but scrambles
#   the order of the other values
def move_zeroes(nums):
    end = len(nums) - 1
    i = 0
    while i < end:
        if nums[i] == 0:
            nums[i], nums[end] = nums[end], nums[i]
            end -= 1
        else:
            i += 1
