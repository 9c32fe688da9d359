# verdict: accepted
# growth: O(n^2)
# why: removes each zero and appends it at the end: every remove shifts the rest of the list
def move_zeroes(nums):
    for _ in range(nums.count(0)):
        nums.remove(0)
        nums.append(0)
