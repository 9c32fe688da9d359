# verdict: wrong_answer
# why: counts positions from 1, so it keeps the characters at even 0-based indices
def odd_index_chars(text):
    result = ""
    for position, char in enumerate(text, start=1):
        if position % 2 == 1:
            result += char
    return result
