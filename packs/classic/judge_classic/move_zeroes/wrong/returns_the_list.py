# verdict: wrong_answer
# why: moves the zeroes right but returns the list, where the spec asks for None
def move_zeroes(nums):
    write = 0
    for x in list(nums):
        if x != 0:
            nums[write] = x
            write += 1
    for i in range(write, len(nums)):
        nums[i] = 0
    return nums
