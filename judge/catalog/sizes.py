"""Inputs of a given size for growth measurement, for shapes beyond one list (issue #20).

Each builder takes the size and a ``random.Random`` seeded by the caller (make_variant's variant,
see judge.catalog.problem.Task), and gives an input of exactly that size whatever the seed, so
that every call of a timed batch costs the same.
"""

from __future__ import annotations

import random
import string


def square_matrix(side: int, rng: random.Random, bound: int = 1000) -> list[list[int]]:
    """An n x n matrix of ints in -bound..bound: its size is its side, n."""
    return [[rng.randint(-bound, bound) for _ in range(side)] for _ in range(side)]


def intervals(count: int, rng: random.Random, span: int = 10) -> list[list[int]]:
    """``count`` intervals [start, end] with start <= end, in shuffled order, overlapping where
    the starts fall within ``span`` of each other."""
    starts = [index * span // 2 + rng.randrange(span) for index in range(count)]
    rng.shuffle(starts)
    return [[start, start + rng.randrange(span)] for start in starts]


def text_and_words(
    length: int, rng: random.Random, words: int = 20, letters: str = "ab"
) -> tuple[str, list[str]]:
    """A string of ``length`` letters and a dictionary of ``words`` distinct short words of the
    same letters (the string's size is its length; the dictionary stays small)."""
    text = "".join(rng.choice(letters) for _ in range(length))
    dictionary: set[str] = set()
    alphabet = letters or string.ascii_lowercase
    while len(dictionary) < words:
        dictionary.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
    return text, sorted(dictionary)
