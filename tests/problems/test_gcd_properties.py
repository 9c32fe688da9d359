"""gcd: its properties name exactly what a wrong answer breaks, and its inputs reach the edges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings

from judge.catalog.problem import Args, Group
from judge.settings import JudgeOptions
from problems.gcd import PROBLEM

TASK = PROBLEM.main_task
ALL_PROPERTIES = [prop.name for prop in TASK.properties]
# The edge cases must come up among the inputs a judging run draws (200 by default).
_WITHIN_A_RUN = settings(max_examples=200, derandomize=True, database=None, phases=[Phase.generate])


def _broken(args: Args, answer: Any) -> list[str]:
    return [prop.name for prop in TASK.properties if not prop.holds(args, answer)]


def _consecutive_fibonacci(larger: int, smaller: int) -> bool:
    """Cassini's identity: only consecutive Fibonacci numbers give +-1."""
    return 0 <= smaller <= larger and larger**2 - larger * smaller - smaller**2 in (1, -1)


@pytest.mark.parametrize(
    ("args", "answer", "broken"),
    [
        ((48, 18), 6, []),
        ((48, 18), 2, ["every common divisor divides it"]),
        ((48, 18), 12, ["divides both inputs"]),
        ((48, 18), -6, ["is a non-negative int"]),
        (
            (48, 18),
            6.0,
            ["is a non-negative int", "divides both inputs", "every common divisor divides it"],
        ),
        ((0, 5), 0, ["divides both inputs"]),
        ((0, 0), 5, ["gcd(0, 0) is 0", "every common divisor divides it"]),
        ((0, 0), None, ALL_PROPERTIES),
        ((10**20, 10**10), 10**10, []),
        ((10**20, 10**10), 10**20, ["divides both inputs"]),
    ],
)
def test_properties_name_what_is_broken(args: Args, answer: Any, broken: list[str]) -> None:
    assert _broken(args, answer) == broken


@pytest.mark.parametrize("digits", [1, 2, 50, 300, 5000])
def test_make_input_is_consecutive_fibonacci_with_that_many_digits(digits: int) -> None:
    larger, smaller = TASK.make_input(digits)
    assert 10 ** (digits - 1) <= larger < 10**digits
    assert _consecutive_fibonacci(larger, smaller)


@pytest.mark.parametrize(
    ("group", "edge"),
    [
        pytest.param(Group.INTERVIEW, lambda a, b: a == b == 0, id="both zero"),
        pytest.param(Group.INTERVIEW, lambda a, b: (a == 0) != (b == 0), id="one zero"),
        pytest.param(Group.INTERVIEW, lambda a, b: a == b > 0, id="equal"),
        pytest.param(Group.INTERVIEW, lambda a, b: min(a, b) >= 10**80, id="both with 80+ digits"),
        pytest.param(
            Group.INTERVIEW,
            lambda a, b: min(a, b) >= 10**80 and TASK.expected((a, b)) > 10**9,
            id="large common factor",
        ),
        # repeated subtraction would take 10**12 steps
        pytest.param(
            Group.INTERVIEW,
            lambda a, b: min(a, b) > 0 and max(a, b) // min(a, b) >= 10**12,
            id="skewed",
        ),
        # Euclid needs about 480 steps: a recursive version stays within the recursion limit
        pytest.param(
            Group.INTERVIEW,
            lambda a, b: a >= 10**90 and _consecutive_fibonacci(a, b),
            id="interview's deepest",
        ),
        pytest.param(Group.STRESS, lambda a, b: min(a, b) >= 10**100, id="both with 101+ digits"),
        # Euclid needs over 1000 steps: a recursive version passes the recursion limit
        pytest.param(
            Group.STRESS, lambda a, b: a >= 10**220 and _consecutive_fibonacci(a, b), id="deep"
        ),
    ],
)
def test_edge_cases_come_up_in_one_run(group: Group, edge: Callable[[int, int], bool]) -> None:
    within = _WITHIN_A_RUN
    if group is Group.STRESS:  # a stress run draws fewer inputs
        within = settings(within, max_examples=JudgeOptions().stress_examples)
    find(TASK.group_arguments(group), lambda args: edge(*args), settings=within)


@_WITHIN_A_RUN
@given(args=TASK.arguments)
def test_arguments_stay_in_the_domain(args: Args) -> None:
    assert len(args) == 2
    assert all(type(value) is int and value >= 0 for value in args)
