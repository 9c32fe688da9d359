# Reconstructed from seed 002 (002_d14a542653e98468.txt), stage 5, "Practical Coding Problems"
# (lines 425-509). The candidate shared the screen but the transcript keeps only the speech; this
# is the code as the candidate and the interviewer read it out:
#   - "a start point ... to track the start of the current substring" and "a dictionary character
#     index to store the index of characters";
#   - "you are checking if character is in character index and character index of characters
#     [is at or after] start ... then you're doing start as character index of character, plus 1";
#   - line 17, "car index equal to": "updating or add the current character index to the
#     dictionary";
#   - line 18: "updating the unique substring ... and updating the max length", compared with
#     "index minus start";
#   - "we need to use the enumerate", and "the time complexity is O(n)".
# Inferred: the names, and returning max_length (the spec asks for the length; the candidate
# also kept the substring itself, which is kept here too). An earlier run failed with
# "... is not iterable" before enumerate was added; this is the version after that fix.


def longest_unique_substring(s):
    char_index = {}
    start = 0
    max_length = 0
    unique_substring = ""
    for index, char in enumerate(s):
        if char in char_index and char_index[char] >= start:
            start = char_index[char] + 1
        char_index[char] = index
        if index - start + 1 > max_length:
            max_length = index - start + 1
            unique_substring = s[start : index + 1]
    return max_length
