"""Reference solution for longest_unique_substring: a sliding window over last-seen indices."""


def longest_unique_substring(s: str) -> int:
    """The length of the longest run of consecutive characters of ``s`` with no repeat."""
    last_seen: dict[str, int] = {}
    start = 0  # the window s[start:index + 1] never holds a repeated character
    longest = 0
    for index, char in enumerate(s):
        # A repeat seen before the window (last_seen < start) is no repeat inside it: the start
        # only ever moves right, which is what makes "abba" give 2 and not 3.
        if last_seen.get(char, -1) >= start:
            start = last_seen[char] + 1
        last_seen[char] = index
        longest = max(longest, index - start + 1)
    return longest
