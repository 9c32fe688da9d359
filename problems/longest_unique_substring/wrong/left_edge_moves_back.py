# verdict: wrong_answer
# why: jumps the window's start to a previous occurrence even when that lies before the
#   window, so the start moves back and "abba" gives 3
def longest_unique_substring(s):
    last_index = {}
    start = 0
    longest = 0
    for index, char in enumerate(s):
        if char in last_index:
            start = last_index[char] + 1
        last_index[char] = index
        longest = max(longest, index - start + 1)
    return longest
