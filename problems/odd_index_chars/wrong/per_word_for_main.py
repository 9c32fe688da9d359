# verdict: wrong_answer
# why: answers the follow-up for the main task: odd indices per word instead of in the whole text
def odd_index_chars(text):
    return " ".join(word[1::2] for word in text.split())
