# verdict: wrong_answer
# why: on a repeat it restarts the window at the repeated character, dropping the ones
#   in between: "dvdf" gives 2
def longest_unique_substring(s):
    seen = set()
    longest = 0
    for char in s:
        if char in seen:
            seen = set()
        seen.add(char)
        longest = max(longest, len(seen))
    return longest
