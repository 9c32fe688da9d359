# verdict: wrong_answer
# why: collects each group in a set, so a word given twice is kept once
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault("".join(sorted(word)), set()).add(word)
    return [list(group) for group in groups.values()]
