# verdict: wrong_answer
# why: text.index(c) finds the first occurrence, so repeated characters get the wrong position
def odd_index_chars(text):
    return "".join(c for c in text if text.index(c) % 2 == 1)
