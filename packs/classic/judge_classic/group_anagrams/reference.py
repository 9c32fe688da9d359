"""Reference solution for group_anagrams: group by each word's sorted letters."""


def group_anagrams(words: list[str]) -> list[list[str]]:
    """The words grouped so that each group holds exactly the words that are anagrams of each
    other (duplicates kept)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault("".join(sorted(word)), []).append(word)
    return list(groups.values())
