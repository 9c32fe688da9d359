"""rotate_matrix: a quarter turn clockwise of an n x n matrix, in place (an in-place task)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task
from judge.catalog.sizes import square_matrix
from judge_classic.answers import in_place_state, returns_none

from .reference import rotate_matrix


def _matrix(side: int, variant: int = 0) -> Args:
    """An n x n matrix of ints drawn from ``variant``: its size is its side."""
    return (square_matrix(side, random.Random(variant)),)


def _stays_square(args: Args, answer: Any) -> bool:
    (matrix,) = args
    after = in_place_state(answer)
    return (
        after is not None
        and len(after) == len(matrix)
        and all(type(line) is list and len(line) == len(matrix) for line in after)
    )


def _first_row_is_first_column_upwards(args: Args, answer: Any) -> bool:
    (matrix,) = args
    after = in_place_state(answer)
    if after is None or not matrix:
        return after is not None
    return len(after) > 0 and after[0] == [line[0] for line in reversed(matrix)]


def _square(side: int) -> st.SearchStrategy[list[list[int]]]:
    cell = st.integers(min_value=-99, max_value=99)
    return st.lists(st.lists(cell, min_size=side, max_size=side), min_size=side, max_size=side)


_matrices = st.integers(min_value=0, max_value=7).flatmap(_square)


def _side(args: Args) -> int:
    (matrix,) = args
    return len(matrix)


PROBLEM = Problem(
    slug="rotate_matrix",
    title="Rotate a Matrix in Place",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="rotate_matrix",
            params=("matrix",),
            reference=rotate_matrix,
            arguments=_matrices.map(lambda matrix: (matrix,)),
            target=Growth.QUADRATIC,
            make_input=_matrix,
            make_variant=_matrix,
            size_unit="side",
            max_size=1500,
            in_place=("matrix",),
            examples=(
                Example(
                    args=([[1, 2, 3], [4, 5, 6], [7, 8, 9]],),
                    expected=(None, [[7, 4, 1], [8, 5, 2], [9, 6, 3]]),
                ),
                Example(args=([[1, 2], [3, 4]],), expected=(None, [[3, 1], [4, 2]])),
                Example(args=([[5]],), expected=(None, [[5]])),
                Example(args=([],), expected=(None, [])),
            ),
            properties=(
                returns_none("the matrix"),
                Property("stays n x n", _stays_square),
                Property(
                    "has the first column, read upwards, as its first row",
                    _first_row_is_first_column_upwards,
                ),
            ),
        ),
    ),
)
