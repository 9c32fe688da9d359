# The review's "Revised Example for Frequency Analysis Problem", seed 000
# (000_1e3847e990d2092d.txt), stage 16, lines 285-319, as written there (its example usage
# included): count with a dictionary, take the highest count, return the smallest element with it.


def most_frequent_smallest(nums):
    frequency = {}
    for num in nums:
        frequency[num] = frequency.get(num, 0) + 1

    # Find the maximum frequency
    max_freq = max(frequency.values())

    # Find all elements with the maximum frequency
    candidates = [num for num, freq in frequency.items() if freq == max_freq]

    # Return the smallest element among the candidates
    return min(candidates)


# Example Usage:
nums = [3, 1, 2, 2, 4, 3, 3]
print(most_frequent_smallest(nums))  # Output: 3
