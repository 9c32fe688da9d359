# verdict: wrong_answer
# why: checks each kind opens and closes equally often, but not the order: "([)]" and ")(" pass
def is_valid(text):
    return all(text.count(o) == text.count(c) for o, c in ("()", "[]", "{}"))
