# verdict: wrong_answer
# why: the per-word parts are joined with "" instead of one space
def odd_index_chars(text):
    return text[1::2]


def odd_index_chars_per_word(text):
    return "".join(word[1::2] for word in text.split())
