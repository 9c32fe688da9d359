# verdict: accepted
# growth: O(n^2)
# why: compares each word with the first word of every group found so far
def group_anagrams(words):
    groups = []
    for word in words:
        for group in groups:
            if sorted(group[0]) == sorted(word):
                group.append(word)
                break
        else:
            groups.append([word])
    return groups
