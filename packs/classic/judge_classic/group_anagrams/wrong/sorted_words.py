# verdict: wrong_answer
# why: puts the sorted letters in the groups instead of the words themselves
def group_anagrams(words):
    groups = {}
    for word in words:
        key = "".join(sorted(word))
        groups.setdefault(key, []).append(key)
    return list(groups.values())
