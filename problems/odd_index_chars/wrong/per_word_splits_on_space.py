# verdict: wrong_answer
# why: split(" ") keeps empty words for doubled spaces and does not split on tabs or newlines
def odd_index_chars(text):
    return text[1::2]


def odd_index_chars_per_word(text):
    return " ".join(word[1::2] for word in text.split(" "))
