# verdict: wrong_answer
# why: a tie goes to whichever value the set yields first, which for negative or large
#   values is not the smallest
def most_frequent_smallest(nums):
    return max(set(nums), key=nums.count)
