# verdict: wrong_answer
# why: prints the answer instead of returning it, so the function returns None
def most_frequent_smallest(nums):
    frequency = {}
    for num in nums:
        frequency[num] = frequency.get(num, 0) + 1
    max_freq = max(frequency.values())
    candidates = [num for num, freq in frequency.items() if freq == max_freq]
    print(min(candidates))
