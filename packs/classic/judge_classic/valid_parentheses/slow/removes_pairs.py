# verdict: accepted
# growth: O(n^2)
# why: deletes innermost pairs until nothing changes: one pass of O(n) per nesting level
def is_valid(text):
    previous = None
    while previous != text:
        previous = text
        text = text.replace("()", "").replace("[]", "").replace("{}", "")
    return text == ""
