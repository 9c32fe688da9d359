# verdict: wrong_answer
# why: counts the distinct characters of the whole string (a subsequence, not a
#   substring): "pwwkew" gives 4
def longest_unique_substring(s):
    return len(set(s))
