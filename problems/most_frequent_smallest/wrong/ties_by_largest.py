# verdict: wrong_answer
# why: compares (count, value) with max, so a tie goes to the largest value
def most_frequent_smallest(nums):
    counts = {}
    for num in nums:
        counts[num] = counts.get(num, 0) + 1
    return max(counts, key=lambda num: (counts[num], num))
