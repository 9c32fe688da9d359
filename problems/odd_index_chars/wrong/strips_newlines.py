# verdict: wrong_answer
# why: reads the text line by line and strips each line, losing newlines and edge spaces
def odd_index_chars(text):
    content = "".join(line.strip() for line in text.splitlines())
    return content[1::2]
