"""longest_unique_substring: its properties name what a wrong answer breaks; inputs reach edges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, settings

from judge.catalog.problem import Args
from problems.longest_unique_substring import PROBLEM

TASK = PROBLEM.main_task
ALL_PROPERTIES = [prop.name for prop in TASK.properties]
# The edge cases must come up among the inputs a judging run draws (200 by default).
_WITHIN_A_RUN = settings(max_examples=200, derandomize=True, database=None, phases=[Phase.generate])


def _broken(args: Args, answer: Any) -> list[str]:
    return [prop.name for prop in TASK.properties if not prop.holds(args, answer)]


@pytest.mark.parametrize(
    ("s", "answer", "broken"),
    [
        ("abba", 2, []),
        ("abba", 3, ["some substring of that length has no repeated character"]),
        ("pwwkew", 4, ["some substring of that length has no repeated character"]),
        ("abcabcbb", 2, ["no longer substring is free of repeats"]),
        ("", 0, []),
        ("", 1, ALL_PROPERTIES),
        (" ", 1, []),
        ("aA", 1, ["no longer substring is free of repeats"]),
        ("abc", True, ALL_PROPERTIES),
        ("abc", "3", ALL_PROPERTIES),
    ],
)
def test_properties_name_what_is_broken(s: str, answer: Any, broken: list[str]) -> None:
    assert _broken((s,), answer) == broken


@pytest.mark.parametrize("length", [1, 10, 1000, 60_000])
def test_make_input_is_all_distinct_sendable_characters(length: int) -> None:
    (s,) = TASK.make_input(length)
    assert len(s) == length == len(set(s))
    assert min(map(ord, s)) >= 0x100  # past the one-character strings CPython caches
    s.encode("utf-8")  # no surrogates: the wire can carry it


@pytest.mark.parametrize(
    "edge",
    [
        pytest.param(lambda s: s == "", id="empty"),
        pytest.param(lambda s: " " in s and TASK.expected((s,)) > 1, id="spaces"),
        pytest.param(lambda s: any(ord(char) > 0xFFFF for char in s), id="astral characters"),
        pytest.param(lambda s: any(c.lower() != c and c.lower() in s for c in s), id="both cases"),
        pytest.param(lambda s: len(s) >= 40 and TASK.expected((s,)) == len(s), id="long, unique"),
        pytest.param(lambda s: len(s) >= 20 and TASK.expected((s,)) <= 3, id="long, repeats"),
    ],
)
def test_edge_cases_come_up_in_one_run(edge: Callable[[str], bool]) -> None:
    find(TASK.arguments, lambda args: edge(*args), settings=_WITHIN_A_RUN)
