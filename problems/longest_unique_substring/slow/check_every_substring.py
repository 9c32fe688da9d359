# verdict: accepted
# growth: O(n^3)
# why: builds a set for every one of the n^2/2 substrings, each costing its length
def longest_unique_substring(s):
    longest = 0
    for start in range(len(s)):
        for end in range(start + 1, len(s) + 1):
            substring = s[start:end]
            if len(set(substring)) == len(substring):
                longest = max(longest, len(substring))
    return longest
