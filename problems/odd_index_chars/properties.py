"""Properties every correct answer has, each checked on its own so feedback names what broke.

A property sees whatever the candidate returned (None, a list, an Opaque...): it answers False
for any answer of the wrong type and never raises.
"""

from __future__ import annotations

from typing import Any

from judge.catalog.problem import Args, Property


def _is_a_str(args: Args, answer: Any) -> bool:
    return type(answer) is str


def _half_the_length(args: Args, answer: Any) -> bool:
    (text,) = args
    return type(answer) is str and len(answer) == len(text) // 2


def _picks_odd_indices(args: Args, answer: Any) -> bool:
    # Checked position by position, so a too-short answer still has to match what it has.
    (text,) = args
    return (
        type(answer) is str
        and len(answer) <= len(text) // 2
        and all(char == text[2 * i + 1] for i, char in enumerate(answer))
    )


def _groups(text: str, answer: Any) -> tuple[list[str], list[str]] | None:
    """The words of ``text`` and the space-separated groups of ``answer``; None if not a str."""
    if type(answer) is not str:
        return None
    words = text.split()
    # With no words the answer is "", which split(" ") would still call one (empty) group.
    groups = answer.split(" ") if words else ([answer] if answer else [])
    return words, groups


def _group_per_word(args: Args, answer: Any) -> bool:
    (text,) = args
    pair = _groups(text, answer)
    return pair is not None and len(pair[0]) == len(pair[1])


def _group_is_odd_chars_of_word(args: Args, answer: Any) -> bool:
    (text,) = args
    pair = _groups(text, answer)
    if pair is None:
        return False
    words, groups = pair
    return all(
        len(group) == len(word) // 2 and all(c == word[2 * i + 1] for i, c in enumerate(group))
        for word, group in zip(words, groups, strict=False)
    )


IS_A_STR = Property("is a str", _is_a_str)

ODD_INDEX_CHARS_PROPERTIES = (
    IS_A_STR,
    Property("has length len(text) // 2", _half_the_length),
    Property("character i is text[2*i + 1]", _picks_odd_indices),
)

PER_WORD_PROPERTIES = (
    IS_A_STR,
    Property("has one space-separated group per word", _group_per_word),
    Property("group i is the odd-index characters of word i", _group_is_odd_chars_of_word),
)
