# verdict: wrong_answer
# why: builds the answer in a new list and binds it to the local name: the caller's list is
#   left as it was
def move_zeroes(nums):
    nums = [x for x in nums if x != 0] + [0] * nums.count(0)
