# verdict: accepted
# growth: O(n^2)
# why: grows a window from every start until a repeat, so all-different text costs n^2/2 steps
def longest_unique_substring(s):
    longest = 0
    for start in range(len(s)):
        seen = set()
        for char in s[start:]:
            if char in seen:
                break
            seen.add(char)
        longest = max(longest, len(seen))
    return longest
