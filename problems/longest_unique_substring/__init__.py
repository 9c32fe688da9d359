"""longest_unique_substring: the longest run of characters with no repeat (seed 002, stage 5)."""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, StressGroup, Task

from .reference import longest_unique_substring

_FIRST_CODE_POINT = 0x100  # past Latin-1, whose one-character strings CPython caches
_SURROGATES = range(0xD800, 0xE000)  # not characters: they cannot be encoded or sent


# Cached: every call of a timed batch gets a variant of this one input (make_variant).
@functools.lru_cache(maxsize=4)
def _all_distinct(length: int) -> Args:
    """``length`` different characters: the whole string is the answer, the worst case for
    checking every substring.

    They come from a large Unicode range because CPython caches one-character Latin-1 strings,
    which would make a quadratic or cubic scan look cheaper than it is.
    """
    code_points = (
        code_point
        for code_point in range(_FIRST_CODE_POINT, 0x110000)
        if code_point not in _SURROGATES
    )
    return ("".join(chr(next(code_points)) for _ in range(length)),)


def _is_length(args: Args, answer: Any) -> bool:
    (s,) = args
    return isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer <= len(s)


def _some_window_is_unique(args: Args, answer: Any) -> bool:
    (s,) = args
    if not _is_length(args, answer):
        return False
    return any(len(set(s[i : i + answer])) == answer for i in range(len(s) - answer + 1))


def _no_longer_window_is_unique(args: Args, answer: Any) -> bool:
    (s,) = args
    if not _is_length(args, answer):
        return False
    longer = answer + 1
    return all(len(set(s[i : i + longer])) < longer for i in range(len(s) - longer + 1))


def _any_string(args: Args) -> bool:
    """Every string is in the domain: any length, any characters."""
    return True


_strings = st.one_of(
    # two or three letters: repeats in every shape, including "abba"-like windows
    st.text(alphabet="ab", max_size=20),
    st.text(alphabet="abc", max_size=40),
    # case, spaces and punctuation are characters like any other
    st.text(alphabet="abcdeABCDE !?,.", max_size=60),
    # any Unicode (Hypothesis leaves out surrogates)
    st.text(max_size=40),
    # all different: the answer is the whole length (long ones too: Hypothesis keeps most
    # strings short)
    st.lists(st.characters(), unique=True, max_size=60).map("".join),
    st.lists(st.characters(), unique=True, min_size=40, max_size=60).map("".join),
    st.text(alphabet="abcdefgh", min_size=40, max_size=60),
    # a block of different characters repeated: the answer is the block's length
    st.builds(
        lambda block, times: block * times,
        st.lists(st.characters(), unique=True, min_size=1, max_size=12).map("".join),
        st.integers(min_value=2, max_value=4),
    ),
)

# The interview's strings have at most 60 characters; the stress group's from 100 to 3000 (the
# spec bounds no length): long texts over small alphabets, so the windows are many and short,
# and all-distinct runs of a few hundred.
_STRESS_FROM = 100
_stress_strings = st.one_of(
    st.text(alphabet="abcdefghij", min_size=_STRESS_FROM, max_size=3000),
    st.text(alphabet="abcdeABCDE !?,.", min_size=_STRESS_FROM, max_size=3000),
    st.integers(min_value=_STRESS_FROM, max_value=400).map(lambda length: _all_distinct(length)[0]),
)


def _length(args: Args) -> int:
    """The size of an input: its length."""
    (s,) = args
    return len(s)


# Where a timed string's one repeat may sit: within this share of the length from either end.
_REPEAT_REACH = 8


def _distinct_with_one_repeat(length: int, variant: int) -> Args:
    """``length`` different characters drawn from the seed ``variant`` (past Latin-1, as in
    make_input), but for one repeat: a character from the first eighth comes again in the last
    eighth, at places drawn too. The answer, length - 1 - (the nearer end's distance), is then
    found only by finding the repeat; the windows are as long as all-distinct's within a few
    percent, so a scan costs what it costs there."""
    rng = random.Random(variant)
    top = 0x110000 - len(_SURROGATES)
    points = [
        point + len(_SURROGATES) if point >= _SURROGATES.start else point
        for point in rng.sample(range(_FIRST_CODE_POINT, top), length)
    ]
    if length > 1:
        reach = max(1, length // _REPEAT_REACH)
        first, last = rng.randrange(reach), length - 1 - rng.randrange(reach)
        points[last] = points[first]
    return ("".join(map(chr, points)),)


PROBLEM = Problem(
    slug="longest_unique_substring",
    title="Longest Substring Without Repeating Characters",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="longest_unique_substring",
            params=("s",),
            reference=longest_unique_substring,
            arguments=_strings.map(lambda s: (s,)),
            target=Growth.LINEAR,
            make_input=_all_distinct,
            make_variant=_distinct_with_one_repeat,
            size_unit="length",
            examples=(
                Example(args=("abcabcbb",), expected=3),
                Example(args=("bbbbb",), expected=1),
                Example(args=("pwwkew",), expected=3),
                Example(args=("",), expected=0),
                Example(args=(" ",), expected=1),
                Example(args=("dvdf",), expected=3),
                Example(args=("abba",), expected=2),
            ),
            properties=(
                Property("is between 0 and len(s)", _is_length),
                Property(
                    "some substring of that length has no repeated character",
                    _some_window_is_unique,
                ),
                Property("no longer substring is free of repeats", _no_longer_window_is_unique),
            ),
            domain=_any_string,
            size_of=_length,
            stress=StressGroup(
                arguments=_stress_strings.map(lambda s: (s,)),
                from_size=_STRESS_FROM,
                sizes=f"strings of {_STRESS_FROM} to 3000 characters",
            ),
        ),
    ),
)
