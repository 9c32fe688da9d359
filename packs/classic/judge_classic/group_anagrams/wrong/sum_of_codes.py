# verdict: wrong_answer
# why: keys the groups by the sum of the character codes: "ac" and "bb" collide
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault(sum(map(ord, word)), []).append(word)
    return list(groups.values())
