# verdict: wrong_answer
# why: keys the groups by the set of letters, so "aab" and "abb" end up together
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault(frozenset(word), []).append(word)
    return list(groups.values())
