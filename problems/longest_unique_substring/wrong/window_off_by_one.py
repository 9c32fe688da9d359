# verdict: wrong_answer
# why: measures the window as index - start instead of index - start + 1, one short every time
def longest_unique_substring(s):
    last_index = {}
    start = 0
    longest = 0
    for index, char in enumerate(s):
        if char in last_index and last_index[char] >= start:
            start = last_index[char] + 1
        last_index[char] = index
        longest = max(longest, index - start)
    return longest
