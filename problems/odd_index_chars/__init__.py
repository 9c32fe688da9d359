"""odd_index_chars: the characters of a file's text at odd indices; follow-up: per word.

Seed 002, stage 4.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, StressGroup, Task

from . import reference
from .properties import ODD_INDEX_CHARS_PROPERTIES, PER_WORD_PROPERTIES

# A small alphabet gives repeated characters and runs of mixed whitespace (leading, trailing,
# doubled); it comes first so counterexamples shrink to it. Then any Unicode text at all.
_FILE_LIKE = "ab\u00e9 \t\n\u3000"
_texts = st.one_of(
    st.text(alphabet=_FILE_LIKE, max_size=300),
    st.text(max_size=300),
)
_arguments = st.tuples(_texts)


def _any_text(args: Args) -> bool:
    """Every string is in the domain: any length, any characters."""
    return True


_LINE = "The quick brown fox\tjumps  over the lazy dog.\n"


def _file_text(size: int) -> Args:
    """A file's worth of text of exactly ``size`` characters: words, tabs, double spaces, lines."""
    repeats = size // len(_LINE) + 1
    return ((_LINE * repeats)[:size],)


# The interview's texts have at most 300 characters; the stress group's are whole files, from
# 1000 to 20000 (the spec allows any length that fits in memory).
_STRESS_FROM = 1000
_STRESS = StressGroup(
    arguments=st.one_of(
        st.integers(min_value=_STRESS_FROM, max_value=20000).map(_file_text),
        st.tuples(st.text(alphabet=_FILE_LIKE, min_size=_STRESS_FROM, max_size=5000)),
    ),
    from_size=_STRESS_FROM,
    sizes=f"texts of {_STRESS_FROM} to 20000 characters",
)


def _length(args: Args) -> int:
    """The size of an input: the text's length."""
    (text,) = args
    return len(text)


def _rotated_text(size: int, variant: int) -> Args:
    """That text rotated by a number of characters drawn from the seed ``variant``: the same
    length and mix of words, tabs and lines, other answers."""
    (text,) = _file_text(size)
    shift = random.Random(variant).randrange(max(1, size))
    return (text[shift:] + text[:shift],)


PROBLEM = Problem(
    slug="odd_index_chars",
    title="Odd index characters",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="odd_index_chars",
            params=("text",),
            reference=reference.odd_index_chars,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=_file_text,
            make_variant=_rotated_text,
            size_unit="length",
            domain=_any_text,
            examples=(
                Example(args=("abcdef",), expected="bdf"),
                Example(args=("a",), expected=""),
                Example(args=("",), expected=""),
                Example(args=("hi there\n",), expected="itee"),
            ),
            properties=ODD_INDEX_CHARS_PROPERTIES,
            size_of=_length,
            stress=_STRESS,
        ),
        Task(
            name="odd_index_chars_per_word",
            params=("text",),
            reference=reference.odd_index_chars_per_word,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=_file_text,
            make_variant=_rotated_text,
            size_unit="length",
            domain=_any_text,
            examples=(Example(args=("hello big world",), expected="el i ol"),),
            properties=PER_WORD_PROPERTIES,
            required=False,
            size_of=_length,
            stress=_STRESS,
        ),
    ),
)
