# The review's revised example, seed 002 (002_d14a542653e98468.txt), stage 5, lines 550-567: the
# sliding window with a dictionary of last indices, as written there. Only the function's name is
# changed, from length_of_longest_substring to the task name the judge calls.


def longest_unique_substring(s: str) -> int:
    char_index_map = {}
    max_length = 0
    left = 0

    for right, char in enumerate(s):
        if char in char_index_map and char_index_map[char] >= left:
            left = char_index_map[char] + 1
        char_index_map[char] = right
        current_window_length = right - left + 1
        max_length = max(max_length, current_window_length)

    return max_length


# Example Usage
if __name__ == "__main__":
    test_string = "abcabcbb"
    result = longest_unique_substring(test_string)
    print(f"The length of the longest non-repeating substring is: {result}")  # Output: 3
