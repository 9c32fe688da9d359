# verdict: wrong_answer
# why: deletes each zero by index while walking the indices, so the zero that slides into the
#   deleted place is never looked at
def move_zeroes(nums):
    for i in range(len(nums)):
        if nums[i] == 0:
            del nums[i]
            nums.append(0)
