# verdict: accepted
# growth: O(n^2)
# why: each del chars[i] shifts every later character, n/2 deletions of O(n) each
def odd_index_chars(text):
    chars = list(text)
    i = 0
    while i < len(chars):
        del chars[i]  # drop the even one; the odd one after it slides into position i
        i += 1
    return "".join(chars)
