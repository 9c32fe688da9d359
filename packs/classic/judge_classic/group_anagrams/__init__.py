"""group_anagrams: words grouped by anagram, groups and words in any order (nested unordered)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.checkers import NestedUnordered
from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task

from .reference import group_anagrams

_WORD_LENGTH = 8


def _distinct_groups(count: int, variant: int = 0) -> Args:
    """``count`` words of eight letters, in pairs of anagrams (count / 2 groups), drawn from
    ``variant``: comparing each word with every group so far is quadratic."""
    rng = random.Random(variant)
    words: list[str] = []
    keys: set[str] = set()
    while len(words) < count:
        letters = [rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_WORD_LENGTH)]
        key = "".join(sorted(letters))
        if key in keys:
            continue
        keys.add(key)
        words.append("".join(letters))
        rng.shuffle(letters)
        words.append("".join(letters))
    words = words[:count]
    rng.shuffle(words)
    return (words,)


def _groups(answer: Any) -> list[Any]:
    return answer if type(answer) is list else []


def _keeps_every_word(args: Args, answer: Any) -> bool:
    (words,) = args
    grouped = [w for group in _groups(answer) if type(group) is list for w in group]
    return type(answer) is list and Counter(map(repr, grouped)) == Counter(map(repr, words))


def _groups_are_anagrams(args: Args, answer: Any) -> bool:
    for group in _groups(answer):
        if type(group) is not list or not group or not all(type(w) is str for w in group):
            return False
        if len({"".join(sorted(word)) for word in group}) != 1:
            return False
    return True


def _anagrams_together(args: Args, answer: Any) -> bool:
    keys = [
        "".join(sorted(group[0]))
        for group in _groups(answer)
        if type(group) is list and group and type(group[0]) is str
    ]
    return len(keys) == len(set(keys))


_word = st.text(alphabet="abc", max_size=4)
_words = st.one_of(
    st.lists(_word, max_size=20),
    # the same letters in other counts: "aab" and "abb" are not anagrams
    st.lists(st.sampled_from(["ab", "ba", "aab", "aba", "abb", "", "a", "b"]), max_size=12),
    st.lists(st.text(alphabet="abcdexyz", min_size=1, max_size=6), max_size=10),
)


PROBLEM = Problem(
    slug="group_anagrams",
    title="Group Anagrams",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="group_anagrams",
            params=("words",),
            reference=group_anagrams,
            arguments=_words.map(lambda words: (words,)),
            target=Growth.LINEAR,
            make_input=_distinct_groups,
            make_variant=_distinct_groups,
            size_unit="words",
            checker=NestedUnordered(),
            examples=(
                Example(
                    args=(["eat", "tea", "tan", "ate", "nat", "bat"],),
                    expected=[["eat", "tea", "ate"], ["tan", "nat"], ["bat"]],
                ),
                Example(args=([""],), expected=[[""]]),
                Example(args=([],), expected=[]),
                Example(args=(["ab", "ba", "ab"],), expected=[["ab", "ba", "ab"]]),
            ),
            properties=(
                Property("keeps every word, once each", _keeps_every_word),
                Property("puts only anagrams in a group", _groups_are_anagrams),
                Property("puts all anagrams in one group", _anagrams_together),
            ),
        ),
    ),
)
