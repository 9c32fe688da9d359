"""Strict comparison: an answer must be the reference's value with the reference's type."""

from __future__ import annotations

import math

import pytest

from judge.catalog.compare import answers_equal, raised_matches
from sandbox.base import Opaque


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (6, 6),
        (10**400, 10**400),
        ("bdf", "bdf"),
        (None, None),
        (True, True),
        (1.5, 1.5),
        (math.nan, math.nan),  # the reference said NaN, so NaN is right
        ([1, [2, (3,)]], [1, [2, (3,)]]),
        ((1, "a"), (1, "a")),
        ({1: "a", (2, 3): [4]}, {(2, 3): [4], 1: "a"}),
        ([], []),
    ],
)
def test_equal_answers(expected: object, actual: object) -> None:
    assert answers_equal(expected, actual)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (1, True),  # bool is not int
        (True, 1),
        (0, False),
        (1, 1.0),  # float is not int
        (1.0, 1),
        ([1, 2], (1, 2)),  # tuple is not list
        ((1, 2), [1, 2]),
        (11, "11"),
        (5, None),
        (None, 0),
        ([1, 2], [1, 2, 3]),
        ([[1]], [[True]]),  # nested too
        ({1: "a"}, {True: "a"}),  # keys are compared strictly as well
        ({(1,): 0}, {(True,): 0}),
        ({1: "a"}, {1: "a", 2: "b"}),
        ({1: 1}, {1: True}),
        (1.0, math.nan),
        (3, Opaque("generator")),
        ([1], Opaque("list_subclass")),
    ],
)
def test_unequal_answers(expected: object, actual: object) -> None:
    assert not answers_equal(expected, actual)


def test_opaque_equals_nothing_not_even_an_equal_opaque() -> None:
    # The reference never answers an Opaque; one coming back is always wrong.
    assert not answers_equal(Opaque("set"), Opaque("set"))


@pytest.mark.parametrize(
    ("type_name", "expected", "matches"),
    [
        ("ValueError", ValueError, True),
        ("ZeroDivisionError", ArithmeticError, True),  # a builtin subclass, resolved by name
        ("ZeroDivisionError", ZeroDivisionError, True),
        ("KeyError", LookupError, True),
        ("TypeError", ValueError, False),
        ("ArithmeticError", ZeroDivisionError, False),  # a base class is not enough
        ("MyError", ValueError, False),  # the candidate's own class: its bases are unknown
        ("print", ValueError, False),  # a builtin that is not a class
    ],
)
def test_raised_matches(type_name: str, expected: type[BaseException], matches: bool) -> None:
    assert raised_matches(type_name, expected) is matches
