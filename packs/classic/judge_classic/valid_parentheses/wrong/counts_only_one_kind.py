# verdict: wrong_answer
# why: counts open brackets as one kind, so "(]" looks balanced
def is_valid(text):
    depth = 0
    for char in text:
        if char in "([{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
